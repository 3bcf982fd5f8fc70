<?php
/**
 * Tests for GET /wpm-user-sync/v1/roles.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\REST;

use WPM_User_Sync\Tests\Support\TestCase;

final class Roles_Controller_Test extends TestCase {

	private const ROUTE = '/wpm-user-sync/v1/roles';

	public function test_route_answers_get_only(): void {
		$routes = rest_get_server()->get_routes( 'wpm-user-sync/v1' );

		$this->assertArrayHasKey( self::ROUTE, $routes );
		$methods = array_merge( ...array_map( static fn( $handler ) => array_keys( $handler['methods'] ), $routes[ self::ROUTE ] ) );
		$this->assertSame( array( 'GET' ), array_values( array_unique( $methods ) ) );
	}

	public function test_logged_out_visitor_gets_401(): void {
		$this->assertRestError( 401, 'wpmus_forbidden', $this->rest( 'GET', self::ROUTE ) );
	}

	public function test_site_administrator_of_a_sub_site_gets_403(): void {
		$site_id = $this->create_site();
		wp_set_current_user( $this->create_user( 'administrator', $site_id ) );
		switch_to_blog( $site_id );

		$this->assertRestError( 403, 'wpmus_forbidden', $this->rest( 'GET', self::ROUTE ) );
	}

	public function test_super_admin_gets_the_main_site_roles_as_slug_and_name(): void {
		wp_set_current_user( $this->create_super_admin() );

		$response = $this->rest( 'GET', self::ROUTE );

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame(
			array(
				array(
					'slug' => 'administrator',
					'name' => 'Administrator',
				),
				array(
					'slug' => 'editor',
					'name' => 'Editor',
				),
				array(
					'slug' => 'author',
					'name' => 'Author',
				),
				array(
					'slug' => 'contributor',
					'name' => 'Contributor',
				),
				array(
					'slug' => 'subscriber',
					'name' => 'Subscriber',
				),
			),
			$response->get_data()
		);
	}

	public function test_roles_come_from_the_main_site_not_the_current_one(): void {
		global $wpdb;
		$main_roles = get_blog_option( get_main_site_id(), $wpdb->get_blog_prefix( get_main_site_id() ) . 'user_roles' );
		update_blog_option(
			get_main_site_id(),
			$wpdb->get_blog_prefix( get_main_site_id() ) . 'user_roles',
			$main_roles + array(
				'shop_manager' => array(
					'name'         => 'Shop manager',
					'capabilities' => array( 'read' => true ),
				),
			)
		);
		$site_id = $this->create_site();
		wp_set_current_user( $this->create_super_admin() );
		switch_to_blog( $site_id );

		$response = $this->rest( 'GET', self::ROUTE );

		$this->assertSame( 200, $response->get_status() );
		$this->assertContains(
			array(
				'slug' => 'shop_manager',
				'name' => 'Shop manager',
			),
			$response->get_data()
		);
	}

	public function test_every_role_listed_is_accepted_by_the_settings_route(): void {
		wp_set_current_user( $this->create_super_admin() );
		$slugs = array_column( $this->rest( 'GET', self::ROUTE )->get_data(), 'slug' );

		$response = $this->rest( 'PUT', '/wpm-user-sync/v1/settings', array( 'neverReplicatedRoles' => $slugs ) );

		$this->assertSame( 200, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
		$this->assertSame( $slugs, $response->get_data()['neverReplicatedRoles'] );
	}

	public function test_schema_describes_slug_and_name(): void {
		$schema = $this->rest( 'OPTIONS', self::ROUTE )->get_data()['schema'];

		$this->assertSame( array( 'slug', 'name' ), array_keys( $schema['properties'] ) );
		$this->assertSame( 'string', $schema['properties']['slug']['type'] );
		$this->assertSame( 'string', $schema['properties']['name']['type'] );
	}

	public function test_the_list_carries_its_totals_in_the_headers_like_every_collection(): void {
		wp_set_current_user( $this->create_super_admin() );

		$response = $this->rest( 'GET', self::ROUTE );

		$this->assertSame( (string) count( $response->get_data() ), $response->get_headers()['X-WP-Total'] );
		$this->assertSame( '1', $response->get_headers()['X-WP-TotalPages'], 'The roles are never paged.' );
	}

	public function test_fields_narrows_each_role_to_the_fields_asked_for(): void {
		wp_set_current_user( $this->create_super_admin() );
		$request = new \WP_REST_Request( 'GET', self::ROUTE );
		$request->set_query_params( array( '_fields' => 'slug' ) );

		$data = rest_get_server()->dispatch( $request )->get_data();

		$this->assertSame( array( 'slug' => 'administrator' ), $data[0] );
	}

	public function test_options_describes_the_route_and_its_arguments(): void {
		$answer = $this->rest( 'OPTIONS', self::ROUTE )->get_data();

		$this->assertSame( array( 'GET' ), $answer['methods'] );
		$this->assertSame( 'wpmus-role', $answer['schema']['title'] );
		$this->assertSame( array( 'context' ), array_keys( $answer['endpoints'][0]['args'] ) );
		$this->assertSame( 'view', $answer['endpoints'][0]['args']['context']['default'] );
		$this->assertTrue( $answer['schema']['properties']['slug']['readonly'] );
	}
}
