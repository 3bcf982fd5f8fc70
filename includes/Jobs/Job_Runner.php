<?php
/**
 * The job pipeline: creates, advances, starts and cancels jobs.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Jobs;

use Throwable;
use WPM_User_Sync\Sync\Database_Error;
use WPM_User_Sync\Sync\Db;
use WPM_User_Sync\Sync\Report;
use WPM_User_Sync\Sync\Site_Ids;

defined( 'ABSPATH' ) || exit;

/**
 * The life of a job: created → previewing (dry runs in batches) → ready → running
 * (real runs in batches, driven by the browser, WP-CLI and WP-Cron) → done; or
 * cancelled, or failed. Every background write of the plugin is a job, whatever its
 * type (Job_Type: the work itself); the pipeline does the rest the same way for all.
 *
 * Each batch holds the job's lock (Job_Lock) and works within a budget (Job_Budget). A
 * running batch records its progress inside the transaction of every block it writes
 * (Job_Store::checkpoint()), so the job's totals are what the database holds even when a
 * batch dies half-way: the next batch folds in what the dead one committed and carries
 * on from there. A database failure stops the batch before it writes; the job tries
 * again and fails, with the reason, only when the database keeps failing. Every change
 * of status is conditional on the status it changes from, so concurrent requests never
 * undo one another. Jobs nobody carries on are ended by Job_Cleanup.
 *
 * Actions: `wpmus_job_started`, `wpmus_job_step`, `wpmus_job_finished`, `wpmus_job_failed`
 * (see docs/jobs-api.md).
 *
 * @since 2.0.0
 */
final class Job_Runner {

	/**
	 * The one WP-Cron hook that carries running jobs on.
	 */
	public const CRON_HOOK = 'wpmus_run_job';

	/**
	 * Batches in a row the database may fail before the job fails.
	 */
	private const MAX_ATTEMPTS = 5;

	/**
	 * Seconds after which a preview must be made again before it is confirmed.
	 */
	public const PREVIEW_FRESH_FOR = 10 * MINUTE_IN_SECONDS;

	/**
	 * Running jobs the watch looks at each time (the newest first).
	 */
	private const LOST_PER_WATCH = 100;

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
	 * One batch at a time per job.
	 *
	 * @var Job_Lock
	 */
	private Job_Lock $lock;

	/**
	 * Ends idle jobs and trims the history.
	 *
	 * @var Job_Cleanup
	 */
	private Job_Cleanup $cleanup;

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
		$this->lock       = new Job_Lock();
		$this->cleanup    = new Job_Cleanup( $store );
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
	 * @since 2.0.1 $type added.
	 * @since 2.1.0 $people and $args added.
	 *
	 * @param string               $kind        Job::KIND_*.
	 * @param int[]|null           $site_ids    Sites; null for the whole network.
	 * @param bool                 $add_removed Add back people removed by hand.
	 * @param int                  $user_id     Who asked.
	 * @param string               $type        What work: the name of a Job_Type.
	 * @param int[]|null           $people      The users the job is about; null for every user in scope.
	 * @param array<string, mixed> $args        What the type needs beyond sites and users (Job::$args).
	 */
	public function create( string $kind, ?array $site_ids, bool $add_removed, int $user_id, string $type = Types\Add_Memberships::NAME, ?array $people = null, array $args = array() ): Job {
		$this->expire();
		$job                = new Job( $this->network_id, $kind, null === $site_ids ? null : Site_Ids::normalise( $site_ids ), $add_removed, $user_id );
		$job->type          = Job_Types::get( $type )->name();
		$job->user_ids      = null === $people ? null : Site_Ids::normalise( $people );
		$job->args          = $args;
		$job->network_state = Network_Changes::state( $this->network_id );
		$this->store->save( $job );
		return $job;
	}

