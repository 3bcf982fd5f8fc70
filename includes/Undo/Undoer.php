<?php
/**
 * Takes back what a job changed, where nobody changed it since.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Undo;

use WP_User;
use WPM_User_Sync\Activity\Activity_Log;
use WPM_User_Sync\Activity\Activity_Store;
use WPM_User_Sync\Activity\Cause;
use WPM_User_Sync\Activity\Context;
use WPM_User_Sync\Activity\Entry;
use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\People\Memberships;
use WPM_User_Sync\Settings;
use WPM_User_Sync\Sync\Database_Error;
use WPM_User_Sync\Sync\Db;
use WPM_User_Sync\Sync\Membership_Writer;
use WPM_User_Sync\Sync\Pace;
use WPM_User_Sync\Sync\Policy;
use WPM_User_Sync\Sync\Population;
use WPM_User_Sync\Sync\Removals;
use WPM_User_Sync\Sync\Report;
use WPM_User_Sync\Sync\Site_Roles;

defined( 'ABSPATH' ) || exit;

/**
 * The work of an undo job. What a job changed is what the activity log recorded under its
 * number: events (one kind of change), each with its sites (the role before and after on
 * each) and its users. The undo reads them a few events at a time, by ID, and works in
 * units of one event's sites × users (at most PAIRS_PER_UNIT pairs taken back set-based, or
 * PAIRS_THROUGH_CORE put back through core, a few of core's queries each), each decided from the
 * log and the database and written under the write lock in one transaction with the job's
 * checkpoint; the cursor `{ event, user, site }` says where it resumes: memory stays flat
 * for a job of 10,000,000 memberships.
 *
 * For each site × user, a later entry of the log about that pair (any cause but this undo
 * itself) means someone changed it since: skipped (`changed_since`, noted `changed_by:<user
 * ID>` with who). Otherwise:
 * - a membership the job added is taken back if the person still has exactly the role the
 *   job gave (not a super admin, not the site's last administrator);
 * - a membership the job removed is put back, with the role before, if they are still not
 *   a member; their content, if the job gave it to someone, stays where it went (noted
 *   `content_not_returned`);
 * - a role the job changed is put back if it is still the one the job set.
 * A role is put back only where whoever asked could give it by hand: a privileged role
 * (`privileged_role`) only by a super admin or WP-CLI, others where they may promote the
 * person (`not_allowed`); a role the site no longer has is skipped (`role_missing`).
 *
 * Taking memberships back is set-based, as the engine writes: per site, one DELETE of the
 * capabilities and user level rows, the removal markers a network administrator's removal
 * leaves (a site administrator's own, for a site administrator undoing their site's sync),
 * and one event of the log — unless code other than this plugin listens to core's
 * `remove_user_from_blog`: then core's function, pair by pair. Putting back goes through
 * core (`add_user_to_blog()`, `WP_User::set_role()`), which clears the markers.
 *
 * @since 2.2.0
 */
final class Undoer {

	/**
	 * Site × user pairs per unit of work at most.
	 */
	public const PAIRS_PER_UNIT = 1000;

	/**
	 * Site × user pairs per unit at most when they are put back through core (memberships
	 * removed, roles changed): each pair is a few of core's queries, as for People_Work.
	 */
	public const PAIRS_THROUGH_CORE = 50;

	/**
	 * Users per unit at most (one IN list).
	 */
	private const USERS_PER_UNIT = 500;

	/**
	 * Events read per query.
	 */
	private const EVENTS_PER_READ = 20;

	/**
	 * A pair skipped: someone changed the membership or the role since the job did.
	 */
	public const SKIP_CHANGED_SINCE = 'changed_since';

	/**
	 * A note on pairs skipped as changed since, followed by who changed them (a user ID; 0 for nobody logged in).
	 */
	public const NOTE_CHANGED_BY = 'changed_by:';

	/**
	 * A note on memberships put back: the content the job gave to someone else stays theirs.
	 */
	public const NOTE_CONTENT_NOT_RETURNED = 'content_not_returned';

	/**
	 * How many role changes of an undo are being written right now: they are not copied to
	 * the person's other sites.
	 *
	 * @var int
	 */
	private static int $restoring_roles = 0;

