<?php
/**
 * Creates, advances, starts and cancels jobs.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Jobs;

use RuntimeException;
use Throwable;
use WPM_User_Sync\Sync\Database_Error;
use WPM_User_Sync\Sync\Db;
use WPM_User_Sync\Sync\Membership_Engine;
use WPM_User_Sync\Sync\Report;

defined( 'ABSPATH' ) || exit;

/**
 * The life of a job: created → previewing (dry runs in batches) → ready → running
 * (real runs in batches, driven by the browser and by WP-Cron) → done; or
 * cancelled, or failed. Every background write of the plugin is a job.
 *
 * Each batch holds the job's lock. A running batch records its progress inside the
 * transaction of every block it writes (Job_Store::checkpoint()), so the job's totals
 * are what the database holds even when a batch dies half-way: the next batch folds
 * in what the dead one committed and carries on from there. A database failure stops
 * the batch before it writes; the job tries again and fails, with the reason, only
 * when the database keeps failing. Every change of status is conditional on the
 * status it changes from, so concurrent requests never undo one another.
 *
 * @since 2.0.0
 */
final class Job_Runner {

	/**
	 * WP-Cron hook that carries a running job on.
	 */
	public const CRON_HOOK = 'wpmus_run_job';

	/**
	 * Seconds a batch keeps its job locked beyond its budget; each block it writes extends
	 * the lock, so this is how long a batch that died holds the job up.
	 */
	private const LOCK_MARGIN = 15;

	/**
	 * Seconds of work per WP-Cron run.
	 */
	private const CRON_SECONDS = 20.0;

	/**
	 * Batches in a row the database may fail before the job fails.
	 */
	private const MAX_ATTEMPTS = 5;

	/**
	 * Seconds after which a preview must be made again before it is confirmed.
	 */
	public const PREVIEW_FRESH_FOR = 10 * MINUTE_IN_SECONDS;

	/**
	 * Seconds after which an unconfirmed preview expires.
	 */
	private const PREVIEW_EXPIRES = HOUR_IN_SECONDS;

	/**
	 * Seconds without progress after which a running job no longer holds its sites.
	 */
	private const STALLED_AFTER = 10 * MINUTE_IN_SECONDS;

	/**
	 * Seconds without progress after which a running job is given up.
	 */
	private const ABANDONED_AFTER = DAY_IN_SECONDS;

	/**
	 * Network the jobs belong to.
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
	 * @param int       $network_id Network ID.
	 * @param Job_Store $store      Job storage.
	 */
	public function __construct( int $network_id, Job_Store $store ) {
		$this->network_id = $network_id;
		$this->store      = $store;
	}

	/**
	 * Hooks the WP-Cron continuation.
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
	 * Creates a job and starts its preview.
	 *
	 * @since 2.0.0
	 *
	 * @param string     $kind        Job::KIND_*.
	 * @param int[]|null $site_ids    Sites; null for the whole network.
	 * @param bool       $add_removed Add back people removed by hand.
	 * @param int        $user_id     Who asked.
	 */
	public function create( string $kind, ?array $site_ids, bool $add_removed, int $user_id ): Job {
		$this->store->expire( $this->network_id, self::PREVIEW_EXPIRES, self::ABANDONED_AFTER );
		$job                = new Job( $this->network_id, $kind, null === $site_ids ? null : array_values( array_unique( array_map( 'intval', $site_ids ) ) ), $add_removed, $user_id );
		$job->network_state = Network_Changes::state( $this->network_id );
		$this->store->save( $job );
		return $job;
	}

	/**
	 * Carries on, as a job of the pipeline, a sync that a trigger began in a request and
	 * could not finish there (a new site on a large network; a database that failed or was
	 * busy): visible in the network's history, locked and resumable like any job. It may
	 * run while another job works on the same sites — a job that started before a new site
	 * or user existed does not reach them — and the write lock keeps both from doubling
	 * anything.
	 *
	 * @since 2.0.1
	 *
	 * @param int[]|null              $user_ids Users; null for every user in scope.
	 * @param int[]|null              $site_ids Sites; null for every site in scope.
	 * @param array<string, int>|null $cursor   Where the request stopped; null to start over (what exists is skipped).
	 * @param Report                  $done     What the request did.
	 * @param string                  $origin   Job::ORIGIN_*.
	 */
	public function continue_in_background( ?array $user_ids, ?array $site_ids, ?array $cursor, Report $done, string $origin ): Job {
		$job             = new Job( $this->network_id, null === $site_ids ? Job::KIND_NETWORK : Job::KIND_SITES, $site_ids, false, get_current_user_id() );
		$job->user_ids   = $user_ids;
		$job->origin     = $origin;
		$job->status     = Job::RUNNING;
		$job->cursor     = $cursor;
		$job->result     = $done;
		$job->started_at = time();
		$job->preview->merge( $done );
		$this->store->save( $job );
		$this->schedule( $job );
		return $job;
	}

