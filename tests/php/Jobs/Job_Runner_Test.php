<?php
/**
 * Tests for the life of a job: preview, run, resume, cancel, lock, conflicts.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Jobs;

use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Error;
use WPM_User_Sync\Jobs\Job_Lock;
use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Jobs\Types\Add_Memberships;
use WPM_User_Sync\Sync\Membership_Engine;

final class Job_Runner_Test extends Job_Test_Case {

	/**
	 * Steps a job until it leaves the given status; each step does one block.
	 *
	 * @param Job    $job    The job.
	 * @param string $status Status to leave.
	 * @return array{0: Job, 1: int} The job and how many steps it took.
	 */
	private function step_while( Job $job, string $status ): array {
		$steps = 0;
		while ( $status === $job->status && $steps < 500 ) {
			$job = $this->runner->step( $job, 0.0 );
			++$steps;
		}
		return array( $job, $steps );
	}

	private function members( int $site_id ): int {
		global $wpdb;
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key = %s", $wpdb->get_blog_prefix( $site_id ) . 'capabilities' ) );
	}

	private function duplicates( int $site_id ): int {
		global $wpdb;
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) - COUNT(DISTINCT user_id) FROM {$wpdb->usermeta} WHERE meta_key = %s", $wpdb->get_blog_prefix( $site_id ) . 'capabilities' ) );
	}

	public function test_the_preview_counts_exactly_what_the_run_then_adds(): void {
		$job = $this->runner->create( Job::KIND_SITES, $this->sites, false, 1 );
		$this->assertSame( Job::PREVIEWING, $job->status );

		list( $job, $preview_steps ) = $this->step_while( $job, Job::PREVIEWING );
		$this->assertSame( Job::READY, $job->status );
		$this->assertGreaterThan( 2, $preview_steps, 'The preview ran in batches.' );
		$this->assertSame( 0, $this->members( $this->sites[0] ), 'The preview wrote nothing.' );
		$to_add = $job->preview->added();

		$job = $this->runner->start( $job );
		list( $job ) = $this->step_while( $job, Job::RUNNING );

		$this->assertSame( Job::DONE, $job->status );
		$this->assertSame( $to_add, $job->result->added() );
		$this->assertSame( $to_add, $this->members( $this->sites[0] ) + $this->members( $this->sites[1] ) );
		$this->assertSame( $job->preview->sites(), $job->result->sites() );
		$this->assertNotNull( $job->finished_at );
	}

	public function test_a_run_cut_off_mid_batch_resumes_and_adds_the_rest_exactly_once(): void {
		$job = $this->runner->create( Job::KIND_SITES, $this->sites, false, 1 );
		list( $job ) = $this->step_while( $job, Job::PREVIEWING );
		$job         = $this->runner->start( $job );
		$job         = $this->runner->step( $job, 0.0 );
		$to_add      = $job->preview->added();

		// A batch dies after writing a block, before its progress is saved.
		Membership_Engine::for_network( get_current_network_id() )->run( ( new Add_Memberships() )->request( $job ), $job->cursor, microtime( true ) );

		list( $job ) = $this->step_while( $this->runner->find( $job->id ), Job::RUNNING );

		$this->assertSame( Job::DONE, $job->status );
		$this->assertSame( $to_add, $this->members( $this->sites[0] ) + $this->members( $this->sites[1] ) );
		$this->assertSame( 0, $this->duplicates( $this->sites[0] ) );
		$this->assertSame( 0, $this->duplicates( $this->sites[1] ) );
	}

	public function test_a_cancelled_job_stops_and_keeps_what_it_wrote(): void {
		$job = $this->runner->create( Job::KIND_SITES, $this->sites, false, 1 );
		list( $job ) = $this->step_while( $job, Job::PREVIEWING );
		$job         = $this->runner->start( $job );
		$job         = $this->runner->step( $job, 0.0 );
		$written     = $this->members( $this->sites[0] ) + $this->members( $this->sites[1] );

		$job = $this->runner->cancel( $job );
		$job = $this->runner->step( $job, 0.0 );

		$this->assertSame( Job::CANCELLED, $this->runner->find( $job->id )->status );
		$this->assertGreaterThan( 0, $written );
		$this->assertSame( $written, $this->members( $this->sites[0] ) + $this->members( $this->sites[1] ) );
		$this->assertSame( $written, $job->result->added() );
		$this->assertFalse( wp_next_scheduled( Job_Runner::CRON_HOOK, array( $job->id, get_current_network_id() ) ) );
	}

	public function test_one_batch_at_a_time_and_a_crashed_batch_cannot_hold_the_job_forever(): void {
		global $wpdb;
		$job = $this->runner->create( Job::KIND_SITES, $this->sites, false, 1 );

		// Another batch holds the lock: this one does nothing.
		$this->assertNotNull( ( new Job_Lock() )->take( $job, 60 ) );
		$this->assertNull( ( new Job_Lock() )->take( $job, 60 ), 'The lock is exclusive.' );
		$job = $this->runner->step( $job, 0.0 );
		$this->assertSame( array(), $job->preview->sites() );

		// That batch crashed; its lock runs out.
		$wpdb->update( Job_Store::table(), array( 'lock_until' => time() - 1 ), array( 'id' => $job->id ) );
		$job = $this->runner->step( $job, 0.0 );
		$this->assertNotSame( array(), $job->preview->sites() );
	}

	public function test_overlapping_jobs_never_run_at_once_but_separate_sites_can(): void {
		$first    = $this->runner->create( Job::KIND_SITES, array( $this->sites[0] ), false, 1 );
		$overlap  = $this->runner->create( Job::KIND_NETWORK, null, false, 1 );
		$separate = $this->runner->create( Job::KIND_SITES, array( $this->sites[1] ), false, 1 );
		foreach ( array( &$first, &$overlap, &$separate ) as &$job ) {
			list( $job ) = $this->step_while( $job, Job::PREVIEWING );
		}
		unset( $job );

		$this->runner->start( $first );
		$this->runner->start( $separate );

		$this->expectException( Job_Error::class );
		$this->expectExceptionMessageMatches( '/Another sync \(#\d+\) is running on some of the same sites/' );
		$this->runner->start( $overlap );
	}

	public function test_an_overlapping_sync_is_found_however_many_other_jobs_run_after_it(): void {
		$first   = $this->runner->create( Job::KIND_SITES, array( $this->sites[0] ), false, 1 );
		$overlap = $this->runner->create( Job::KIND_NETWORK, null, false, 1 );
		foreach ( array( &$first, &$overlap ) as &$job ) {
			list( $job ) = $this->step_while( $job, Job::PREVIEWING );
		}
		unset( $job );
		$this->runner->start( $first );
		// Newer running jobs of another type, more than a page of them: a bulk role change
		// past its request's budget leaves one per person.
		$store = new Job_Store();
		for ( $i = 0; $i < Job_Store::HISTORY + 5; $i++ ) {
			$copy         = new Job( get_current_network_id(), Job::KIND_NETWORK, null, false, 1 );
			$copy->type   = 'copy_role';
			$copy->status = Job::RUNNING;
			$store->save( $copy );
		}

		$this->expectException( Job_Error::class );
		$this->expectExceptionMessageMatches( '/Another sync \(#' . $first->id . '\) is running on some of the same sites/' );
		$this->runner->start( $overlap );
	}

	public function test_only_a_previewed_job_can_start(): void {
		$job = $this->runner->create( Job::KIND_NETWORK, null, false, 1 );

		try {
			$this->runner->start( $job );
			$this->fail( 'A job in preview started.' );
		} catch ( Job_Error $error ) {
			$this->assertSame( 'wpmus_job_not_ready', $error->reason );
		}
	}

	public function test_wp_cron_carries_a_running_job_on_when_nobody_drives_it(): void {
		$job = $this->runner->create( Job::KIND_SITES, $this->sites, false, 1 );
		list( $job ) = $this->step_while( $job, Job::PREVIEWING );
		$job         = $this->runner->start( $job );
		$args        = array( $job->id, get_current_network_id() );
		$this->assertNotFalse( wp_next_scheduled( Job_Runner::CRON_HOOK, $args ) );

		// What WP-Cron does when the event is due.
		wp_unschedule_event( wp_next_scheduled( Job_Runner::CRON_HOOK, $args ), Job_Runner::CRON_HOOK, $args );
		do_action_ref_array( Job_Runner::CRON_HOOK, $args );

		$job = $this->runner->find( $job->id );
		$this->assertSame( Job::DONE, $job->status );
		$this->assertSame( $job->preview->added(), $job->result->added() );
	}

	public function test_a_refused_write_writes_nothing_and_the_job_retries_then_fails_with_the_reason(): void {
		$job = $this->runner->create( Job::KIND_SITES, $this->sites, false, 1 );
		list( $job ) = $this->step_while( $job, Job::PREVIEWING );
		$job         = $this->runner->start( $job );
		$before      = $this->memberships( $this->sites );
		$break       = static function ( $query ) {
			return str_starts_with( $query, 'INSERT INTO' ) && str_contains( $query, 'capabilities' ) ? 'INSERT INTO no_such_table VALUES (1)' : $query;
		};
		add_filter( 'query', $break );
		$job = $this->runner->step( $job, 0.0 );

		$this->assertSame( Job::RUNNING, $job->status, 'One failed batch is tried again.' );
		$this->assertStringContainsString( 'no_such_table', (string) $job->last_error, 'The reason is kept, in words.' );
		$this->assertSame( $before, $this->memberships( $this->sites ), 'The failed batch wrote nothing.' );

		for ( $i = 0; $i < 10 && Job::RUNNING === $job->status; $i++ ) {
			$job = $this->runner->step( $job, 0.0 );
		}
		remove_filter( 'query', $break );
		global $wpdb;
		$wpdb->last_error = '';
		$this->assertSame( Job::FAILED, $job->status, 'A database that keeps failing fails the job.' );
		$this->assertStringContainsString( 'The database failed', (string) $job->last_error );
		$this->assertSame( $before, $this->memberships( $this->sites ) );
	}

	public function test_a_failed_read_is_never_taken_for_nobody_being_a_member(): void {
		$job = $this->runner->create( Job::KIND_SITES, $this->sites, false, 1 );
		list( $job ) = $this->step_while( $job, Job::PREVIEWING );
		$job         = $this->runner->start( $job );
		$job         = $this->runner->step( $job, 0.0 );
		$reads       = 0;
		// Every read of who is a member fails (a killed query, a time limit, a lost connection).
		$kill = static function ( $query ) use ( &$reads ) {
			if ( str_starts_with( $query, 'SELECT' ) && str_contains( $query, 'capabilities' ) ) {
				++$reads;
				return 'SELECT * FROM wpmus_killed_query';
			}
			return $query;
		};
		add_filter( 'query', $kill );
		$job = $this->runner->step( $job, 0.0 );
		remove_filter( 'query', $kill );
		global $wpdb;
		$wpdb->last_error = '';

		$this->assertGreaterThan( 0, $reads );
		list( $job ) = $this->step_while( $job, Job::RUNNING );
		$this->assertSame( Job::DONE, $job->status );
		$this->assertSame( array(), $this->doubled_rows(), 'No membership was written twice.' );
		$this->assertSame( $job->preview->added(), $job->result->added(), 'The totals are what was written.' );
	}

	/**
	 * Capabilities rows per site, for comparing before and after.
	 *
	 * @param int[] $sites Sites.
	 * @return array<int, int>
	 */
	private function memberships( array $sites ): array {
		global $wpdb;
		$counts = array();
		foreach ( $sites as $site_id ) {
			$counts[ $site_id ] = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key = %s", $wpdb->get_blog_prefix( $site_id ) . 'capabilities' ) );
		}
		return $counts;
	}

	/**
	 * (user, key) pairs written more than once, for capabilities and user_level.
	 *
	 * @return array<int, array<string, string>>
	 */
	private function doubled_rows(): array {
		global $wpdb;
		return $wpdb->get_results( "SELECT user_id, meta_key, COUNT(*) AS n FROM {$wpdb->usermeta} WHERE meta_key LIKE '%capabilities' OR meta_key LIKE '%user_level' GROUP BY user_id, meta_key HAVING n > 1", ARRAY_A );
	}

	public function test_the_history_keeps_the_last_fifty_finished_jobs(): void {
		$ids = array();
		for ( $i = 0; $i < Job_Store::HISTORY + 5; $i++ ) {
			$ids[] = $this->runner->cancel( $this->runner->create( Job::KIND_NETWORK, null, false, 1 ) )->id;
		}

		$kept = array_map( static fn( Job $job ) => $job->id, $this->store->list( get_current_network_id(), 100 ) );

		$this->assertCount( Job_Store::HISTORY, $kept );
		$this->assertSame( array_reverse( array_slice( $ids, 5 ) ), $kept );
	}
}
