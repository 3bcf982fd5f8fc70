<?php
/**
 * Adds missing memberships in bulk.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Sync;

use RuntimeException;
use WPM_User_Sync\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * The one place where memberships are written.
 *
 * A membership in WordPress is two user meta rows, `{prefix}capabilities` and
 * `{prefix}user_level`. Core's `add_user_to_blog()` writes them one pair at a
 * time with a dozen queries each; this engine works through blocks of sites ×
 * users, finds the missing pairs set-wise and writes each block with one
 * multi-row INSERT, then keeps the promises `add_user_to_blog()` makes to other
 * code: the `can_add_user_to_blog` filter, the `set_user_role` and
 * `add_user_to_blog` actions, and fresh caches.
 *
 * Work is resumable: a run stops at a deadline and its report carries a cursor
 * (a site ID and a user ID) from which the next run carries on. Existing
 * memberships are never changed.
 *
 * @since 2.0.0
 */
final class Membership_Engine {

	/**
	 * Users read per block by default. Bounds memory, whatever the size of the network.
	 */
	public const USERS_PER_BLOCK = 1000;

	/**
	 * Site × user pairs per block: a single user is checked against many sites at once.
	 */
	private const PAIRS_PER_BLOCK = 5000;

	/**
	 * Rows read per query when scanning a site's members.
	 */
	private const ROWS_PER_PAGE = 10000;

	/**
	 * Up to this many users, memberships are looked up per user rather than per site.
	 */
	private const FEW_USERS = 50;

	/**
	 * How many runs are under way (the engine applies filters and fires actions that
	 * other parts of the plugin listen to, and they must tell its work from a person's).
	 *
	 * @var int
	 */
	private static int $running = 0;

	/**
	 * Listeners that do nothing while the engine runs (see quiet_listener()).
	 *
	 * @var array<int, callable>
	 */
	private static array $quiet_listeners = array( 'wp_cache_set_users_last_changed' );

	/**
	 * Who and where.
	 *
	 * @var Population
	 */
	private Population $population;

	/**
	 * Roles per site.
	 *
	 * @var Site_Roles
	 */
	private Site_Roles $roles;

	/**
	 * Users read per block.
	 *
	 * @var int
	 */
	private int $users_per_block;

	/**
	 * Users who have a primary site, as a bitmap, once read in a run over many users.
	 *
	 * @var string|null
	 */
	private ?string $has_primary_blog = null;

	/**
	 * Sets up the engine for a network.
	 *
	 * @since 2.0.0
	 *
	 * @param Population $population      Who and where.
	 * @param Site_Roles $roles           Roles per site.
	 * @param int        $users_per_block Users per block of work.
	 */
	public function __construct( Population $population, Site_Roles $roles, int $users_per_block = self::USERS_PER_BLOCK ) {
		$this->population      = $population;
		$this->roles           = $roles;
		$this->users_per_block = max( 1, $users_per_block );
	}

	/**
	 * Builds the engine of a network.
	 *
	 * @since 2.0.0
	 *
	 * @param int $network_id Network ID.
	 */
	public static function for_network( int $network_id ): self {
		/**
		 * Filters how many users the engine reads per block of work.
		 *
		 * @since 2.0.0
		 *
		 * @param int $users_per_block Users per block. Default 1000.
		 */
		$users_per_block = (int) apply_filters( 'wpmus_engine_users_per_block', self::USERS_PER_BLOCK );
		return new self( new Population( new Settings( $network_id ), $network_id ), new Site_Roles(), $users_per_block );
	}

	/**
	 * Declares a listener of `set_user_role`, `add_user_to_blog` or `can_add_user_to_blog`
	 * that does nothing while the engine runs (a filter declared here never vetoes), so that, when no other code listens, the engine can skip
	 * firing those actions a million times for nobody. (Core's
	 * `wp_cache_set_users_last_changed` is one: the engine calls it once per block.)
	 *
	 * @since 2.0.0
	 *
	 * @param callable $listener The listener, as it was hooked.
	 */
	public static function quiet_listener( callable $listener ): void {
		self::$quiet_listeners[] = $listener;
	}

