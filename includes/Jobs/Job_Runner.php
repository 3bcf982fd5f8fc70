<?php
/**
 * Creates, advances, starts and cancels jobs.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Jobs;

use Throwable;
use WPM_User_Sync\Sync\Membership_Engine;

defined( 'ABSPATH' ) || exit;

/**
 * The life of a job: created → previewing (dry runs in batches) → ready → running
 * (real runs in batches, driven by the browser and by WP-Cron) → done; or
 * cancelled, or failed. Each batch holds the job's lock; the engine never writes a
 * membership that exists, so a batch cut off before its progress was saved is
 * simply done again.
 *
 * @since 2.0.0
 */
final class Job_Runner {

	/**
	 * WP-Cron hook that carries a running job on.
	 */
	public const CRON_HOOK = 'wpmus_run_job';

	/**
	 * How long a batch may hold a job's lock; a crashed batch frees it after this.
	 */
	private const LOCK_SECONDS = 60;

	/**
	 * Seconds of work per WP-Cron run.
	 */
	private const CRON_SECONDS = 20.0;

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
	 * Sets up the runner of a network.
	 *
	 * @since 2.0.0
	 *
	 * @param int       $network_id Network.
	 * @param Job_Store $store      Where jobs are kept.
	 */
	public function __construct( int $network_id, Job_Store $store ) {
		$this->network_id = $network_id;
		$this->store      = $store;
	}

	/**
	 * Hooks WP-Cron's part.
	 *
	 * @since 2.0.0
	 */
	public static function register(): void {
		add_action(
			self::CRON_HOOK,
			static function ( $job_id, $network_id ): void {
				( new self( (int) $network_id, new Job_Store() ) )->carry_on( (int) $job_id );
			},
			10,
			2
		);
	}

	/**
	 * Creates a job and stores it, ready to preview.
	 *
	 * @since 2.0.0
	 *
	 * @param string     $kind        One of the Job::KIND_* constants.
	 * @param int[]|null $site_ids    Sites; null for the whole network.
	 * @param bool       $add_removed Add back people removed by hand.
	 * @param int        $user_id     Who asks.
	 */
	public function create( string $kind, ?array $site_ids, bool $add_removed, int $user_id ): Job {
		$job = new Job( $this->network_id, $kind, null === $site_ids ? null : array_values( array_unique( array_map( 'intval', $site_ids ) ) ), $add_removed, $user_id );
		$this->store->save( $job );
		return $job;
	}

	/**
	 * A job of this network, or null.
	 *
	 * @since 2.0.0
	 *
	 * @param int $job_id Job ID.
	 */
	public function find( int $job_id ): ?Job {
		return $this->store->find( $job_id, $this->network_id );
	}

	/**
	 * Does one batch of a job's current phase: preview or run.
	 *
	 * Returns the job as it stands afterwards. When another batch of the same job
	 * holds the lock, or the job waits for confirmation or has ended, nothing is done.
	 *
	 * @since 2.0.0
	 *
	 * @param Job   $job     The job.
	 * @param float $seconds Work for about this long (at least one block is done).
	 */
	public function step( Job $job, float $seconds ): Job {
		if ( ! in_array( $job->status, array( Job::PREVIEWING, Job::RUNNING ), true ) ) {
			return $job;
		}
		$token = $this->store->lock( $job, self::LOCK_SECONDS );
		if ( null === $token ) {
			return $job;
		}
		try {
			// Another batch may have moved the job on since it was read.
			$job = $this->store->find( $job->id, $this->network_id ) ?? $job;
			if ( in_array( $job->status, array( Job::PREVIEWING, Job::RUNNING ), true ) ) {
				$phase = $job->status;
				$this->work( $job, $seconds );
				// Saved only if nobody cancelled the job meanwhile; what the batch wrote stays either way.
				if ( ! $this->store->save( $job, $phase ) ) {
					$job = $this->store->find( $job->id, $this->network_id ) ?? $job;
				}
			}
		} finally {
			$this->store->unlock( $job, $token );
		}
		return $job;
	}

