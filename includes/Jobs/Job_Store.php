<?php
/**
 * Where jobs are kept.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Jobs;

use WPM_User_Sync\Sync\Report;

defined( 'ABSPATH' ) || exit;

/**
 * Jobs live in a table of their own, `{base_prefix}wpmus_jobs`, so that a reload or
 * a second administrator sees the same progress, and so that a row lock can keep
 * two batches of one job from running at once.
 *
 * @since 2.0.0
 */
final class Job_Store {

	/**
	 * Bump when the table changes.
	 */
	private const SCHEMA_VERSION = '1';

	/**
	 * Finished jobs kept per network.
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
				PRIMARY KEY  (id),
				KEY network_status (network_id,status)
			) {$wpdb->get_charset_collate()};"
		);
		update_site_option( 'wpmus_jobs_schema', self::SCHEMA_VERSION );
	}

	/**
	 * Inserts or updates a job (never its lock).
	 *
	 * @since 2.0.0
	 *
	 * @param Job         $job             The job.
	 * @param string|null $expected_status Update only if the stored job still has this status.
	 * @return bool Whether the job was stored.
	 */
	public function save( Job $job, ?string $expected_status = null ): bool {
		global $wpdb;
		$job->created_at ??= time();
		$row = array(
			'network_id'   => $job->network_id,
			'kind'         => $job->kind,
			'site_ids'     => null === $job->site_ids ? null : wp_json_encode( $job->site_ids ),
			'add_removed'  => (int) $job->add_removed,
			'status'       => $job->status,
			'cursor_state' => null === $job->cursor ? null : wp_json_encode( $job->cursor ),
			'preview'      => wp_json_encode( $this->report_to_array( $job->preview ) ),
			'result'       => wp_json_encode( $this->report_to_array( $job->result ) ),
			'created_by'   => $job->created_by,
			'created_at'   => $job->created_at,
			'started_at'   => $job->started_at,
			'finished_at'  => $job->finished_at,
			'last_error'   => $job->last_error,
		);
		if ( 0 === $job->id ) {
			$wpdb->insert( self::table(), $row );
			$job->id = (int) $wpdb->insert_id;
		} else {
			$where = array( 'id' => $job->id );
			if ( null !== $expected_status ) {
				$where['status'] = $expected_status;
			}
			if ( ! $wpdb->update( self::table(), $row, $where ) && null !== $expected_status ) {
				// Nothing matched (or nothing changed): tell which by the stored status.
				$stored = $this->find( $job->id, $job->network_id );
				if ( ! $stored || $stored->status !== $expected_status ) {
					return false;
				}
			}
		}
		if ( $job->is_finished() ) {
			$this->prune( $job->network_id );
		}
		return true;
	}

	/**
	 * A job of a network, or null.
	 *
	 * @since 2.0.0
	 *
	 * @param int $id         Job ID.
	 * @param int $network_id Network the job must belong to.
	 */
	public function find( int $id, int $network_id ): ?Job {
		global $wpdb;
		$row = $wpdb->get_row(
			$wpdb->prepare( 'SELECT * FROM ' . self::table() . ' WHERE id = %d AND network_id = %d', $id, $network_id ), // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
			ARRAY_A
		);
		return $row ? $this->from_row( $row ) : null;
	}

