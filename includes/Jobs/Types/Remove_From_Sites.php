<?php
/**
 * Job type: remove people from sites.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Jobs\Types;

use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Type;
use WPM_User_Sync\People\Remover;
use WPM_User_Sync\Sync\Report;

defined( 'ABSPATH' ) || exit;

/**
 * Removes the job's users from its sites, or from every site they belong to, reassigning their content as asked (People\Remover). Counts are memberships removed.
 *
 * @since 2.1.0
 */
final class Remove_From_Sites implements Job_Type {

	/**
	 * The type's name.
	 */
	public const NAME = 'remove_from_sites';

	/**
	 * The name stored with each job.
	 *
	 * @since 2.1.0
	 */
	public function name(): string {
		return self::NAME;
	}

	/**
	 * The work in words.
	 *
	 * @since 2.1.0
	 */
	public function label(): string {
		return __( 'Remove people from sites', 'wpm-user-sync' );
	}

	/**
	 * Does, or counts, the work from the cursor until the deadline.
	 *
	 * @since 2.1.0
	 *
	 * @param Job                                             $job        The job.
	 * @param array<string, int>|null                         $cursor     Where to resume.
	 * @param float                                           $deadline   When to stop.
	 * @param int                                             $memory     Memory past which to stop.
	 * @param bool                                            $dry_run    Count only.
	 * @param callable(Report, array<string, int>): void|null $checkpoint Progress recorder of the run.
	 */
	public function step( Job $job, ?array $cursor, float $deadline, int $memory, bool $dry_run, ?callable $checkpoint ): Report {
		return ( new Remover( $job ) )->step( $cursor, $deadline, $memory, $dry_run, $checkpoint );
	}
}
