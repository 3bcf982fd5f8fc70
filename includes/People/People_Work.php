<?php
/**
 * What adding and removing named people share: the walk, the units of work, the rules.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\People;

use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Settings;
use WPM_User_Sync\Sync\Database_Error;
use WPM_User_Sync\Sync\Db;
use WPM_User_Sync\Sync\Pace;
use WPM_User_Sync\Sync\Policy;
use WPM_User_Sync\Sync\Population;
use WPM_User_Sync\Sync\Report;
use WPM_User_Sync\Sync\Site_Roles;

defined( 'ABSPATH' ) || exit;

/**
 * A job about named people works in units — one site and up to USERS_PER_UNIT of its
 * people, or one person and a block of their sites — each decided from what the
 * database holds, then written through core's own functions (so every listener of
 * `add_user_to_blog`, `remove_user_from_blog` and `set_user_role` hears each change)
 * under the plugin's write lock, in one transaction with the job's checkpoint. A unit
 * re-run after a crash finds its work done and counts nothing twice; a run stops between
 * units at its deadline or memory budget (Pace) and resumes from its cursor.
 *
 * @since 2.1.0
 */
abstract class People_Work {

	/**
	 * People per unit of work on one site: each pair is a few of core's queries.
	 */
	public const USERS_PER_UNIT = 50;

	/**
	 * The network's rules.
	 *
	 * @var Policy
	 */
	protected Policy $policy;

	/**
	 * Who and where (super admins).
	 *
	 * @var Population
	 */
	protected Population $population;

	/**
	 * Roles per site.
	 *
	 * @var Site_Roles
	 */
	protected Site_Roles $roles;

	/**
	 * The job.
	 *
	 * @var Job
	 */
	protected Job $job;

	/**
	 * Sets up the work of a job.
	 *
	 * @since 2.1.0
	 *
	 * @param Job $job The job.
	 */
	public function __construct( Job $job ) {
		$this->job        = $job;
		$this->population = new Population( new Settings( $job->network_id ), $job->network_id );
		$this->roles      = new Site_Roles();
		$this->policy     = new Policy( $this->population, $this->roles );
	}

	/**
	 * Does, or counts, the work of the job from a cursor until a deadline.
	 *
	 * @since 2.1.0
	 *
	 * @param array<string, int>|null                         $cursor     Where to resume; null to start.
	 * @param float                                           $deadline   When to stop, after a unit.
	 * @param int                                             $memory     Memory past which to stop, after a unit.
	 * @param bool                                            $dry_run    Count only.
	 * @param callable(Report, array<string, int>): void|null $checkpoint Progress recorder of the run.
	 * @return Report What was done; its cursor is null when the work is finished.
	 *
	 * @throws Database_Error When the database fails; the unit it failed in wrote nothing.
	 */
	abstract public function step( ?array $cursor, float $deadline, int $memory, bool $dry_run, ?callable $checkpoint ): Report;

	/**
	 * Works on some users on one site: decides, and writes unless counting only.
	 *
	 * @since 2.1.0
	 *
	 * @param int    $site_id  The site.
	 * @param int[]  $user_ids The users, ascending.
	 * @param Report $done     Where to count what was done and skipped.
	 * @param bool   $dry_run  Count only.
	 *
	 * @throws Database_Error When the database fails.
	 */
	abstract protected function on_site( int $site_id, array $user_ids, Report $done, bool $dry_run ): void;

	/**
	 * Walks the sites in ascending order, and on each the job's users in units, from a
	 * cursor `{ site, user }`: the last site and user done.
	 *
	 * @since 2.1.0
	 *
	 * @param int[]                                           $site_ids   Sites, ascending.
	 * @param array<string, int>|null                         $cursor     Where to resume; null to start.
	 * @param Pace                                            $pace       When to stop.
	 * @param bool                                            $dry_run    Count only.
	 * @param callable(Report, array<string, int>): void|null $checkpoint Progress recorder of the run.
	 *
	 * @throws Database_Error When the database fails.
	 */
	protected function walk_sites( array $site_ids, ?array $cursor, Pace $pace, bool $dry_run, ?callable $checkpoint ): Report {
		$report     = new Report();
		$after_site = (int) ( $cursor['site'] ?? 0 );
		$after_user = (int) ( $cursor['user'] ?? 0 );
		$users      = (array) $this->job->user_ids;
		/**
		 * Filters how many people a job about named people works on per unit of work on one site.
		 *
		 * @since 2.1.0
		 *
		 * @param int $users_per_unit People per unit. Default 50.
		 */
		$per_unit = max( 1, (int) apply_filters( 'wpmus_people_users_per_unit', self::USERS_PER_UNIT ) );
		foreach ( $site_ids as $site_id ) {
			if ( $site_id < $after_site ) {
				continue;
			}
			$todo = $site_id === $after_site ? array_values( array_filter( $users, static fn( int $id ): bool => $id > $after_user ) ) : $users;
			foreach ( array_chunk( $todo, $per_unit ) as $unit ) {
				if ( $pace->must_stop() ) {
					$report->cursor = array(
						'site' => $after_site,
						'user' => $after_user,
					);
					return $report;
				}
				$next = array(
					'site' => $site_id,
					'user' => (int) end( $unit ),
				);
				$this->unit( fn( Report $done ) => $this->on_site( $site_id, $unit, $done, $dry_run ), $unit, $report, $dry_run, $checkpoint, $next );
				$after_site = $site_id;
				$after_user = $next['user'];
				$pace->block_done();
			}
		}
		$report->cursor = null;
		return $report;
	}

	/**
	 * One unit of work: counted, or written under the write lock in one transaction with the
	 * job's checkpoint (which throws to roll the unit back when the job was cancelled).
	 *
	 * @since 2.1.0
	 *
	 * @param callable(Report): void                          $work       Decides and writes; counts in the report it is given.
	 * @param int[]                                           $user_ids   The users the unit writes about.
	 * @param Report                                          $report     What the step did so far; the unit's counts are added.
	 * @param bool                                            $dry_run    Count only.
	 * @param callable(Report, array<string, int>): void|null $checkpoint Progress recorder of the run.
	 * @param array<string, int>                              $next       The cursor once this unit is done.
	 *
	 * @throws \Throwable What the work or the checkpoint threw (Database_Error: the database failed; Job_Stopped: the job
	 *                    was cancelled); the unit wrote nothing then.
	 */
	protected function unit( callable $work, array $user_ids, Report $report, bool $dry_run, ?callable $checkpoint, array $next ): void {
		if ( $dry_run ) {
			$done = new Report();
			$work( $done );
			$report->merge( $done );
			return;
		}
		try {
			$done = Db::exclusively(
				static function () use ( $work, $report, $checkpoint, $next ): Report {
					$done = new Report();
					$work( $done );
					if ( null !== $checkpoint ) {
						$so_far = clone $report;
						$so_far->merge( $done );
						$checkpoint( $so_far, $next );
					}
					return $done;
				}
			);
		} catch ( \Throwable $rolled_back ) {
			// Listeners of core's actions may have cached what they read inside the transaction, which is gone now.
			wp_cache_delete_multiple( $user_ids, 'user_meta' );
			throw $rolled_back;
		}
		$report->merge( $done );
	}

}