	/**
	 * Reads a job of this network.
	 *
	 * @since 2.0.0
	 *
	 * @param int $job_id Job ID.
	 */
	public function find( int $job_id ): ?Job {
		return $this->store->find( $job_id, $this->network_id );
	}

	/**
	 * Runs one batch of a job's preview or run.
	 *
	 * @since 2.0.0
	 *
	 * @param Job   $job     The job.
	 * @param float $seconds Budget for the batch.
	 * @return Job The job after the batch. When another batch holds the job (one that was
	 *             interrupted, usually), nothing is done and `waiting` says for how long.
	 */
	public function step( Job $job, float $seconds ): Job {
		if ( ! in_array( $job->status, array( Job::PREVIEWING, Job::RUNNING ), true ) ) {
			return $job;
		}
		$lock_seconds = (int) ceil( $seconds ) + self::LOCK_MARGIN;
		$token        = $this->store->lock( $job, $lock_seconds );
		if ( null === $token ) {
			$job          = $this->find( $job->id ) ?? $job;
			$job->waiting = max( 1, $job->lock_until - time() );
			return $job;
		}
		try {
			// Another batch may have moved the job on since it was read.
			$job = $this->find( $job->id ) ?? $job;
			if ( in_array( $job->status, array( Job::PREVIEWING, Job::RUNNING ), true ) ) {
				$this->work( $job, $seconds, $token, $lock_seconds );
			}
		} finally {
			$this->store->unlock( $job, $token );
		}
		return $job;
	}

	/**
	 * Confirms a job whose preview is done.
	 *
	 * @since 2.0.0
	 *
	 * @param Job $job The job.
	 *
	 * @throws Job_Error When the job is not ready, its preview is stale, or another running job overlaps it.
	 */
	public function start( Job $job ): Job {
		if ( Job::READY !== $job->status ) {
			throw new Job_Error( 'wpmus_job_not_ready', __( 'This sync cannot start: it is not waiting for confirmation (its preview is unfinished, or it already ran).', 'wpm-user-sync' ) );
		}
		if ( $this->is_stale( $job ) ) {
			throw new Job_Error( 'wpmus_preview_stale', $this->stale_reason( $job ) );
		}

		// One start at a time per network, so two overlapping jobs cannot both pass the check.
		try {
			Db::locked( 'start_' . $this->network_id, 10, fn() => $this->start_unless_overlapping( $job ) );
		} catch ( Database_Error $busy ) {
			throw new Job_Error( 'wpmus_job_busy', __( 'Another sync is being started right now. Try again in a moment.', 'wpm-user-sync' ) );
		}
		$this->schedule( $job );
		return $job;
	}

	/**
	 * Marks a job running, unless a running job overlaps it. Runs under the start lock.
	 *
	 * @param Job $job The job.
	 *
	 * @throws Job_Error When another running job overlaps it, or the job changed meanwhile.
	 */
	private function start_unless_overlapping( Job $job ): void {
		$running = $this->running_overlap( $job );
		if ( null !== $running ) {
			throw new Job_Error(
				'wpmus_job_conflict',
				sprintf(
					/* translators: %d: Job number. */
					__( 'Another sync (#%d) is running on some of the same sites. Wait for it to finish, or cancel it, then start this one.', 'wpm-user-sync' ),
					$running->id
				)
			);
		}
		$job->status     = Job::RUNNING;
		$job->cursor     = null;
		$job->started_at = time();
		if ( ! $this->store->save( $job, Job::READY ) ) {
			throw new Job_Error( 'wpmus_job_not_ready', $this->no_longer( $job ) );
		}
	}

	/**
	 * Makes a ready job's preview again, from scratch.
	 *
	 * @since 2.0.1
	 *
	 * @param Job $job The job.
	 *
	 * @throws Job_Error When the job is not waiting for confirmation.
	 */
	public function refresh( Job $job ): Job {
		if ( Job::READY === $job->status ) {
			$job->status        = Job::PREVIEWING;
			$job->preview       = new Report();
			$job->cursor        = null;
			$job->previewed_at  = null;
			$job->network_state = Network_Changes::state( $this->network_id );
			if ( $this->store->save( $job, Job::READY ) ) {
				return $job;
			}
		}
		throw new Job_Error( 'wpmus_job_not_ready', __( 'Only a preview waiting for confirmation can be refreshed.', 'wpm-user-sync' ) );
	}