	/**
	 * Does a trigger's job in the request that triggered it, within a budget that the
	 * request's triggers of its kind share (Job_Budget::left_in_request()); what does not
	 * fit, or what the database refused, goes on in the background (Job::ORIGIN_*).
	 *
	 * The job is stored before it works, as a running job that this request holds: what it
	 * writes carries its number in the activity log, so it can be found in the history and
	 * undone, and no other batch (the watch, `wp user-sync run`) runs it at the same time. A
	 * job done in the request is kept as done; one that wrote and skipped nothing is not kept.
	 *
	 * @since 2.0.1
	 * @since 2.2.0 Stored and locked before it works.
	 *
	 * @param Job        $job    A job not stored yet (Job::for_trigger(), Job::for_role_change()).
	 * @param Job_Budget $budget How long it may work here.
	 * @return Report What was done in the request; done (is_done()) only when nothing is left to a job.
	 */
	public function run_in_request( Job $job, Job_Budget $budget ): Report {
		$budget = $budget->left_in_request();
		if ( null === $budget ) {
			// Triggers of this kind spent this request's budget: all of it goes on as a job.
			return $this->hand_over( $job );
		}
		$job->status     = Job::RUNNING;
		$job->started_at = time();
		// Stored (the database may refuse: the work is done without a number), then held.
		$token = $this->store->save( $job ) ? $this->lock->take( $job, $budget->lock_seconds() ) : null;
		// Its blocks record their progress as a batch's do; a cancel (or a newer role change) stops it.
		$checkpoint = null === $token ? null : $this->checkpoint( $job, $token, $budget );
		$start      = microtime( true );
		try {
			$report = $this->type_step( $job, null, $budget->deadline(), $budget->memory, false, $checkpoint );
			if ( $report->is_done() ) {
				$this->done_in_request( $job, $report );
			} else {
				$this->continue_in_background( $job, $report->cursor, $report );
			}
			return $report;
		} catch ( Job_Stopped $stopped ) {
			// Cancelled meanwhile: what its blocks committed stays, and nothing goes on.
			return $this->left_to_a_job();
		} catch ( Database_Error $error ) {
			// The request must not fail for it. A held job's row has what its committed blocks did
			// (the checkpoint): a batch carries on from there; any other starts over, skipping what exists.
			if ( null === $token ) {
				return $this->hand_over( $job );
			}
			$this->schedule( $job );
			$this->started( $job );
			return $this->left_to_a_job();
		} finally {
			$budget->spend_in_request( microtime( true ) - $start );
			if ( null !== $token ) {
				$this->lock->release( $job, $token );
			}
		}
	}

	/**
	 * Records that a trigger's job ended in its request: done, with what it did.
	 *
	 * @param Job    $job    The job, stored as running by run_in_request().
	 * @param Report $report What it did.
	 */
	private function done_in_request( Job $job, Report $report ): void {
		if ( 0 === $job->id ) {
			return; // The database refused to store it: the work stands, without a number.
		}
		if ( array() === $report->sites() ) {
			$this->store->delete( $job ); // It wrote nothing and skipped nothing: no history to keep, nothing to undo.
			return;
		}
		$job->status       = Job::DONE;
		$job->result       = $report;
		$job->preview      = clone $report;
		$job->previewed_at = $job->started_at;
		$job->finished_at  = time();
		$this->store->save( $job, Job::RUNNING );
		$this->cleanup->prune( $job );
	}

	/**
	 * Leaves a trigger's whole job to the background.
	 *
	 * @param Job $job A job not started in this request.
	 * @return Report Nothing done here, and not done: the job that took it over is.
	 */
	private function hand_over( Job $job ): Report {
		$this->continue_in_background( $job, null, new Report() );
		return $this->left_to_a_job();
	}

	/**
	 * What a trigger is told when its job did nothing more in the request: not done.
	 */
	private function left_to_a_job(): Report {
		$report         = new Report();
		$report->cursor = array();
		return $report;
	}

