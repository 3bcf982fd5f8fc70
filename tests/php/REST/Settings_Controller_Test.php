<?php
/**
 * Tests for GET and PUT /wpm-user-sync/v1/settings.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\REST;

use WPM_User_Sync\Tests\Support\TestCase;

final class Settings_Controller_Test extends TestCase {

	private const ROUTE = '/wpm-user-sync/v1/settings';

	private const OPTIONS = array(
		'newSiteSync'          => 'wpmus_newSiteSync',
		'newUserSync'          => 'wpmus_newUserSync',
		'roleSync'             => 'wpmus_setUserRoleSync',
		'includeSuperAdmins'   => 'wpmus_includeSuperAdmins',
		'allowSiteSync'        => 'wpmus_allowSiteSync',
		'excludedSites'        => 'wpmus_excludedSites',
		'neverReplicatedRoles' => 'wpmus_neverReplicatedRoles',
	);

	private const DEFAULTS = array(
		'newSiteSync'          => false,
		'newUserSync'          => false,
		'roleSync'             => false,
		'includeSuperAdmins'   => false,
		'allowSiteSync'        => true,
		'excludedSites'        => array(),
		'neverReplicatedRoles' => array(),
	);

	protected function setUp(): void {
		parent::setUp();
		foreach ( self::OPTIONS as $option ) {
			delete_site_option( $option );
		}
	}

	public function test_route_answers_get_and_put(): void {
		$routes = rest_get_server()->get_routes( 'wpm-user-sync/v1' );

		$this->assertArrayHasKey( self::ROUTE, $routes );
		$methods = array_merge( ...array_map( static fn( $handler ) => array_keys( $handler['methods'] ), $routes[ self::ROUTE ] ) );
		$this->assertContains( 'GET', $methods );
		$this->assertContains( 'PUT', $methods );
	}

	public function test_logged_out_visitor_gets_401(): void {
		$this->assertRestError( 401, 'wpmus_forbidden', $this->rest( 'GET', self::ROUTE ) );
		$this->assertRestError( 401, 'wpmus_forbidden', $this->rest( 'PUT', self::ROUTE, array( 'newUserSync' => true ) ) );
		$this->assertSame( '', get_site_option( 'wpmus_newUserSync', '' ) );
	}

	public function test_site_administrator_gets_403(): void {
		$site_id = $this->create_site();
		wp_set_current_user( $this->create_user( 'administrator', $site_id ) );
		switch_to_blog( $site_id );

		$this->assertRestError( 403, 'wpmus_forbidden', $this->rest( 'GET', self::ROUTE ) );
		$this->assertRestError( 403, 'wpmus_forbidden', $this->rest( 'PUT', self::ROUTE, array( 'newUserSync' => true ) ) );
		$this->assertSame( '', get_site_option( 'wpmus_newUserSync', '' ) );
	}

	public function test_main_site_administrator_who_is_not_super_admin_gets_403(): void {
		wp_set_current_user( $this->create_user( 'administrator' ) );

		$this->assertRestError( 403, 'wpmus_forbidden', $this->rest( 'GET', self::ROUTE ) );
	}

	public function test_someone_who_may_only_manage_network_users_reads_but_cannot_change(): void {
		$user_id = $this->create_user( 'subscriber' );
		$grant   = static function ( $allcaps, $caps, $args ) use ( $user_id ) {
			if ( (int) $args[1] === $user_id && in_array( 'manage_network_users', $caps, true ) ) {
				$allcaps['manage_network_users'] = true;
			}
			return $allcaps;
		};
		add_filter( 'user_has_cap', $grant, 10, 3 );
		wp_set_current_user( $user_id );

		$read  = $this->rest( 'GET', self::ROUTE );
		$write = $this->rest( 'PUT', self::ROUTE, array( 'newUserSync' => true ) );
		remove_filter( 'user_has_cap', $grant, 10 );

		$this->assertSame( 200, $read->get_status() );
		$this->assertRestError( 403, 'wpmus_forbidden', $write );
		$this->assertSame( '', get_site_option( 'wpmus_newUserSync', '' ) );
	}

	public function test_super_admin_reads_everything_off_by_default(): void {
		wp_set_current_user( $this->create_super_admin() );

		$response = $this->rest( 'GET', self::ROUTE );

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( self::DEFAULTS, $response->get_data() );
	}

	public function test_saved_values_land_under_the_1_3_option_names(): void {
		wp_set_current_user( $this->create_super_admin() );

		$response = $this->rest(
			'PUT',
			self::ROUTE,
			array(
				'newSiteSync' => true,
				'newUserSync' => false,
				'roleSync'    => true,
			)
		);

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame(
			array(
				'newSiteSync' => true,
				'newUserSync' => false,
				'roleSync'    => true,
			) + self::DEFAULTS,
			$response->get_data()
		);
		$this->assertSame( 'yes', get_site_option( 'wpmus_newSiteSync' ) );
		$this->assertSame( '', get_site_option( 'wpmus_newUserSync' ) );
		$this->assertSame( 'yes', get_site_option( 'wpmus_setUserRoleSync' ) );
	}

	public function test_a_partial_update_leaves_the_other_settings_alone(): void {
		update_site_option( 'wpmus_newSiteSync', 'yes' );
		wp_set_current_user( $this->create_super_admin() );

		$response = $this->rest( 'PUT', self::ROUTE, array( 'roleSync' => true ) );

		$this->assertSame( 200, $response->get_status() );
		$this->assertTrue( $response->get_data()['newSiteSync'] );
		$this->assertFalse( $response->get_data()['newUserSync'] );
		$this->assertTrue( $response->get_data()['roleSync'] );
		$this->assertSame( 'yes', get_site_option( 'wpmus_newSiteSync' ) );
	}

	public function test_legacy_values_written_by_1_3_are_read_back(): void {
		// What version 1.3 stores: 'yes' when a trigger is on, '' when it is off.
		update_site_option( 'wpmus_newSiteSync', 'yes' );
		update_site_option( 'wpmus_newUserSync', '' );
		update_site_option( 'wpmus_setUserRoleSync', 'yes' );
		wp_set_current_user( $this->create_super_admin() );

		$this->assertSame(
			array(
				'newSiteSync' => true,
				'newUserSync' => false,
				'roleSync'    => true,
			) + self::DEFAULTS,
			$this->rest( 'GET', self::ROUTE )->get_data()
		);
	}

	public function test_a_value_that_is_not_a_boolean_is_refused_with_400(): void {
		wp_set_current_user( $this->create_super_admin() );

		$response = $this->rest( 'PUT', self::ROUTE, array( 'newUserSync' => 'maybe' ) );

		$this->assertRestError( 400, 'rest_invalid_param', $response );
		$this->assertStringContainsString( 'newUserSync', $response->get_data()['data']['params']['newUserSync'] );
		$this->assertStringContainsString( 'boolean', $response->get_data()['data']['params']['newUserSync'] );
		$this->assertSame( '', get_site_option( 'wpmus_newUserSync', '' ) );
	}

	public function test_an_unknown_setting_is_refused_with_400_and_nothing_is_stored(): void {
		wp_set_current_user( $this->create_super_admin() );

		$response = $this->rest(
			'PUT',
			self::ROUTE,
			array(
				'newUserSync' => true,
				'newUserSnyc' => true,
			)
		);

		$this->assertRestError( 400, 'wpmus_unknown_setting', $response );
		$this->assertStringContainsString( 'newUserSnyc', $response->get_data()['message'] );
		$this->assertSame( '', get_site_option( 'wpmus_newUserSync', '' ) );
	}

	public function test_an_empty_or_non_object_body_is_refused_with_400(): void {
		wp_set_current_user( $this->create_super_admin() );

		$this->assertRestError( 400, 'wpmus_invalid_body', $this->rest( 'PUT', self::ROUTE, array() ) );
		$this->assertRestError( 400, 'wpmus_invalid_body', $this->rest( 'PUT', self::ROUTE, '[true, false]' ) );
		$this->assertRestError( 400, 'wpmus_invalid_body', $this->rest( 'PUT', self::ROUTE, '"yes"' ) );
	}

	public function test_malformed_json_is_refused_with_400(): void {
		wp_set_current_user( $this->create_super_admin() );

		$this->assertRestError( 400, 'rest_invalid_json', $this->rest( 'PUT', self::ROUTE, '{"newUserSync": tru' ) );
	}

	public function test_schema_describes_every_setting_with_its_type(): void {
		$response = $this->rest( 'OPTIONS', self::ROUTE );
		$schema   = $response->get_data()['schema'];

		$this->assertSame( array_keys( self::OPTIONS ), array_keys( $schema['properties'] ) );
		foreach ( $schema['properties'] as $name => $property ) {
			$this->assertSame( is_bool( self::DEFAULTS[ $name ] ) ? 'boolean' : 'array', $property['type'], $name );
			$this->assertNotEmpty( $property['description'] );
		}
		$this->assertSame( 'integer', $schema['properties']['excludedSites']['items']['type'] );
		$this->assertSame( 'string', $schema['properties']['neverReplicatedRoles']['items']['type'] );
		$this->assertFalse( $schema['additionalProperties'] );
	}

	public function test_site_administrators_may_sync_their_site_until_the_network_says_no(): void {
		wp_set_current_user( $this->create_super_admin() );
		$this->assertTrue( $this->rest( 'GET', self::ROUTE )->get_data()['allowSiteSync'] );

		$response = $this->rest( 'PUT', self::ROUTE, array( 'allowSiteSync' => false ) );

		$this->assertFalse( $response->get_data()['allowSiteSync'] );
		$this->assertSame( '', get_site_option( 'wpmus_allowSiteSync' ) );
		$this->assertFalse( ( new \WPM_User_Sync\Settings() )->is_on( 'allowSiteSync' ) );
	}

	public function test_lists_are_stored_and_read_back(): void {
		$site_a = $this->create_site();
		$site_b = $this->create_site();
		wp_set_current_user( $this->create_super_admin() );

		$response = $this->rest(
			'PUT',
			self::ROUTE,
			array(
				'excludedSites'        => array( $site_b, $site_a ),
				'neverReplicatedRoles' => array( 'administrator', 'editor' ),
				'includeSuperAdmins'   => true,
			)
		);

		$this->assertSame( 200, $response->get_status() );
		$sorted = array( $site_a, $site_b );
		sort( $sorted );
		$this->assertSame( $sorted, $response->get_data()['excludedSites'] );
		$this->assertSame( array( 'administrator', 'editor' ), $response->get_data()['neverReplicatedRoles'] );
		$this->assertTrue( $response->get_data()['includeSuperAdmins'] );
		$this->assertSame( $sorted, get_site_option( 'wpmus_excludedSites' ) );
		$this->assertSame( 'yes', get_site_option( 'wpmus_includeSuperAdmins' ) );
	}

	public function test_a_site_that_does_not_exist_in_this_network_is_refused_with_400(): void {
		$site_id = $this->create_site();
		wp_set_current_user( $this->create_super_admin() );

		$response = $this->rest( 'PUT', self::ROUTE, array( 'excludedSites' => array( $site_id, 999999 ) ) );

		$this->assertRestError( 400, 'rest_invalid_param', $response );
		$this->assertStringContainsString( '999999', $response->get_data()['data']['params']['excludedSites'] );
		$this->assertFalse( get_site_option( 'wpmus_excludedSites' ) );
	}

	public function test_site_ids_must_be_positive_integers(): void {
		wp_set_current_user( $this->create_super_admin() );

		$this->assertRestError( 400, 'rest_invalid_param', $this->rest( 'PUT', self::ROUTE, array( 'excludedSites' => array( 'main' ) ) ) );
		$this->assertRestError( 400, 'rest_invalid_param', $this->rest( 'PUT', self::ROUTE, array( 'excludedSites' => 'main' ) ) );
		$this->assertRestError( 400, 'rest_invalid_param', $this->rest( 'PUT', self::ROUTE, array( 'excludedSites' => array( 0 ) ) ) );
	}

	public function test_an_unknown_role_is_refused_with_400(): void {
		wp_set_current_user( $this->create_super_admin() );

		$response = $this->rest( 'PUT', self::ROUTE, array( 'neverReplicatedRoles' => array( 'editor', 'overlord' ) ) );

		$this->assertRestError( 400, 'rest_invalid_param', $response );
		$this->assertStringContainsString( 'overlord', $response->get_data()['data']['params']['neverReplicatedRoles'] );
		$this->assertFalse( get_site_option( 'wpmus_neverReplicatedRoles' ) );
	}
}
