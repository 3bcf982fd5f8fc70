<?php
/**
 * Copy_Role job type.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Jobs\Types;

use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Type;
use WPM_User_Sync\Sync\Report;
use WPM_User_Sync\Sync\Role_Replicator;

defined( 'ABSPATH' ) || exit;

/**
 * Copies a role change to the user's other sites, where the trust rules let it go: the
 * Role_Replicator, from the job's cursor. Counts are sites where the user has the role now.
 * A role change on a user who belongs to thousands of sites starts in the request that
 * made it and goes on as a job of this type.
 *
 * @since 2.0.1
 */
final class Copy_Role implements Job_Type {

	/**
	 * The type's name.
	 */
	public const NAME = 'copy_role';

	/**
	 * The name stored with each job.
	 *
	 * @since 2.0.1
	 */
	public function name(): string {
		return self::NAME;
	}

	/**
	 * The work in words.
	 *
	 * @since 2.0.1
	 */
	public function label(): string {
		return __( 'Copy a role change', 'wpm-user-sync' );
	}

	/**
	 * Copies, or counts, from the cursor until the deadline.
	 *
	 * @since 2.0.1
	 *
	 * @param Job                                             $job        The job.
	 * @param array<string, int>|null                         $cursor     Where to resume.
	 * @param float                                           $deadline   When to stop.
	 * @param int                                             $memory     Memory past which to stop.
	 * @param bool                                            $dry_run    Count only.
	 * @param callable(Report, array<string, int>): void|null $checkpoint Progress recorder of the run.
	 */
	public function step( Job $job, ?array $cursor, float $deadline, int $memory, bool $dry_run, ?callable $checkpoint ): Report {
		return Role_Replicator::for_network( $job->network_id )->run( $job->role_change(), $cursor, $deadline, $memory, $dry_run, $checkpoint );
	}
}
