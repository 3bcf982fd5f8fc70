<?php
/**
 * Where jobs are kept.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Jobs;

use WPM_User_Sync\Jobs\Types\Add_Memberships;
use WPM_User_Sync\Sync\Report;

defined( 'ABSPATH' ) || exit;

/**
 * Jobs live in a table of their own, `{base_prefix}wpmus_jobs`, so that a reload or
 * a second administrator sees the same progress. The store reads and writes rows; the
 * lock a batch holds on its row is Job_Lock, and what ends idle jobs and trims the
 * history is Job_Cleanup.
 *
 * @since 2.0.0
 */
final class Job_Store {

	/**
	 * Bump when the table changes.
	 */
	private const SCHEMA_VERSION = '5';

	/**
	 * Finished jobs kept per history (the network's, or a site's own) and kind of job
	 * (type and origin: Job_Cleanup::prune()); also a page of the lists that read them.
	 */
	public const HISTORY = 50;

	/**
	 * The table's name.
	 *
	 * @since 2.0.0
	 */
	public static function table(): string {
		global $wpdb;
		return $wpdb->base_prefix . 'wpmus_jobs';
	}

	/**
	 * Creates or upgrades the table when its version is not the current one.
	 *
	 * @since 2.0.0
	 */
	public static function install(): void {
		if ( self::SCHEMA_VERSION === get_site_option( 'wpmus_jobs_schema' ) ) {
			return;
		}
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		$table = self::table();
		dbDelta(
			"CREATE TABLE {$table} (
				id bigint(20) unsigned NOT NULL auto_increment,
				network_id bigint(20) unsigned NOT NULL,
				kind varchar(20) NOT NULL,
				type varchar(40) NOT NULL default 'add_memberships',
				site_ids longtext NULL,
				add_removed tinyint(1) NOT NULL default 0,
				status varchar(20) NOT NULL,
				cursor_state text NULL,
				preview longtext NULL,
				result longtext NULL,
				created_by bigint(20) unsigned NOT NULL default 0,
				created_at bigint(20) unsigned NOT NULL default 0,
				started_at bigint(20) unsigned NULL,
				finished_at bigint(20) unsigned NULL,
				last_error text NULL,
				lock_token varchar(64) NOT NULL default '',
				lock_until bigint(20) unsigned NOT NULL default 0,
				scope bigint(20) unsigned NOT NULL default 0,
				origin varchar(20) NOT NULL default '',
				previewed_at bigint(20) unsigned NULL,
				network_state varchar(32) NOT NULL default '',
				user_ids longtext NULL,
				updated_at bigint(20) unsigned NOT NULL default 0,
				checkpoint longtext NULL,
				attempts int(11) unsigned NOT NULL default 0,
				version bigint(20) unsigned NOT NULL default 0,
				args text NULL,
				PRIMARY KEY  (id),
				KEY network_status (network_id,status),
				KEY network_scope (network_id,scope,status)
			) {$wpdb->get_charset_collate()};"
		);
		update_site_option( 'wpmus_jobs_schema', self::SCHEMA_VERSION );
	}

	/**
	 * Inserts or updates a job (never its lock: see Job_Lock).
	 *
	 * An update can be made conditional on the stored status, so that two requests
	 * (a start and a cancel, two starts, a batch ending and a cancel) never undo one
	 * another: the one that finds the status it expects wins, the other is told.
	 *
	 * @since 2.0.0
	 * @since 2.0.1 $expected_status may list several statuses.
	 *
	 * @param Job                  $job             The job.
	 * @param string|string[]|null $expected_status Update only if the stored job still has this status (or one of these).
	 * @return bool Whether the job was stored.
	 */
	public function save( Job $job, string|array|null $expected_status = null ): bool {
		global $wpdb;
		$job->created_at ??= time();
		$job->updated_at   = time();
		$row               = array(
			'network_id'    => $job->network_id,
			'kind'          => $job->kind,
			'type'          => $job->type,
			'site_ids'      => null === $job->site_ids ? null : wp_json_encode( $job->site_ids ),
			'add_removed'   => (int) $job->add_removed,
			'status'        => $job->status,
			'cursor_state'  => null === $job->cursor ? null : wp_json_encode( $job->cursor ),
			'preview'       => wp_json_encode( $this->report_to_array( $job->preview ) ),
			'result'        => wp_json_encode( $this->report_to_array( $job->result ) ),
			'created_by'    => $job->created_by,
			'created_at'    => $job->created_at,
			'started_at'    => $job->started_at,
			'finished_at'   => $job->finished_at,
			'last_error'    => $job->last_error,
			'scope'         => $job->scope(),
			'origin'        => $job->origin,
			'previewed_at'  => $job->previewed_at,
			'network_state' => $job->network_state,
			'user_ids'      => null === $job->user_ids ? null : wp_json_encode( $job->user_ids ),
			'updated_at'    => $job->updated_at,
			'checkpoint'    => null === $job->checkpoint ? null : wp_json_encode( $this->report_to_array( $job->checkpoint ) ),
			'attempts'      => $job->attempts,
			'args'          => array() === $job->args ? null : wp_json_encode( $job->args ),
		);
		if ( 0 === $job->id ) {
			$wpdb->insert( self::table(), $row );
			$job->id = (int) $wpdb->insert_id;
			return $job->id > 0;
		}

		$set = array();
		foreach ( $row as $column => $value ) {
			$set[] = null === $value ? "`$column` = NULL" : $wpdb->prepare( "`$column` = %s", (string) $value ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Column names come from the store's own row.
		}
		$where = $wpdb->prepare( 'id = %d', $job->id );
		if ( null !== $expected_status ) {
			$expected = (array) $expected_status;
			$where   .= $wpdb->prepare( ' AND status IN (' . implode( ',', array_fill( 0, count( $expected ), '%s' ) ) . ')', $expected ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- A list of placeholders, one per value.
		}
		// `version` always changes, so the number of rows affected is the number matched.
		$saved = $wpdb->query( 'UPDATE ' . self::table() . ' SET ' . implode( ', ', $set ) . ", version = version + 1 WHERE {$where}" ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Every part was prepared above.
		return 1 === $saved;
	}

	/**
	 * Deletes a job that leaves nothing to keep (a role copy that found no other site).
	 *
	 * @since 2.2.0
	 *
	 * @param Job $job The job.
	 */
	public function delete( Job $job ): void {
		global $wpdb;
		$wpdb->delete( self::table(), array( 'id' => $job->id ), array( '%d' ) );
	}

	/**
	 * Records, inside a block's transaction, what a running batch has committed so far,
	 * while the batch's token holds the job's lock (Job_Lock), and extends the lock.
	 *
	 * @since 2.0.1
	 *
	 * @param Job                $job        The job.
	 * @param string             $token      The batch's lock token.
	 * @param Report             $so_far     What the batch has done, this block included.
	 * @param array<string, int> $cursor     Where the job resumes after this block.
	 * @param int                $lock_until Until when the batch keeps the job locked.
	 * @return bool False when the job was cancelled meanwhile or another batch holds it:
	 *              then the block must not commit.
	 */
	public function checkpoint( Job $job, string $token, Report $so_far, array $cursor, int $lock_until ): bool {
		global $wpdb;
		$saved = $wpdb->query(
			$wpdb->prepare(
				'UPDATE ' . self::table() . ' SET cursor_state = %s, checkpoint = %s, lock_until = %d, updated_at = %d, version = version + 1 WHERE id = %d AND status = %s AND lock_token = %s', // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- The plugin's own table name.
				wp_json_encode( $cursor ),
				wp_json_encode( $this->report_to_array( $so_far ) ),
				$lock_until,
				time(),
				$job->id,
				Job::RUNNING,
				$token
			)
		);
		return 1 === $saved;
	}

	/**
	 * Reads a job.
	 *
	 * @since 2.0.0
	 *
	 * @param int $id         Job ID.
	 * @param int $network_id Network it must belong to.
	 */
	public function find( int $id, int $network_id ): ?Job {
		global $wpdb;
		$row = $wpdb->get_row(
			$wpdb->prepare( 'SELECT * FROM ' . self::table() . ' WHERE id = %d AND network_id = %d', $id, $network_id ), // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- The plugin's own table name.
			ARRAY_A
		);
		return $row ? $this->from_row( $row ) : null;
	}

	/**
	 * Lists a network's jobs, newest first.
	 *
	 * @since 2.0.0
	 * @since 2.0.1 $scope replaces $site_ids: 0 for the network's history, a site ID for that site's.
	 *              $offset added.
	 *
	 * @param int      $network_id Network ID.
	 * @param int      $limit      How many.
	 * @param string[] $statuses   Only these statuses; all when empty.
	 * @param int|null $scope      Only this history (0: the network's; N: site N's own); all when null.
	 * @param int      $offset     How many of the newest to pass over.
	 * @return Job[]
	 */
	public function list( int $network_id, int $limit, array $statuses = array(), ?int $scope = null, int $offset = 0 ): array {
		global $wpdb;
		$where = $this->where( $network_id, $statuses, $scope );
		$rows  = $wpdb->get_results( $wpdb->prepare( 'SELECT * FROM ' . self::table() . " WHERE {$where} ORDER BY id DESC LIMIT %d OFFSET %d", max( 1, $limit ), max( 0, $offset ) ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- The conditions were prepared by where().
		return array_map( array( $this, 'from_row' ), $rows );
	}

	/**
	 * A page of a network's running jobs of some types, newest first, older than a job:
	 * paged by ID, so jobs that end meanwhile never make a page skip one.
	 *
	 * @since 2.2.0
	 *
	 * @param int      $network_id Network ID.
	 * @param string[] $types      Job types (at least one).
	 * @param int      $before_id  Only jobs with a lower ID (PHP_INT_MAX: from the newest).
	 * @param int      $limit      How many at most.
	 * @return Job[]
	 */
	public function running_of( int $network_id, array $types, int $before_id, int $limit ): array {
		global $wpdb;
		$where  = $this->where( $network_id, array( Job::RUNNING ), null );
		$where .= $wpdb->prepare( ' AND type IN (' . implode( ',', array_fill( 0, count( $types ), '%s' ) ) . ') AND id < %d', ...array_merge( $types, array( $before_id ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- A list of placeholders, one per value.
		$rows   = $wpdb->get_results( $wpdb->prepare( 'SELECT * FROM ' . self::table() . " WHERE {$where} ORDER BY id DESC LIMIT %d", max( 1, $limit ) ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- The conditions were prepared above.
		return array_map( array( $this, 'from_row' ), $rows );
	}

	/**
	 * The running jobs of a network, read without their reports (which can list thousands
	 * of sites): job ID => until when a batch holds it (0: nobody).
	 *
	 * @since 2.0.1
	 *
	 * @param int        $network_id Network ID.
	 * @param int        $limit      How many, the newest first.
	 * @param string     $type       Only jobs of this type; '' for all.
	 * @param int[]|null $user_ids   Only jobs about exactly these users; null for all.
	 * @return array<int, int>
	 */
	public function running( int $network_id, int $limit, string $type = '', ?array $user_ids = null ): array {
		global $wpdb;
		$where = $this->where( $network_id, array( Job::RUNNING ), null );
		if ( '' !== $type ) {
			$where .= $wpdb->prepare( ' AND type = %s', $type );
		}
		if ( null !== $user_ids ) {
			$where .= $wpdb->prepare( ' AND user_ids = %s', wp_json_encode( $user_ids ) );
		}
		$rows    = $wpdb->get_results( $wpdb->prepare( 'SELECT id, lock_until FROM ' . self::table() . " WHERE {$where} ORDER BY id DESC LIMIT %d", max( 1, $limit ) ), ARRAY_N ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- The conditions were prepared above.
		$running = array();
		foreach ( $rows as list( $id, $lock_until ) ) {
			$running[ (int) $id ] = (int) $lock_until;
		}
		return $running;
	}

	/**
	 * Counts a network's jobs.
	 *
	 * @since 2.0.1
	 *
	 * @param int      $network_id Network ID.
	 * @param string[] $statuses   Only these statuses; all when empty.
	 * @param int|null $scope      Only this history (0: the network's; N: site N's own); all when null.
	 */
	public function count( int $network_id, array $statuses = array(), ?int $scope = null ): int {
		global $wpdb;
		$where = $this->where( $network_id, $statuses, $scope );
		return (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . self::table() . " WHERE {$where}" ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- The conditions were prepared by where().
	}

	/**
	 * The conditions of list() and count(), prepared.
	 *
	 * @param int      $network_id Network ID.
	 * @param string[] $statuses   Only these statuses; all when empty.
	 * @param int|null $scope      Only this history; all when null.
	 */
	private function where( int $network_id, array $statuses, ?int $scope ): string {
		global $wpdb;
		$where = $wpdb->prepare( 'network_id = %d', $network_id );
		if ( array() !== $statuses ) {
			$where .= $wpdb->prepare( ' AND status IN (' . implode( ',', array_fill( 0, count( $statuses ), '%s' ) ) . ')', $statuses ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- A list of placeholders, one per value.
		}
		if ( null !== $scope ) {
			$where .= $wpdb->prepare( ' AND scope = %d', $scope );
		}
		return $where;
	}

	/**
	 * Builds a job from its row.
	 *
	 * @param array<string, mixed> $row Row.
	 */
	private function from_row( array $row ): Job {
		$job                = new Job(
			(int) $row['network_id'],
			(string) $row['kind'],
			null === $row['site_ids'] ? null : array_map( 'intval', (array) json_decode( $row['site_ids'], true ) ),
			(bool) $row['add_removed'],
			(int) $row['created_by']
		);
		$job->id            = (int) $row['id'];
		$job->type          = (string) ( $row['type'] ?? Add_Memberships::NAME );
		$job->status        = (string) $row['status'];
		$job->cursor        = null === $row['cursor_state'] ? null : json_decode( $row['cursor_state'], true );
		$job->preview       = $this->report_from_array( json_decode( (string) $row['preview'], true ) );
		$job->result        = $this->report_from_array( json_decode( (string) $row['result'], true ) );
		$job->created_at    = (int) $row['created_at'];
		$job->started_at    = null === $row['started_at'] ? null : (int) $row['started_at'];
		$job->finished_at   = null === $row['finished_at'] ? null : (int) $row['finished_at'];
		$job->last_error    = $row['last_error'];
		$job->origin        = (string) ( $row['origin'] ?? '' );
		$job->previewed_at  = isset( $row['previewed_at'] ) ? (int) $row['previewed_at'] : null;
		$job->network_state = (string) ( $row['network_state'] ?? '' );
		$job->user_ids      = isset( $row['user_ids'] ) ? array_map( 'intval', (array) json_decode( (string) $row['user_ids'], true ) ) : null;
		$job->updated_at    = (int) ( $row['updated_at'] ?? 0 );
		$job->checkpoint    = isset( $row['checkpoint'] ) ? $this->report_from_array( json_decode( (string) $row['checkpoint'], true ) ) : null;
		$job->attempts      = (int) ( $row['attempts'] ?? 0 );
		$job->lock_until    = (int) $row['lock_until'];
		$job->args          = isset( $row['args'] ) ? (array) json_decode( (string) $row['args'], true ) : array();
		return $job;
	}

	/**
	 * A report as stored.
	 *
	 * @param Report $report Report.
	 * @return array<int, array<string, mixed>>
	 */
	private function report_to_array( Report $report ): array {
		$sites = $report->sites();
		foreach ( $report->notes() as $site_id => $notes ) {
			$sites[ $site_id ]['noted'] = $notes;
		}
		return $sites;
	}

	/**
	 * A stored report.
	 *
	 * @param mixed $sites Decoded JSON.
	 */
	private function report_from_array( $sites ): Report {
		$report = new Report();
		foreach ( is_array( $sites ) ? $sites : array() as $site_id => $counts ) {
			$report->add( (int) $site_id, (int) ( $counts['added'] ?? 0 ) );
			foreach ( (array) ( $counts['skipped'] ?? array() ) as $reason => $count ) {
				$report->skip( (int) $site_id, (string) $reason, (int) $count );
			}
			foreach ( (array) ( $counts['noted'] ?? array() ) as $note => $count ) {
				$report->note( (int) $site_id, (string) $note, (int) $count );
			}
		}
		return $report;
	}
}
