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
 * The one place where memberships are written: the walk through a request's blocks.
 *
 * A membership in WordPress is two user meta rows, `{prefix}capabilities` and
 * `{prefix}user_level`. Core's `add_user_to_blog()` writes them one pair at a
 * time with a dozen queries each; this engine works through blocks of sites ×
 * users, finds the missing pairs set-wise and writes each block at once. Its parts:
 *
 * - Site_Block: what a block's sites give newcomers (role, meta rows);
 * - Members_By_Site / Members_By_User (Member_Lookup): who is a member already, and who was removed;
 * - Membership_Writer (with Primary_Sites): the SQL writes and the caches;
 * - Core_Hooks: what `add_user_to_blog()` promises other code (the `can_add_user_to_blog`
 *   filter, the `set_user_role` and `add_user_to_blog` actions);
 * - Removals: the markers of removals made by people.
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
	 * Sites per block at most, however few the users: a new user's sync of thousands of
	 * sites is worked through in blocks small in memory and quick to write, whose lists
	 * of keys stay short enough for MariaDB to read along the user_id index.
	 */
	private const MAX_SITES_PER_BLOCK = Db::IN_LIST_MAX;

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
	 * The network's rules (which role newcomers get).
	 *
	 * @var Policy
	 */
	private Policy $policy;

	/**
	 * Users read per block.
	 *
	 * @var int
	 */
	private int $users_per_block;

	/**
	 * Writes the blocks.
	 *
	 * @var Membership_Writer
	 */
	private Membership_Writer $writer;

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
		$this->policy          = new Policy( $population, $roles );
		$this->users_per_block = max( 1, $users_per_block );
		$this->writer          = new Membership_Writer();
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
	 * that does nothing while the engine runs (a filter declared here never vetoes), so
	 * that, when no other code listens, the engine can skip firing those hooks a million
	 * times for nobody.
	 *
	 * @since 2.0.0
	 * @since 2.0.1 Kept by Core_Hooks::quiet().
	 *
	 * @param callable $listener The listener, as it was hooked.
	 */
	public static function quiet_listener( callable $listener ): void {
		Core_Hooks::quiet( $listener );
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
	 * @param int|null                                        $memory     Bytes of memory (memory_get_usage( true )) past which to stop, like
	 *                                                                 the deadline, after a block; null for no limit.
	 * @return Report What was added and skipped; its cursor is null when the request is done.
	 *
	 * @throws Database_Error When the database fails; the block it failed in wrote nothing.
	 */
	public function run( Sync_Request $request, ?array $cursor = null, ?float $deadline = null, bool $dry_run = false, ?callable $checkpoint = null, ?int $memory = null ): Report {
		++self::$running;
		try {
			return $this->work( $request, $cursor, $deadline, $dry_run, $checkpoint, $memory );
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
	 * @param int|null                $memory     Memory past which to stop.
	 */
	private function work( Sync_Request $request, ?array $cursor, ?float $deadline, bool $dry_run, ?callable $checkpoint, ?int $memory ): Report {
		$report = new Report();
		// Sites left out are reported once, when the run starts, not again at every resumption.
		$sites = $this->sites_in_scope( $request, null === $cursor ? $report : new Report() );

		$users_per_block = null === $request->user_ids
			? $this->users_per_block
			: max( 1, min( $this->users_per_block, count( $request->user_ids ) ) );
		/**
		 * Filters how many site × user pairs the engine looks at per block of work: a new
		 * user's sync takes this many sites per block.
		 *
		 * @since 2.0.1
		 *
		 * @param int $pairs_per_block Pairs per block. Default 5000.
		 */
		$pairs_per_block = max( 1, (int) apply_filters( 'wpmus_engine_pairs_per_block', self::PAIRS_PER_BLOCK ) );
		$sites_per_block = max( 1, min( self::MAX_SITES_PER_BLOCK, intdiv( $pairs_per_block, $users_per_block ) ) );
		$pace            = new Pace( $deadline, $memory );

		foreach ( $this->chunks( $sites, $cursor, $sites_per_block ) as list( $site_chunk, $position ) ) {
			if ( $pace->must_stop() ) {
				$report->cursor = $position;
				return $report;
			}
			$block   = new Site_Block( $site_chunk, $this->policy, $this->roles );
			$by_site = new Members_By_Site( $block );

			while ( true ) {
				list( $users, $super_admins, $last_id ) = $this->population->next_users( $position['user'], $users_per_block, $request->user_ids );
				if ( 0 === $last_id ) {
					break;
				}
				if ( $pace->must_stop() ) {
					$report->cursor = $position;
					return $report;
				}
				$next = array( 'user' => $last_id ) + $position;
				$this->sync_block( $block, $by_site, $users, $super_admins, $request, $report, $dry_run, $checkpoint, $next );
				$position = $next;
				$pace->block_done();
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
	 * @param Members_By_Site    $by_site      Their members, read once per block of sites.
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
	private function sync_block( Site_Block $block, Members_By_Site $by_site, array $users, int $super_admins, Sync_Request $request, Report $report, bool $dry_run, ?callable $checkpoint, array $next ): void {
		if ( array() === $users ) {
			foreach ( $block->site_ids as $site_id ) {
				$report->skip( $site_id, Report::SKIP_SUPER_ADMIN, $super_admins );
			}
			return;
		}
		$few = count( $users ) <= self::FEW_USERS;
		if ( $dry_run ) {
			list( $done ) = $this->plan( $block, $few ? Members_By_User::read( $users, $block ) : $by_site, $users, $super_admins, $request );
			$report->merge( $done );
			return;
		}

		list( $done, $pairs ) = Db::exclusively(
			function () use ( $block, $by_site, $users, $super_admins, $request, $report, $few, $checkpoint, $next ): array {
				// Read again under the lock: what others wrote since the block looked counts.
				if ( $few ) {
					$members = Members_By_User::read( $users, $block );
				} else {
					$by_site->refresh();
					$members = $by_site;
				}
				list( $done, $pairs ) = $this->plan( $block, $members, $users, $super_admins, $request );
				if ( array() !== $pairs ) {
					$this->writer->write( $block, $pairs, $few, $few ? null : array( $by_site, 'took_own_rows' ) );
				}
				if ( null !== $checkpoint ) {
					$so_far = clone $report;
					$so_far->merge( $done );
					$checkpoint( $so_far, $next );
				}
				if ( array() !== $pairs ) {
					// Before the commit too: a process killed between the commit and the
					// clean-up below must not leave a cache that predates the rows.
					$this->writer->clean_caches( $pairs );
				}
				return array( $done, $pairs );
			}
		);

		$report->merge( $done );
		if ( array() !== $pairs ) {
			$this->writer->clean_caches( $pairs );
			Core_Hooks::announce( $block, $pairs );
		}
	}

	/**
	 * Decides what a block adds and skips.
	 *
	 * @param Site_Block    $block        Sites.
	 * @param Member_Lookup $members      Who is a member of them already.
	 * @param int[]         $users        Users.
	 * @param int           $super_admins Super admins left out.
	 * @param Sync_Request  $request      What to sync.
	 * @return array{0: Report, 1: array<int, array<int, bool>>} What was decided, and site ID => [ user ID => whether a removal is undone ].
	 *
	 * @throws Database_Error When a read fails.
	 */
	private function plan( Site_Block $block, Member_Lookup $members, array $users, int $super_admins, Sync_Request $request ): array {
		$done     = new Report();
		$vetoable = Core_Hooks::may_veto();
		$pairs    = array();
		foreach ( $block->site_ids as $site_id ) {
			$done->skip( $site_id, Report::SKIP_SUPER_ADMIN, $super_admins );
			$role    = $block->role( $site_id );
			$missing = $members->missing( $site_id, $users, null !== $role );
			if ( null === $role ) {
				$done->skip( $site_id, $block->no_role_reason( $site_id ), count( $missing ) );
				continue;
			}

			$added = array();
			foreach ( $missing as $user_id => $removal ) {
				if ( '' !== $removal && ! $request->may_undo_removal( Removals::NETWORK_META_KEY === $removal ) ) {
					$done->skip( $site_id, Report::SKIP_REMOVED );
					continue;
				}
				$added[ $user_id ] = '' !== $removal;
			}

			if ( $vetoable && array() !== $added ) {
				$added = Core_Hooks::veto( $site_id, $role, $added, $done );
			}
			$done->add( $site_id, count( $added ) );
			if ( array() !== $added ) {
				$pairs[ $site_id ] = $added;
			}
		}
		return array( $done, $pairs );
	}
}