	/**
	 * The undo job.
	 *
	 * @var Job
	 */
	private Job $job;

	/**
	 * The number of the job it takes back: its events carry it, whether or not the job is
	 * still in the history.
	 *
	 * @var int|null
	 */
	private ?int $target_id;

	/**
	 * Who and where (super admins).
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
	 * The network's rules.
	 *
	 * @var Policy
	 */
	private Policy $policy;

	/**
	 * Whether a role an undo puts back is being written.
	 *
	 * @since 2.2.0
	 */
	public static function is_restoring_roles(): bool {
		return self::$restoring_roles > 0;
	}

	/**
	 * Who changed what an undo skips as changed since, from its report's notes.
	 *
	 * @since 2.2.0
	 *
	 * @param Report $report An undo's preview or result.
	 * @return array<int, int> User ID (0 for nobody logged in) => pairs, the most first.
	 */
	public static function changed_by( Report $report ): array {
		$counts = array();
		foreach ( $report->notes() as $notes ) {
			foreach ( $notes as $note => $count ) {
				if ( str_starts_with( (string) $note, self::NOTE_CHANGED_BY ) ) {
					$actor            = (int) substr( (string) $note, strlen( self::NOTE_CHANGED_BY ) );
					$counts[ $actor ] = ( $counts[ $actor ] ?? 0 ) + $count;
				}
			}
		}
		arsort( $counts );
		return $counts;
	}

	/**
	 * Sets up the work of an undo job.
	 *
	 * @since 2.2.0
	 *
	 * @param Job $job The undo job.
	 */
	public function __construct( Job $job ) {
		$this->job        = $job;
		$this->target_id  = Undoable::undoes( $job );
		$this->population = new Population( new Settings( $job->network_id ), $job->network_id );
		$this->roles      = new Site_Roles();
		$this->policy     = new Policy( $this->population, $this->roles );
	}

	/**
	 * Takes back, or counts, from the cursor until the deadline.
	 *
	 * @since 2.2.0
	 *
	 * @param array<string, int>|null                         $cursor     `{ event, user, site }`; null to start.
	 * @param float                                           $deadline   When to stop, after a unit.
	 * @param int                                             $memory     Memory past which to stop, after a unit.
	 * @param bool                                            $dry_run    Count only.
	 * @param callable(Report, array<string, int>): void|null $checkpoint Progress recorder of the run.
	 *
	 * @throws Database_Error When the database fails; the unit it failed in wrote nothing.
	 */
	public function step( ?array $cursor, float $deadline, int $memory, bool $dry_run, ?callable $checkpoint ): Report {
		$report = new Report();
		if ( null === $this->target_id ) {
			return $report; // Not an undo: there is nothing to read.
		}
		$pace       = new Pace( $deadline, $memory );
		$event_from = null === $cursor ? $this->first_event() : (int) ( $cursor['event'] ?? 0 );
		// Where the cursor's event resumes; every later event starts at its beginning.
		$resume = array( $event_from, (int) ( $cursor['user'] ?? 0 ), (int) ( $cursor['site'] ?? 0 ) );
		/**
		 * Filters how many site × user pairs an undo works on per unit of work.
		 *
		 * @since 2.2.0
		 *
		 * @param int $pairs Pairs per unit. Default 1000; at most 50 where pairs are put back through core.
		 */
		$most = max( 1, (int) apply_filters( 'wpmus_undo_pairs_per_unit', self::PAIRS_PER_UNIT ) );
		while ( true ) {
			$events = $this->events( $event_from );
			if ( array() === $events ) {
				$report->cursor = null;
				return $report;
			}
			foreach ( $events as $event ) {
				$event_id                          = (int) $event['id'];
				list( , $after_user, $after_site ) = $event_id === $resume[0] ? $resume : array( 0, 0, 0 );
				// The size depends on the event alone, so that a unit resumed from the cursor is the unit it was.
				$pairs = Entry::ADDED === $event['kind'] ? $most : min( $most, self::PAIRS_THROUGH_CORE );
				while ( true ) {
					$users = $this->users_after( $event_id, $after_user, min( self::USERS_PER_UNIT, $pairs ) );
					if ( array() === $users ) {
						break;
					}
					$sites_per_unit = max( 1, min( Db::IN_LIST_MAX, intdiv( $pairs, count( $users ) ) ) );
					while ( true ) {
						$sites = $this->sites_after( $event_id, $after_site, $sites_per_unit );
						if ( array() === $sites ) {
							break;
						}
						if ( $pace->must_stop() ) {
							$report->cursor = array(
								'event' => $event_id,
								'user'  => $after_user,
								'site'  => $after_site,
							);
							return $report;
						}
						$next = array(
							'event' => $event_id,
							'user'  => $after_user,
							'site'  => (int) array_key_last( $sites ),
						);
						$this->unit( (string) $event['kind'], $event_id, $sites, $users, $report, $dry_run, $checkpoint, $next );
						$after_site = $next['site'];
						$pace->block_done();
					}
					$after_user = (int) end( $users );
					$after_site = 0;
				}
				$event_from = $event_id + 1;
			}
		}
	}

