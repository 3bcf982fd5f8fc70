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

	/**
	 * The schema of a resource, through an OPTIONS request.
	 *
	 * @param string $route Route.
	 * @return array<string, mixed> The OPTIONS answer.
	 */
	private function options( string $route ): array {
		$response = $this->rest( 'OPTIONS', $route );
		$this->assertSame( 200, $response->get_status() );
		return $response->get_data();
	}

	/**
	 * The arguments of one method of a route, from its OPTIONS answer.
	 *
	 * @param array<string, mixed> $options The OPTIONS answer.
	 * @param string               $method  HTTP method.
	 * @return array<string, mixed>
	 */
	private function args_of( array $options, string $method ): array {
		foreach ( $options['endpoints'] as $endpoint ) {
			if ( in_array( $method, $endpoint['methods'], true ) ) {
				return $endpoint['args'];
			}
		}
		$this->fail( "No $method endpoint." );
	}

	/**
	 * Asserts that every property of a schema, at every depth, is described and typed.
	 *
	 * @param array<string, mixed> $properties Properties.
	 * @param string               $path       Where they are.
	 */
	private function assertCompleteSchema( array $properties, string $path = '' ): void {
		foreach ( $properties as $name => $property ) {
			$this->assertNotEmpty( $property['description'] ?? '', "$path$name has a description." );
			$this->assertArrayHasKey( 'type', $property, "$path$name has a type." );
			if ( isset( $property['properties'] ) ) {
				$this->assertCompleteSchema( $property['properties'], "$path$name." );
			}
			if ( isset( $property['items']['properties'] ) ) {
				$this->assertCompleteSchema( $property['items']['properties'], "$path{$name}[]." );
			}
		}
	}

	public function test_the_network_resource_describes_its_jobs_and_what_each_route_takes(): void {
		$options = $this->options( '/wpm-user-sync/v1/jobs' );
		$schema  = $options['schema'];

		$this->assertSame( 'wpmus-job', $schema['title'] );
		$this->assertSame( 'object', $schema['type'] );
		$this->assertSame(
			array( 'id', 'type', 'typeLabel', 'kind', 'sites', 'addRemoved', 'users', 'role', 'reassign', 'status', 'preview', 'progress', 'createdBy', 'createdAt', 'startedAt', 'finishedAt', 'lastError', 'origin', 'previewedAt', 'stale', 'waiting', 'undoes', 'changedBy' ),
			array_keys( $schema['properties'] )
		);
		$this->assertCompleteSchema( $schema['properties'] );
		foreach ( $schema['properties'] as $name => $property ) {
			$this->assertContains( 'view', $property['context'], "$name is in the view context." );
		}
		$this->assertSame( array( 'network', 'sites' ), $schema['properties']['kind']['enum'] );
		$this->assertFalse( $schema['properties']['kind']['readonly'] );
		// copy_role came with the role change's copy as a job (issue 9), add_to_sites and
		// remove_from_sites with the people across sites (issue 10); only the last two are asked for.
		// check_drift came with the drift checks (issue 11).
		$this->assertSame( array( 'add_memberships', 'copy_role', 'add_to_sites', 'remove_from_sites', 'undo', 'check_drift' ), $schema['properties']['type']['enum'] );
		$this->assertFalse( $schema['properties']['type']['readonly'] );
		$site = $schema['properties']['preview']['properties']['sites']['items'];
		$this->assertSame( 'object', $site['type'] );
		$this->assertSame( array( 'id', 'name', 'url', 'toAdd', 'skipped', 'noted' ), array_keys( $site['properties'] ) );

		$this->assertSame( array( 'context', 'page', 'per_page' ), array_keys( $this->args_of( $options, 'GET' ) ) );
		$this->assertSame( 50, $this->args_of( $options, 'GET' )['per_page']['maximum'] );
		$create = $this->args_of( $options, 'POST' );
		$this->assertSame( array( 'kind', 'sites', 'addRemoved', 'type', 'job', 'users', 'role', 'reassign' ), array_keys( $create ) );
		$this->assertSame( array( 'add_memberships', 'add_to_sites', 'remove_from_sites', 'undo' ), $create['type']['enum'] );
		// Every type but undo needs a kind: the route says so in words (rest_missing_callback_param).
		$this->assertFalse( $create['kind']['required'] ?? false );
	}

	public function test_the_site_resource_takes_no_site_and_its_kind_is_always_site(): void {
		$options = $this->options( '/wpm-user-sync/v1/site-jobs' );
		$schema  = $options['schema'];

		$this->assertCompleteSchema( $schema['properties'] );
		$this->assertSame( array( 'site' ), $schema['properties']['kind']['enum'] );
		$this->assertTrue( $schema['properties']['kind']['readonly'] );
		$this->assertTrue( $schema['properties']['sites']['readonly'] );
		$this->assertFalse( $schema['properties']['type']['readonly'], 'A site\'s administrators undo its own syncs: type undo.' );
		$this->assertTrue( $schema['properties']['users']['readonly'] );
		$this->assertSame( array( 'addRemoved', 'type', 'job' ), array_keys( $this->args_of( $options, 'POST' ) ) );
		$this->assertSame( array( 'add_memberships', 'undo' ), $this->args_of( $options, 'POST' )['type']['enum'] );
		$this->assertSame( array( 'context', 'page', 'per_page' ), array_keys( $this->args_of( $options, 'GET' ) ) );

		$item = $this->options( '/wpm-user-sync/v1/site-jobs/1' );
		$this->assertSame( $schema, $item['schema'] );
		$this->assertSame( array( 'context' ), array_keys( $this->args_of( $item, 'GET' ) ) );
	}

	public function test_every_answer_matches_the_schema(): void {
		$super  = $this->create_super_admin();
		$main   = get_main_site_id();
		$schema = $this->options( '/wpm-user-sync/v1/jobs' )['schema'];

		$job     = $this->as( $super, $main, 'POST', '/wpm-user-sync/v1/jobs', array( 'kind' => 'sites', 'sites' => array( $this->site ) ) )->get_data();
		$answers = array( $job );
		while ( 'previewing' === $job['status'] ) {
			$job       = $this->as( $super, $main, 'POST', "/wpm-user-sync/v1/jobs/{$job['id']}/step" )->get_data();
			$answers[] = $job;
		}
		$answers[] = $this->as( $super, $main, 'POST', "/wpm-user-sync/v1/jobs/{$job['id']}/start" )->get_data();
		foreach ( $this->as( $super, $main, 'GET', '/wpm-user-sync/v1/jobs' )->get_data() as $listed ) {
			$this->assertArrayHasKey( 'self', $listed['_links'], 'A listed job carries its links.' );
			unset( $listed['_links'] );
			$answers[] = $listed;
		}

		$this->assertNotEmpty( $answers[ count( $answers ) - 1 ]['preview']['sites'] );
		foreach ( $answers as $answer ) {
			// As a client reads it: JSON.
			$decoded = json_decode( (string) wp_json_encode( $answer ), true );
			$this->assertTrue( rest_validate_value_from_schema( $decoded, $schema, 'job' ), (string) wp_json_encode( $decoded ) );
			$this->assertSame( array_keys( $schema['properties'] ), array_keys( $answer ), 'Every field the schema names, no other.' );
		}
	}

	public function test_a_job_links_to_itself_its_list_and_what_can_be_done_to_it_now(): void {
		$super = $this->create_super_admin();
		$main  = get_main_site_id();
		$links = function ( string $method, string $route ) use ( $super, $main ): array {
			$response = $this->as( $super, $main, $method, $route );
			$this->assertSame( $response->get_status() < 300, true, $route );
			return $response->get_links();
		};

		$created = $this->as( $super, $main, 'POST', '/wpm-user-sync/v1/jobs', array( 'kind' => 'network' ) );
		$id      = $created->get_data()['id'];
		$this->assertSame( rest_url( "wpm-user-sync/v1/jobs/$id" ), $created->get_headers()['Location'] );
		$previewing = $created->get_links();
		$this->assertSame( rest_url( "wpm-user-sync/v1/jobs/$id" ), $previewing['self'][0]['href'] );
		$this->assertSame( rest_url( 'wpm-user-sync/v1/jobs' ), $previewing['collection'][0]['href'] );
		$this->assertSame( rest_url( "wpm-user-sync/v1/jobs/$id/step" ), $previewing['wp:action-step'][0]['href'] );
		$this->assertArrayHasKey( 'wp:action-cancel', $previewing );
		$this->assertArrayNotHasKey( 'wp:action-start', $previewing, 'A preview cannot start before it is finished.' );

		do {
			$step = $this->as( $super, $main, 'POST', "/wpm-user-sync/v1/jobs/$id/step" );
		} while ( 'previewing' === $step->get_data()['status'] );
		$ready = $step->get_links();
		$this->assertSame( rest_url( "wpm-user-sync/v1/jobs/$id/start" ), $ready['wp:action-start'][0]['href'] );
		$this->assertArrayHasKey( 'wp:action-refresh', $ready );
		$this->assertArrayNotHasKey( 'wp:action-step', $ready );

		$this->create_site(); // The preview is stale now: refresh, not start.
		$stale = $links( 'GET', "/wpm-user-sync/v1/jobs/$id" );
		$this->assertArrayNotHasKey( 'wp:action-start', $stale );
		$this->assertArrayHasKey( 'wp:action-refresh', $stale );

		$cancelled = $links( 'POST', "/wpm-user-sync/v1/jobs/$id/cancel" );
		$this->assertSame( array( 'self', 'collection' ), array_keys( $cancelled ), 'A finished job offers no action.' );

		$site_job = $this->site_job( $this->site );
		$admin    = $this->create_user( 'administrator', $this->site );
		switch_to_blog( $this->site );
		$site_url = rest_url( "wpm-user-sync/v1/site-jobs/{$site_job->id}" );
		restore_current_blog();
		$this->assertSame( $site_url, $this->as( $admin, $this->site, 'GET', "/wpm-user-sync/v1/site-jobs/{$site_job->id}" )->get_links()['self'][0]['href'], 'A site job links through its site.' );
	}

	public function test_the_list_says_how_many_jobs_and_pages_there_are(): void {
		$super = $this->create_super_admin();
		$main  = get_main_site_id();
		$ids   = array();
		for ( $i = 0; $i < 5; $i++ ) {
			$ids[] = $this->network_job()->id;
		}
		$total = ( new Job_Store() )->count( get_current_network_id(), array(), 0 );

		wp_set_current_user( $super );
		$request = new \WP_REST_Request( 'GET', '/wpm-user-sync/v1/jobs' );
		$request->set_query_params( array( 'per_page' => 2 ) );
		$first = rest_get_server()->dispatch( $request );
		$request->set_query_params(
			array(
				'per_page' => 2,
				'page'     => 2,
			)
		);
		$second = rest_get_server()->dispatch( $request );

		$this->assertSame( (string) $total, $first->get_headers()['X-WP-Total'] );
		$this->assertSame( (string) (int) ceil( $total / 2 ), $first->get_headers()['X-WP-TotalPages'] );
		$this->assertSame( array_reverse( array_slice( $ids, 3 ) ), array_column( $first->get_data(), 'id' ) );
		$this->assertSame( array_reverse( array_slice( $ids, 1, 2 ) ), array_column( $second->get_data(), 'id' ) );
		$this->assertStringContainsString( 'rel="next"', implode( ',', (array) $first->get_headers()['Link'] ) );
		$this->assertStringContainsString( 'rel="prev"', implode( ',', (array) $second->get_headers()['Link'] ) );
		$this->assertSame( '0', $this->as( $this->create_user( 'administrator', $this->other_site ), $this->other_site, 'GET', '/wpm-user-sync/v1/site-jobs' )->get_headers()['X-WP-Total'], 'A site counts its own history.' );
	}

	public function test_a_request_gets_only_the_fields_and_the_context_it_asks_for(): void {
		$job = $this->network_job();
		wp_set_current_user( $this->create_super_admin() );

		$request = new \WP_REST_Request( 'GET', "/wpm-user-sync/v1/jobs/{$job->id}" );
		$request->set_query_params( array( '_fields' => 'status,progress' ) );
		$this->assertSame( array( 'id', 'status', 'progress' ), array_keys( rest_get_server()->dispatch( $request )->get_data() ) );

		$request->set_query_params( array( 'context' => 'embed' ) );
		$this->assertSame( array( 'id', 'type', 'typeLabel', 'kind', 'status' ), array_keys( rest_get_server()->dispatch( $request )->get_data() ) );

		$request->set_query_params( array( 'context' => 'everything' ) );
		$this->assertRestError( 400, 'rest_invalid_param', rest_get_server()->dispatch( $request ) );
	}

	public function test_a_step_answers_no_benchmark_header(): void {
		$job = $this->network_job();

		$step = $this->as( $this->create_super_admin(), get_main_site_id(), 'POST', "/wpm-user-sync/v1/jobs/{$job->id}/step" );

		$this->assertSame( 200, $step->get_status() );
		$this->assertArrayNotHasKey( 'X-WPMUS-Peak-Memory', $step->get_headers(), 'Only bin/bench.sh\'s own instance measures it.' );
	}
}
