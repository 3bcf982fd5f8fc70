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
 * The log is kept as change sets: one *event* row per set of changes of one kind with one
 * cause (who, via what, why, when), its *sites* (with the role before and after on each)
 * and its *users*; each site × user of an event is one entry of the log.
 *
 * That is how the plugin writes: a block of the engine gives the same users a membership
 * on each of its sites, so its 5,000 memberships are one event, 5 site rows and a few user
 * rows, not 5,000 rows, and the log costs the bulk writes little. Users are kept as runs
 * of consecutive IDs (at most RUN_SPAN of them a row): a block's 1,000 users are usually
 * 16 rows, not 1,000 (a row per user cost a 10,000,000-membership sync a fifth of its
 * time). A change made through core is an event of one site and one user; a role copy,
 * one user and many sites.
 *
 * Filters have their indexes: by network, kind, cause and time on the events, by site on
 * its table, by user on the runs' first IDs (a user's runs start at most RUN_SPAN - 1
 * below them); an undo reads a job's events by job. Events are listed newest first,
 * entries within an event by site then user.
 *
 * The log is append-only: nothing here updates a row, and rows go only when the retention
 * period is over (prune()) or the plugin is uninstalled.
 *
 * @since 2.1.0
 */
final class Activity_Store {

	/**
	 * Bump when the tables change.
	 */
	private const SCHEMA_VERSION = '4';

	/**
	 * Users of an event per row at most: how far below a user the rows to look at start.
	 */
	public const RUN_SPAN = 64;

	/**
	 * The network option that holds the installed schema's version.
	 */
	public const SCHEMA_OPTION = 'wpmus_activity_schema';

	/**
	 * Events read per query while paging or exporting.
	 */
	private const EVENTS_PER_READ = 200;

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
	 * The table of each event's sites.
	 *
	 * @since 2.1.0
	 */
	public static function sites_table(): string {
		global $wpdb;
		return $wpdb->base_prefix . 'wpmus_activity_sites';
	}