	/**
	 * One unit: counted, or written under the write lock in one transaction with the job's checkpoint.
	 *
	 * @param string                                            $kind       The event's kind (Entry::KINDS).
	 * @param int                                               $event_id   The event.
	 * @param array<int, array{0: string|null, 1: string|null}> $sites    Site ID => the role before and after the job.
	 * @param int[]                                             $users      The users, ascending.
	 * @param Report                                            $report     What the step did so far.
	 * @param bool                                              $dry_run    Count only.
	 * @param callable(Report, array<string, int>): void|null   $checkpoint Progress recorder of the run.
	 * @param array<string, int>                                $next       The cursor once this unit is done.
	 *
	 * @throws \Throwable What the work or the checkpoint threw; the unit wrote nothing then.
	 */
	private function unit( string $kind, int $event_id, array $sites, array $users, Report $report, bool $dry_run, ?callable $checkpoint, array $next ): void {
		if ( $dry_run ) {
			$done = new Report();
			$this->undo_pairs( $kind, $event_id, $sites, $users, $done, true );
			$report->merge( $done );
			return;
		}
		try {
			$done = Db::exclusively(
				function () use ( $kind, $event_id, $sites, $users, $report, $checkpoint, $next ): Report {
					$done = new Report();
					$this->undo_pairs( $kind, $event_id, $sites, $users, $done, false );
					if ( null !== $checkpoint ) {
						$so_far = clone $report;
						$so_far->merge( $done );
						$checkpoint( $so_far, $next );
					}
					return $done;
				}
			);
		} catch ( \Throwable $rolled_back ) {
			// Caches may hold what was read or written inside the transaction, which is gone now.
			wp_cache_delete_multiple( $users, 'user_meta' );
			throw $rolled_back;
		}
		$report->merge( $done );
	}

