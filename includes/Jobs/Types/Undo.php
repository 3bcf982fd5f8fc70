<?php
/**
 * Job type: undo another job.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Jobs\Types;

use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Type;
use WPM_User_Sync\Sync\Report;
use WPM_User_Sync\Undo\Undoer;

defined( 'ABSPATH' ) || exit;

/**
 * Takes back what a finished job changed, where nobody changed it since (Undo\Undoer).
 * Counts are memberships and roles taken back, or put back. The job it undoes is in its
 * arguments (Undo\Undoable::undoes()).
 *
 * @since 2.2.0
 */
final class Undo implements Job_Type {

	/**
	 * The type's name.
	 */
	public const NAME = 'undo';

	/**
	 * The name stored with each job.
	 *
	 * @since 2.2.0
	 */
	public function name(): string {
		return self::NAME;
	}

	/**
	 * The work in words.
	 *
	 * @since 2.2.0
	 */
	public function label(): string {
		return __( 'Undo a job', 'wpm-user-sync' );
	}

	/**
	 * Takes back, or counts, from the cursor until the deadline.
	 *
	 * @since 2.2.0
	 *
	 * @param Job                                             $job        The job.
	 * @param array<string, int>|null                         $cursor     Where to resume.
	 * @param float                                           $deadline   When to stop.
	 * @param int                                             $memory     Memory past which to stop.
	 * @param bool                                            $dry_run    Count only.
	 * @param callable(Report, array<string, int>): void|null $checkpoint Progress recorder of the run.
	 */
	public function step( Job $job, ?array $cursor, float $deadline, int $memory, bool $dry_run, ?callable $checkpoint ): Report {
		return ( new Undoer( $job ) )->step( $cursor, $deadline, $memory, $dry_run, $checkpoint );
	}
}
