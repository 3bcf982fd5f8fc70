<?php
/**
 * Job type: add people to sites.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Jobs\Types;

use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Type;
use WPM_User_Sync\People\Adder;
use WPM_User_Sync\Sync\Report;

defined( 'ABSPATH' ) || exit;

/**
 * Adds the job's users to its sites, with the role asked for or each site's default role (People\Adder). Counts are memberships added, or changed to the role asked for.
 *
 * @since 2.1.0
 */
final class Add_To_Sites implements Job_Type {

	/**
	 * The type's name.
	 */
	public const NAME = 'add_to_sites';

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
		return __( 'Add people to sites', 'wpm-user-sync' );
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
		return ( new Adder( $job ) )->step( $cursor, $deadline, $memory, $dry_run, $checkpoint );
	}
}