	/**
	 * Decides each pair of a unit, and writes what is taken back unless counting only.
	 *
	 * @param string                                            $kind     The event's kind.
	 * @param int                                               $event_id The event.
	 * @param array<int, array{0: string|null, 1: string|null}> $sites    Site ID => the role before and after the job.
	 * @param int[]                                             $users    The users, ascending.
	 * @param Report                                            $done     Where to count.
	 * @param bool                                              $dry_run  Count only.
	 *
	 * @throws Database_Error When the database fails.
	 */
	private function undo_pairs( string $kind, int $event_id, array $sites, array $users, Report $done, bool $dry_run ): void {
		$site_ids = array_keys( $sites );
		$later    = $this->later_changes( $event_id, $site_ids, $users );
		$held     = $this->memberships( $users, $site_ids );
		$existing = $this->existing( $users );
		$this->roles->load( $site_ids );
		$take_back = array();
		foreach ( $sites as $site_id => list( $before, $after ) ) {
			foreach ( $users as $user_id ) {
				if ( isset( $later[ $site_id ][ $user_id ] ) ) {
					$done->skip( $site_id, self::SKIP_CHANGED_SINCE );
					$done->note( $site_id, self::NOTE_CHANGED_BY . $later[ $site_id ][ $user_id ] );
					continue;
				}
				if ( ! isset( $existing[ $user_id ] ) ) {
					$done->skip( $site_id, Report::SKIP_INACTIVE );
					continue;
				}
				$now    = $held[ $site_id ][ $user_id ] ?? null;
				$reason = Entry::ADDED === $kind
					? $this->take_back_refusal( $user_id, $site_id, $now, (string) $after )
					: $this->put_back_refusal( $kind, $user_id, $site_id, $now, $before, $after );
				if ( null !== $reason ) {
					$done->skip( $site_id, $reason );
					continue;
				}
				if ( Entry::ADDED === $kind ) {
					$take_back[ $site_id ][ $user_id ] = true;
				} elseif ( ! $dry_run && ! $this->put_back( $kind, $user_id, $site_id, (string) $this->role_to_restore( $site_id, $before ) ) ) {
					$done->skip( $site_id, Report::SKIP_VETOED );
					continue;
				}
				$done->add( $site_id, 1 );
				if ( Entry::REMOVED === $kind && Undoable::content_was_reassigned( $this->job ) ) {
					$done->note( $site_id, self::NOTE_CONTENT_NOT_RETURNED );
				}
			}
		}
		if ( ! $dry_run && array() !== $take_back ) {
			$this->take_back( $take_back, $sites );
		}
	}

	/**
	 * Why a membership the job added is not taken back (a skip reason), or null.
	 *
	 * @param int           $user_id The user.
	 * @param int           $site_id The site.
	 * @param string[]|null $now     Their granted roles there now; null when not a member.
	 * @param string        $given   The role the job gave.
	 *
	 * @throws Database_Error When the database fails.
	 */
	private function take_back_refusal( int $user_id, int $site_id, ?array $now, string $given ): ?string {
		if ( array( $given ) !== $now ) {
			return self::SKIP_CHANGED_SINCE;
		}
		if ( $this->population->is_super_admin( $user_id ) ) {
			return Report::SKIP_SUPER_ADMIN;
		}
		if ( Memberships::is_last_administrator( $user_id, $site_id, $now ) ) {
			return Report::SKIP_LAST_ADMINISTRATOR;
		}
		return null;
	}

	/**
	 * Why a membership the job removed, or a role it changed, is not put back (a skip reason), or null.
	 *
	 * @param string        $kind    Entry::REMOVED or Entry::ROLE_CHANGED.
	 * @param int           $user_id The user.
	 * @param int           $site_id The site.
	 * @param string[]|null $now     Their granted roles there now; null when not a member.
	 * @param string|null   $before  The role (or roles, comma-separated) before the job.
	 * @param string|null   $after   The role the job set (role_changed).
	 *
	 * @throws Database_Error When the database fails.
	 */
	private function put_back_refusal( string $kind, int $user_id, int $site_id, ?array $now, ?string $before, ?string $after ): ?string {
		if ( Entry::REMOVED === $kind ? null !== $now : ( null === $after ? array() : array( $after ) ) !== $now ) {
			return self::SKIP_CHANGED_SINCE;
		}
		if ( array() === $this->policy->live_sites( array( $site_id ) ) ) {
			return Report::SKIP_SITE_INACTIVE;
		}
		$role = $this->role_to_restore( $site_id, $before );
		if ( null === $role ) {
			return Report::SKIP_ROLE;
		}
		if ( null !== $now && Memberships::ADMINISTRATOR !== $role && Memberships::is_last_administrator( $user_id, $site_id, $now ) ) {
			return Report::SKIP_LAST_ADMINISTRATOR;
		}
		if ( Undoable::trusted( $this->job ) ) {
			return null;
		}
		if ( $this->roles->is_privileged( $site_id, $role ) ) {
			return Report::SKIP_PRIVILEGED;
		}
		return $this->policy->may_give_role( $this->job->created_by, $user_id, $role, $site_id ) ? null : Report::SKIP_PERMISSION;
	}