	/**
	 * Stores a job that is already under way as running, and schedules its WP-Cron
	 * continuation. It may run while another job works on the same sites — a job that
	 * started before a new site or user existed does not reach them — and the write lock
	 * keeps both from doubling anything.
	 *
	 * @since 2.0.1
	 *
	 * @param Job                     $job    A job not stored yet.
	 * @param array<string, int>|null $cursor Where it resumes; null to start over (what exists is skipped).
	 * @param Report                  $done   What was done so far.
	 */
	public function continue_in_background( Job $job, ?array $cursor, Report $done ): Job {
		$stored          = $job->id > 0;
		$job->status     = Job::RUNNING;
		$job->cursor     = $cursor;
		$job->result     = $done;
		$job->started_at = time();
		$job->preview->merge( $done );
		// A job already stored (its request held it) goes on only if nobody cancelled it meanwhile.
		if ( $this->store->save( $job, $stored ? Job::RUNNING : null ) ) {
			$this->schedule( $job );
			$this->started( $job );
		}
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
	 * @since 2.0.1 Takes a Job_Budget (a number is seconds, with the default memory budget).
	 *
	 * @param Job              $job    The job.
	 * @param Job_Budget|float $budget Budget of the batch.
	 * @return Job The job after the batch. When another batch holds the job (one that was
	 *             interrupted, usually), nothing is done and `waiting` says for how long.
	 */
	public function step( Job $job, Job_Budget|float $budget ): Job {
		if ( ! in_array( $job->status, array( Job::PREVIEWING, Job::RUNNING ), true ) ) {
			return $job;
		}
		$budget = $budget instanceof Job_Budget ? $budget : new Job_Budget( $budget );
		$token  = $this->lock->take( $job, $budget->lock_seconds() );
		if ( null === $token ) {
			$job          = $this->find( $job->id ) ?? $job;
			$job->waiting = max( 1, $job->lock_until - time() );
			return $job;
		}
		$batch = null;
		$ended = false;
		try {
			// Another batch may have moved the job on since it was read.
			$job = $this->find( $job->id ) ?? $job;
			if ( in_array( $job->status, array( Job::PREVIEWING, Job::RUNNING ), true ) ) {
				list( $batch, $ended ) = $this->work( $job, $budget, $token );
			}
		} finally {
			$this->lock->release( $job, $token );
		}
		if ( null !== $batch ) {
			/**
			 * Fires after each batch of a job's preview or run (not after a step that found
			 * the job held by another batch).
			 *
			 * @since 2.0.1
			 *
			 * @param Job    $job   The job, as the batch left it.
			 * @param Report $batch What the batch did (in the preview: would do); empty when it failed
			 *                      or was stopped by a cancel.
			 */
			do_action( 'wpmus_job_step', $job, $batch );
			if ( $ended ) {
				$this->ended( $job );
			}
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
		$this->started( $job );
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
				$this->ended( $job );
				return $job;
			}
			$job = $this->find( $job->id ) ?? $job;
		}
		throw new Job_Error( 'wpmus_job_finished', $this->no_longer( $job ) );
	}

	/**
	 * Cancels the running copies of an earlier role change of the same user: the newest
	 * change is the one that stands, so an older copy must not go on writing behind it.
	 *
	 * @since 2.0.1
	 *
	 * @param Job $job A copy_role job about to run.
	 */
	public function supersede( Job $job ): void {
		foreach ( array_keys( $this->store->running( $this->network_id, self::LOST_PER_WATCH, $job->type, $job->user_ids ) ) as $job_id ) {
			$running = $job_id === $job->id ? null : $this->find( $job_id );
			try {
				if ( $running ) {
					$this->cancel( $running );
				}
			} catch ( Job_Error $finished ) {
				continue; // It ended meanwhile.
			}
		}
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
		$job = $this->step( $job, Job_Budget::for( Job_Budget::CRON, $job ) );
		if ( Job::RUNNING === $job->status ) {
			$this->schedule( $job, null === $job->waiting ? 5 : $job->waiting + 1 );
		}
	}

	/**
	 * Schedules again the continuation of each running job that lost it (Job_Watch): a
	 * job whose lock has run out and that has no WP-Cron event would otherwise stall.
	 *
	 * @since 2.0.1
	 *
	 * @return int How many jobs were given their event back.
	 */
	public function resume_lost(): int {
		$resumed = 0;
		foreach ( $this->store->running( $this->network_id, self::LOST_PER_WATCH ) as $job_id => $lock_until ) {
			if ( $lock_until < time() && $this->schedule_id( $job_id, 0 ) ) {
				++$resumed;
			}
		}
		return $resumed;
	}

