<?php
/**
 * One batch at a time per job.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Jobs;

defined( 'ABSPATH' ) || exit;

/**
 * The lock a batch holds on its job: a token and a time in the job's row, taken with one
 * conditional UPDATE, so two batches of a job never run at once. A batch that dies keeps
 * the lock until its time runs out; each block it writes extends it
 * (Job_Store::checkpoint(), which writes only while the token still holds the lock).
 *
 * @since 2.0.1
 */
final class Job_Lock {

	/**
	 * Seconds a batch keeps its job locked beyond its budget: how long a batch that died
	 * holds the job up.
	 */
	public const MARGIN = 15;

	/**
	 * Takes the job's lock for one batch, unless another batch holds it.
	 *
	 * @since 2.0.0 As Job_Store::lock().
	 * @since 2.0.1 A class of its own.
	 *
	 * @param Job $job     The job.
	 * @param int $seconds How long the lock lasts if the batch dies without releasing it.
	 * @return string|null The token to release it with, or null when the job is locked.
	 */
	public function take( Job $job, int $seconds ): ?string {
		global $wpdb;
		$token = wp_generate_password( 32, false );
		$now   = time();
		$taken = $wpdb->query(
			$wpdb->prepare(
				'UPDATE ' . Job_Store::table() . ' SET lock_token = %s, lock_until = %d WHERE id = %d AND lock_until < %d', // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- The plugin's own table name.
				$token,
				$now + $seconds,
				$job->id,
				$now
			)
		);
		return 1 === $taken ? $token : null;
	}

	/**
	 * Releases the job's lock, if the token still holds it.
	 *
	 * @since 2.0.0 As Job_Store::unlock().
	 * @since 2.0.1 A class of its own.
	 *
	 * @param Job    $job   The job.
	 * @param string $token Token from take().
	 */
	public function release( Job $job, string $token ): void {
		global $wpdb;
		$wpdb->query(
			$wpdb->prepare( 'UPDATE ' . Job_Store::table() . " SET lock_token = '', lock_until = 0 WHERE id = %d AND lock_token = %s", $job->id, $token ) // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- The plugin's own table name.
		);
	}
}
