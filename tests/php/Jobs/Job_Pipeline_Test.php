<?php
/**
 * Tests of the pipeline itself: its lifecycle actions, its one budget filter, and the
 * kinds of work (job types) it carries.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Jobs;

use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Budget;
use WPM_User_Sync\Jobs\Job_Lock;
use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Jobs\Job_Type;
use WPM_User_Sync\Sync\Report;

final class Job_Pipeline_Test extends Job_Test_Case {

	private const ACTIONS = array( 'wpmus_job_started', 'wpmus_job_step', 'wpmus_job_finished', 'wpmus_job_failed' );

	/**
	 * Lifecycle actions fired: action => the arguments of each call.
	 *
	 * @var array<string, array<int, array<int, mixed>>>
	 */
	private array $fired = array();

	/**
	 * Budget filter calls: [context, job].
	 *
	 * @var array<int, array{0: string, 1: Job|null}>
	 */
	private array $budgets = array();

	protected function setUp(): void {
		parent::setUp();
		foreach ( self::ACTIONS as $action ) {
			add_action( $action, array( $this, 'record' ), 10, 2 );
		}
	}

	protected function tearDown(): void {
		foreach ( self::ACTIONS as $action ) {
			remove_action( $action, array( $this, 'record' ), 10 );
		}
		remove_all_filters( 'wpmus_job_budget' );
		remove_all_filters( 'wpmus_job_types' );
		parent::tearDown();
	}

	/**
	 * Records a lifecycle action.
	 *
	 * @param mixed ...$args The action's arguments.
	 */
	public function record( ...$args ): void {
		$this->fired[ current_action() ][] = $args;
	}

	/**
	 * How many times an action fired for a job, each time with the job itself.
	 *
	 * @param string $action Action.
	 * @param int    $job_id Job ID.
	 */
	private function fired( string $action, int $job_id ): int {
		$calls = array_filter( $this->fired[ $action ] ?? array(), static fn( array $args ) => $args[0] instanceof Job && $args[0]->id === $job_id );
		return count( $calls );
	}

	/**
	 * The job an action last fired with.
	 *
	 * @param string $action Action.
	 */
	private function last_job( string $action ): Job {
		$calls = $this->fired[ $action ] ?? array();
		$this->assertNotEmpty( $calls, "$action fired." );
		return end( $calls )[0];
	}

	private function ready_job(): Job {
		$job = $this->runner->create( Job::KIND_SITES, $this->sites, false, 1 );
		for ( $i = 0; $i < 200 && Job::PREVIEWING === $job->status; $i++ ) {
			$job = $this->runner->step( $job, 0.0 );
		}
		$this->assertSame( Job::READY, $job->status );
		return $job;
	}

	public function test_a_job_fires_started_once_a_step_per_batch_and_finished_once_each_with_the_job(): void {
		$job     = $this->runner->create( Job::KIND_SITES, $this->sites, false, 1 );
		$batches = 0;
		while ( Job::PREVIEWING === $job->status && $batches < 200 ) {
			$job = $this->runner->step( $job, 0.0 );
			++$batches;
		}
		$this->assertSame( $batches, $this->fired( 'wpmus_job_step', $job->id ), 'One wpmus_job_step per batch of the preview.' );
		$this->assertInstanceOf( Report::class, $this->fired['wpmus_job_step'][0][1], 'With what the batch did.' );
		$this->assertSame( 0, $this->fired( 'wpmus_job_started', $job->id ), 'A preview is not the run.' );

		$job = $this->runner->start( $job );
		$this->assertSame( 1, $this->fired( 'wpmus_job_started', $job->id ) );
		$this->assertSame( Job::RUNNING, $this->last_job( 'wpmus_job_started' )->status );

		$job = $this->runner->step( $job, 0.0 );
		$this->assertSame( $batches + 1, $this->fired( 'wpmus_job_step', $job->id ) );
		$this->assertGreaterThan( 0, $this->fired['wpmus_job_step'][ $batches ][1]->added(), 'The batch of the run says what it added.' );

		while ( Job::RUNNING === $job->status ) {
			$job = $this->runner->step( $job, 0.0 );
		}
		$this->runner->step( $job, 0.0 );

		$this->assertSame( 1, $this->fired( 'wpmus_job_finished', $job->id ) );
		$this->assertSame( Job::DONE, $this->last_job( 'wpmus_job_finished' )->status );
		$this->assertSame( $job->preview->added(), $this->last_job( 'wpmus_job_finished' )->result->added() );
		$this->assertSame( 0, $this->fired( 'wpmus_job_failed', $job->id ) );
		$this->assertSame( 1, $this->fired( 'wpmus_job_started', $job->id ) );
	}

	public function test_a_cancel_fires_finished_once(): void {
		$job = $this->runner->start( $this->ready_job() );

		$this->runner->cancel( $job );
		try {
			$this->runner->cancel( $job );
		} catch ( \WPM_User_Sync\Jobs\Job_Error $already ) {
			$this->assertSame( 'wpmus_job_finished', $already->reason );
		}

		$this->assertSame( 1, $this->fired( 'wpmus_job_finished', $job->id ) );
		$this->assertSame( Job::CANCELLED, $this->last_job( 'wpmus_job_finished' )->status );
		$this->assertSame( 0, $this->fired( 'wpmus_job_failed', $job->id ) );
	}

	public function test_a_job_the_database_keeps_failing_fires_failed_once_with_the_reason(): void {
		$job   = $this->runner->start( $this->ready_job() );
		$break = static fn( $query ) => str_starts_with( $query, 'INSERT INTO' ) && str_contains( $query, 'capabilities' ) ? 'INSERT INTO no_such_table VALUES (1)' : $query;
		add_filter( 'query', $break );
		for ( $i = 0; $i < 10 && Job::RUNNING === $job->status; $i++ ) {
			$job = $this->runner->step( $job, 0.0 );
		}
		remove_filter( 'query', $break );
		$GLOBALS['wpdb']->last_error = '';

		$this->assertSame( Job::FAILED, $job->status );
		$this->assertSame( 1, $this->fired( 'wpmus_job_failed', $job->id ) );
		$this->assertStringContainsString( 'The database failed', (string) $this->last_job( 'wpmus_job_failed' )->last_error );
		$this->assertSame( 0, $this->fired( 'wpmus_job_finished', $job->id ) );
	}

	public function test_a_step_that_finds_the_job_held_by_another_batch_fires_nothing(): void {
		$job = $this->runner->create( Job::KIND_SITES, $this->sites, false, 1 );
		( new Job_Lock() )->take( $job, 60 );

		$job = $this->runner->step( $job, 0.0 );

		$this->assertNotNull( $job->waiting );
		$this->assertSame( 0, $this->fired( 'wpmus_job_step', $job->id ) );
	}

	public function test_jobs_nobody_carries_on_fire_finished_or_failed_as_they_are_ended(): void {
		global $wpdb;
		$preview = $this->runner->create( Job::KIND_SITES, $this->sites, false, 1 );
		$running = $this->runner->start( $this->ready_job() );
		$wpdb->update( Job_Store::table(), array( 'updated_at' => time() - 2 * DAY_IN_SECONDS ), array( 'id' => $preview->id ) );
		$wpdb->update( Job_Store::table(), array( 'updated_at' => time() - 2 * DAY_IN_SECONDS ), array( 'id' => $running->id ) );

		$this->runner->create( Job::KIND_NETWORK, null, false, 1 );

		$this->assertSame( 1, $this->fired( 'wpmus_job_finished', $preview->id ), 'An expired preview is cancelled.' );
		$this->assertSame( 1, $this->fired( 'wpmus_job_failed', $running->id ), 'A run abandoned for a day is given up.' );
		$this->assertStringContainsString( 'WP-Cron', (string) $this->last_job( 'wpmus_job_failed' )->last_error );
		$this->assertFalse( wp_next_scheduled( Job_Runner::CRON_HOOK, array( $running->id, get_current_network_id() ) ), 'Its WP-Cron event went with it.' );
	}

	public function test_a_trigger_s_job_handed_to_the_background_fires_started(): void {
		$this->set_settings( array( 'newSiteSync' => true ) );
		add_filter( 'wpmus_job_budget', static fn( $budget, $context ) => 'new_site' === $context ? array( 'seconds' => 0.0 ) + $budget : $budget, 10, 2 );

		$this->create_site();

		$started = $this->last_job( 'wpmus_job_started' );
		$this->assertSame( Job::ORIGIN_NEW_SITE, $started->origin );
		$this->assertSame( Job::RUNNING, $started->status );
		$this->assertGreaterThan( 0, $started->id, 'Stored, in the network\'s history.' );
		$this->assertSame( 1, $this->fired( 'wpmus_job_started', $started->id ) );
	}

	public function test_every_place_jobs_work_asks_the_one_budget_filter_with_its_context_and_job(): void {
		add_filter(
			'wpmus_job_budget',
			function ( $budget, $context, $job ) {
				$this->budgets[] = array( $context, $job );
				return $budget;
			},
			10,
			3
		);
		$this->set_settings(
			array(
				'newSiteSync' => true,
				'newUserSync' => true,
			)
		);
		$previewing = $this->runner->create( Job::KIND_SITES, $this->sites, false, 1 );
		$running    = $this->runner->start( $this->ready_job() );

		wp_set_current_user( $this->create_super_admin() );
		$this->rest( 'POST', "/wpm-user-sync/v1/jobs/{$previewing->id}/step" );
		$this->runner->carry_on( $running->id );
		$this->create_site();
		$this->create_user( null );

		$contexts = array_unique( array_column( $this->budgets, 0 ) );
		foreach ( array( 'step', 'cron', 'new_site', 'new_user' ) as $context ) {
			$this->assertContains( $context, $contexts );
		}
		foreach ( $this->budgets as list( $context, $asked_for ) ) {
			$this->assertInstanceOf( Job::class, $asked_for, "The $context budget is asked with the job." );
		}
	}

	public function test_a_cron_run_works_as_long_as_its_budget_says(): void {
		$job = $this->runner->start( $this->ready_job() );
		add_filter( 'wpmus_job_budget', static fn( $budget, $context ) => 'cron' === $context ? array( 'seconds' => 0.0 ) + $budget : $budget, 10, 2 );

		$this->runner->carry_on( $job->id );

		$job = $this->runner->find( $job->id );
		$this->assertSame( Job::RUNNING, $job->status, 'A budget of no time does one block, not the 20 s of the default.' );
		$this->assertGreaterThan( 0, $job->result->added() );
		$this->assertLessThan( $job->preview->added(), $job->result->added() );
		$this->assertNotFalse( wp_next_scheduled( Job_Runner::CRON_HOOK, array( $job->id, get_current_network_id() ) ), 'The next run is scheduled.' );
	}

	public function test_a_batch_stops_when_its_memory_budget_is_spent_even_with_time_left(): void {
		$job = $this->runner->start( $this->ready_job() );
		// Slow blocks, so that the whole run takes several seconds.
		$slow = static function ( $query ) {
			if ( str_starts_with( $query, 'SELECT GET_LOCK' ) ) {
				usleep( 400000 );
			}
			return $query;
		};
		add_filter( 'query', $slow );
		add_filter(
			'wpmus_job_budget',
			static fn( $budget ) => array(
				'seconds' => 60.0,
				'memory'  => 1,
			)
		);

		$job = $this->runner->step( $job, Job_Budget::for( Job_Budget::STEP, $job ) );
		$this->assertSame( Job::RUNNING, $job->status, 'It stopped with time left.' );
		$this->assertGreaterThan( 0, $job->result->added(), 'It worked first.' );

		$job = $this->runner->step( $job, new Job_Budget( 60.0 ) );
		remove_filter( 'query', $slow );
		$this->assertSame( Job::DONE, $job->status, 'With memory to spare, the same time finishes the job.' );
	}

	public function test_the_pipeline_carries_any_kind_of_work(): void {
		$type = new class() implements Job_Type {
			/**
			 * Sites the runs went through.
			 *
			 * @var int[]
			 */
			public array $visited = array();

			public function name(): string {
				return 'test_visit_sites';
			}

			public function label(): string {
				return 'Visit every site';
			}

			public function step( Job $job, ?array $cursor, float $deadline, int $memory, bool $dry_run, ?callable $checkpoint ): Report {
				$report = new Report();
				$next   = (int) ( $cursor['next'] ?? 0 );
				$sites  = (array) $job->site_ids;
				// One site per unit of work, like the engine's blocks: at least one, then until the deadline.
				do {
					$report->add( (int) $sites[ $next ], 1 );
					if ( ! $dry_run ) {
						$this->visited[] = (int) $sites[ $next ];
					}
					++$next;
					$report->cursor = $next < count( $sites ) ? array( 'next' => $next ) : null;
					if ( null !== $checkpoint ) {
						$checkpoint( $report, $report->cursor ?? array( 'next' => $next ) );
					}
				} while ( null !== $report->cursor && microtime( true ) < $deadline && memory_get_usage( true ) < $memory );
				return $report;
			}
		};
		add_filter( 'wpmus_job_types', static fn( array $types ) => array_merge( $types, array( $type ) ) );

		$job = $this->runner->create( Job::KIND_SITES, $this->sites, false, 1, 'test_visit_sites' );
		while ( Job::PREVIEWING === $job->status ) {
			$job = $this->runner->step( $job, 0.0 );
		}
		$this->assertSame( count( $this->sites ), $job->preview->added() );
		$this->assertSame( array(), $type->visited, 'The preview did nothing.' );
		$job = $this->runner->start( $job );
		while ( Job::RUNNING === $job->status ) {
			$job = $this->runner->step( $job, 0.0 );
		}

		$this->assertSame( Job::DONE, $job->status );
		$this->assertSame( $this->sites, $type->visited );
		$this->assertSame( $job->preview->sites(), $job->result->sites() );
		$this->assertSame( 1, $this->fired( 'wpmus_job_finished', $job->id ) );
		wp_set_current_user( $this->create_super_admin() );
		$shown = $this->rest( 'GET', "/wpm-user-sync/v1/jobs/{$job->id}" )->get_data();
		$this->assertSame( 'test_visit_sites', $shown['type'] );
		$this->assertSame( 'Visit every site', $shown['typeLabel'] );
	}

	public function test_a_job_of_a_kind_this_version_does_not_know_fails_with_the_reason(): void {
		global $wpdb;
		$job = $this->runner->create( Job::KIND_SITES, $this->sites, false, 1 );
		$wpdb->update( Job_Store::table(), array( 'type' => 'undo_everything' ), array( 'id' => $job->id ) );

		$job = $this->runner->step( $this->runner->find( $job->id ), 0.0 );

		$this->assertSame( Job::FAILED, $job->status );
		$this->assertStringContainsString( 'undo_everything', (string) $job->last_error );
		$this->assertSame( 1, $this->fired( 'wpmus_job_failed', $job->id ) );
		wp_set_current_user( $this->create_super_admin() );
		$this->assertSame( 'undo_everything', $this->rest( 'GET', "/wpm-user-sync/v1/jobs/{$job->id}" )->get_data()['typeLabel'] );
	}
}