	/**
	 * The table of each event's users.
	 *
	 * @since 2.1.0
	 */
	public static function users_table(): string {
		global $wpdb;
		return $wpdb->base_prefix . 'wpmus_activity_users';
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
		$sites   = self::sites_table();
		$users   = self::users_table();
		if ( '2' === get_site_option( self::SCHEMA_OPTION ) ) {
			self::users_as_runs( $users );
		}
		dbDelta(
			"CREATE TABLE {$events} (
				id bigint(20) unsigned NOT NULL auto_increment,
				network_id bigint(20) unsigned NOT NULL,
				created_at bigint(20) unsigned NOT NULL,
				kind varchar(12) NOT NULL,
				cause varchar(20) NOT NULL,
				actor_id bigint(20) unsigned NOT NULL default 0,
				via varchar(8) NOT NULL,
				job_id bigint(20) unsigned NULL,
				detail varchar(191) NOT NULL default '',
				sites int(11) unsigned NOT NULL,
				users int(11) unsigned NOT NULL,
				PRIMARY KEY  (id),
				KEY network (network_id),
				KEY network_time (network_id,created_at),
				KEY network_kind (network_id,kind),
				KEY network_cause (network_id,cause),
				KEY job (job_id,id)
			) {$charset};
			CREATE TABLE {$sites} (
				event_id bigint(20) unsigned NOT NULL,
				site_id bigint(20) unsigned NOT NULL,
				role_before varchar(191) NULL,
				role_after varchar(191) NULL,
				PRIMARY KEY  (event_id,site_id),
				KEY site (site_id,event_id)
			) {$charset};
			CREATE TABLE {$users} (
				event_id bigint(20) unsigned NOT NULL,
				first_user bigint(20) unsigned NOT NULL,
				last_user bigint(20) unsigned NOT NULL,
				PRIMARY KEY  (event_id,first_user),
				KEY first_user (first_user,event_id)
			) {$charset};"
		);
		update_site_option( self::SCHEMA_OPTION, self::SCHEMA_VERSION );
	}

	/**
	 * Turns a users table of the 2.1.0 development versions (schema 2: a row per user)
	 * into runs of one user each, keeping what it holds; dbDelta() cannot rename a column.
	 *
	 * @internal Public for its test.
	 * @since 2.1.0
	 *
	 * @param string $users The users table.
	 */
	public static function users_as_runs( string $users ): void {
		global $wpdb;
		$columns = $wpdb->get_col( "SHOW COLUMNS FROM {$users}" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- The plugin's own table.
		if ( ! in_array( 'user_id', $columns, true ) ) {
			return;
		}
		$wpdb->query( "ALTER TABLE {$users} DROP KEY user, CHANGE user_id first_user bigint(20) unsigned NOT NULL, ADD last_user bigint(20) unsigned NOT NULL" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.SchemaChange -- The plugin's own table.
		$wpdb->query( "UPDATE {$users} SET last_user = first_user" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- The plugin's own table.
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
	 * Records changes one by one (core's paths, code of the plugin that writes itself): those
	 * of one kind and one user form an event. In a block's transaction, a refusal rolls the
	 * block back.
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
		if ( ! self::is_on() ) {
			return;
		}
		$sets = array();
		foreach ( $entries as $entry ) {
			$sets[ $entry->kind . ':' . $entry->user_id ][ $entry->site_id ] = $entry;
		}
		foreach ( $sets as $set ) {
			$first = reset( $set );
			$roles = array();
			foreach ( $set as $site_id => $entry ) {
				$roles[ $site_id ] = array( $entry->role_before, $entry->role_after );
			}
			$this->write_event( $network_id, $cause, $first->kind, $roles, array( $first->user_id ) );
		}
	}

	/**
	 * Records the memberships a block of the engine added: one event per group of sites that
	 * gained the same users.
	 *
	 * @since 2.1.0
	 *
	 * @param int                                                $network_id Network ID.
	 * @param Cause                                              $cause      Who, via what, why.
	 * @param array<int, array{0: int[], 1: array<int, string>}> $grids      Each: the users, and site ID => the role they got there.
	 *
	 * @throws Database_Error When the database refuses a write.
	 */
	public function record_added( int $network_id, Cause $cause, array $grids ): void {
		if ( ! self::is_on() ) {
			return;
		}
		foreach ( $grids as list( $user_ids, $roles ) ) {
			$this->write_event( $network_id, $cause, Entry::ADDED, array_map( static fn( string $role ): array => array( null, $role ), $roles ), $user_ids );
		}
	}

	/**
	 * Records one change set written in bulk: the same users, with one kind of change, on
	 * some sites (an undo's removals of the memberships a sync added) — three INSERTs.
	 *
	 * @since 2.2.0
	 *
	 * @param int                                               $network_id Network ID.
	 * @param Cause                                             $cause      Who, via what, why.
	 * @param string                                            $kind       One of Entry::KINDS.
	 * @param array<int, array{0: string|null, 1: string|null}> $roles      Site ID => the role before and after there.
	 * @param int[]                                             $user_ids   The users.
	 *
	 * @throws Database_Error When the database refuses a write.
	 */
	public function record_set( int $network_id, Cause $cause, string $kind, array $roles, array $user_ids ): void {
		if ( self::is_on() ) {
			$this->write_event( $network_id, $cause, $kind, $roles, $user_ids );
		}
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
		return (int) $wpdb->get_var( 'SELECT COALESCE(SUM(' . $this->entries_per_event( $filter ) . '), 0) FROM ' . $this->from( $filter ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- Prepared by the filter.
	}

	/**
	 * A page of entries, newest first.
	 *
	 * @since 2.1.0
	 *
	 * @param Activity_Filter $filter What to list.
	 * @param int             $limit  How many.
	 * @param int             $offset How many of the newest to pass over.
	 * @return array<int, array<string, string|null>> Rows: id ("event-site-user"), created_at, kind, cause, site_id, user_id,
	 *                                                role_before, role_after, actor_id, via, job_id, detail.
	 */
	public function list( Activity_Filter $filter, int $limit, int $offset = 0 ): array {
		$rows  = array();
		$after = null;
		do {
			$events = $this->events( $filter, $after );
			foreach ( $events as $event ) {
				$count = (int) $event['entries'];
				if ( $offset >= $count ) {
					$offset -= $count;
					continue;
				}
				foreach ( $this->entries( $filter, $event, $offset, $limit - count( $rows ) ) as $row ) {
					$rows[] = $row;
				}
				$offset = 0;
				if ( count( $rows ) >= $limit ) {
					return $rows;
				}
			}
			$last  = end( $events );
			$after = false === $last ? null : (int) $last['id'];
		} while ( null !== $after );
		return $rows;
	}

	/**
	 * Calls $write with every entry a filter matches, newest first, an event at a time: what
	 * an export reads, with flat memory whatever the log's size.
	 *
	 * @since 2.1.0
	 *
	 * @param Activity_Filter                                        $filter What to read.
	 * @param callable(array<int, array<string, string|null>>): void $write  Given the entries of each event (as list() gives them).
	 */
	public function each( Activity_Filter $filter, callable $write ): void {
		$after = null;
		do {
			$events = $this->events( $filter, $after );
			foreach ( $events as $event ) {
				$write( $this->entries( $filter, $event, 0, PHP_INT_MAX ) );
			}
			$last  = end( $events );
			$after = false === $last ? null : (int) $last['id'];
		} while ( null !== $after );
	}

	/**
	 * Deletes, oldest first, events older than a time with their sites and users: as many
	 * as hold at most $rows site and user rows together (at least one event). Retention's
	 * one way to remove rows.
	 *
	 * @since 2.1.0
	 *
	 * @param int $network_id Network ID.
	 * @param int $before     Unix time: events older than this go.
	 * @param int $rows       Site and user rows per call at most (one event may hold more).
	 * @return int How many events went.
	 */
	public function prune( int $network_id, int $before, int $rows ): int {
		global $wpdb;
		$oldest = $wpdb->get_results( $wpdb->prepare( 'SELECT id, sites + users AS size FROM ' . self::events_table() . ' WHERE network_id = %d AND created_at < %d ORDER BY network_id, created_at LIMIT %d', $network_id, $before, max( 1, $rows ) ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- The plugin's own table.
		$ids    = array();
		$size   = 0;
		foreach ( $oldest as $event ) {
			$size += (int) $event['size'];
			if ( array() !== $ids && $size > $rows ) {
				break;
			}
			$ids[] = (int) $event['id'];
		}
		if ( array() === $ids ) {
			return 0;
		}
		$in = implode( ',', $ids );
		$wpdb->query( 'DELETE FROM ' . self::users_table() . " WHERE event_id IN ($in)" ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- The plugin's own table; integers.
		$wpdb->query( 'DELETE FROM ' . self::sites_table() . " WHERE event_id IN ($in)" ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- The plugin's own table; integers.
		$wpdb->query( 'DELETE FROM ' . self::events_table() . " WHERE id IN ($in)" ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- The plugin's own table; integers.
		return count( $ids );
	}

	/**
	 * Writes an event, its sites and its users: three INSERTs.
	 *
	 * @param int                                               $network_id Network ID.
	 * @param Cause                                             $cause      Who, via what, why.
	 * @param string                                            $kind       Entry::KINDS.
	 * @param array<int, array{0: string|null, 1: string|null}> $roles Site ID => the role before and after there.
	 * @param int[]                                             $user_ids   Users.
	 *
	 * @throws Database_Error When the database refuses a write.
	 */
	private function write_event( int $network_id, Cause $cause, string $kind, array $roles, array $user_ids ): void {
		global $wpdb;
		if ( array() === $roles || array() === $user_ids ) {
			return;
		}
		Db::clear_error();
		$wpdb->insert(
			self::events_table(),
			array(
				'network_id' => $network_id,
				'created_at' => time(),
				'kind'       => $kind,
				'cause'      => $cause->cause,
				'actor_id'   => $cause->actor_id,
				'via'        => $cause->via,
				'job_id'     => $cause->job_id,
				'detail'     => mb_substr( $cause->detail, 0, 191 ),
				'sites'      => count( $roles ),
				'users'      => count( $user_ids ),
			),
			array( '%d', '%d', '%s', '%s', '%d', '%s', '%d', '%s', '%d', '%d' )
		);
		Db::check();
		$event_id = (int) $wpdb->insert_id;

		$sites = array();
		foreach ( $roles as $site_id => list( $before, $after ) ) {
			$sites[] = '(' . $event_id . ',' . (int) $site_id . ',' . self::nullable( $before ) . ',' . self::nullable( $after ) . ')';
		}
		Db::write( 'INSERT INTO ' . self::sites_table() . ' (event_id, site_id, role_before, role_after) VALUES ' . implode( ',', $sites ) );
		$runs = array();
		foreach ( self::runs( $user_ids ) as list( $first, $last ) ) {
			$runs[] = "($event_id,$first,$last)";
		}
		Db::write( 'INSERT INTO ' . self::users_table() . ' (event_id, first_user, last_user) VALUES ' . implode( ',', $runs ) );
	}

	/**
	 * Users as runs of consecutive IDs, each of RUN_SPAN users at most.
	 *
	 * @param int[] $user_ids Users.
	 * @return array<int, array{0: int, 1: int}> First and last user of each run, in order.
	 */
	private static function runs( array $user_ids ): array {
		$user_ids = array_unique( array_map( 'intval', $user_ids ) );
		sort( $user_ids );
		$runs  = array();
		$first = null;
		$last  = null;
		foreach ( $user_ids as $user_id ) {
			if ( null !== $first && $last + 1 === $user_id && $user_id - $first < self::RUN_SPAN ) {
				$last = $user_id;
				continue;
			}
			if ( null !== $first ) {
				$runs[] = array( $first, (int) $last );
			}
			$first = $user_id;
			$last  = $user_id;
		}
		if ( null !== $first ) {
			$runs[] = array( $first, (int) $last );
		}
		return $runs;
	}

	/**
	 * An event's users, in order.
	 *
	 * @param int $event_id Event ID.
	 * @return int[]
	 */
	private function users_of( int $event_id ): array {
		global $wpdb;
		$users = array();
		foreach ( $wpdb->get_results( $wpdb->prepare( 'SELECT first_user, last_user FROM ' . self::users_table() . ' WHERE event_id = %d ORDER BY first_user', $event_id ), ARRAY_N ) as list( $first, $last ) ) { // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- The plugin's own table.
			array_push( $users, ...range( (int) $first, (int) $last ) );
		}
		return $users;
	}

	/**
	 * The next events a filter matches, newest first, with how many of their entries it matches.
	 *
	 * @param Activity_Filter $filter What to read.
	 * @param int|null        $before Only events older than this one; null for the newest.
	 * @return array<int, array<string, string|null>>
	 */
	private function events( Activity_Filter $filter, ?int $before ): array {
		global $wpdb;
		$older = null === $before ? '' : $wpdb->prepare( ' AND e.id < %d', $before );
		return $wpdb->get_results( 'SELECT e.*, ' . $this->entries_per_event( $filter ) . ' AS entries FROM ' . $this->from( $filter ) . $older . ' ORDER BY e.id DESC LIMIT ' . self::EVENTS_PER_READ, ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- Prepared by the filter and above.
	}

	/**
	 * An event's entries that a filter matches, by site then user, from an offset.
	 *
	 * @param Activity_Filter            $filter What to read.
	 * @param array<string, string|null> $event  The event's row.
	 * @param int                        $offset Entries to pass over.
	 * @param int                        $limit  Entries at most.
	 * @return array<int, array<string, string|null>>
	 */
	private function entries( Activity_Filter $filter, array $event, int $offset, int $limit ): array {
		global $wpdb;
		$id    = (int) $event['id'];
		$only  = null === $filter->site_id ? '' : $wpdb->prepare( ' AND site_id = %d', $filter->site_id );
		$sites = $wpdb->get_results( $wpdb->prepare( 'SELECT site_id, role_before, role_after FROM ' . self::sites_table() . ' WHERE event_id = %d', $id ) . $only . ' ORDER BY site_id', ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- The plugin's own table; the site's condition was prepared.
		$users = null === $filter->user_id
			? $this->users_of( $id )
			: array( $filter->user_id );
		$rows  = array();
		foreach ( $sites as $site ) {
			if ( $offset >= count( $users ) ) {
				$offset -= count( $users );
				continue;
			}
			foreach ( array_slice( $users, $offset ) as $user_id ) {
				if ( count( $rows ) >= $limit ) {
					return $rows;
				}
				$rows[] = array(
					'id'          => $id . '-' . $site['site_id'] . '-' . $user_id,
					'created_at'  => $event['created_at'],
					'kind'        => $event['kind'],
					'cause'       => $event['cause'],
					'site_id'     => $site['site_id'],
					'user_id'     => (string) $user_id,
					'role_before' => $site['role_before'],
					'role_after'  => $site['role_after'],
					'actor_id'    => $event['actor_id'],
					'via'         => $event['via'],
					'job_id'      => $event['job_id'],
					'detail'      => $event['detail'],
				);
			}
			$offset = 0;
		}
		return $rows;
	}

	/**
	 * The events a filter matches, as a FROM clause with its WHERE, prepared: a user or a
	 * site is joined through its own index.
	 *
	 * @param Activity_Filter $filter What to read.
	 */
	private function from( Activity_Filter $filter ): string {
		global $wpdb;
		$from = self::events_table() . ' e';
		if ( null !== $filter->user_id ) {
			$from .= ' JOIN ' . self::user_runs( $filter->user_id ) . ' u ON u.event_id = e.id';
		}
		if ( null !== $filter->site_id ) {
			$from .= $wpdb->prepare( ' JOIN ' . self::sites_table() . ' s ON s.event_id = e.id AND s.site_id = %d', $filter->site_id ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- The plugin's own table.
		}
		return $from . ' WHERE ' . $filter->where( 'e.' );
	}

	/**
	 * The runs that hold a user, as a table for a FROM clause: a range of the runs' first
	 * IDs, then their last.
	 *
	 * @since 2.1.0
	 *
	 * @param int $user_id User ID.
	 */
	public static function user_runs( int $user_id ): string {
		global $wpdb;
		return $wpdb->prepare( '(SELECT event_id FROM ' . self::users_table() . ' WHERE first_user BETWEEN %d AND %d AND last_user >= %d)', max( 0, $user_id - self::RUN_SPAN + 1 ), $user_id, $user_id ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- The plugin's own table.
	}

	/**
	 * How many of an event's entries a filter matches, as SQL over the event's row.
	 *
	 * @param Activity_Filter $filter What to read.
	 */
	private function entries_per_event( Activity_Filter $filter ): string {
		return ( null === $filter->site_id ? 'e.sites' : '1' ) . ' * ' . ( null === $filter->user_id ? 'e.users' : '1' );
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
