<?php
/**
 * Ends the jobs nobody carries on, and trims the history.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Jobs;

defined( 'ABSPATH' ) || exit;

/**
 * The clean-up of the job table: previews nobody confirmed expire, running jobs whose
 * WP-Cron never came stop holding their sites and are eventually given up, and each
 * history keeps its last Job_Store::HISTORY finished jobs of each type and origin (role
 * copies, new users' syncs and drift checks never push a sync out of reach of undo). Every job it ends gets the
 * reason in words, and is ended with one conditional UPDATE, so a batch that moves the
 * job on at the same moment wins.
 *
 * @since 2.0.1
 */
final class Job_Cleanup {

	/**
	 * Seconds after which an unconfirmed preview expires.
	 */
	private const PREVIEW_EXPIRES = HOUR_IN_SECONDS;

	/**
	 * Seconds without progress after which a running job no longer holds its sites (and
	 * Network Home says it has stalled).
	 *
	 * @since 2.2.0 Public.
	 */
	public const STALLED_AFTER = 10 * MINUTE_IN_SECONDS;

	/**
	 * Seconds without progress after which a running job is given up.
	 */
	private const ABANDONED_AFTER = DAY_IN_SECONDS;

	/**
	 * Where jobs are kept.
	 *
	 * @var Job_Store
	 */
	private Job_Store $store;

	/**
	 * Sets up the clean-up.
	 *
	 * @since 2.0.1
	 *
	 * @param Job_Store $store Job storage.
	 */
	public function __construct( Job_Store $store ) {
		$this->store = $store;
	}

	/**
	 * Ends a network's previews left waiting for an hour (cancelled) and its running jobs
	 * that have not moved for a day (failed).
	 *
	 * @since 2.0.0 As Job_Store::expire().
	 * @since 2.0.1 Returns the jobs it ended.
	 *
	 * @param int $network_id Network ID.
	 * @return Job[] The jobs it ended.
	 */
	public function expire( int $network_id ): array {
		return array_merge(
			$this->end_idle(
				$network_id,
				array( Job::PREVIEWING, Job::READY ),
				self::PREVIEW_EXPIRES,
				Job::CANCELLED,
				__( 'This preview expired: nobody confirmed it within an hour.', 'wpm-user-sync' )
			),
			$this->end_idle(
				$network_id,
				array( Job::RUNNING ),
				self::ABANDONED_AFTER,
				Job::FAILED,
				__( 'This sync stopped: it had not moved on for a long time (WP-Cron did not run it and nobody kept its screen open). What it wrote stays; start a new sync to finish the work.', 'wpm-user-sync' )
			)
		);
	}

	/**
	 * Stops a running job that has not moved for 10 minutes, when another job needs its
	 * sites, so that it cannot block every other sync forever.
	 *
	 * @since 2.0.1
	 *
	 * @param Job $running A running job.
	 * @return Job|null The job, ended; null when it is still under way.
	 */
	public function release_stalled( Job $running ): ?Job {
		$ended = $this->end_if_idle(
			$running->id,
			array( Job::RUNNING ),
			time() - self::STALLED_AFTER,
			Job::FAILED,
			__( 'This sync stopped: it had not moved on for 10 minutes (WP-Cron did not run it and nobody kept its screen open), and another sync needed its sites. What it wrote stays.', 'wpm-user-sync' )
		);
		return $ended ? $this->store->find( $running->id, $running->network_id ) : null;
	}

	/**
	 * Keeps the newest finished jobs of the history a job belongs to (the network's, or
	 * one site's), per type and origin: a flood of one kind (an import's new users, a bulk
	 * role change's copies) never pushes a sync out of reach of undo.
	 *
	 * @since 2.0.1
	 * @since 2.2.0 Per type and origin.
	 *
	 * @param Job $job A job that just ended.
	 */
	public function prune( Job $job ): void {
		global $wpdb;
		$table  = Job_Store::table();
		$oldest = $wpdb->get_var(
			$wpdb->prepare(
				"SELECT id FROM {$table} WHERE network_id = %d AND scope = %d AND type = %s AND origin = %s AND status IN ('done','cancelled','failed') ORDER BY id DESC LIMIT 1 OFFSET %d", // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- The plugin's own table name.
				$job->network_id,
				$job->scope(),
				$job->type,
				$job->origin,
				Job_Store::HISTORY - 1
			)
		);
		if ( null !== $oldest ) {
			$wpdb->query(
				$wpdb->prepare( "DELETE FROM {$table} WHERE network_id = %d AND scope = %d AND type = %s AND origin = %s AND status IN ('done','cancelled','failed') AND id < %d", $job->network_id, $job->scope(), $job->type, $job->origin, (int) $oldest ) // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- The plugin's own table name.
			);
		}
	}

	/**
	 * Ends every job of a network in these statuses that has not moved for a while and that
	 * no batch holds.
	 *
	 * @param int      $network_id Network ID.
	 * @param string[] $statuses   Statuses it may be in.
	 * @param int      $idle       Seconds without a change.
	 * @param string   $status     Job::CANCELLED or Job::FAILED.
	 * @param string   $reason     Why, in words.
	 * @return Job[] The jobs it ended.
	 */
	private function end_idle( int $network_id, array $statuses, int $idle, string $status, string $reason ): array {
		global $wpdb;
		$since = time() - $idle;
		$ids   = $wpdb->get_col(
			$wpdb->prepare(
				'SELECT id FROM ' . Job_Store::table() . ' WHERE network_id = %d AND status IN (' . implode( ',', array_fill( 0, count( $statuses ), '%s' ) ) . ') AND updated_at < %d AND lock_until < %d', // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- The plugin's own table name and one placeholder per status.
				array_merge( array( $network_id ), $statuses, array( $since, time() ) )
			)
		);
		$ended = array();
		foreach ( $ids as $id ) {
			if ( $this->end_if_idle( (int) $id, $statuses, $since, $status, $reason ) ) {
				$job = $this->store->find( (int) $id, $network_id );
				if ( $job ) {
					$ended[] = $job;
				}
			}
		}
		return $ended;
	}

	/**
	 * Ends one job if it is still in one of these statuses, has not moved since a time and
	 * no batch holds it.
	 *
	 * @param int      $id       Job ID.
	 * @param string[] $statuses Statuses it may be in.
	 * @param int      $since    Unix time it must not have changed since.
	 * @param string   $status   Job::CANCELLED or Job::FAILED.
	 * @param string   $reason   Why, in words.
	 * @return bool Whether it was ended.
	 */
	private function end_if_idle( int $id, array $statuses, int $since, string $status, string $reason ): bool {
		global $wpdb;
		$now = time();
		// A preview's checkpoint means nothing once it is cancelled; a failed run keeps what its blocks committed.
		$checkpoint = Job::CANCELLED === $status ? ', checkpoint = NULL' : '';
		$ended      = $wpdb->query(
			$wpdb->prepare(
				'UPDATE ' . Job_Store::table() . " SET status = %s, finished_at = %d, last_error = %s{$checkpoint}, updated_at = %d, version = version + 1 WHERE id = %d AND status IN (" . implode( ',', array_fill( 0, count( $statuses ), '%s' ) ) . ') AND updated_at < %d AND lock_until < %d', // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- The plugin's own table name, a fixed clause and one placeholder per status.
				array_merge( array( $status, $now, $reason, $now, $id ), $statuses, array( $since, $now ) )
			)
		);
		return 1 === $ended;
	}
}
