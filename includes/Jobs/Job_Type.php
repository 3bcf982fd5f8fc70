<?php
/**
 * A kind of work that jobs carry.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Jobs;

use WPM_User_Sync\Sync\Database_Error;
use WPM_User_Sync\Sync\Report;

defined( 'ABSPATH' ) || exit;

/**
 * What the pipeline (Job_Runner) needs from a kind of work: a name to store, a label to show,
 * and one time-boxed step from a cursor — counting only for the preview, writing for the run.
 * The pipeline does everything else: storing, locking, budgets, WP-Cron, retries, history,
 * clean-up and the lifecycle actions.
 *
 * A step reports in a Report: per site, how many pairs it did (or would do) and how many it
 * skipped, by reason; the label says what "did" means for this work. Register a new type in
 * Job_Types.
 *
 * @since 2.0.1
 */
interface Job_Type {

	/**
	 * The name stored with each job of this type (at most 40 characters, [a-z_]).
	 *
	 * @since 2.0.1
	 */
	public function name(): string;

	/**
	 * The work in words, e.g. "Add missing memberships".
	 *
	 * @since 2.0.1
	 */
	public function label(): string;

	/**
	 * Does, or counts, the work of a job from a cursor until a deadline.
	 *
	 * @since 2.0.1
	 *
	 * @param Job                                             $job        The job: what to work on.
	 * @param array<string, int>|null                         $cursor     Where to resume; null to start.
	 * @param float                                           $deadline   `microtime( true )` after which to stop; at least one unit of work
	 *                                                                    is done first, so every step makes progress.
	 * @param int                                             $memory     Bytes of memory (memory_get_usage( true )) past which to stop, like
	 *                                                                    the deadline, after a unit of work.
	 * @param bool                                            $dry_run    True for the preview: count what would be done, write nothing.
	 * @param callable(Report, array<string, int>): void|null $checkpoint For the run: called inside the transaction of each unit of work
	 *                                                                    written, with what this step did so far and the cursor after the
	 *                                                                    unit; it throws to roll the unit back.
	 * @return Report What was done (or would be); its cursor is null when the work is finished.
	 *
	 * @throws Database_Error When the database fails; the unit it failed in wrote nothing.
	 */
	public function step( Job $job, ?array $cursor, float $deadline, int $memory, bool $dry_run, ?callable $checkpoint ): Report;
}