	/**
	 * Cancels a job. What it wrote stays.
	 *
	 * @since 2.0.0
	 *
	 * @param Job $job The job.
	 *
	 * @throws Job_Error When the job had already finished.
	 */
	public function cancel( Job $job ): Job {
		if ( ! $job->is_finished() ) {
			$job->status      = Job::CANCELLED;
			$job->finished_at = time();
			$job->checkpoint  = null;
			if ( $this->store->save( $job, Job::ACTIVE ) ) {
				$this->unschedule( $job );
				return $job;
			}
			$job = $this->find( $job->id ) ?? $job;
		}
		throw new Job_Error( 'wpmus_job_finished', $this->no_longer( $job ) );
	}

	/**
	 * Whether a ready job's preview is too old to confirm: older than a few minutes, or
	 * made before sites or users changed.
	 *
	 * @since 2.0.1
	 *
	 * @param Job $job The job.
	 */
	public function is_stale( Job $job ): bool {
		if ( Job::READY !== $job->status || null === $job->previewed_at ) {
			return false;
		}
		return time() - $job->previewed_at > self::PREVIEW_FRESH_FOR
			|| Network_Changes::state( $this->network_id ) !== $job->network_state;
	}

	/**
	 * WP-Cron: one batch of a running job, then the next run is scheduled.
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
			$this->schedule( $job, null === $job->waiting ? 5 : $job->waiting + 1 );
		}
	}

	/**
	 * The running job that overlaps a job's sites, if any. A running job that has not
	 * moved for a long time (its WP-Cron never came) no longer holds its sites: it is
	 * stopped, with the reason, so it cannot block every other sync forever.
	 *
	 * @param Job $job The job.
	 */
	private function running_overlap( Job $job ): ?Job {
		foreach ( $this->store->list( $this->network_id, Job_Store::HISTORY, array( Job::RUNNING ) ) as $running ) {
			if ( $running->id === $job->id || ! $running->overlaps( $job ) ) {
				continue;
			}
			if ( (int) $running->updated_at < time() - self::STALLED_AFTER && $running->lock_until < time() ) {
				$running->status      = Job::FAILED;
				$running->finished_at = time();
				$running->last_error  = __( 'This sync stopped: it had not moved on for 10 minutes (WP-Cron did not run it and nobody kept its screen open), and another sync needed its sites. What it wrote stays.', 'wpm-user-sync' );
				if ( $this->store->save( $running, Job::RUNNING ) ) {
					$this->unschedule( $running );
					continue;
				}
			}
			return $running;
		}
		return null;
	}

	/**
	 * Schedules the WP-Cron continuation of a running job, on the network's main site (so
	 * that there is one place to look for it, and to clear it).
	 *
	 * @param Job $job     The job.
	 * @param int $seconds From now.
	 */
	private function schedule( Job $job, int $seconds = 5 ): void {
		$args = array( $job->id, $this->network_id );
		switch_to_blog( get_main_site_id( $this->network_id ) );
		try {
			if ( ! wp_next_scheduled( self::CRON_HOOK, $args ) ) {
				wp_schedule_single_event( time() + $seconds, self::CRON_HOOK, $args );
			}
		} finally {
			restore_current_blog();
		}
	}

	/**
	 * Clears a job's WP-Cron continuation.
	 *
	 * @param Job $job The job.
	 */
	private function unschedule( Job $job ): void {
		switch_to_blog( get_main_site_id( $this->network_id ) );
		try {
			wp_clear_scheduled_hook( self::CRON_HOOK, array( $job->id, $this->network_id ) );
		} finally {
			restore_current_blog();
		}
	}

