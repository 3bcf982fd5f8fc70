<?php
/**
 * The job type of a drift check.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Health;

use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Type;
use WPM_User_Sync\Jobs\Types\Add_Memberships;
use WPM_User_Sync\Sync\Report;

defined( 'ABSPATH' ) || exit;

/**
 * A check of how far the network has drifted from its rules: the preview of the network
 * sync (Add_Memberships, with the same rules: removals respected, excluded sites and super
 * admins left out as Options say), and nothing else. It has a type of its own so that the
 * history shows it as a check, not as a sync that added nothing, and so that it never holds
 * sites that a sync needs (jobs of different types do not meet). Its run writes nothing,
 * whoever confirms it.
 *
 * @since 2.2.0
 */
final class Check_Drift implements Job_Type {

	/**
	 * The type's name.
	 */
	public const NAME = 'check_drift';

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
		return __( 'Drift check (nothing written)', 'wpm-user-sync' );
	}

	/**
	 * Counts the memberships the network sync would add, from the cursor until the deadline.
	 *
	 * @since 2.2.0
	 *
	 * @param Job                                             $job        The job.
	 * @param array<string, int>|null                         $cursor     Where to resume.
	 * @param float                                           $deadline   When to stop.
	 * @param int                                             $memory     Memory past which to stop.
	 * @param bool                                            $dry_run    Count only; a run does nothing.
	 * @param callable(Report, array<string, int>): void|null $checkpoint Not used: a check writes nothing.
	 */
	public function step( Job $job, ?array $cursor, float $deadline, int $memory, bool $dry_run, ?callable $checkpoint ): Report {
		if ( ! $dry_run ) {
			return new Report(); // Done at once: a check is never a change.
		}
		return ( new Add_Memberships() )->step( $job, $cursor, $deadline, $memory, true, null );
	}
}
