<?php
/**
 * GET /health and POST /drift: who may, and what they say.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Health;

use WPM_User_Sync\Health\Drift;
use WPM_User_Sync\Health\Runner_Health;
use WPM_User_Sync\Jobs\Job_Store;

final class Health_Routes_Test extends Health_Test_Case {

	private const HEALTH = '/wpm-user-sync/v1/health';
	private const DRIFT  = '/wpm-user-sync/v1/drift';

	protected function tearDown(): void {
		remove_all_filters( 'wpmus_cron_disabled' );
		parent::tearDown();
	}

	public function test_a_visitor_gets_401_and_nothing_starts(): void {
		$this->assertRestError( 401, 'wpmus_forbidden', $this->rest( 'GET', self::HEALTH ) );
		$this->assertRestError( 401, 'wpmus_forbidden', $this->rest( 'POST', self::DRIFT ) );
		$this->assertNull( ( new Drift( $this->network_id, $this->store ) )->running() );
	}

	public function test_a_site_administrator_gets_403_and_learns_nothing_about_the_network(): void {
		$site_id = $this->sites[0];
		wp_set_current_user( $this->create_user( 'administrator', $site_id ) );
		switch_to_blog( $site_id );

		$health = $this->rest( 'GET', self::HEALTH );
		$drift  = $this->rest( 'POST', self::DRIFT );

		restore_current_blog();
		$this->assertRestError( 403, 'wpmus_forbidden', $health );
		$this->assertRestError( 403, 'wpmus_forbidden', $drift );
		$this->assertSame( array( 'code', 'message', 'data' ), array_keys( (array) $health->get_data() ) );
		$this->assertNull( ( new Drift( $this->network_id, $this->store ) )->running() );
	}

	public function test_the_main_sites_administrator_who_is_not_a_network_administrator_gets_403(): void {
		wp_set_current_user( $this->create_user( 'administrator' ) );

		$this->assertRestError( 403, 'wpmus_forbidden', $this->rest( 'GET', self::HEALTH ) );
		$this->assertRestError( 403, 'wpmus_forbidden', $this->rest( 'POST', self::DRIFT ) );
	}

	public function test_a_network_administrator_reads_the_documented_shape(): void {
		wp_set_current_user( $this->create_super_admin() );
		update_network_option( $this->network_id, Runner_Health::LAST_RUN_OPTION, time() - 2 * HOUR_IN_SECONDS );
		add_filter( 'wpmus_cron_disabled', '__return_true' );

		$response = $this->rest( 'GET', self::HEALTH );

		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assertSame( array( 'cron', 'stalledJobs', 'drift', 'reconcile' ), array_keys( $data ) );
		$this->assertSame( gmdate( 'Y-m-d\TH:i:s\Z', (int) get_network_option( $this->network_id, Runner_Health::LAST_RUN_OPTION ) ), $data['cron']['lastRun'] );
		$this->assertFalse( $data['cron']['ok'] );
		$this->assertTrue( $data['cron']['disabled'] );
		$this->assertSame( Runner_Health::help_url(), $data['cron']['helpUrl'] );
		$this->assertSame( array(), $data['stalledJobs'] );
		$this->assertNull( $data['drift'], 'Never checked.' );
		$this->assertSame(
			array(
				'schedule' => 'never',
				'lastRun'  => null,
				'next'     => null,
			),
			$data['reconcile']
		);
	}

	public function test_check_now_starts_one_check_and_a_second_is_refused_in_words(): void {
		wp_set_current_user( $this->create_super_admin() );

		$started = $this->rest( 'POST', self::DRIFT );
		$again   = $this->rest( 'POST', self::DRIFT );

		$this->assertSame( 202, $started->get_status() );
		$this->assertTrue( $started->get_data()['running'] );
		$job_id = $started->get_data()['runningJob'];
		$this->assertIsInt( $job_id );
		$this->assertRestError( 409, 'wpmus_drift_running', $again );
		$this->assertStringContainsString( 'already running', $again->get_data()['message'] );

		// The screen carries the check on with the jobs' own step route.
		for ( $i = 0; $i < 50 && ( new Drift( $this->network_id, $this->store ) )->running(); $i++ ) {
			$this->rest( 'POST', '/wpm-user-sync/v1/jobs/' . $job_id . '/step' );
		}
		$drift = $this->rest( 'GET', self::HEALTH )->get_data()['drift'];
		$this->assertFalse( $drift['running'] );
		$this->assertSame( $job_id, $drift['job'] );
		$this->assertGreaterThan( 0, $drift['missing'] );
		$this->assertGreaterThan( 0, $drift['sites'] );
		$this->assertNotNull( $drift['checkedAt'] );
	}

	public function test_stalled_jobs_and_the_last_reconcile_are_listed(): void {
		global $wpdb;
		wp_set_current_user( $this->create_super_admin() );
		$this->make_reconcile_due();
		$this->tick();
		$reconcile = ( new \WPM_User_Sync\Health\Reconcile( $this->network_id, $this->store ) )->last_run();
		$this->assertNotNull( $reconcile );
		$wpdb->update( Job_Store::table(), array( 'updated_at' => time() - HOUR_IN_SECONDS ), array( 'id' => $reconcile['job'] ) );

		$data = $this->rest( 'GET', self::HEALTH )->get_data();

		$this->assertSame( $reconcile['job'], $data['stalledJobs'][0]['id'] );
		$this->assertSame( 'Add missing memberships', $data['stalledJobs'][0]['typeLabel'] );
		$this->assertSame( gmdate( 'Y-m-d\TH:i:s\Z', time() - HOUR_IN_SECONDS ), $data['stalledJobs'][0]['since'] );
		$this->assertSame( 'daily', $data['reconcile']['schedule'] );
		$this->assertSame( $reconcile['job'], $data['reconcile']['lastRun']['job'] );
		$this->assertSame( 'running', $data['reconcile']['lastRun']['status'] );
		$this->assertNull( $data['reconcile']['lastRun']['finishedAt'] );
		$this->assertNotNull( $data['reconcile']['next'] );
	}

	public function test_the_schema_is_described_through_options(): void {
		$schema = $this->rest( 'OPTIONS', self::HEALTH )->get_data()['schema'] ?? null;

		$this->assertIsArray( $schema );
		$this->assertSame( array( 'cron', 'stalledJobs', 'drift', 'reconcile' ), array_keys( $schema['properties'] ) );
		$this->assertSame( array( 'never', 'daily', 'weekly' ), $schema['properties']['reconcile']['properties']['schedule']['enum'] );
	}
}
