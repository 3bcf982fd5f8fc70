<?php
/**
 * Job type: add the missing memberships.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Jobs\Types;

use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Type;
use WPM_User_Sync\Sync\Membership_Engine;
use WPM_User_Sync\Sync\Report;
use WPM_User_Sync\Sync\Sync_Request;

defined( 'ABSPATH' ) || exit;

/**
 * Adds every user in scope to the job's sites where they are missing, with each site's
 * default role: the Membership_Engine, from the job's cursor. Counts are memberships added
 * (or that would be added).
 *
 * @since 2.0.1
 */
final class Add_Memberships implements Job_Type {

	/**
	 * The type's name; every job stored before types existed is of this type.
	 */
	public const NAME = 'add_memberships';

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
		return __( 'Add missing memberships', 'wpm-user-sync' );
	}

	/**
	 * What the engine is asked to do for a job.
	 *
	 * @since 2.0.0 As Job::request().
	 * @since 2.0.1 Moved here.
	 *
	 * @param Job $job The job.
	 */
	public function request( Job $job ): Sync_Request {
		// A site's own sync never undoes a network administrator's removal.
		$undo = Sync_Request::KEEP_REMOVED;
		if ( $job->add_removed ) {
			$undo = Job::KIND_SITE === $job->kind ? Sync_Request::ADD_REMOVED_BY_SITE : Sync_Request::ADD_REMOVED_ALL;
		}
		return new Sync_Request( $job->user_ids, $job->site_ids, $undo );
	}

	/**
	 * Adds, or counts, the missing memberships from the cursor until the deadline.
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
		return Membership_Engine::for_network( $job->network_id )->run( $this->request( $job ), $cursor, $deadline, $dry_run, $checkpoint, $memory );
	}
}
