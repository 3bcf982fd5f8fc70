<?php
/**
 * Tests for /wpm-user-sync/v1/jobs and /site-jobs: every route × every role.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\REST;

use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Tests\Support\TestCase;

final class Jobs_Controller_Test extends TestCase {

	private int $site;
	private int $other_site;

	protected function setUp(): void {
		parent::setUp();
		$this->site       = $this->create_site();
		$this->other_site = $this->create_site();
		$this->create_users_fast( 5 );
	}

	protected function tearDown(): void {
		wp_clear_scheduled_hook( Job_Runner::CRON_HOOK );
		parent::tearDown();
	}

	/**
	 * The people a route is tried with.
	 *
	 * @return array<string, int> Role name => user ID (0 for logged out).
	 */
	private function people(): array {
		return array(
			'logged out'                => 0,
			'subscriber'                => $this->create_user( 'subscriber', $this->site ),
			'site admin of this site'   => $this->create_user( 'administrator', $this->site ),
			'site admin of another site' => $this->create_user( 'administrator', $this->other_site ),
			'super admin'               => $this->create_super_admin(),
		);
	}

	/**
	 * Runs a request as someone, in the context of a site (the site of the URL).
	 *
	 * @param int                       $user_id User, 0 for logged out.
	 * @param int                       $site_id Site the request is made to.
	 * @param string                    $method  Method.
	 * @param string                    $route   Route.
	 * @param array<mixed>|string|null  $body    Body.
	 */
	private function as( int $user_id, int $site_id, string $method, string $route, $body = null ): \WP_REST_Response {
		wp_set_current_user( $user_id );
		switch_to_blog( $site_id );
		$response = $this->rest( $method, $route, $body );
		restore_current_blog();
		return $response;
	}

	private function network_job(): Job {
		return ( new Job_Runner( get_current_network_id(), new Job_Store() ) )->create( Job::KIND_SITES, array( $this->site ), false, 1 );
	}

	private function site_job( int $site_id ): Job {
		return ( new Job_Runner( get_current_network_id(), new Job_Store() ) )->create( Job::KIND_SITE, array( $site_id ), false, 1 );
	}

	public function test_network_routes_answer_only_network_administrators(): void {
		$job     = $this->network_job();
		$main    = get_main_site_id();
		$routes  = array(
			array( 'GET', '/wpm-user-sync/v1/jobs', null, 200 ),
			array( 'POST', '/wpm-user-sync/v1/jobs', array( 'kind' => 'network' ), 201 ),
			array( 'GET', "/wpm-user-sync/v1/jobs/{$job->id}", null, 200 ),
			array( 'POST', "/wpm-user-sync/v1/jobs/{$job->id}/step", null, 200 ),
			array( 'POST', "/wpm-user-sync/v1/jobs/{$job->id}/cancel", null, 200 ),
		);
		$expected = array(
			'logged out'                 => 401,
			'subscriber'                 => 403,
			'site admin of this site'    => 403,
			'site admin of another site' => 403,
		);
		foreach ( $this->people() as $who => $user_id ) {
			foreach ( $routes as list( $method, $route, $body, $ok ) ) {
				$status = $this->as( $user_id, $main, $method, $route, $body )->get_status();
				$this->assertSame( $expected[ $who ] ?? $ok, $status, "$method $route as $who" );
			}
		}
	}

	public function test_site_routes_answer_administrators_of_the_site_of_the_url(): void {
		$people   = $this->people();
		$expected = array(
			'logged out'                 => 401,
			'subscriber'                 => 403,
			'site admin of another site' => 403,
		);
		foreach ( $people as $who => $user_id ) {
			$job    = $this->site_job( $this->site );
			$routes = array(
				array( 'GET', '/wpm-user-sync/v1/site-jobs', null, 200 ),
				array( 'POST', '/wpm-user-sync/v1/site-jobs', array(), 201 ),
				array( 'GET', "/wpm-user-sync/v1/site-jobs/{$job->id}", null, 200 ),
				array( 'POST', "/wpm-user-sync/v1/site-jobs/{$job->id}/step", null, 200 ),
				array( 'POST', "/wpm-user-sync/v1/site-jobs/{$job->id}/cancel", null, 200 ),
			);
			foreach ( $routes as list( $method, $route, $body, $ok ) ) {
				$status = $this->as( $user_id, $this->site, $method, $route, $body )->get_status();
				$this->assertSame( $expected[ $who ] ?? $ok, $status, "$method $route as $who" );
			}
		}
	}

	public function test_a_site_job_always_targets_the_site_of_the_url(): void {
		$admin = $this->create_user( 'administrator', $this->site );

		$response = $this->as( $admin, $this->site, 'POST', '/wpm-user-sync/v1/site-jobs', array( 'addRemoved' => true ) );

		$this->assertSame( 201, $response->get_status() );
		$this->assertSame( 'site', $response->get_data()['kind'] );
		$this->assertSame( array( $this->site ), $response->get_data()['sites'] );
		$this->assertTrue( $response->get_data()['addRemoved'] );
	}

	public function test_a_site_admin_can_never_name_another_site(): void {
		$admin = $this->create_user( 'administrator', $this->site );

		// Naming another site in the body is refused, not ignored.
		$named = $this->as( $admin, $this->site, 'POST', '/wpm-user-sync/v1/site-jobs', array( 'sites' => array( $this->other_site ) ) );
		$this->assertRestError( 400, 'wpmus_unknown_field', $named );
		$kind = $this->as( $admin, $this->site, 'POST', '/wpm-user-sync/v1/site-jobs', array( 'kind' => 'network' ) );
		$this->assertRestError( 400, 'wpmus_unknown_field', $kind );

		// Going through the other site's URL is refused.
		$this->assertRestError( 403, 'wpmus_forbidden', $this->as( $admin, $this->other_site, 'POST', '/wpm-user-sync/v1/site-jobs', array() ) );

		// Another site's job is not there from this site's URL.
		$foreign = $this->site_job( $this->other_site );
		$this->assertRestError( 404, 'wpmus_job_not_found', $this->as( $admin, $this->site, 'GET', "/wpm-user-sync/v1/site-jobs/{$foreign->id}" ) );
		$this->assertRestError( 404, 'wpmus_job_not_found', $this->as( $admin, $this->site, 'POST', "/wpm-user-sync/v1/site-jobs/{$foreign->id}/start" ) );
		$network = $this->network_job();
		$this->assertRestError( 404, 'wpmus_job_not_found', $this->as( $admin, $this->site, 'POST', "/wpm-user-sync/v1/site-jobs/{$network->id}/step" ) );

		// And the list shows this site's jobs only.
		$mine = $this->site_job( $this->site );
		$ids  = array_column( $this->as( $admin, $this->site, 'GET', '/wpm-user-sync/v1/site-jobs' )->get_data(), 'id' );
		$this->assertSame( array( $mine->id ), $ids );
	}

	public function test_the_network_can_switch_site_syncs_off(): void {
		$this->set_settings( array( 'allowSiteSync' => false ) );
		$admin = $this->create_user( 'administrator', $this->site );

		$this->assertRestError( 403, 'wpmus_site_sync_disabled', $this->as( $admin, $this->site, 'POST', '/wpm-user-sync/v1/site-jobs', array() ) );
		$this->assertRestError( 401, 'wpmus_forbidden', $this->as( 0, $this->site, 'GET', '/wpm-user-sync/v1/site-jobs' ) );
		$this->assertSame( 201, $this->as( $this->create_super_admin(), $this->site, 'POST', '/wpm-user-sync/v1/site-jobs', array() )->get_status() );
	}

	public function test_selected_sites_need_at_least_one_site_of_this_network(): void {
		$super = $this->create_super_admin();
		$main  = get_main_site_id();

		$this->assertRestError( 400, 'wpmus_no_sites', $this->as( $super, $main, 'POST', '/wpm-user-sync/v1/jobs', array( 'kind' => 'sites' ) ) );
		$this->assertRestError( 400, 'wpmus_no_sites', $this->as( $super, $main, 'POST', '/wpm-user-sync/v1/jobs', array( 'kind' => 'sites', 'sites' => array() ) ) );
		$unknown = $this->as( $super, $main, 'POST', '/wpm-user-sync/v1/jobs', array( 'kind' => 'sites', 'sites' => array( 999999 ) ) );
		$this->assertRestError( 400, 'rest_invalid_param', $unknown );
		$this->assertStringContainsString( '999999', $unknown->get_data()['data']['params']['sites'] );
		$this->assertRestError( 400, 'rest_invalid_param', $this->as( $super, $main, 'POST', '/wpm-user-sync/v1/jobs', array( 'kind' => 'everything' ) ) );
		$this->assertRestError( 400, 'rest_missing_callback_param', $this->as( $super, $main, 'POST', '/wpm-user-sync/v1/jobs', array( 'sites' => array( $this->site ) ) ) );
		$this->assertRestError( 404, 'wpmus_job_not_found', $this->as( $super, $main, 'GET', '/wpm-user-sync/v1/jobs/999999' ) );
	}

	public function test_a_whole_sync_through_the_routes_previews_then_adds_what_it_previewed(): void {
		$super = $this->create_super_admin();
		$main  = get_main_site_id();

		$job = $this->as( $super, $main, 'POST', '/wpm-user-sync/v1/jobs', array( 'kind' => 'sites', 'sites' => array( $this->site ) ) )->get_data();
		$this->assertSame( 'previewing', $job['status'] );
		$this->assertSame( $super, $job['createdBy']['id'] );
		$this->assertSame( get_userdata( $super )->display_name, $job['createdBy']['name'] );

		$this->assertRestError( 409, 'wpmus_job_not_ready', $this->as( $super, $main, 'POST', "/wpm-user-sync/v1/jobs/{$job['id']}/start" ) );

		while ( 'previewing' === $job['status'] ) {
			$job = $this->as( $super, $main, 'POST', "/wpm-user-sync/v1/jobs/{$job['id']}/step" )->get_data();
		}
		$this->assertSame( 'ready', $job['status'] );
		$this->assertTrue( $job['preview']['complete'] );
		$this->assertGreaterThan( 5, $job['preview']['total'] );
		$this->assertSame( count( get_super_admins() ), $job['preview']['skipped']->super_admin, 'Super admins are counted out, and said so.' );
		$this->assertSame( $this->site, $job['preview']['sites'][0]['id'] );
		$this->assertSame( $job['preview']['total'], $job['preview']['sites'][0]['toAdd'] );

		$job = $this->as( $super, $main, 'POST', "/wpm-user-sync/v1/jobs/{$job['id']}/start" )->get_data();
		$this->assertSame( 'running', $job['status'] );
		$this->assertNotNull( $job['startedAt'] );
		while ( 'running' === $job['status'] ) {
			$job = $this->as( $super, $main, 'POST', "/wpm-user-sync/v1/jobs/{$job['id']}/step" )->get_data();
		}

		$this->assertSame( 'done', $job['status'] );
		$this->assertSame( $job['preview']['total'], $job['progress']['added'] );
		$this->assertSame( $job['preview']['total'], $job['progress']['total'] );
		$this->assertMatchesRegularExpression( '/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/', (string) $job['finishedAt'] );

		$history = $this->as( $super, $main, 'GET', '/wpm-user-sync/v1/jobs' )->get_data();
		$this->assertSame( $job['id'], $history[0]['id'] );
		$this->assertSame( 'done', $history[0]['status'] );
	}

	public function test_a_second_overlapping_job_cannot_start_while_one_runs(): void {
		$super = $this->create_super_admin();
		$main  = get_main_site_id();
		$ids   = array();
		foreach ( array( 'sites', 'network' ) as $kind ) {
			$body = 'sites' === $kind ? array( 'kind' => $kind, 'sites' => array( $this->site ) ) : array( 'kind' => $kind );
			$job  = $this->as( $super, $main, 'POST', '/wpm-user-sync/v1/jobs', $body )->get_data();
			while ( 'previewing' === $job['status'] ) {
				$job = $this->as( $super, $main, 'POST', "/wpm-user-sync/v1/jobs/{$job['id']}/step" )->get_data();
			}
			$ids[] = $job['id'];
		}

		$this->assertSame( 200, $this->as( $super, $main, 'POST', "/wpm-user-sync/v1/jobs/{$ids[0]}/start" )->get_status() );
		$this->assertRestError( 409, 'wpmus_job_conflict', $this->as( $super, $main, 'POST', "/wpm-user-sync/v1/jobs/{$ids[1]}/start" ) );
	}
}