	/**
	 * Ends the network's jobs that nobody carries on (Job_Cleanup::expire()).
	 */
	private function expire(): void {
		foreach ( $this->cleanup->expire( $this->network_id ) as $ended ) {
			$this->ended( $ended );
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
		// Only the types it can meet (Job::overlaps()), page by page: many newer running jobs
		// (a bulk role change leaves one per person) never hide an older sync on the same sites.
		$types  = in_array( $job->type, Job::ABOUT_NAMED_PEOPLE, true ) ? Job::ABOUT_NAMED_PEOPLE : array( $job->type );
		$before = PHP_INT_MAX;
		do {
			$page = $this->store->running_of( $this->network_id, $types, $before, Job_Store::HISTORY );
			$full = count( $page ) === Job_Store::HISTORY;
			foreach ( $page as $running ) {
				$before = $running->id;
				if ( $running->id === $job->id || ! $running->overlaps( $job ) ) {
					continue;
				}
				$stalled = $this->cleanup->release_stalled( $running );
				if ( null !== $stalled ) {
					$this->ended( $stalled );
					continue;
				}
				return $running;
			}
		} while ( $full );
		return null;
	}

	/**
	 * What follows a job's end: its WP-Cron event goes, its history is trimmed, and the
	 * lifecycle action fires.
	 *
	 * @param Job $job A job that just ended.
	 */
	private function ended( Job $job ): void {
		$this->unschedule( $job );
		$this->cleanup->prune( $job );
		if ( Job::FAILED === $job->status ) {
			/**
			 * Fires once when a job ends failed: the database kept failing, its work threw, or
			 * nobody carried it on for too long. `$job->last_error` says why, in words.
			 *
			 * @since 2.0.1
			 *
			 * @param Job $job The job.
			 */
			do_action( 'wpmus_job_failed', $job );
			return;
		}
		/**
		 * Fires once when a job ends otherwise than failed: done, or cancelled (by a person,
		 * or a preview nobody confirmed that expired). `$job->status` says which.
		 *
		 * @since 2.0.1
		 *
		 * @param Job $job The job.
		 */
		do_action( 'wpmus_job_finished', $job );
	}

	/**
	 * Fires the action of a job that begins its run.
	 *
	 * @param Job $job A job that was just confirmed, or stored running by a trigger.
	 */
	private function started( Job $job ): void {
		/**
		 * Fires once when a job begins its run: confirmed after its preview, or handed to
		 * the background by a trigger (Job::ORIGIN_*).
		 *
		 * @since 2.0.1
		 *
		 * @param Job $job The job.
		 */
		do_action( 'wpmus_job_started', $job );
	}

	/**
	 * Schedules the WP-Cron continuation of a running job, on the network's main site (so
	 * that there is one place to look for it, and to clear it).
	 *
	 * @param Job $job     The job.
	 * @param int $seconds From now.
	 * @return bool Whether it was scheduled now (false: it already was).
	 */
	private function schedule( Job $job, int $seconds = 5 ): bool {
		return $this->schedule_id( $job->id, $seconds );
	}

	/**
	 * Schedules a job's continuation by its ID (see schedule()).
	 *
	 * @param int $job_id  The job's ID.
	 * @param int $seconds From now.
	 * @return bool Whether it was scheduled now (false: it already was).
	 */
	private function schedule_id( int $job_id, int $seconds ): bool {
		$args = array( $job_id, $this->network_id );
		switch_to_blog( get_main_site_id( $this->network_id ) );
		try {
			return ! wp_next_scheduled( self::CRON_HOOK, $args )
				&& true === wp_schedule_single_event( time() + $seconds, self::CRON_HOOK, $args );
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
	 * One batch: the type's dry run or run from the job's cursor, within the budget, then
	 * the job saved.
	 *
	 * @param Job        $job    The job (locked).
	 * @param Job_Budget $budget Budget.
	 * @param string     $token  The batch's lock token.
	 * @return array{0: Report, 1: bool} What the batch did, and whether it ended the job.
	 */
	private function work( Job $job, Job_Budget $budget, string $token ): array {
		$phase      = $job->status;
		$previewing = Job::PREVIEWING === $phase;
		$nothing    = array( new Report(), false );

		// The batch before this one died after committing blocks: count what it wrote, and
		// store that now, before this batch's own checkpoints take the column over.
		if ( null !== $job->checkpoint ) {
			$job->result->merge( $job->checkpoint );
			$job->checkpoint = null;
			if ( ! $this->store->save( $job, $phase ) ) {
				$this->reload_progress( $job );
				return $nothing;
			}
		}

		try {
			$checkpoint = $previewing ? null : $this->checkpoint( $job, $token, $budget );
			$done       = $this->type_step( $job, $job->cursor, $budget->deadline(), $budget->memory, $previewing, $checkpoint );
		} catch ( Job_Stopped $stopped ) {
			$this->reload_progress( $job );
			return $nothing;
		} catch ( Database_Error $error ) {
			// Nothing of the failed block was written; what earlier blocks committed is in the checkpoint.
			$this->reload_progress( $job );
			++$job->attempts;
			$job->last_error = $error->getMessage();
			if ( $job->attempts >= self::MAX_ATTEMPTS ) {
				$job->status      = Job::FAILED;
				$job->finished_at = time();
			}
			return array( new Report(), $this->store->save( $job, $phase ) && Job::FAILED === $job->status );
		} catch ( Throwable $error ) {
			$this->reload_progress( $job );
			$job->status      = Job::FAILED;
			$job->finished_at = time();
			$job->last_error  = $error->getMessage();
			return array( new Report(), $this->store->save( $job, $phase ) );
		}

		( $previewing ? $job->preview : $job->result )->merge( $done );
		$job->cursor     = $done->cursor;
		$job->checkpoint = null;
		$job->attempts   = 0;
		$job->last_error = null;
		if ( $done->is_done() ) {
			$job->status = $previewing ? Job::READY : Job::DONE;
			if ( $previewing ) {
				$job->previewed_at = time();
			} else {
				$job->finished_at = time();
			}
		}
		// Saved only if nobody cancelled the job meanwhile; what the batch wrote stays either way.
		if ( $this->store->save( $job, $phase ) ) {
			return array( $done, Job::DONE === $job->status );
		}
		$this->reload_progress( $job );
		return array( $done, false );
	}

	/**
	 * What a held job's blocks call in their transactions: the job's progress is recorded and
	 * its hold extended, or, when it was cancelled meanwhile or the hold was lost, the block
	 * rolls back (Job_Stopped).
	 *
	 * @param Job        $job    The job.
	 * @param string     $token  The token that holds it.
	 * @param Job_Budget $budget The batch's budget.
	 * @return callable(Report, array<string, int>): void
	 */
	private function checkpoint( Job $job, string $token, Job_Budget $budget ): callable {
		return function ( Report $so_far, array $cursor ) use ( $job, $token, $budget ): void {
			if ( ! $this->store->checkpoint( $job, $token, $so_far, $cursor, time() + $budget->lock_seconds() ) ) {
				throw new Job_Stopped();
			}
		};
	}

	/**
	 * The job type's step, announced before and after (`wpmus_job_work`), so that what the
	 * step writes can be told apart as this job's work (the activity log names the job).
	 *
	 * @param Job                     $job        The job.
	 * @param array<string, int>|null $cursor     Where to resume.
	 * @param float                   $deadline   When to stop.
	 * @param int                     $memory     Memory past which to stop.
	 * @param bool                    $dry_run    Count only.
	 * @param callable|null           $checkpoint Progress recorder.
	 *
	 * @throws Database_Error When the database fails.
	 */
	private function type_step( Job $job, ?array $cursor, float $deadline, int $memory, bool $dry_run, ?callable $checkpoint ): Report {
		/**
		 * Fires when a job's step begins (true) and when it ends (false), in the process that
		 * runs it: what is written in between is that job's work.
		 *
		 * @since 2.1.0
		 *
		 * @param Job  $job    The job (its ID is 0 when a trigger runs it in a request whose database refused to store it).
		 * @param bool $begins Whether the step begins.
		 */
		do_action( 'wpmus_job_work', $job, true );
		try {
			return Job_Types::get( $job->type )->step( $job, $cursor, $deadline, $memory, $dry_run, $checkpoint );
		} finally {
			/** This action is documented in includes/Jobs/Job_Runner.php */
			do_action( 'wpmus_job_work', $job, false );
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
}