	/**
	 * The role to put back: the first of the roles before that the site still defines.
	 *
	 * @param int         $site_id The site.
	 * @param string|null $before  The role (or roles, comma-separated) before the job.
	 */
	private function role_to_restore( int $site_id, ?string $before ): ?string {
		foreach ( explode( ',', (string) $before ) as $role ) {
			if ( '' !== $role && $this->roles->exists( $site_id, $role ) ) {
				return $role;
			}
		}
		return null;
	}

	/**
	 * Puts a membership or a role back through core, so every listener hears it.
	 *
	 * @param string $kind    Entry::REMOVED or Entry::ROLE_CHANGED.
	 * @param int    $user_id The user.
	 * @param int    $site_id The site.
	 * @param string $role    The role.
	 * @return bool Whether it was written (a filter of core may refuse a membership).
	 */
	private function put_back( string $kind, int $user_id, int $site_id, string $role ): bool {
		if ( Entry::REMOVED === $kind ) {
			return true === add_user_to_blog( $site_id, $user_id, $role );
		}
		switch_to_blog( $site_id );
		++self::$restoring_roles;
		try {
			( new WP_User( $user_id ) )->set_role( $role );
		} finally {
			--self::$restoring_roles;
			restore_current_blog();
		}
		return true;
	}

	/**
	 * Takes memberships back: set-based, or through core when other code listens to removals.
	 *
	 * @param array<int, array<int, true>>                      $take_back Site ID => [ user ID => true ].
	 * @param array<int, array{0: string|null, 1: string|null}> $sites     Site ID => the role before and after the job.
	 *
	 * @throws Database_Error When the database fails.
	 */
	private function take_back( array $take_back, array $sites ): void {
		$marker = Job::KIND_SITE === $this->job->kind && ! Undoable::trusted( $this->job ) ? Removals::META_KEY : Removals::NETWORK_META_KEY;
		$all    = array_keys( array_replace( ...array_values( $take_back ) ) );
		$marked = Removals::of_users( $all );
		if ( self::others_listen_to_removals() ) {
			foreach ( $take_back as $site_id => $users ) {
				foreach ( array_keys( $users ) as $user_id ) {
					remove_user_from_blog( $user_id, $site_id );
					if ( ! isset( $marked[ Removals::META_KEY ][ $site_id ][ $user_id ] ) && ! isset( $marked[ Removals::NETWORK_META_KEY ][ $site_id ][ $user_id ] ) ) {
						// Core's removal was marked as whoever runs this batch (WP-Cron, someone
						// stepping the job); the marker is the job's.
						delete_user_meta( $user_id, Removals::META_KEY, (string) $site_id );
						delete_user_meta( $user_id, Removals::NETWORK_META_KEY, (string) $site_id );
						add_user_meta( $user_id, $marker, (string) $site_id );
					}
				}
			}
			Db::check();
			return;
		}
		global $wpdb;
		$groups  = array();
		$markers = array();
		foreach ( $take_back as $site_id => $users ) {
			$ids = implode( ',', array_map( 'intval', array_keys( $users ) ) );
			Db::write( $wpdb->prepare( "DELETE FROM {$wpdb->usermeta} WHERE meta_key IN (%s, %s) AND user_id IN ($ids)", Memberships::capabilities_key( $site_id ), $wpdb->get_blog_prefix( $site_id ) . 'user_level' ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Integers.
			// As core does when someone leaves their primary site; core picks another one when it is next asked.
			Db::write( $wpdb->prepare( "UPDATE {$wpdb->usermeta} SET meta_value = '' WHERE meta_key IN ('primary_blog', 'source_domain') AND user_id IN ($ids) AND user_id IN (SELECT user_id FROM (SELECT user_id FROM {$wpdb->usermeta} WHERE meta_key = 'primary_blog' AND meta_value = %s AND user_id IN ($ids)) AS primary_here)", (string) $site_id ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Integers.
			foreach ( array_keys( $users ) as $user_id ) {
				if ( ! isset( $marked[ Removals::META_KEY ][ $site_id ][ $user_id ] ) && ! isset( $marked[ Removals::NETWORK_META_KEY ][ $site_id ][ $user_id ] ) ) {
					$markers[] = $wpdb->prepare( '(%d, %s, %s)', $user_id, $marker, (string) $site_id );
				}
			}
			$groups[ $ids ][ $site_id ] = array( $sites[ $site_id ][1], null );
		}
		if ( array() !== $markers ) {
			Db::write( "INSERT INTO {$wpdb->usermeta} (user_id, meta_key, meta_value) VALUES " . implode( ',', $markers ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Each row was prepared above.
		}
		$cause = Context::now( Cause::UNDO );
		$store = new Activity_Store();
		foreach ( $groups as $ids => $roles ) {
			$store->record_set( $this->job->network_id, $cause, Entry::REMOVED, $roles, array_map( 'intval', explode( ',', (string) $ids ) ) );
		}
		( new Membership_Writer() )->clean_caches( $take_back );
	}

	/**
	 * Whether code other than this plugin listens to core's `remove_user_from_blog`: then
	 * memberships are taken back through core's function, so that it hears each.
	 */
	private static function others_listen_to_removals(): bool {
		global $wp_filter;
		if ( ! has_action( 'remove_user_from_blog' ) ) {
			return false;
		}
		foreach ( $wp_filter['remove_user_from_blog']->callbacks as $callbacks ) {
			foreach ( $callbacks as $callback ) {
				$function = $callback['function'];
				$ours     = is_array( $function ) && ( $function[0] instanceof Removals || Activity_Log::class === $function[0] );
				if ( ! $ours ) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * The job's first event (through the events' index by job).
	 *
	 * @throws Database_Error When the database fails.
	 */
	private function first_event(): int {
		global $wpdb;
		$first = Db::value( $wpdb->prepare( 'SELECT MIN(id) FROM ' . Activity_Store::events_table() . ' WHERE job_id = %d AND network_id = %d', (int) $this->target_id, $this->job->network_id ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- The plugin's own table.
		return (int) $first;
	}

	/**
	 * The job's next events, from an ID on, in order.
	 *
	 * @param int $from The first event ID to read.
	 * @return array<int, array<string, string>>
	 *
	 * @throws Database_Error When the database fails.
	 */
	private function events( int $from ): array {
		global $wpdb;
		return Db::rows( $wpdb->prepare( 'SELECT id, kind FROM ' . Activity_Store::events_table() . ' WHERE id >= %d AND network_id = %d AND job_id = %d ORDER BY id LIMIT %d', $from, $this->job->network_id, (int) $this->target_id, self::EVENTS_PER_READ ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- The plugin's own table.
	}

	/**
	 * An event's next users after one, ascending.
	 *
	 * @param int $event_id The event.
	 * @param int $after    The last user done; 0 to start.
	 * @param int $limit    Users at most.
	 * @return int[]
	 *
	 * @throws Database_Error When the database fails.
	 */
	private function users_after( int $event_id, int $after, int $limit ): array {
		global $wpdb;
		$runs  = Db::rows( $wpdb->prepare( 'SELECT first_user, last_user FROM ' . Activity_Store::users_table() . ' WHERE event_id = %d AND first_user > %d AND last_user > %d ORDER BY first_user LIMIT %d', $event_id, $after - Activity_Store::RUN_SPAN, $after, $limit ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- The plugin's own table.
		$users = array();
		foreach ( $runs as list( $first, $last ) ) {
			foreach ( range( max( (int) $first, $after + 1 ), (int) $last ) as $user_id ) {
				if ( count( $users ) >= $limit ) {
					return $users;
				}
				$users[] = $user_id;
			}
		}
		return $users;
	}

	/**
	 * An event's next sites after one, ascending, with the role before and after on each.
	 *
	 * @param int $event_id The event.
	 * @param int $after    The last site done; 0 to start.
	 * @param int $limit    Sites at most.
	 * @return array<int, array{0: string|null, 1: string|null}>
	 *
	 * @throws Database_Error When the database fails.
	 */
	private function sites_after( int $event_id, int $after, int $limit ): array {
		global $wpdb;
		$sites = array();
		foreach ( Db::rows( $wpdb->prepare( 'SELECT site_id, role_before, role_after FROM ' . Activity_Store::sites_table() . ' WHERE event_id = %d AND site_id > %d ORDER BY site_id LIMIT %d', $event_id, $after, $limit ) ) as list( $site_id, $before, $after_role ) ) { // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- The plugin's own table.
			$sites[ (int) $site_id ] = array( null === $before ? null : (string) $before, null === $after_role ? null : (string) $after_role );
		}
		return $sites;
	}

	/**
	 * Who changed each pair since an event, from the log: the latest entry's actor.
	 *
	 * @param int   $event_id The event.
	 * @param int[] $site_ids Sites.
	 * @param int[] $users    Users, ascending.
	 * @return array<int, array<int, int>> Site ID => [ user ID => actor ID ].
	 *
	 * @throws Database_Error When the database fails.
	 */
	private function later_changes( int $event_id, array $site_ids, array $users ): array {
		global $wpdb;
		$sites  = implode( ',', array_map( 'intval', $site_ids ) );
		$rows   = Db::rows(
			$wpdb->prepare(
				'SELECT s.site_id, r.first_user, r.last_user, e.actor_id FROM ' . Activity_Store::sites_table() . ' s JOIN ' . Activity_Store::events_table() . ' e ON e.id = s.event_id JOIN ' . Activity_Store::users_table() . ' r ON r.event_id = s.event_id' // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- The plugin's own tables; integers.
				. " WHERE s.site_id IN ($sites) AND s.event_id > %d AND e.network_id = %d AND ( e.job_id IS NULL OR e.job_id <> %d ) AND r.first_user BETWEEN %d AND %d AND r.last_user >= %d ORDER BY s.event_id", // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Integers.
				$event_id,
				$this->job->network_id,
				$this->job->id,
				max( 0, (int) reset( $users ) - Activity_Store::RUN_SPAN + 1 ),
				(int) end( $users ),
				(int) reset( $users )
			)
		);
		$wanted = array_flip( $users );
		$later  = array();
		foreach ( $rows as list( $site_id, $first, $last, $actor ) ) {
			foreach ( range( (int) $first, (int) $last ) as $user_id ) {
				if ( isset( $wanted[ $user_id ] ) ) {
					$later[ (int) $site_id ][ $user_id ] = (int) $actor;
				}
			}
		}
		return $later;
	}

	/**
	 * The granted roles of some users on some sites, from their capabilities rows.
	 *
	 * @param int[] $users    Users.
	 * @param int[] $site_ids Sites.
	 * @return array<int, array<int, string[]>> Site ID => [ user ID => granted roles ]; non-members are absent.
	 *
	 * @throws Database_Error When the database fails.
	 */
	private function memberships( array $users, array $site_ids ): array {
		global $wpdb;
		$keys = array();
		foreach ( $site_ids as $site_id ) {
			$keys[ Memberships::capabilities_key( $site_id ) ] = $site_id;
		}
		$in   = implode( ',', array_map( static fn( string $key ): string => $wpdb->prepare( '%s', $key ), array_keys( $keys ) ) );
		$rows = Db::rows( "SELECT user_id, meta_key, meta_value FROM {$wpdb->usermeta} WHERE user_id IN (" . implode( ',', array_map( 'intval', $users ) ) . ") AND meta_key IN ($in)" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Integers, and keys prepared above.
		$held = array();
		foreach ( $rows as list( $user_id, $key, $value ) ) {
			$capabilities                                     = maybe_unserialize( (string) $value );
			$held[ $keys[ (string) $key ] ][ (int) $user_id ] = is_array( $capabilities ) ? array_map( 'strval', array_keys( array_filter( $capabilities ) ) ) : array();
		}
		return $held;
	}

	/**
	 * Which of these users still have an account.
	 *
	 * @param int[] $users Users.
	 * @return array<int, true>
	 *
	 * @throws Database_Error When the database fails.
	 */
	private function existing( array $users ): array {
		global $wpdb;
		$ids = Db::col( "SELECT ID FROM {$wpdb->users} WHERE ID IN (" . implode( ',', array_map( 'intval', $users ) ) . ')' ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Integers.
		return array_fill_keys( array_map( 'intval', $ids ), true );
	}
}
