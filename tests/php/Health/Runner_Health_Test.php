<?php
/**
 * Runner health: WP-Cron quiet for an hour, WP-Cron switched off, a job that stopped moving.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Health;

use WPM_User_Sync\Health\Runner_Health;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Jobs\Job_Watch;

final class Runner_Health_Test extends Health_Test_Case {

	protected function tearDown(): void {
		remove_all_filters( 'wpmus_cron_disabled' );
		parent::tearDown();
	}

	public function test_the_watch_records_that_the_runner_ran(): void {
		$this->assertNull( Runner_Health::last_run( $this->network_id ) );

		$this->tick();

		$this->assertEqualsWithDelta( time(), Runner_Health::last_run( $this->network_id ), 5 );
		$this->assertTrue( Runner_Health::is_running( $this->network_id ) );
	}

	public function test_a_runner_quiet_for_two_hours_is_not_running(): void {
		update_network_option( $this->network_id, Runner_Health::LAST_RUN_OPTION, time() - 2 * HOUR_IN_SECONDS );

		$this->assertFalse( Runner_Health::is_running( $this->network_id ) );
	}

	public function test_a_runner_that_ran_within_the_hour_is_running(): void {
		update_network_option( $this->network_id, Runner_Health::LAST_RUN_OPTION, time() - 50 * MINUTE_IN_SECONDS );

		$this->assertTrue( Runner_Health::is_running( $this->network_id ) );
	}

	public function test_before_its_first_run_the_watch_overdue_by_an_hour_means_cron_does_not_run(): void {
		switch_to_blog( get_main_site_id() );
		wp_unschedule_hook( Job_Watch::HOOK );
		wp_schedule_event( time() + 60, Job_Watch::SCHEDULE, Job_Watch::HOOK );
		restore_current_blog();
		$this->assertTrue( Runner_Health::is_running( $this->network_id ), 'A freshly scheduled watch says nothing yet.' );

		switch_to_blog( get_main_site_id() );
		wp_unschedule_hook( Job_Watch::HOOK );
		wp_schedule_event( time() - 2 * HOUR_IN_SECONDS, Job_Watch::SCHEDULE, Job_Watch::HOOK );
		restore_current_blog();
		$this->assertFalse( Runner_Health::is_running( $this->network_id ) );
	}

	public function test_disable_wp_cron_is_read_through_its_seam(): void {
		$this->assertSame( defined( 'DISABLE_WP_CRON' ) && DISABLE_WP_CRON, Runner_Health::cron_disabled() );

		add_filter( 'wpmus_cron_disabled', '__return_true' );

		$this->assertTrue( Runner_Health::cron_disabled() );
	}

	public function test_a_running_job_that_has_not_moved_for_10_minutes_is_named(): void {
		global $wpdb;
		$moving  = $this->running_network_sync();
		$stalled = $this->runner->continue_in_background( \WPM_User_Sync\Jobs\Job::for_trigger( $this->network_id, array( $this->users[0] ), null, \WPM_User_Sync\Jobs\Job::ORIGIN_NEW_USER ), null, new \WPM_User_Sync\Sync\Report() );
		$since   = time() - 11 * MINUTE_IN_SECONDS;
		$wpdb->update( Job_Store::table(), array( 'updated_at' => $since ), array( 'id' => $stalled->id ) );

		$jobs = Runner_Health::stalled_jobs( $this->network_id );

		$this->assertSame(
			array(
				array(
					'id'        => $stalled->id,
					'typeLabel' => 'Add missing memberships',
					'since'     => $since,
				),
			),
			$jobs
		);
		$this->assertNotContains( $moving->id, array_column( $jobs, 'id' ) );
	}

	public function test_a_job_a_batch_holds_is_not_stalled(): void {
		global $wpdb;
		$job = $this->running_network_sync();
		$wpdb->update(
			Job_Store::table(),
			array(
				'updated_at' => time() - 11 * MINUTE_IN_SECONDS,
				'lock_until' => time() + 30,
			),
			array( 'id' => $job->id )
		);

		$this->assertSame( array(), Runner_Health::stalled_jobs( $this->network_id ) );
	}
}