	/**
	 * Whether an action has a listener other than the quiet ones.
	 *
	 * @param string $hook Action name.
	 */
	private static function is_heard( string $hook ): bool {
		global $wp_filter;
		if ( ! has_action( $hook ) ) {
			return false;
		}
		foreach ( $wp_filter[ $hook ]->callbacks as $callbacks ) {
			foreach ( $callbacks as $callback ) {
				if ( ! in_array( $callback['function'], self::$quiet_listeners, true ) ) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Whether the engine is at work right now, so listeners of the filters and
	 * actions it calls can tell its work from a person's.
	 *
	 * @since 2.0.0
	 */
	public static function is_running(): bool {
		return self::$running > 0;
	}

	/**
	 * Adds the missing memberships a request asks for, or counts them.
	 *
	 * @since 2.0.0
	 *
	 * @param Sync_Request                      $request  What to sync.
	 * @param array{site: int, user: int}|null  $cursor   Where to resume; null to start.
	 * @param float|null                        $deadline `microtime( true )` after which to stop (at least one block is done); null to finish.
	 * @param bool                              $dry_run  Count only; write nothing.
	 * @return Report What was added and skipped; its cursor is null when the request is done.
	 *
	 * @throws RuntimeException When the database refuses a write; what was written before stays.
	 */
	public function run( Sync_Request $request, ?array $cursor = null, ?float $deadline = null, bool $dry_run = false ): Report {
		++self::$running;
		try {
			return $this->work( $request, $cursor, $deadline, $dry_run );
		} finally {
			--self::$running;
		}
	}

	/**
	 * The body of run().
	 *
	 * @param Sync_Request                     $request  What to sync.
	 * @param array{site: int, user: int}|null $cursor   Where to resume.
	 * @param float|null                       $deadline When to stop.
	 * @param bool                             $dry_run  Count only.
	 */
	private function work( Sync_Request $request, ?array $cursor, ?float $deadline, bool $dry_run ): Report {
		$report  = new Report();
		$cursor ??= array(
			'site' => 0,
			'user' => 0,
		);

		$sites = $this->sites_in_scope( $request, $report );
		$sites = array_values( array_filter( $sites, static fn( int $id ) => $id >= $cursor['site'] ) );

		$users_per_block = null === $request->user_ids
			? $this->users_per_block
			: max( 1, min( $this->users_per_block, count( $request->user_ids ) ) );
		$sites_per_block = max( 1, intdiv( self::PAIRS_PER_BLOCK, $users_per_block ) );

		foreach ( array_chunk( $sites, $sites_per_block ) as $site_chunk ) {
			$block = new Site_Block( $site_chunk, $this->roles );
			if ( $cursor['site'] !== $site_chunk[0] ) {
				$cursor = array(
					'site' => $site_chunk[0],
					'user' => 0,
				);
			}

			while ( true ) {
				list( $users, $super_admins, $last_id ) = $this->population->next_users( $cursor['user'], $users_per_block, $request->user_ids );
				if ( 0 === $last_id ) {
					break;
				}
				foreach ( $site_chunk as $site_id ) {
					$report->skip( $site_id, Report::SKIP_SUPER_ADMIN, $super_admins );
				}
				$this->sync_block( $block, $users, $request, $report, $dry_run );
				$cursor['user'] = $last_id;

				// Checked after a block, so that every run makes progress.
				if ( null !== $deadline && microtime( true ) >= $deadline ) {
					$report->cursor = $cursor;
					return $report;
				}
			}
		}

		$report->cursor = null;
		return $report;
	}

	/**
	 * The sites a request may touch; the others are reported as excluded.
	 *
	 * @param Sync_Request $request What to sync.
	 * @param Report       $report  Where to count skips.
	 * @return int[]
	 */
	private function sites_in_scope( Sync_Request $request, Report $report ): array {
		$sites = array();
		foreach ( $this->population->live_sites( $request->site_ids ) as $site_id ) {
			if ( $this->population->is_excluded( $site_id ) ) {
				$report->skip( $site_id, Report::SKIP_EXCLUDED );
				continue;
			}
			$sites[] = $site_id;
		}
		return $sites;
	}

	/**
	 * Finds, checks and writes the missing memberships of one block.
	 *
	 * @param Site_Block   $block   The block's sites.
	 * @param int[]        $users   The block's users, in scope.
	 * @param Sync_Request $request What to sync.
	 * @param Report       $report  Where to count.
	 * @param bool         $dry_run Count only.
	 */
	private function sync_block( Site_Block $block, array $users, Sync_Request $request, Report $report, bool $dry_run ): void {
		if ( array() === $users ) {
			return;
		}
		$few         = count( $users ) <= self::FEW_USERS;
		$memberships = $few ? $this->memberships_of( $users, $block ) : null;
		$vetoable    = self::is_heard( 'can_add_user_to_blog' );

		$pairs = array();
		foreach ( $block->site_ids as $site_id ) {
			$role = $block->role( $site_id );
			if ( $few ) {
				$members = $memberships['members'][ $site_id ] ?? array();
				$removed = $memberships['removed'][ $site_id ] ?? array();
				$missing = array_values( array_filter( $users, static fn( int $id ) => ! isset( $members[ $id ] ) ) );
			} else {
				$bitmap  = $block->members( $site_id, fn( string $key ) => $this->bitmap( $key ) );
				$removed = $block->removed( $site_id, fn( string $value ) => $this->bitmap( Removals::META_KEY, $value ) );
				$missing = array_values( array_filter( $users, static fn( int $id ) => ! self::has_bit( $bitmap, $id ) ) );
			}

			if ( null === $role ) {
				$report->skip( $site_id, Report::SKIP_ROLE, count( $missing ) );
				continue;
			}

			$added = array();
			foreach ( $missing as $user_id ) {
				$was_removed = is_array( $removed ) ? isset( $removed[ $user_id ] ) : self::has_bit( $removed, $user_id );
				if ( $was_removed && ! $request->add_removed ) {
					$report->skip( $site_id, Report::SKIP_REMOVED );
					continue;
				}
				$added[ $user_id ] = $was_removed;
			}

			if ( $vetoable && array() !== $added ) {
				$added = $this->apply_veto( $site_id, $role, $added, $report );
			}
			$report->add( $site_id, count( $added ) );
			if ( array() !== $added ) {
				$pairs[ $site_id ] = $added;
			}
		}

		if ( ! $dry_run && array() !== $pairs ) {
			$this->write( $block, $pairs, $few );
		}
	}

	/**
	 * Existing memberships and removal markers of a few users on the block's sites,
	 * looked up by user (the user_id index), which is cheapest for a handful of people.
	 *
	 * @param int[]      $users Users.
	 * @param Site_Block $block Sites.
	 * @return array{members: array<int, array<int, true>>, removed: array<int, array<int, true>>}
	 */
	private function memberships_of( array $users, Site_Block $block ): array {
		global $wpdb;

		$site_by_key = array();
		foreach ( $block->site_ids as $site_id ) {
			$site_by_key[ $block->capabilities_key( $site_id ) ] = $site_id;
		}
		$keys = array_keys( $site_by_key );
		$keys[] = Removals::META_KEY;

		$placeholders = implode( ',', array_fill( 0, count( $keys ), '%s' ) );
		$rows         = $wpdb->get_results(
			$wpdb->prepare(
				// User IDs are integers; the keys go through placeholders.
				"SELECT user_id, meta_key, meta_value FROM {$wpdb->usermeta} WHERE user_id IN (" . implode( ',', array_map( 'intval', $users ) ) . ") AND meta_key IN ($placeholders)", // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
				$keys
			),
			ARRAY_N
		);

		$found = array(
			'members' => array(),
			'removed' => array(),
		);
		foreach ( $rows as list( $user_id, $key, $value ) ) {
			if ( Removals::META_KEY === $key ) {
				$found['removed'][ (int) $value ][ (int) $user_id ] = true;
			} else {
				$found['members'][ $site_by_key[ $key ] ][ (int) $user_id ] = true;
			}
		}
		return $found;
	}

	/**
	 * A bitmap of the users who have a meta key (with a value, optionally): bit N is user N.
	 *
	 * Read page by page along the meta_key index, so memory stays one bit per user.
	 *
	 * @param string      $key   Meta key.
	 * @param string|null $value Meta value to match; null for any.
	 */
	private function bitmap( string $key, ?string $value = null ): string {
		global $wpdb;

		$bitmap = '';
		$after  = 0;
		do {
			$sql = null === $value
				? $wpdb->prepare( "SELECT umeta_id, user_id FROM {$wpdb->usermeta} WHERE meta_key = %s AND umeta_id > %d ORDER BY umeta_id LIMIT %d", $key, $after, self::ROWS_PER_PAGE )
				: $wpdb->prepare( "SELECT umeta_id, user_id FROM {$wpdb->usermeta} WHERE meta_key = %s AND meta_value = %s AND umeta_id > %d ORDER BY umeta_id LIMIT %d", $key, $value, $after, self::ROWS_PER_PAGE );
			$rows = $wpdb->get_results( $sql, ARRAY_N ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
			foreach ( $rows as list( $umeta_id, $user_id ) ) {
				self::set_bit( $bitmap, (int) $user_id );
				$after = (int) $umeta_id;
			}
		} while ( count( $rows ) === self::ROWS_PER_PAGE );
		return $bitmap;
	}

	/**
	 * Sets bit $id of a bitmap, growing it as needed.
	 *
	 * @param string $bitmap Bitmap.
	 * @param int    $id     Bit.
	 */
	private static function set_bit( string &$bitmap, int $id ): void {
		$byte = $id >> 3;
		if ( strlen( $bitmap ) <= $byte ) {
			$bitmap .= str_repeat( "\0", $byte - strlen( $bitmap ) + 1 );
		}
		$bitmap[ $byte ] = chr( ord( $bitmap[ $byte ] ) | ( 1 << ( $id & 7 ) ) );
	}

	/**
	 * Whether bit $id of a bitmap is set.
	 *
	 * @param string $bitmap Bitmap.
	 * @param int    $id     Bit.
	 */
	private static function has_bit( string $bitmap, int $id ): bool {
		$byte = $id >> 3;
		return $byte < strlen( $bitmap ) && ( ord( $bitmap[ $byte ] ) & ( 1 << ( $id & 7 ) ) ) !== 0;
	}

	/**
	 * Asks `can_add_user_to_blog` about each pair, as `add_user_to_blog()` would, on the site itself.
	 *
	 * @param int               $site_id Site ID.
	 * @param string            $role    Role the users would get.
	 * @param array<int, bool>  $added   User ID => whether a person had removed them.
	 * @param Report            $report  Where to count vetoes.
	 * @return array<int, bool> The pairs allowed.
	 */
	private function apply_veto( int $site_id, string $role, array $added, Report $report ): array {
		switch_to_blog( $site_id );
		try {
			foreach ( array_keys( $added ) as $user_id ) {
				/** This filter is documented in wp-includes/ms-functions.php */
				if ( true !== apply_filters( 'can_add_user_to_blog', true, $user_id, $role, $site_id ) ) {
					unset( $added[ $user_id ] );
					$report->skip( $site_id, Report::SKIP_VETOED );
				}
			}
		} finally {
			restore_current_blog();
		}
		return $added;
	}

	/**
	 * Writes a block's memberships, then keeps core's promises about them.
	 *
	 * @param Site_Block                    $block Sites.
	 * @param array<int, array<int, bool>>  $pairs Site ID => [ user ID => whether a removal marker goes ].
	 * @param bool                          $few   Whether the block holds a handful of users.
	 *
	 * @throws RuntimeException When the database refuses the write.
	 */
	private function write( Site_Block $block, array $pairs, bool $few ): void {
		global $wpdb;

		$rows     = array();
		$unmark   = array();
		$user_ids = array();
		foreach ( $pairs as $site_id => $users ) {
			list( $caps_key, $caps, $level_key, $level ) = $block->meta_sql( $site_id );
			foreach ( $users as $user_id => $was_removed ) {
				$rows[] = "($user_id,$caps_key,$caps)";
				$rows[] = "($user_id,$level_key,$level)";
				if ( $was_removed ) {
					$unmark[] = $wpdb->prepare( '(user_id = %d AND meta_value = %s)', $user_id, (string) $site_id );
				}
				$user_ids[ $user_id ] ??= $site_id;
			}
		}

		// One statement: a membership is both rows or neither. Values were escaped by Site_Block::meta_sql().
		$written = $wpdb->query( "INSERT INTO {$wpdb->usermeta} (user_id, meta_key, meta_value) VALUES " . implode( ',', $rows ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		if ( false === $written ) {
			throw new RuntimeException( sprintf( 'Could not write memberships: %s', $wpdb->last_error ) );
		}

		$this->give_primary_sites( $user_ids, $few );
		if ( array() !== $unmark ) {
			$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->usermeta} WHERE meta_key = %s AND (", Removals::META_KEY ) . implode( ' OR ', $unmark ) . ')' ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		}

		wp_cache_delete_multiple( array_keys( $user_ids ), 'user_meta' );
		foreach ( array_keys( $pairs ) as $site_id ) {
			wp_cache_delete( $site_id . '_user_count', 'blog-details' );
		}
		wp_cache_set_users_last_changed();

		$this->announce( $block, $pairs );
	}

	/**
	 * Gives users without a primary site the first site they joined, as core does.
	 *
	 * @param array<int, int> $user_ids User ID => first site they joined in this block.
	 * @param bool            $few      Whether to look the users up one by one.
	 */
	private function give_primary_sites( array $user_ids, bool $few ): void {
		global $wpdb;

		if ( $few ) {
			// User IDs are integers.
			$with = array_flip(
				array_map(
					'intval',
					$wpdb->get_col( "SELECT user_id FROM {$wpdb->usermeta} WHERE meta_key = 'primary_blog' AND meta_value <> '' AND user_id IN (" . implode( ',', array_keys( $user_ids ) ) . ')' ) // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
				)
			);
			$lacks = static fn( int $id ) => ! isset( $with[ $id ] );
		} else {
			$this->has_primary_blog ??= $this->bitmap( 'primary_blog' );
			$bitmap                   = $this->has_primary_blog;
			$lacks                    = static fn( int $id ) => ! self::has_bit( $bitmap, $id );
		}

		$rows    = array();
		$lacking = array();
		foreach ( $user_ids as $user_id => $site_id ) {
			if ( $lacks( $user_id ) ) {
				$lacking[] = $user_id;
				$site   = get_site( $site_id );
				$rows[] = $wpdb->prepare( "(%d,'primary_blog',%s)", $user_id, (string) $site_id );
				$rows[] = $wpdb->prepare( "(%d,'source_domain',%s)", $user_id, $site ? $site->domain : '' );
				if ( null !== $this->has_primary_blog ) {
					self::set_bit( $this->has_primary_blog, $user_id );
				}
			}
		}
		if ( array() !== $rows ) {
			// Clear any empty value first, so a user never holds two primary sites.
			$wpdb->query( "DELETE FROM {$wpdb->usermeta} WHERE meta_key IN ('primary_blog','source_domain') AND meta_value = '' AND user_id IN (" . implode( ',', $lacking ) . ')' ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
			$wpdb->query( "INSERT INTO {$wpdb->usermeta} (user_id, meta_key, meta_value) VALUES " . implode( ',', $rows ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		}
	}

	/**
	 * Fires the actions `add_user_to_blog()` fires: `clean_user_cache` once per user,
	 * and on each site `set_user_role` and `add_user_to_blog` for each membership.
	 *
	 * @param Site_Block                   $block Sites.
	 * @param array<int, array<int, bool>> $pairs Site ID => [ user ID => … ].
	 */
	private function announce( Site_Block $block, array $pairs ): void {
		if ( has_action( 'clean_user_cache' ) ) {
			foreach ( array_unique( array_merge( ...array_map( 'array_keys', array_values( $pairs ) ) ) ) as $user_id ) {
				$user = get_userdata( $user_id );
				if ( $user ) {
					/** This action is documented in wp-includes/user.php */
					do_action( 'clean_user_cache', $user_id, $user );
				}
			}
		}
		if ( ! self::is_heard( 'set_user_role' ) && ! self::is_heard( 'add_user_to_blog' ) ) {
			return;
		}
		foreach ( $pairs as $site_id => $users ) {
			$role = (string) $block->role( $site_id );
			switch_to_blog( $site_id );
			try {
				foreach ( array_keys( $users ) as $user_id ) {
					/** This action is documented in wp-includes/class-wp-user.php */
					do_action( 'set_user_role', $user_id, $role, array() );
					/** This action is documented in wp-includes/ms-functions.php */
					do_action( 'add_user_to_blog', $user_id, $role, $site_id );
				}
			} finally {
				restore_current_blog();
			}
		}
	}
}
