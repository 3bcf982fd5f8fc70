<?php
/**
 * The network sync that runs by itself.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Health;

use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Cleanup;
use WPM_User_Sync\Jobs\Job_Error;
use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Jobs\Network_Changes;
use WPM_User_Sync\Jobs\Types\Add_Memberships;
use WPM_User_Sync\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * "Reconcile automatically" (the `reconcile` setting: never, daily or weekly): when due, the
 * network sync — the same job as "Sync from scratch", removals respected — is created and
 * started without a preview or a confirmation, by nobody (origin reconcile), and goes on like
 * any running job (WP-Cron, `wp user-sync run`). It is never started while a running sync
 * holds the network's sites: it is tried again at the next tick of the five-minute watch.
 * Changing the setting counts the interval again from now.
 *
 * @since 2.2.0
 */
final class Reconcile {

	/**
	 * The network option that keeps when the next run is due (Unix time; 0: never) and the
	 * last run's job ID.
	 */
	public const STATE_OPTION = 'wpmus_reconcile_state';

	/**
	 * Seconds between runs, by schedule.
	 */
	public const INTERVALS = array(
		'daily'  => DAY_IN_SECONDS,
		'weekly' => 7 * DAY_IN_SECONDS,
	);

	/**
	 * The network.
	 *
	 * @var int
	 */
	private int $network_id;

	/**
	 * Where jobs are kept.
	 *
	 * @var Job_Store
	 */
	private Job_Store $store;

	/**
	 * Sets up the reconcile of a network.
	 *
	 * @since 2.2.0
	 *
	 * @param int       $network_id Network ID.
	 * @param Job_Store $store      Job storage.
	 */
	public function __construct( int $network_id, Job_Store $store ) {
		$this->network_id = $network_id;
		$this->store      = $store;
	}

	/**
	 * Reschedules when the setting changes.
	 *
	 * @since 2.2.0
	 */
	public static function register(): void {
		$option = Settings::definition( 'reconcile' )->option;
		add_action(
			"add_site_option_{$option}",
			static function ( $name, $value, $network_id ): void {
				( new self( (int) $network_id, new Job_Store() ) )->reschedule();
			},
			10,
			3
		);
		add_action(
			"update_site_option_{$option}",
			static function ( $name, $value, $old_value, $network_id ): void {
				( new self( (int) $network_id, new Job_Store() ) )->reschedule();
			},
			10,
			4
		);
	}

	/**
	 * The schedule: never, daily or weekly.
	 *
	 * @since 2.2.0
	 */
	public function schedule(): string {
		return ( new Settings( $this->network_id ) )->reconcile_schedule();
	}

	/**
	 * When the next run is due (Unix time); null when the schedule is never.
	 *
	 * @since 2.2.0
	 */
	public function next(): ?int {
		$interval = self::INTERVALS[ $this->schedule() ] ?? null;
		if ( null === $interval ) {
			return null;
		}
		$next = $this->state()['next'];
		if ( 0 === $next ) {
			// Set before this version counted (or by other code): one interval from now.
			$next = time() + $interval;
			$this->save_state( $next, $this->state()['job'] );
		}
		return $next;
	}

	/**
	 * Counts the interval again from now (or clears it for never).
	 *
	 * @since 2.2.0
	 */
	public function reschedule(): void {
		$interval = self::INTERVALS[ $this->schedule() ] ?? null;
		$this->save_state( null === $interval ? 0 : time() + $interval, $this->state()['job'] );
	}

	/**
	 * Starts the network sync when it is due and no running sync holds the sites.
	 *
	 * @since 2.2.0
	 *
	 * @return Job|null The sync started, running; null when none was.
	 */
	public function run_due(): ?Job {
		$next = $this->next();
		if ( null === $next || time() < $next || $this->network_busy() ) {
			return null;
		}
		$job                = new Job( $this->network_id, Job::KIND_NETWORK, null, false, 0 );
		$job->origin        = Job::ORIGIN_RECONCILE;
		$job->status        = Job::READY; // No preview: nobody is there to confirm one.
		$job->network_state = Network_Changes::state( $this->network_id );
		$this->store->save( $job );
		$runner = new Job_Runner( $this->network_id, $this->store );
		try {
			$runner->start( $job );
		} catch ( Job_Error $refused ) {
			// A sync started between the look and the start: this one gives way, and the next tick tries again.
			try {
				$runner->cancel( $job );
			} catch ( Job_Error $ended ) {
				unset( $ended ); // Already ended.
			}
			return null;
		}
		$this->save_state( time() + (int) self::INTERVALS[ $this->schedule() ], $job->id );
		return $job;
	}

	/**
	 * The last run: its job, how many memberships it added, its status, and when it ended
	 * (Unix time, or null while it runs); null before the first run, or once the history
	 * no longer has it.
	 *
	 * @since 2.2.0
	 *
	 * @return array{job: int, added: int, status: string, finishedAt: int|null}|null
	 */
	public function last_run(): ?array {
		$job_id = $this->state()['job'];
		$job    = 0 === $job_id ? null : $this->store->find( $job_id, $this->network_id );
		if ( null === $job ) {
			return null;
		}
		return array(
			'job'        => $job->id,
			'added'      => $job->result->added() + ( null === $job->checkpoint ? 0 : $job->checkpoint->added() ),
			'status'     => $job->status,
			'finishedAt' => $job->finished_at,
		);
	}

	/**
	 * Whether a running sync that still moves holds the network's sites (a network sync
	 * meets every running sync, Job::overlaps()). One stalled for 10 minutes does not: the
	 * start stops it, with the reason.
	 */
	private function network_busy(): bool {
		global $wpdb;
		return null !== $wpdb->get_var(
			$wpdb->prepare(
				'SELECT id FROM ' . Job_Store::table() . ' WHERE network_id = %d AND type = %s AND status = %s AND updated_at >= %d LIMIT 1', // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- The plugin's own table name.
				$this->network_id,
				Add_Memberships::NAME,
				Job::RUNNING,
				time() - Job_Cleanup::STALLED_AFTER
			)
		);
	}

	/**
	 * The stored state.
	 *
	 * @return array{next: int, job: int}
	 */
	private function state(): array {
		$stored = get_network_option( $this->network_id, self::STATE_OPTION );
		$stored = is_array( $stored ) ? $stored : array();
		return array(
			'next' => (int) ( $stored['next'] ?? 0 ),
			'job'  => (int) ( $stored['job'] ?? 0 ),
		);
	}

	/**
	 * Stores the state.
	 *
	 * @param int $next   When the next run is due; 0 for never.
	 * @param int $job_id The last run's job ID; 0 for none.
	 */
	private function save_state( int $next, int $job_id ): void {
		update_network_option(
			$this->network_id,
			self::STATE_OPTION,
			array(
				'next' => $next,
				'job'  => $job_id,
			)
		);
	}
}
