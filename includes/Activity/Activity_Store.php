<?php
/**
 * Where the activity log is kept.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Activity;

use WPM_User_Sync\Sync\Database_Error;
use WPM_User_Sync\Sync\Db;

defined( 'ABSPATH' ) || exit;

/**
 * Two network-level tables: `{base_prefix}wpmus_activity_events`, one row per cause (who,
 * via what, why, when), and `{base_prefix}wpmus_activity`, one narrow row per membership
 * added or removed or role changed. A bulk write of 5,000 memberships costs one event row
 * and one multi-row INSERT of entries.
 *
 * Entries carry copies of the event's time and cause: those are filters, and a filter
 * read from the entries' own indexes needs no join to find the newest rows. Every list
 * is ordered newest first (created_at, then id), which each index ends with, so no
 * filter sorts.
 *
 * The log is append-only: nothing here updates a row, and rows go only when the
 * retention period is over (prune()) or the plugin is uninstalled.
 *
 * @since 2.1.0
 */
final class Activity_Store {

	/**
	 * Bump when the tables change.
	 */
	private const SCHEMA_VERSION = '1';

	/**
	 * The entries' columns, in the order every INSERT gives them.
	 */
	private const COLUMNS = 'event_id, network_id, created_at, cause, kind, site_id, user_id, role_before, role_after';

	/**
	 * The network option that holds the installed schema's version.
	 */
	public const SCHEMA_OPTION = 'wpmus_activity_schema';

	/**
	 * The entries' table.
	 *
	 * @since 2.1.0
	 */
	public static function table(): string {
		global $wpdb;
		return $wpdb->base_prefix . 'wpmus_activity';
	}

	/**
	 * The events' table.
	 *
	 * @since 2.1.0
	 */
	public static function events_table(): string {
		global $wpdb;
		return $wpdb->base_prefix . 'wpmus_activity_events';
	}

