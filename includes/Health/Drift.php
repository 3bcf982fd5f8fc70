<?php
/**
 * How far the network has drifted from its rules.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Health;

use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Budget;
use WPM_User_Sync\Jobs\Job_Cleanup;
use WPM_User_Sync\Jobs\Job_Error;
use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Jobs\Types\Add_Memberships;
use WPM_User_Sync\Jobs\Types\Add_To_Sites;
use WPM_User_Sync\Jobs\Types\Remove_From_Sites;
use WPM_User_Sync\Sync\Database_Error;
use WPM_User_Sync\Sync\Db;

defined( 'ABSPATH' ) || exit;

/**
 * The drift: how many memberships the network's rules expect but are missing, on how many
 * sites, as of when. A check is a job of the pipeline (type Check_Drift, origin drift): the
 * network sync's preview in time-boxed batches, carried on by its own WP-Cron event (previews
 * are otherwise driven by a screen), by `wp user-sync run`, or by Network Home's own steps.
 * When the preview is done the result is kept in a network option and the job ends done.
 * One check at a time per network; a check starts every day (Background_Work), a minute
 * after a sync that changed memberships ends, and when someone asks (POST /drift).
 *
 * @since 2.2.0
 */
final class Drift {

	/**
	 * The network option that keeps the last result.
	 */
	public const OPTION = 'wpmus_drift';

	/**
	 * The WP-Cron hook that carries a check on (job ID, network ID), on the network's main site.
	 */
	public const STEP_HOOK = 'wpmus_check_drift';

	/**
	 * The WP-Cron hook that starts a check after a sync ended (network ID), on the main site.
	 */
	public const DUE_HOOK = 'wpmus_drift_due';

	/**
	 * Seconds after which a result is old enough to check again.
	 */
	public const REFRESH_AFTER = DAY_IN_SECONDS;

	/**
	 * Seconds between a sync's end and the check that follows it: syncs that end together
	 * are checked once.
	 */
	private const AFTER_SYNC_DELAY = MINUTE_IN_SECONDS;

	/**
	 * Seconds after which a check that has not moved no longer counts as running (previews
	 * nobody carries on expire after an hour: Job_Cleanup).
	 */
	private const DEAD_AFTER = HOUR_IN_SECONDS;

	/**
	 * The job types whose end changes the drift.
	 */
	private const CHANGES_MEMBERSHIPS = array( Add_Memberships::NAME, Add_To_Sites::NAME, Remove_From_Sites::NAME );

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
	 * Sets up the drift of a network.
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
	 * Hooks the check's continuation, its end, and the check after a sync.
	 *
	 * @since 2.2.0
	 */
	public static function register(): void {
		add_action( 'wpmus_job_step', array( self::class, 'after_step' ) );
		add_action( 'wpmus_job_finished', array( self::class, 'after_job' ) );
		add_action(
			self::STEP_HOOK,
			static function ( $job_id, $network_id ): void {
				( new self( (int) $network_id, new Job_Store() ) )->carry_on( (int) $job_id );
			},
			10,
			2
		);
		add_action(
			self::DUE_HOOK,
			static function ( $network_id ): void {
				( new self( (int) $network_id, new Job_Store() ) )->start_unless_running();
			}
		);
	}

	/**
	 * After any batch: a check whose preview is done records its result and ends.
	 *
	 * @since 2.2.0
	 *
	 * @param mixed $job The job, as the batch left it.
	 */
	public static function after_step( $job ): void {
		if ( $job instanceof Job && Check_Drift::NAME === $job->type && Job::READY === $job->status ) {
			( new self( $job->network_id, new Job_Store() ) )->record( $job );
		}
	}

	/**
	 * After a job that someone ran and that changed memberships ended done: a check, a minute
	 * later. A trigger's job (a new user's or new site's sync) does what the rules say for one
	 * person or site: checking the whole network after each would run checks back to back
	 * through an import; the daily check counts it.
	 *
	 * @since 2.2.0
	 *
	 * @param mixed $job The job.
	 */
	public static function after_job( $job ): void {
		if ( ! $job instanceof Job || Job::DONE !== $job->status || ! in_array( $job->type, self::CHANGES_MEMBERSHIPS, true )
			|| in_array( $job->origin, array( Job::ORIGIN_NEW_USER, Job::ORIGIN_NEW_SITE ), true ) || 0 === $job->result->added() ) {
			return; // Nor does a job that changed nothing (an empty site sync) move the drift.
		}
		$args = array( $job->network_id );
		switch_to_blog( get_main_site_id( $job->network_id ) );
		try {
			if ( ! wp_next_scheduled( self::DUE_HOOK, $args ) ) {
				wp_schedule_single_event( time() + self::AFTER_SYNC_DELAY, self::DUE_HOOK, $args );
			}
		} finally {
			restore_current_blog();
		}
	}

	/**
	 * Starts a check.
	 *
	 * @since 2.2.0
	 *
	 * @return Job The check, previewing.
	 *
	 * @throws Job_Error When a check is running (`wpmus_drift_running`), or another is being started (`wpmus_drift_busy`).
	 */
	public function start(): Job {
		try {
			$job = Db::locked( 'drift_' . $this->network_id, 5, fn(): Job => $this->create_unless_running() );
		} catch ( Database_Error $busy ) {
			throw new Job_Error( 'wpmus_drift_busy', __( 'A drift check is being started right now. Try again in a moment.', 'wpm-user-sync' ) );
		}
		$this->schedule( $job->id, 0 );
		return $job;
	}

