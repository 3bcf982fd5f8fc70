<?php
/**
 * Tests that a job's state is never lost, doubled or undone: atomic changes of status,
 * progress recorded with the writes, stale previews, expiry, one history per scope.
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
use WPM_User_Sync\Sync\Report;

final class Job_Lifecycle_Test extends Job_Test_Case {

	private function ready_job( ?array $sites = null ): Job {
		$job = $this->runner->create( Job::KIND_SITES, $sites ?? $this->sites, false, 1 );
		for ( $i = 0; $i < 200 && Job::PREVIEWING === $job->status; $i++ ) {
			$job = $this->runner->step( $job, 0.0 );
		}
		$this->assertSame( Job::READY, $job->status );
		return $job;
	}

	private function finish( Job $job ): Job {
		for ( $i = 0; $i < 500 && Job::RUNNING === $job->status; $i++ ) {
			$job = $this->runner->step( $job, 0.0 );
		}
		return $job;
	}

	private function members( array $sites ): int {
		global $wpdb;
		$total = 0;
		foreach ( $sites as $site_id ) {
			$total += (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key = %s", $wpdb->get_blog_prefix( $site_id ) . 'capabilities' ) );
		}
		return $total;
	}

	private function assertRefused( string $reason, callable $action ): void {
		try {
			$action();
			$this->fail( "Expected a refusal $reason." );
		} catch ( Job_Error $error ) {
			$this->assertSame( $reason, $error->reason );
			$this->assertNotSame( '', $error->getMessage() );
		}
	}

	public function test_two_starts_of_one_job_cannot_both_succeed(): void {
		$job   = $this->ready_job();
		$stale = clone $job;

		$this->runner->start( $job );

		$this->assertRefused( 'wpmus_job_not_ready', fn() => $this->runner->start( $stale ) );
		$this->assertSame( Job::RUNNING, $this->runner->find( $job->id )->status );
	}

	public function test_a_start_after_a_cancel_does_not_bring_the_job_back(): void {
		$job  = $this->ready_job();
		$copy = clone $job;
		$this->runner->cancel( $job );

		$this->assertRefused( 'wpmus_job_not_ready', fn() => $this->runner->start( $copy ) );
		$this->assertSame( Job::CANCELLED, $this->runner->find( $job->id )->status );
	}

	public function test_a_batch_ending_after_a_cancel_does_not_bring_the_job_back(): void {
		$job = $this->runner->start( $this->ready_job() );
		// The cancel lands while a batch works: the batch's first block sees it and rolls back.
		$cancel_once = function ( $query ) use ( $job ) {
			static $done = false;
			if ( ! $done && str_starts_with( $query, 'SELECT GET_LOCK' ) ) {
				$done = true;
				( new Job_Runner( get_current_network_id(), new Job_Store() ) )->cancel( $this->runner->find( $job->id ) );
			}
			return $query;
		};
		$before = $this->members( $this->sites );
		add_filter( 'query', $cancel_once );
		$after_batch = $this->runner->step( $job, 0.0 );
		remove_filter( 'query', $cancel_once );

		$this->assertSame( Job::CANCELLED, $after_batch->status );
		$this->assertSame( Job::CANCELLED, $this->runner->find( $job->id )->status );
		$this->assertSame( $before, $this->members( $this->sites ), 'The block that saw the cancel wrote nothing.' );
	}

	public function test_cancelling_a_finished_job_says_it_is_finished(): void {
		$job = $this->finish( $this->runner->start( $this->ready_job() ) );
		$this->assertSame( Job::DONE, $job->status );

		$this->assertRefused( 'wpmus_job_finished', fn() => $this->runner->cancel( $job ) );
		$this->assertSame( Job::DONE, $this->runner->find( $job->id )->status );
	}

	public function test_an_interrupted_batch_makes_the_next_one_wait_then_its_writes_are_counted_exactly_once(): void {
		$job    = $this->runner->start( $this->ready_job() );
		$before = $this->members( $this->sites );
		$job    = $this->runner->step( $job, 0.0 );
		$this->assertSame( Job::RUNNING, $job->status );

		// A batch that dies after committing two blocks leaves its lock and its checkpoint behind.
		$token = ( new Job_Lock() )->take( $job, 30 );
		$dying = function ( $query ) {
			static $blocks = 0;
			if ( str_starts_with( $query, 'SELECT RELEASE_LOCK' ) && ++$blocks >= 2 ) {
				throw new \LogicException( 'killed' );
			}
			return $query;
		};
		$engine = \WPM_User_Sync\Sync\Membership_Engine::for_network( get_current_network_id() );
		add_filter( 'query', $dying );
		try {
			$engine->run(
				( new Add_Memberships() )->request( $job ),
				$job->cursor,
				null,
				false,
				fn( Report $so_far, array $cursor ) => $this->store->checkpoint( $job, $token, $so_far, $cursor, time() + 30 )
			);
		} catch ( \LogicException $killed ) {
			$this->assertSame( 'killed', $killed->getMessage() );
		} finally {
			remove_filter( 'query', $dying );
			// A dead process's connection closes, and MariaDB frees its named lock; this one stays open.
			$GLOBALS['wpdb']->query( $GLOBALS['wpdb']->prepare( 'SELECT RELEASE_LOCK(%s)', \WPM_User_Sync\Sync\Db::lock_name( 'write' ) ) );
		}

		$waiting = $this->runner->step( $this->runner->find( $job->id ), 0.0 );
		$this->assertNotNull( $waiting->waiting, 'The next batch says it waits for the interrupted one.' );
		$this->assertGreaterThan( 0, (int) $waiting->waiting );

		// Its lock expires.
		global $wpdb;
		$wpdb->update( Job_Store::table(), array( 'lock_until' => time() - 1 ), array( 'id' => $job->id ) );
		$job = $this->finish( $this->runner->find( $job->id ) );

		$this->assertSame( Job::DONE, $job->status );
		$this->assertSame( $this->members( $this->sites ) - $before, $job->result->added(), 'The totals are what the database holds.' );
		$this->assertSame( $job->preview->added(), $job->result->added(), 'The totals count every membership written, the dead batch\'s too, once.' );
	}

	public function test_a_stale_preview_cannot_be_confirmed_until_refreshed(): void {
		$job = $this->ready_job();
		$this->assertFalse( $this->runner->is_stale( $job ) );

		$this->create_user( null ); // The network changed.
		$job = $this->runner->find( $job->id );
		$this->assertTrue( $this->runner->is_stale( $job ) );
		$this->assertRefused( 'wpmus_preview_stale', fn() => $this->runner->start( $job ) );

		$job = $this->runner->refresh( $job );
		$this->assertSame( Job::PREVIEWING, $job->status );
		$this->assertSame( 0, $job->preview->added() );
		for ( $i = 0; $i < 200 && Job::PREVIEWING === $job->status; $i++ ) {
			$job = $this->runner->step( $job, 0.0 );
		}
		$this->assertFalse( $this->runner->is_stale( $job ) );
		$this->assertSame( Job::RUNNING, $this->runner->start( $job )->status );
	}

	public function test_a_preview_older_than_ten_minutes_is_stale(): void {
		$job               = $this->ready_job();
		$job->previewed_at = time() - 11 * MINUTE_IN_SECONDS;

		$this->assertTrue( $this->runner->is_stale( $job ) );
		$this->assertRefused( 'wpmus_preview_stale', fn() => $this->runner->start( $job ) );
	}

	public function test_only_a_ready_job_can_be_refreshed(): void {
		$job = $this->runner->create( Job::KIND_SITES, $this->sites, false, 1 );
		$this->assertRefused( 'wpmus_job_not_ready', fn() => $this->runner->refresh( $job ) );
	}

	public function test_previews_left_waiting_for_an_hour_expire_with_the_reason(): void {
		global $wpdb;
		$left = $this->runner->create( Job::KIND_SITES, $this->sites, false, 1 );
		$wpdb->update( Job_Store::table(), array( 'updated_at' => time() - 2 * HOUR_IN_SECONDS ), array( 'id' => $left->id ) );

		$this->runner->create( Job::KIND_NETWORK, null, false, 1 );

		$left = $this->runner->find( $left->id );
		$this->assertSame( Job::CANCELLED, $left->status );
		$this->assertStringContainsString( 'expired', (string) $left->last_error );
	}

	public function test_a_site_job_whose_cron_never_comes_does_not_block_network_jobs_forever(): void {
		global $wpdb;
		$site_job = $this->runner->create( Job::KIND_SITE, array( $this->sites[0] ), false, 1 );
		for ( $i = 0; $i < 200 && Job::PREVIEWING === $site_job->status; $i++ ) {
			$site_job = $this->runner->step( $site_job, 0.0 );
		}
		$site_job = $this->runner->start( $site_job );
		$network  = $this->ready_job();
		$this->assertRefused( 'wpmus_job_conflict', fn() => $this->runner->start( $network ) );

		// Twenty minutes without a step.
		$wpdb->update( Job_Store::table(), array( 'updated_at' => time() - 20 * MINUTE_IN_SECONDS ), array( 'id' => $site_job->id ) );

		$this->assertSame( Job::RUNNING, $this->runner->start( $network )->status );
		$stalled = $this->runner->find( $site_job->id );
		$this->assertSame( Job::FAILED, $stalled->status );
		$this->assertStringContainsString( 'WP-Cron', (string) $stalled->last_error );
	}

	public function test_a_sites_history_is_its_own_and_cannot_flush_the_networks(): void {
		$network_job = $this->runner->cancel( $this->runner->create( Job::KIND_NETWORK, null, false, 1 ) );
		$network     = count( $this->store->list( get_current_network_id(), 200, array(), 0 ) );
		for ( $i = 0; $i < Job_Store::HISTORY + 3; $i++ ) {
			$this->runner->cancel( $this->runner->create( Job::KIND_SITE, array( $this->sites[0] ), false, 1 ) );
		}

		$this->assertNotNull( $this->runner->find( $network_job->id ), 'The network\'s history kept its job.' );
		$this->assertCount( Job_Store::HISTORY, $this->store->list( get_current_network_id(), 200, array(), $this->sites[0] ) );
		$this->assertCount( $network, $this->store->list( get_current_network_id(), 200, array(), 0 ), 'A site\'s jobs are not in the network\'s history.' );
	}
}