	/**
	 * Creates or upgrades the tables when their version is not the current one.
	 *
	 * @since 2.1.0
	 */
	public static function install(): void {
		if ( self::SCHEMA_VERSION === get_site_option( self::SCHEMA_OPTION ) ) {
			return;
		}
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		$charset = $wpdb->get_charset_collate();
		$events  = self::events_table();
		$entries = self::table();
		dbDelta(
			"CREATE TABLE {$events} (
				id bigint(20) unsigned NOT NULL auto_increment,
				network_id bigint(20) unsigned NOT NULL,
				created_at bigint(20) unsigned NOT NULL,
				actor_id bigint(20) unsigned NOT NULL default 0,
				via varchar(8) NOT NULL,
				cause varchar(20) NOT NULL,
				job_id bigint(20) unsigned NULL,
				detail varchar(191) NOT NULL default '',
				PRIMARY KEY  (id)
			) {$charset};
			CREATE TABLE {$entries} (
				id bigint(20) unsigned NOT NULL auto_increment,
				event_id bigint(20) unsigned NOT NULL,
				network_id bigint(20) unsigned NOT NULL,
				created_at bigint(20) unsigned NOT NULL,
				cause varchar(20) NOT NULL,
				kind varchar(12) NOT NULL,
				site_id bigint(20) unsigned NOT NULL,
				user_id bigint(20) unsigned NOT NULL,
				role_before varchar(191) NULL,
				role_after varchar(191) NULL,
				PRIMARY KEY  (id),
				KEY network_time (network_id,created_at),
				KEY network_user (network_id,user_id,created_at),
				KEY network_site (network_id,site_id,created_at),
				KEY network_kind (network_id,kind,created_at),
				KEY network_cause (network_id,cause,created_at)
			) {$charset};"
		);
		update_site_option( self::SCHEMA_OPTION, self::SCHEMA_VERSION );
	}

	/**
	 * Whether changes are recorded: always, unless wp-config.php defines `WPMUS_ACTIVITY_LOG`
	 * as false (the benchmark measures the engine with and without the log that way).
	 *
	 * @since 2.1.0
	 */
	public static function is_on(): bool {
		return ! defined( 'WPMUS_ACTIVITY_LOG' ) || false !== constant( 'WPMUS_ACTIVITY_LOG' );
	}

	/**
	 * Records one event and its entries: one INSERT for the event, one multi-row INSERT
	 * for the entries. In a block's transaction, a refusal rolls the block back.
	 *
	 * @since 2.1.0
	 *
	 * @param int     $network_id Network ID.
	 * @param Cause   $cause      Who, via what, why.
	 * @param Entry[] $entries    The changes.
	 *
	 * @throws Database_Error When the database refuses a write.
	 */
	public function record( int $network_id, Cause $cause, array $entries ): void {
		global $wpdb;
		if ( array() === $entries || ! self::is_on() ) {
			return;
		}
		list( $fixed, $now ) = $this->event( $network_id, $cause );
		$rows                = array();
		foreach ( $entries as $entry ) {
			$rows[] = '(' . $fixed . ',' . $wpdb->prepare( '%s,%d,%d', $entry->kind, $entry->site_id, $entry->user_id )
				. ',' . self::nullable( $entry->role_before ) . ',' . self::nullable( $entry->role_after ) . ')';
		}
		Db::write( 'INSERT INTO ' . self::table() . ' (' . self::COLUMNS . ') VALUES ' . implode( ',', $rows ) );
	}

	/**
	 * Records one event and the memberships a block added, given as grids of users × sites
	 * (the engine's groups: sites that gained the same users). Each grid is one INSERT …
	 * SELECT of two tables of values, as the engine writes the memberships themselves (a
	 * multi-row INSERT where the server has no tables of values).
	 *
	 * @since 2.1.0
	 *
	 * @param int                                                $network_id Network ID.
	 * @param Cause                                              $cause      Who, via what, why.
	 * @param array<int, array{0: int[], 1: array<int, string>}> $grids Each: the users, and site ID => the role they got there.
	 *
	 * @throws Database_Error When the database refuses a write.
	 */
	public function record_added( int $network_id, Cause $cause, array $grids ): void {
		global $wpdb;
		if ( array() === $grids || ! self::is_on() ) {
			return;
		}
		list( $fixed ) = $this->event( $network_id, $cause );
		$row           = Db::value_table_row();
		foreach ( $grids as list( $user_ids, $roles ) ) {
			$sites = array();
			foreach ( $roles as $site_id => $role ) {
				$sites[ (int) $site_id ] = $wpdb->prepare( '%s', $role );
			}
			if ( null === $row ) {
				$rows = array();
				foreach ( $sites as $site_id => $role ) {
					foreach ( $user_ids as $user_id ) {
						$rows[] = "($fixed,'added',$site_id," . (int) $user_id . ",NULL,$role)";
					}
				}
				Db::write( 'INSERT INTO ' . self::table() . ' (' . self::COLUMNS . ') VALUES ' . implode( ',', $rows ) );
				continue;
			}
			$site_rows = array();
			foreach ( $sites as $site_id => $role ) {
				$site_rows[] = "$site_id,$role";
			}
			Db::write(
				'INSERT INTO ' . self::table() . ' (' . self::COLUMNS . ")
				WITH u (id) AS (VALUES $row(" . implode( "), $row(", array_map( 'intval', $user_ids ) ) . ")),
					s (id, role) AS (VALUES $row(" . implode( "), $row(", $site_rows ) . "))
				SELECT $fixed, 'added', s.id, u.id, NULL, s.role FROM s JOIN u"
			);
		}
	}

	/**
	 * Writes an event.
	 *
	 * @param int   $network_id Network ID.
	 * @param Cause $cause      Who, via what, why.
	 * @return array{0: string, 1: int} The entries' first columns (event, network, time, cause), prepared; the time.
	 *
	 * @throws Database_Error When the database refuses the write.
	 */
	private function event( int $network_id, Cause $cause ): array {
		global $wpdb;
		$now = time();
		Db::clear_error();
		$wpdb->insert(
			self::events_table(),
			array(
				'network_id' => $network_id,
				'created_at' => $now,
				'actor_id'   => $cause->actor_id,
				'via'        => $cause->via,
				'cause'      => $cause->cause,
				'job_id'     => $cause->job_id,
				'detail'     => mb_substr( $cause->detail, 0, 191 ),
			),
			array( '%d', '%d', '%d', '%s', '%s', '%d', '%s' )
		);
		Db::check();
		return array( $wpdb->prepare( '%d,%d,%d,%s', (int) $wpdb->insert_id, $network_id, $now, $cause->cause ), $now );
	}

	/**
	 * A page of entries with their events, newest first.
	 *
	 * @since 2.1.0
	 *
	 * @param Activity_Filter $filter What to list.
	 * @param int             $limit  How many.
	 * @param int             $offset How many of the newest to pass over.
	 * @return array<int, array<string, string|null>> Rows: the entry's columns and the event's actor_id, via, job_id, detail.
	 */
	public function list( Activity_Filter $filter, int $limit, int $offset = 0 ): array {
		global $wpdb;
		$ids = $wpdb->get_col( $wpdb->prepare( 'SELECT id FROM ' . self::table() . ' WHERE ' . $filter->where() . ' ORDER BY created_at DESC, id DESC LIMIT %d OFFSET %d', max( 1, $limit ), max( 0, $offset ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- The conditions were prepared by the filter.
		return $this->rows( array_map( 'intval', $ids ) );
	}

	/**
	 * The next batch of entries after a keyset position, newest first: what an export reads,
	 * with flat memory whatever the log's size.
	 *
	 * @since 2.1.0
	 *
	 * @param Activity_Filter            $filter What to list.
	 * @param array{0: int, 1: int}|null $after  The (created_at, id) of the last row read; null to start.
	 * @param int                        $limit  How many.
	 * @return array<int, array<string, string|null>>
	 */
	public function batch( Activity_Filter $filter, ?array $after, int $limit ): array {
		global $wpdb;
		$where = $filter->where();
		if ( null !== $after ) {
			// A range on created_at (the indexes' last column) first, then the ties of that second.
			$where .= $wpdb->prepare( ' AND created_at <= %d AND (created_at < %d OR id < %d)', $after[0], $after[0], $after[1] );
		}
		$ids = $wpdb->get_col( $wpdb->prepare( 'SELECT id FROM ' . self::table() . " WHERE {$where} ORDER BY created_at DESC, id DESC LIMIT %d", max( 1, $limit ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- The conditions were prepared above.
		return $this->rows( array_map( 'intval', $ids ) );
	}

	/**
	 * Counts the entries a filter matches.
	 *
	 * @since 2.1.0
	 *
	 * @param Activity_Filter $filter What to count.
	 */
	public function count( Activity_Filter $filter ): int {
		global $wpdb;
		return (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . self::table() . ' WHERE ' . $filter->where() ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- The conditions were prepared by the filter.
	}

	/**
	 * Deletes, oldest first, at most $limit entries older than a time, then the events left
	 * without entries. Retention's one way to remove rows.
	 *
	 * @since 2.1.0
	 *
	 * @param int $network_id Network ID.
	 * @param int $before     Unix time: entries older than this go.
	 * @param int $limit      Entries per call at most.
	 * @return int How many entries went.
	 */
	public function prune( int $network_id, int $before, int $limit ): int {
		global $wpdb;
		$deleted = (int) $wpdb->query( $wpdb->prepare( 'DELETE FROM ' . self::table() . ' WHERE network_id = %d AND created_at < %d ORDER BY created_at, id LIMIT %d', $network_id, $before, max( 1, $limit ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- The plugin's own table.
		// An event's entries are written with it and are as old: once they are gone, so may it go.
		$wpdb->query( $wpdb->prepare( 'DELETE FROM ' . self::events_table() . ' WHERE network_id = %d AND created_at < %d AND id < (SELECT COALESCE(MIN(event_id), 18446744073709551615) FROM ' . self::table() . ' WHERE network_id = %d) ORDER BY id LIMIT %d', $network_id, $before, $network_id, max( 1, $limit ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- The plugin's own tables.
		return $deleted;
	}

	/**
	 * Reads entries with their events, in the order of the IDs given.
	 *
	 * @param int[] $ids Entry IDs.
	 * @return array<int, array<string, string|null>>
	 */
	private function rows( array $ids ): array {
		global $wpdb;
		if ( array() === $ids ) {
			return array();
		}
		$rows  = $wpdb->get_results(
			'SELECT a.id, a.created_at, a.cause, a.kind, a.site_id, a.user_id, a.role_before, a.role_after, e.actor_id, e.via, e.job_id, e.detail FROM ' . self::table() . ' a LEFT JOIN ' . self::events_table() . ' e ON e.id = a.event_id WHERE a.id IN (' . implode( ',', $ids ) . ')', // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- The plugin's own tables; the IDs are integers.
			ARRAY_A
		);
		$by_id = array();
		foreach ( $rows as $row ) {
			$by_id[ (int) $row['id'] ] = $row;
		}
		$ordered = array();
		foreach ( $ids as $id ) {
			if ( isset( $by_id[ $id ] ) ) {
				$ordered[] = $by_id[ $id ];
			}
		}
		return $ordered;
	}

	/**
	 * A string for SQL, or NULL.
	 *
	 * @param string|null $value Value.
	 */
	private static function nullable( ?string $value ): string {
		global $wpdb;
		return null === $value ? 'NULL' : $wpdb->prepare( '%s', $value );
	}
}