	/**
	 * Starts a check unless one is running (or being started).
	 *
	 * @since 2.2.0
	 *
	 * @return Job|null The check started; null when one was already under way.
	 */
	public function start_unless_running(): ?Job {
		try {
			return $this->start();
		} catch ( Job_Error $running ) {
			return null;
		}
	}

	/**
	 * Starts a check when the last result is a day old (or there is none), and gives a
	 * running check back its WP-Cron event if it lost it.
	 *
	 * @since 2.2.0
	 *
	 * @return Job|null The check started, if any.
	 */
	public function run_due(): ?Job {
		$running = $this->running();
		if ( null !== $running ) {
			$this->schedule( $running, 0 );
			return null;
		}
		$result = $this->result();
		if ( null !== $result && time() - $result['checkedAt'] < self::REFRESH_AFTER ) {
			return null;
		}
		return $this->start_unless_running();
	}

	/**
	 * WP-Cron: one batch of a check, then the next one is scheduled.
	 *
	 * @since 2.2.0
	 *
	 * @param int $job_id The check's job ID.
	 */
	public function carry_on( int $job_id ): void {
		$job = $this->store->find( $job_id, $this->network_id );
		if ( ! $job || Check_Drift::NAME !== $job->type || Job::PREVIEWING !== $job->status ) {
			return;
		}
		$job = ( new Job_Runner( $this->network_id, $this->store ) )->step( $job, Job_Budget::for( Job_Budget::CRON, $job ) );
		if ( Job::PREVIEWING === $job->status ) {
			$this->schedule( $job->id, null === $job->waiting ? 5 : $job->waiting + 1 );
		}
	}

	/**
	 * The check under way, by job ID; null when none is.
	 *
	 * @since 2.2.0
	 */
	public function running(): ?int {
		global $wpdb;
		$id = $wpdb->get_var(
			$wpdb->prepare(
				'SELECT id FROM ' . Job_Store::table() . ' WHERE network_id = %d AND type = %s AND status IN (%s, %s) AND updated_at >= %d ORDER BY id DESC LIMIT 1', // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- The plugin's own table name.
				$this->network_id,
				Check_Drift::NAME,
				Job::PREVIEWING,
				Job::READY,
				time() - self::DEAD_AFTER
			)
		);
		return null === $id ? null : (int) $id;
	}

	/**
	 * The last result: memberships missing, on how many sites, checked when (Unix time), by
	 * which job; null before the first check ends.
	 *
	 * @since 2.2.0
	 *
	 * @return array{missing: int, sites: int, checkedAt: int, job: int}|null
	 */
	public function result(): ?array {
		$stored = get_network_option( $this->network_id, self::OPTION );
		if ( ! is_array( $stored ) || ! isset( $stored['missing'], $stored['sites'], $stored['checkedAt'], $stored['job'] ) ) {
			return null;
		}
		return array(
			'missing'   => (int) $stored['missing'],
			'sites'     => (int) $stored['sites'],
			'checkedAt' => (int) $stored['checkedAt'],
			'job'       => (int) $stored['job'],
		);
	}

	/**
	 * Keeps a finished preview's result, and ends the check done (it never runs).
	 *
	 * @param Job $job A check whose preview is done.
	 */
	private function record( Job $job ): void {
		$sites = 0;
		foreach ( $job->preview->sites() as $counts ) {
			$sites += $counts['added'] > 0 ? 1 : 0;
		}
		$job->status      = Job::DONE;
		$job->finished_at = time();
		if ( ! $this->store->save( $job, Job::READY ) ) {
			return; // Someone cancelled or confirmed it meanwhile: the result is theirs.
		}
		update_network_option(
			$this->network_id,
			self::OPTION,
			array(
				'missing'   => $job->preview->added(),
				'sites'     => $sites,
				'checkedAt' => $job->previewed_at ?? time(),
				'job'       => $job->id,
			)
		);
		( new Job_Cleanup( $this->store ) )->prune( $job );
	}

	/**
	 * Creates a check unless one is running. Runs under the drift lock.
	 *
	 * @throws Job_Error When a check is running.
	 */
	private function create_unless_running(): Job {
		$running = $this->running();
		if ( null !== $running ) {
			throw new Job_Error(
				'wpmus_drift_running',
				sprintf(
					/* translators: %d: Job number. */
					__( 'A drift check (job #%d) is already running; its result shows here when it ends.', 'wpm-user-sync' ),
					$running
				)
			);
		}
		$job         = ( new Job_Runner( $this->network_id, $this->store ) )->create( Job::KIND_NETWORK, null, false, 0, Check_Drift::NAME );
		$job->origin = Job::ORIGIN_DRIFT;
		$this->store->save( $job );
		return $job;
	}

	/**
	 * Schedules a check's next batch on the network's main site, unless it is scheduled.
	 *
	 * @param int $job_id  The check's job ID.
	 * @param int $seconds From now.
	 */
	private function schedule( int $job_id, int $seconds ): void {
		$args = array( $job_id, $this->network_id );
		switch_to_blog( get_main_site_id( $this->network_id ) );
		try {
			if ( ! wp_next_scheduled( self::STEP_HOOK, $args ) ) {
				wp_schedule_single_event( time() + $seconds, self::STEP_HOOK, $args );
			}
		} finally {
			restore_current_blog();
		}
	}
}