	/**
	 * Confirms a previewed job and starts it; WP-Cron carries it on if nobody drives it.
	 *
	 * @since 2.0.0
	 *
	 * @param Job $job The job.
	 * @return Job The running job.
	 *
	 * @throws Job_Error When it is not waiting for confirmation, or overlaps a running job.
	 */
	public function start( Job $job ): Job {
		global $wpdb;
		if ( Job::READY !== $job->status ) {
			throw new Job_Error( 'wpmus_job_not_ready', __( 'This sync cannot start: it is not waiting for confirmation (its preview is unfinished, or it already ran).', 'wpm-user-sync' ) );
		}

		// One start at a time per network, so two overlapping jobs cannot both pass the check.
		$lock = 'wpmus_start_' . $this->network_id;
		$wpdb->get_var( $wpdb->prepare( 'SELECT GET_LOCK(%s, 10)', $lock ) );
		try {
			foreach ( $this->store->list( $this->network_id, Job_Store::HISTORY, array( Job::RUNNING ) ) as $running ) {
				if ( $running->id !== $job->id && $running->overlaps( $job ) ) {
					throw new Job_Error(
						'wpmus_job_conflict',
						sprintf(
							/* translators: %d: Job number. */
							__( 'Another sync (#%d) is running on some of the same sites. Wait for it to finish, or cancel it, then start this one.', 'wpm-user-sync' ),
							$running->id
						)
					);
				}
			}
			$job->status     = Job::RUNNING;
			$job->cursor     = null;
			$job->started_at = time();
			$this->store->save( $job );
		} finally {
			$wpdb->get_var( $wpdb->prepare( 'SELECT RELEASE_LOCK(%s)', $lock ) );
		}
		$this->schedule( $job );
		return $job;
	}

	/**
	 * Cancels a job. What it already wrote stays.
	 *
	 * @since 2.0.0
	 *
	 * @param Job $job The job.
	 */
	public function cancel( Job $job ): Job {
		if ( $job->is_finished() ) {
			return $job;
		}
		$job->status      = Job::CANCELLED;
		$job->finished_at = time();
		$this->store->save( $job );
		wp_clear_scheduled_hook( self::CRON_HOOK, array( $job->id, $this->network_id ) );
		return $job;
	}

	/**
	 * Runs a job's batches for a while from WP-Cron, and comes back if it is not done.
	 *
	 * @since 2.0.0
	 *
	 * @param int $job_id Job ID.
	 */
	public function carry_on( int $job_id ): void {
		$job = $this->find( $job_id );
		if ( ! $job || Job::RUNNING !== $job->status ) {
			return;
		}
		$job = $this->step( $job, self::CRON_SECONDS );
		if ( Job::RUNNING === $job->status ) {
			$this->schedule( $job );
		}
	}

	/**
	 * Asks WP-Cron to carry a running job on soon.
	 *
	 * @param Job $job The job.
	 */
	private function schedule( Job $job ): void {
		$args = array( $job->id, $this->network_id );
		if ( ! wp_next_scheduled( self::CRON_HOOK, $args ) ) {
			wp_schedule_single_event( time() + 5, self::CRON_HOOK, $args );
		}
	}

	/**
	 * One batch of the job's phase.
	 *
	 * @param Job   $job     The job.
	 * @param float $seconds How long.
	 */
	private function work( Job $job, float $seconds ): void {
		$previewing = Job::PREVIEWING === $job->status;
		try {
			$batch = $this->engine()->run( $job->request(), $job->cursor, microtime( true ) + $seconds, $previewing );
		} catch ( Throwable $error ) {
			$job->status      = Job::FAILED;
			$job->finished_at = time();
			$job->last_error  = $error->getMessage();
			return;
		}

		( $previewing ? $job->preview : $job->result )->merge( $batch );
		$job->cursor = $batch->cursor;
		if ( $batch->is_done() ) {
			$job->status = $previewing ? Job::READY : Job::DONE;
			if ( ! $previewing ) {
				$job->finished_at = time();
			}
		}
	}

	/**
	 * The engine of this network.
	 */
	private function engine(): Membership_Engine {
		return Membership_Engine::for_network( $this->network_id );
	}
}