	/**
	 * A network's jobs, newest first; optionally only those of one kind and sites.
	 *
	 * @since 2.0.0
	 *
	 * @param int        $network_id Network.
	 * @param int        $limit      How many at most.
	 * @param string[]   $statuses   Only these statuses; all when empty.
	 * @param int[]|null $site_ids   Only site jobs of exactly these sites; null for all jobs.
	 * @return Job[]
	 */
	public function list( int $network_id, int $limit, array $statuses = array(), ?array $site_ids = null ): array {
		global $wpdb;
		$where = $wpdb->prepare( 'network_id = %d', $network_id );
		if ( array() !== $statuses ) {
			$where .= $wpdb->prepare( ' AND status IN (' . implode( ',', array_fill( 0, count( $statuses ), '%s' ) ) . ')', $statuses ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		}
		if ( null !== $site_ids ) {
			$where .= $wpdb->prepare( ' AND kind = %s AND site_ids = %s', Job::KIND_SITE, wp_json_encode( $site_ids ) );
		}
		$rows = $wpdb->get_results( 'SELECT * FROM ' . self::table() . " WHERE {$where} ORDER BY id DESC LIMIT " . max( 1, $limit ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		return array_map( array( $this, 'from_row' ), $rows );
	}

	/**
	 * Takes a job's lock for a while; false when someone else holds it.
	 *
	 * A crashed batch cannot hold a job forever: its lock runs out.
	 *
	 * @since 2.0.0
	 *
	 * @param Job $job     The job.
	 * @param int $seconds How long the lock lasts at most.
	 * @return string|null The lock's token, to release it; null when not taken.
	 */
	public function lock( Job $job, int $seconds ): ?string {
		global $wpdb;
		$token = wp_generate_password( 32, false );
		$now   = time();
		$taken = $wpdb->query(
			$wpdb->prepare(
				'UPDATE ' . self::table() . ' SET lock_token = %s, lock_until = %d WHERE id = %d AND lock_until < %d', // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
				$token,
				$now + $seconds,
				$job->id,
				$now
			)
		);
		return 1 === $taken ? $token : null;
	}

	/**
	 * Releases a lock taken with lock().
	 *
	 * @since 2.0.0
	 *
	 * @param Job    $job   The job.
	 * @param string $token The lock's token.
	 */
	public function unlock( Job $job, string $token ): void {
		global $wpdb;
		$wpdb->query(
			$wpdb->prepare( 'UPDATE ' . self::table() . " SET lock_token = '', lock_until = 0 WHERE id = %d AND lock_token = %s", $job->id, $token ) // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		);
	}

	/**
	 * Keeps the newest finished jobs of a network and deletes the others.
	 *
	 * @param int $network_id Network.
	 */
	private function prune( int $network_id ): void {
		global $wpdb;
		$table  = self::table();
		$oldest = $wpdb->get_var(
			$wpdb->prepare(
				"SELECT id FROM {$table} WHERE network_id = %d AND status IN ('done','cancelled','failed') ORDER BY id DESC LIMIT 1 OFFSET %d", // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
				$network_id,
				self::HISTORY - 1
			)
		);
		if ( null !== $oldest ) {
			$wpdb->query(
				$wpdb->prepare( "DELETE FROM {$table} WHERE network_id = %d AND status IN ('done','cancelled','failed') AND id < %d", $network_id, (int) $oldest ) // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
			);
		}
	}

	/**
	 * A job from its row.
	 *
	 * @param array<string, string|null> $row Row.
	 */
	private function from_row( array $row ): Job {
		$job              = new Job(
			(int) $row['network_id'],
			(string) $row['kind'],
			null === $row['site_ids'] ? null : array_map( 'intval', (array) json_decode( $row['site_ids'], true ) ),
			(bool) $row['add_removed'],
			(int) $row['created_by']
		);
		$job->id          = (int) $row['id'];
		$job->status      = (string) $row['status'];
		$job->cursor      = null === $row['cursor_state'] ? null : json_decode( $row['cursor_state'], true );
		$job->preview     = $this->report_from_array( json_decode( (string) $row['preview'], true ) );
		$job->result      = $this->report_from_array( json_decode( (string) $row['result'], true ) );
		$job->created_at  = (int) $row['created_at'];
		$job->started_at  = null === $row['started_at'] ? null : (int) $row['started_at'];
		$job->finished_at = null === $row['finished_at'] ? null : (int) $row['finished_at'];
		$job->last_error  = $row['last_error'];
		return $job;
	}

	/**
	 * A report's counts, for JSON.
	 *
	 * @param Report $report Report.
	 * @return array<int, array{added: int, skipped: array<string, int>}>
	 */
	private function report_to_array( Report $report ): array {
		return $report->sites();
	}

	/**
	 * A report from its counts.
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
		}
		return $report;
	}
}
