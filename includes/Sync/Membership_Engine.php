<?php
/**
 * Adds missing memberships in bulk.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Sync;

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
	public const ROWS_PER_PAGE = 10000;

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
	 * Users who have a primary site, once read in a run over many users.
	 *
	 * @var User_Set|null
	 */
	private ?User_Set $has_primary_blog = null;

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
	 * Each block is written under the plugin's write lock, in a transaction, after the
	 * block has read again what others wrote since it looked: whatever runs at the same
	 * time, a membership is written once. A database error stops the block before it
	 * writes. $checkpoint runs inside each block's transaction, so a caller that records
	 * its progress there never counts a block that did not commit, nor loses one that did.
	 *
	 * @since 2.0.0
	 * @since 2.0.1 Writes are serialized and re-checked; the cursor survives sites changing
	 *              between runs; $checkpoint added.
	 *
	 * @param Sync_Request                                    $request    What to sync.
	 * @param array<string, int>|null                         $cursor     Where to resume ({site, user, last}); null to start.
	 * @param float|null                                      $deadline   `microtime( true )` after which to stop (at least one block is done); null to finish.
	 * @param bool                                            $dry_run    Count only; write nothing.
	 * @param callable(Report, array<string, int>): void|null $checkpoint Called in each written block's transaction with what the
	 *                                                                 run has done so far and the cursor after the block; it may
	 *                                                                 throw to roll the block back.
	 * @return Report What was added and skipped; its cursor is null when the request is done.
	 *
	 * @throws Database_Error When the database fails; the block it failed in wrote nothing.
	 */
	public function run( Sync_Request $request, ?array $cursor = null, ?float $deadline = null, bool $dry_run = false, ?callable $checkpoint = null ): Report {
		++self::$running;
		try {
			return $this->work( $request, $cursor, $deadline, $dry_run, $checkpoint );
		} finally {
			--self::$running;
		}
	}

	/**
	 * The body of run().
	 *
	 * @param Sync_Request            $request    What to sync.
	 * @param array<string, int>|null $cursor     Where to resume.
	 * @param float|null              $deadline   When to stop.
	 * @param bool                    $dry_run    Count only.
	 * @param callable|null           $checkpoint Progress recorder.
	 */
	private function work( Sync_Request $request, ?array $cursor, ?float $deadline, bool $dry_run, ?callable $checkpoint ): Report {
		$report = new Report();
		// Sites left out are reported once, when the run starts, not again at every resumption.
		$sites = $this->sites_in_scope( $request, null === $cursor ? $report : new Report() );

		$users_per_block = null === $request->user_ids
			? $this->users_per_block
			: max( 1, min( $this->users_per_block, count( $request->user_ids ) ) );
		$sites_per_block = max( 1, intdiv( self::PAIRS_PER_BLOCK, $users_per_block ) );

		foreach ( $this->chunks( $sites, $cursor, $sites_per_block ) as list( $site_chunk, $position ) ) {
			$block = new Site_Block( $site_chunk, $this->roles, $this->population->allows_privileged_default_roles() );

			while ( true ) {
				list( $users, $super_admins, $last_id ) = $this->population->next_users( $position['user'], $users_per_block, $request->user_ids );
				if ( 0 === $last_id ) {
					break;
				}
				$next = array( 'user' => $last_id ) + $position;
				$this->sync_block( $block, $users, $super_admins, $request, $report, $dry_run, $checkpoint, $next );
				$position = $next;

				// Checked after a block, so that every run makes progress.
				if ( null !== $deadline && microtime( true ) >= $deadline ) {
					$report->cursor = $position;
					return $report;
				}
			}
		}

		$report->cursor = null;
		return $report;
	}

	/**
	 * Cuts the sites into blocks, each with the position its work starts from.
	 *
	 * A cursor names the first and last site of the block it stopped in, not its place
	 * in a list: sites archived, deleted, excluded or created since then change the list,
	 * and a block rebuilt by counting would take in sites whose first users were never
	 * looked at. A cursor without `last` (from version 2.0.0) resumes as it used to.
	 *
	 * @param int[]                   $sites           Sites in scope, ascending.
	 * @param array<string, int>|null $cursor          Where to resume.
	 * @param int                     $sites_per_block Sites per block (at least 1).
	 * @return array<int, array{0: int[], 1: array{site: int, last: int, user: int}}>
	 */
	private function chunks( array $sites, ?array $cursor, int $sites_per_block ): array {
		$chunks = array();
		if ( null !== $cursor && isset( $cursor['last'] ) ) {
			$first = (int) $cursor['site'];
			$last  = (int) $cursor['last'];
			$open  = array_values( array_filter( $sites, static fn( int $id ) => $id >= $first && $id <= $last ) );
			if ( array() !== $open ) {
				$chunks[] = array(
					$open,
					array(
						'site' => $first,
						'last' => $last,
						'user' => (int) $cursor['user'],
					),
				);
			}
			$sites = array_values( array_filter( $sites, static fn( int $id ) => $id > $last ) );
		} elseif ( null !== $cursor ) {
			$from  = (int) $cursor['site'];
			$sites = array_values( array_filter( $sites, static fn( int $id ) => $id >= $from ) );
		}

		foreach ( array_chunk( $sites, max( 1, $sites_per_block ) ) as $chunk ) {
			$resumes  = null !== $cursor && ! isset( $cursor['last'] ) && (int) $cursor['site'] === $chunk[0];
			$chunks[] = array(
				$chunk,
				array(
					'site' => $chunk[0],
					'last' => (int) end( $chunk ),
					'user' => $resumes ? (int) $cursor['user'] : 0,
				),
			);
		}
		return $chunks;
	}

	/**
	 * The sites a request may touch; the others are reported with the reason.
	 *
	 * @param Sync_Request $request What to sync.
	 * @param Report       $report  Where to count skips.
	 * @return int[]
	 *
	 * @throws Database_Error When the sites cannot be read.
	 */
	private function sites_in_scope( Sync_Request $request, Report $report ): array {
		$live = $this->population->live_sites( $request->site_ids );
		if ( null !== $request->site_ids ) {
			// Named, but archived, spam or deleted: say why nothing is added there.
			foreach ( array_diff( $request->site_ids, $live ) as $site_id ) {
				$report->skip( $site_id, Report::SKIP_SITE_INACTIVE );
			}
		}
		$sites = array();
		foreach ( $live as $site_id ) {
			if ( $this->population->is_excluded( $site_id ) ) {
				$report->skip( $site_id, Report::SKIP_EXCLUDED );
				continue;
			}
			$sites[] = $site_id;
		}
		return $sites;
	}

	/**
	 * Finds, checks and writes (or counts) the missing memberships of one block.
	 *
	 * @param Site_Block         $block        The block's sites.
	 * @param int[]              $users        The block's users, in scope.
	 * @param int                $super_admins Super admins left out of the block.
	 * @param Sync_Request       $request      What to sync.
	 * @param Report             $report       What the run has done so far.
	 * @param bool               $dry_run      Count only.
	 * @param callable|null      $checkpoint   Progress recorder.
	 * @param array<string, int> $next         The cursor once this block is done.
	 *
	 * @throws Database_Error When the database fails; nothing of the block is written then.
	 */
	private function sync_block( Site_Block $block, array $users, int $super_admins, Sync_Request $request, Report $report, bool $dry_run, ?callable $checkpoint, array $next ): void {
		if ( array() === $users ) {
			foreach ( $block->site_ids as $site_id ) {
				$report->skip( $site_id, Report::SKIP_SUPER_ADMIN, $super_admins );
			}
			return;
		}
		$few = count( $users ) <= self::FEW_USERS;
		if ( $dry_run ) {
			list( $done ) = $this->plan( $block, $users, $super_admins, $request, $few ? $this->memberships_of( $users, $block ) : null );
			$report->merge( $done );
			return;
		}

		list( $done, $pairs ) = Db::exclusively(
			function () use ( $block, $users, $super_admins, $request, $report, $few, $checkpoint, $next ): array {
				$memberships = null;
				if ( $few ) {
					$memberships = $this->memberships_of( $users, $block );
				} else {
					$block->refresh();
				}
				list( $done, $pairs ) = $this->plan( $block, $users, $super_admins, $request, $memberships );
				if ( array() !== $pairs ) {
					$this->write( $block, $pairs, $few );
				}
				if ( null !== $checkpoint ) {
					$so_far = clone $report;
					$so_far->merge( $done );
					$checkpoint( $so_far, $next );
				}
				if ( array() !== $pairs ) {
					// Before the commit too: a process killed between the commit and the
					// clean-up below must not leave a cache that predates the rows.
					$this->clean_caches( $pairs );
				}
				return array( $done, $pairs );
			}
		);

		$report->merge( $done );
		if ( array() !== $pairs ) {
			$this->clean_caches( $pairs );
			$this->announce( $block, $pairs );
		}
	}

	/**
	 * Decides what a block adds and skips.
	 *
	 * @param Site_Block                                                                                              $block        Sites.
	 * @param int[]                                                                                                   $users        Users.
	 * @param int                                                                                                     $super_admins Super admins left out.
	 * @param Sync_Request                                                                                            $request      What to sync.
	 * @param array{members: array<int, array<int, true>>, removed: array<string, array<int, array<int, true>>>}|null $memberships A few users' memberships; null to use the block's sets.
	 * @return array{0: Report, 1: array<int, array<int, bool>>} What was decided, and site ID => [ user ID => whether a removal is undone ].
	 */
	private function plan( Site_Block $block, array $users, int $super_admins, Sync_Request $request, ?array $memberships ): array {
		$done     = new Report();
		$vetoable = self::is_heard( 'can_add_user_to_blog' );
		$pairs    = array();
		foreach ( $block->site_ids as $site_id ) {
			$done->skip( $site_id, Report::SKIP_SUPER_ADMIN, $super_admins );
			$role = $block->role( $site_id );

			if ( null !== $memberships ) {
				$members = $memberships['members'][ $site_id ] ?? array();
				$missing = array_values( array_filter( $users, static fn( int $id ) => ! isset( $members[ $id ] ) ) );
				$by_site = $memberships['removed'][ Removals::META_KEY ][ $site_id ] ?? array();
				$by_net  = $memberships['removed'][ Removals::NETWORK_META_KEY ][ $site_id ] ?? array();
				$removal = static fn( int $id ) => isset( $by_net[ $id ] ) ? 'network' : ( isset( $by_site[ $id ] ) ? 'site' : '' );
			} else {
				$members = $block->members( $site_id );
				$missing = array_values( array_filter( $users, static fn( int $id ) => ! $members->has( $id ) ) );
				if ( array() === $missing || null === $role ) {
					$removal = static fn( int $id ) => '';
				} else {
					$by_site = $block->removed( $site_id, Removals::META_KEY );
					$by_net  = $block->removed( $site_id, Removals::NETWORK_META_KEY );
					$removal = static fn( int $id ) => $by_net->has( $id ) ? 'network' : ( $by_site->has( $id ) ? 'site' : '' );
				}
			}

			if ( null === $role ) {
				$done->skip( $site_id, $block->no_role_reason( $site_id ), count( $missing ) );
				continue;
			}

			$added = array();
			foreach ( $missing as $user_id ) {
				$removed_by = $removal( $user_id );
				if ( '' !== $removed_by && ! $request->may_undo_removal( 'network' === $removed_by ) ) {
					$done->skip( $site_id, Report::SKIP_REMOVED );
					continue;
				}
				$added[ $user_id ] = '' !== $removed_by;
			}

			if ( $vetoable && array() !== $added ) {
				$added = $this->apply_veto( $site_id, $role, $added, $done );
			}
			$done->add( $site_id, count( $added ) );
			if ( array() !== $added ) {
				$pairs[ $site_id ] = $added;
			}
		}
		return array( $done, $pairs );
	}

	/**
	 * Existing memberships and removal markers of a few users on the block's sites,
	 * looked up by user (the user_id index), which is cheapest for a handful of people.
	 *
	 * @param int[]      $users Users.
	 * @param Site_Block $block Sites.
	 * @return array{members: array<int, array<int, true>>, removed: array<string, array<int, array<int, true>>>}
	 *
	 * @throws Database_Error When the read fails.
	 */
	private function memberships_of( array $users, Site_Block $block ): array {
		global $wpdb;

		$site_by_key = $block->capabilities_keys();
		$keys        = array_merge( array_keys( $site_by_key ), Removals::META_KEYS );

		$placeholders = implode( ',', array_fill( 0, count( $keys ), '%s' ) );
		$rows         = Db::rows(
			$wpdb->prepare(
				// User IDs are integers; the keys go through placeholders.
				"SELECT user_id, meta_key, meta_value FROM {$wpdb->usermeta} WHERE user_id IN (" . implode( ',', array_map( 'intval', $users ) ) . ") AND meta_key IN ($placeholders)", // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- The IDs are cast to integers; the keys go through placeholders.
				$keys
			)
		);

		$found = array(
			'members' => array(),
			'removed' => array(),
		);
		foreach ( $rows as list( $user_id, $key, $value ) ) {
			if ( in_array( $key, Removals::META_KEYS, true ) ) {
				$found['removed'][ $key ][ (int) $value ][ (int) $user_id ] = true;
			} else {
				$found['members'][ $site_by_key[ $key ] ][ (int) $user_id ] = true;
			}
		}
		return $found;
	}

	/**
	 * Asks `can_add_user_to_blog` about each pair, as `add_user_to_blog()` would, on the site itself.
	 *
	 * @param int              $site_id Site ID.
	 * @param string           $role    Role the users would get.
	 * @param array<int, bool> $added   User ID => whether a person had removed them.
	 * @param Report           $report  Where to count vetoes.
	 * @return array<int, bool> The pairs allowed.
	 */
	private function apply_veto( int $site_id, string $role, array $added, Report $report ): array {
		switch_to_blog( $site_id );
		try {
			foreach ( array_keys( $added ) as $user_id ) {
				/** This filter is documented in wp-includes/ms-functions.php */
				if ( true !== apply_filters( 'can_add_user_to_blog', true, $user_id, $role, $site_id ) ) { // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- Core's own hook, fired as core fires it.
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
	 * Writes a block's memberships. Runs under the write lock, in the block's transaction.
	 *
	 * @param Site_Block                   $block Sites.
	 * @param array<int, array<int, bool>> $pairs Site ID => [ user ID => whether a removal marker goes ].
	 * @param bool                         $few   Whether the block holds a handful of users.
	 *
	 * @throws Database_Error When the database refuses a write.
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

		// A membership is both rows or neither. Values were escaped by Site_Block::meta_sql().
		Db::write( "INSERT INTO {$wpdb->usermeta} (user_id, meta_key, meta_value) VALUES " . implode( ',', $rows ) );

		$this->give_primary_sites( $user_ids, $few );
		if ( array() !== $unmark ) {
			Db::write( $wpdb->prepare( "DELETE FROM {$wpdb->usermeta} WHERE meta_key IN (%s, %s) AND (", Removals::META_KEY, Removals::NETWORK_META_KEY ) . implode( ' OR ', $unmark ) . ')' ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- $unmark holds clauses prepared above.
		}
	}

	/**
	 * Forgets the cached user meta and site user counts a block's write changed.
	 *
	 * @param array<int, array<int, bool>> $pairs Site ID => [ user ID => … ].
	 */
	private function clean_caches( array $pairs ): void {
		$user_ids = array();
		foreach ( $pairs as $users ) {
			$user_ids += $users;
		}
		wp_cache_delete_multiple( array_keys( $user_ids ), 'user_meta' );
		foreach ( array_keys( $pairs ) as $site_id ) {
			wp_cache_delete( $site_id . '_user_count', 'blog-details' );
		}
		wp_cache_set_users_last_changed();
	}

	/**
	 * Gives users without a primary site the first site they joined, as core does.
	 * Runs under the write lock: who lacks one is checked again just before writing.
	 *
	 * @param array<int, int> $user_ids User ID => first site they joined in this block.
	 * @param bool            $few      Whether to look the users up one by one.
	 *
	 * @throws Database_Error When a read or a write fails.
	 */
	private function give_primary_sites( array $user_ids, bool $few ): void {
		global $wpdb;

		if ( ! $few ) {
			// A run-wide set, read once, narrows the users to check; the check itself is fresh.
			$this->has_primary_blog ??= Site_Block::read_set( 'primary_blog', null, true );
			$known                    = $this->has_primary_blog;
			$user_ids                 = array_filter( $user_ids, static fn( int $site_id, int $user_id ) => ! $known->has( $user_id ), ARRAY_FILTER_USE_BOTH );
			if ( array() === $user_ids ) {
				return;
			}
		}
		// User IDs are integers.
		$with = array_flip(
			array_map(
				'intval',
				Db::col( "SELECT user_id FROM {$wpdb->usermeta} WHERE meta_key = 'primary_blog' AND meta_value <> '' AND user_id IN (" . implode( ',', array_keys( $user_ids ) ) . ')' )
			)
		);

		$rows    = array();
		$lacking = array();
		foreach ( $user_ids as $user_id => $site_id ) {
			if ( null !== $this->has_primary_blog ) {
				$this->has_primary_blog->add( $user_id );
			}
			if ( isset( $with[ $user_id ] ) ) {
				continue;
			}
			$lacking[] = $user_id;
			$site      = get_site( $site_id );
			$rows[]    = $wpdb->prepare( "(%d,'primary_blog',%s)", $user_id, (string) $site_id );
			$rows[]    = $wpdb->prepare( "(%d,'source_domain',%s)", $user_id, $site ? $site->domain : '' );
		}
		if ( array() !== $rows ) {
			// Clear any empty value first, so a user never holds two primary sites.
			Db::write( "DELETE FROM {$wpdb->usermeta} WHERE meta_key IN ('primary_blog','source_domain') AND user_id IN (" . implode( ',', $lacking ) . ')' );
			Db::write( "INSERT INTO {$wpdb->usermeta} (user_id, meta_key, meta_value) VALUES " . implode( ',', $rows ) );
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
					do_action( 'clean_user_cache', $user_id, $user ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- Core's own hook, fired as core fires it.
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
					do_action( 'set_user_role', $user_id, $role, array() ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- Core's own hook, fired as core fires it.
					/** This action is documented in wp-includes/ms-functions.php */
					do_action( 'add_user_to_blog', $user_id, $role, $site_id ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- Core's own hook, fired as core fires it.
				}
			} finally {
				restore_current_blog();
			}
		}
	}
}