	/**
	 * One batch: the engine's dry run or run from the job's cursor, then the job saved.
	 *
	 * @param Job    $job          The job (locked).
	 * @param float  $seconds      Budget.
	 * @param string $token        The batch's lock token.
	 * @param int    $lock_seconds How long each checkpoint extends the lock.
	 */
	private function work( Job $job, float $seconds, string $token, int $lock_seconds ): void {
		$phase      = $job->status;
		$previewing = Job::PREVIEWING === $phase;

		// The batch before this one died after committing blocks: count what it wrote, and
		// store that now, before this batch's own checkpoints take the column over.
		if ( null !== $job->checkpoint ) {
			$job->result->merge( $job->checkpoint );
			$job->checkpoint = null;
			if ( ! $this->store->save( $job, $phase ) ) {
				$this->reload_progress( $job );
				return;
			}
		}

		$checkpoint = null;
		if ( ! $previewing ) {
			$checkpoint = function ( Report $so_far, array $cursor ) use ( $job, $token, $lock_seconds ): void {
				if ( ! $this->store->checkpoint( $job, $token, $so_far, $cursor, time() + $lock_seconds ) ) {
					// Cancelled meanwhile, or our lock was lost: the block rolls back.
					throw new Job_Stopped();
				}
			};
		}

		try {
			$batch = $this->engine()->run( $job->request(), $job->cursor, microtime( true ) + $seconds, $previewing, $checkpoint );
		} catch ( Job_Stopped $stopped ) {
			$this->reload_progress( $job );
			return;
		} catch ( Database_Error $error ) {
			// Nothing of the failed block was written; what earlier blocks committed is in the checkpoint.
			$this->reload_progress( $job );
			++$job->attempts;
			$job->last_error = $error->getMessage();
			if ( $job->attempts >= self::MAX_ATTEMPTS ) {
				$job->status      = Job::FAILED;
				$job->finished_at = time();
			}
			$this->store->save( $job, $phase );
			return;
		} catch ( Throwable $error ) {
			$this->reload_progress( $job );
			$job->status      = Job::FAILED;
			$job->finished_at = time();
			$job->last_error  = $error->getMessage();
			$this->store->save( $job, $phase );
			return;
		}

		( $previewing ? $job->preview : $job->result )->merge( $batch );
		$job->cursor     = $batch->cursor;
		$job->checkpoint = null;
		$job->attempts   = 0;
		$job->last_error = null;
		if ( $batch->is_done() ) {
			$job->status = $previewing ? Job::READY : Job::DONE;
			if ( $previewing ) {
				$job->previewed_at = time();
			} else {
				$job->finished_at = time();
			}
		}
		// Saved only if nobody cancelled the job meanwhile; what the batch wrote stays either way.
		if ( ! $this->store->save( $job, $phase ) ) {
			$this->reload_progress( $job );
		}
	}

	/**
	 * After a batch stopped half-way: the job's cursor and result as the committed blocks left them.
	 *
	 * @param Job $job The job.
	 */
	private function reload_progress( Job $job ): void {
		$fresh = $this->find( $job->id );
		if ( ! $fresh ) {
			return;
		}
		$job->status      = $fresh->status;
		$job->cursor      = $fresh->cursor;
		$job->finished_at = $fresh->finished_at;
		$job->result      = $fresh->result;
		if ( null !== $fresh->checkpoint ) {
			$job->result->merge( $fresh->checkpoint );
		}
		$job->checkpoint = null;
	}

	/**
	 * Why a job no longer accepts what was asked, from its stored status.
	 *
	 * @param Job $job The job as stored.
	 */
	private function no_longer( Job $job ): string {
		$stored = $this->find( $job->id ) ?? $job;
		switch ( $stored->status ) {
			case Job::DONE:
				return __( 'This sync already finished; there is nothing to cancel or start.', 'wpm-user-sync' );
			case Job::CANCELLED:
				return __( 'This sync was already cancelled.', 'wpm-user-sync' );
			case Job::FAILED:
				return __( 'This sync already stopped with an error; start a new one.', 'wpm-user-sync' );
			case Job::RUNNING:
				return __( 'This sync is already running.', 'wpm-user-sync' );
			default:
				return __( 'This sync changed meanwhile; reload it and try again.', 'wpm-user-sync' );
		}
	}

	/**
	 * Why a preview must be refreshed, in words.
	 *
	 * @param Job $job A ready job.
	 */
	private function stale_reason( Job $job ): string {
		if ( Network_Changes::state( $this->network_id ) !== $job->network_state ) {
			return __( 'Sites or users changed since this preview was made, so its numbers may be wrong. Refresh the preview, then confirm.', 'wpm-user-sync' );
		}
		return sprintf(
			/* translators: %d: Minutes. */
			_n( 'This preview is more than %d minute old. Refresh it, then confirm.', 'This preview is more than %d minutes old. Refresh it, then confirm.', (int) ( self::PREVIEW_FRESH_FOR / MINUTE_IN_SECONDS ), 'wpm-user-sync' ),
			(int) ( self::PREVIEW_FRESH_FOR / MINUTE_IN_SECONDS )
		);
	}

	/**
	 * The engine of this network.
	 */
	private function engine(): Membership_Engine {
		return Membership_Engine::for_network( $this->network_id );
	}
}
