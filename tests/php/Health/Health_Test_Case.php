<?php
/**
 * What the health tests share: a network with two sites and 17 users who belong nowhere,
 * and ways to run what WP-Cron would run.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Health;

use WPM_User_Sync\Health\Drift;
use WPM_User_Sync\Health\Reconcile;
use WPM_User_Sync\Health\Runner_Health;
use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Budget;
use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Watch;
use WPM_User_Sync\Tests\Jobs\Job_Test_Case;

abstract class Health_Test_Case extends Job_Test_Case {

	protected int $network_id;

	/**
	 * The users the tests created.
	 *
	 * @var int[]
	 */
	protected array $users;

	protected function setUp(): void {
		parent::setUp();
		$this->network_id = get_current_network_id();
		$this->users      = $this->create_users_fast( 3 );
		foreach ( array( Drift::OPTION, Reconcile::STATE_OPTION, Runner_Health::LAST_RUN_OPTION, 'wpmus_reconcile' ) as $option ) {
			delete_network_option( $this->network_id, $option );
		}
	}

	protected function tearDown(): void {
		switch_to_blog( get_main_site_id() );
		foreach ( array( Drift::STEP_HOOK, Drift::DUE_HOOK, Job_Watch::HOOK ) as $hook ) {
			wp_unschedule_hook( $hook );
		}
		restore_current_blog();
		parent::tearDown();
	}

	/**
	 * Runs the five-minute watch's WP-Cron event, as WP-Cron would.
	 */
	protected function tick(): void {
		do_action( Job_Watch::HOOK );
	}

	/**
	 * Runs a drift check's WP-Cron event until the check ends.
	 */
	protected function finish_check( int $job_id ): Job {
		return $this->run_until_finished( Drift::STEP_HOOK, $job_id );
	}

	/**
	 * Runs a running job's WP-Cron event until the job ends.
	 */
	protected function finish_job( int $job_id ): Job {
		return $this->run_until_finished( Job_Runner::CRON_HOOK, $job_id );
	}

	/**
	 * Runs a job's WP-Cron event (job ID, network ID), as WP-Cron would, until the job ends.
	 */
	private function run_until_finished( string $hook, int $job_id ): Job {
		for ( $batches = 0; $batches < 100; $batches++ ) {
			do_action( $hook, $job_id, $this->network_id );
			$job = $this->store->find( $job_id, $this->network_id );
			$this->assertNotNull( $job );
			if ( $job->is_finished() ) {
				return $job;
			}
		}
		$this->fail( "Job #{$job_id} did not end." );
	}

	/**
	 * A network sync as a person previews it, waiting for confirmation.
	 */
	private function previewed_network_sync(): Job {
		$job = $this->runner->create( Job::KIND_NETWORK, null, false, $this->create_super_admin() );
		while ( Job::PREVIEWING === $job->status ) {
			$job = $this->runner->step( $job, new Job_Budget( 5.0 ) );
		}
		return $job;
	}

	/**
	 * A network sync as a person runs it: previewed, confirmed, left running.
	 */
	protected function running_network_sync(): Job {
		return $this->runner->start( $this->previewed_network_sync() );
	}

	/**
	 * What a preview of the network sync counts now: memberships to add, and sites with some.
	 *
	 * @return array{0: int, 1: int}
	 */
	protected function network_sync_preview(): array {
		$job = $this->previewed_network_sync();
		$this->runner->cancel( $job );
		$sites = count( array_filter( $job->preview->sites(), static fn( array $counts ): bool => $counts['added'] > 0 ) );
		return array( $job->preview->added(), $sites );
	}

	/**
	 * Makes the reconcile due now.
	 */
	protected function make_reconcile_due( string $schedule = 'daily' ): void {
		$this->set_settings( array( 'reconcile' => $schedule ) );
		update_network_option(
			$this->network_id,
			Reconcile::STATE_OPTION,
			array(
				'next' => time() - 60,
				'job'  => 0,
			)
		);
	}
}
