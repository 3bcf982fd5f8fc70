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
		'newSiteSync'            => 'wpmus_newSiteSync',
		'newUserSync'            => 'wpmus_newUserSync',
		'roleSync'               => 'wpmus_setUserRoleSync',
		'includeSuperAdmins'     => 'wpmus_includeSuperAdmins',
		'allowSiteSync'          => 'wpmus_allowSiteSync',
		'excludedSites'          => 'wpmus_excludedSites',
		'neverReplicatedRoles'   => 'wpmus_neverReplicatedRoles',
		'privilegedDefaultRoles' => 'wpmus_privilegedDefaultRoles',
		'activityRetentionDays'  => 'wpmus_activityRetentionDays',
		'reconcile'              => 'wpmus_reconcile',
	);

	private const DEFAULTS = array(
		'newSiteSync'            => false,
		'newUserSync'            => false,
		'roleSync'               => false,
		'includeSuperAdmins'     => false,
		'allowSiteSync'          => true,
		'excludedSites'          => array(),
		'neverReplicatedRoles'   => array(),
		'privilegedDefaultRoles' => false,
		'activityRetentionDays'  => 90,
		'reconcile'              => 'never',
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
			$this->assertSame( is_bool( self::DEFAULTS[ $name ] ) ? 'boolean' : ( is_int( self::DEFAULTS[ $name ] ) ? 'integer' : ( is_string( self::DEFAULTS[ $name ] ) ? 'string' : 'array' ) ), $property['type'], $name );
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

	/**
	 * What a caller who may not change the settings is told, for a body.
	 *
	 * @param int                 $user_id User, 0 for logged out.
	 * @param array<mixed>|string $body    Body.
	 * @return array{0: int, 1: mixed} Status and body.
	 */
	private function refusal( int $user_id, array|string $body ): array {
		wp_set_current_user( $user_id );
		$response = $this->rest( 'PUT', self::ROUTE, $body );
		return array( $response->get_status(), $response->get_data() );
	}

	public function test_a_caller_who_may_not_change_the_settings_learns_nothing_about_the_network_s_sites(): void {
		$site_id    = $this->create_site();
		$subscriber = $this->create_user( 'subscriber' );

		foreach ( array( 0 => 401, $subscriber => 403 ) as $user_id => $status ) {
			$existing = $this->refusal( $user_id, array( 'excludedSites' => array( $site_id ) ) );
			$missing  = $this->refusal( $user_id, array( 'excludedSites' => array( 999999 ) ) );

			$this->assertSame( $status, $existing[0] );
			$this->assertSame( 'wpmus_forbidden', $existing[1]['code'] );
			$this->assertSame( $existing, $missing, 'A site that exists and one that does not must get the same answer.' );
		}
		$this->assertFalse( get_site_option( 'wpmus_excludedSites' ) );
	}

	public function test_a_caller_who_may_not_change_the_settings_learns_nothing_about_the_main_site_s_roles(): void {
		$subscriber = $this->create_user( 'subscriber' );

		foreach ( array( 0 => 401, $subscriber => 403 ) as $user_id => $status ) {
			$existing = $this->refusal( $user_id, array( 'neverReplicatedRoles' => array( 'editor' ) ) );
			$missing  = $this->refusal( $user_id, array( 'neverReplicatedRoles' => array( 'overlord' ) ) );

			$this->assertSame( $status, $existing[0] );
			$this->assertSame( 'wpmus_forbidden', $existing[1]['code'] );
			$this->assertSame( $existing, $missing, 'A role that exists and one that does not must get the same answer.' );
		}
		$this->assertFalse( get_site_option( 'wpmus_neverReplicatedRoles' ) );
	}

	public function test_null_is_refused_for_every_setting_and_nothing_is_stored(): void {
		update_site_option( 'wpmus_newUserSync', 'yes' );
		update_site_option( 'wpmus_excludedSites', array( 1 ) );
		wp_set_current_user( $this->create_super_admin() );

		foreach ( array_keys( self::OPTIONS ) as $name ) {
			$response = $this->rest( 'PUT', self::ROUTE, '{"' . $name . '": null}' );

			$this->assertRestError( 400, 'rest_invalid_param', $response );
			$this->assertStringContainsString( $name, $response->get_data()['data']['params'][ $name ] ?? '', $name );
		}
		$this->assertSame( 'yes', get_site_option( 'wpmus_newUserSync' ) );
		$this->assertSame( array( 1 ), get_site_option( 'wpmus_excludedSites' ) );
	}

	public function test_too_many_excluded_sites_are_refused_before_anything_else_with_a_short_message(): void {
		$ids = range( 1000001, 1000001 + 1000000 );

		foreach ( array( 0, $this->create_super_admin() ) as $user_id ) {
			wp_set_current_user( $user_id );
			$response = $this->rest( 'PUT', self::ROUTE, array( 'excludedSites' => $ids ) );

			$this->assertRestError( 400, 'rest_invalid_param', $response );
			$this->assertStringContainsString( '10,000', $response->get_data()['data']['params']['excludedSites'] );
			$this->assertLessThan( 1000, strlen( (string) wp_json_encode( $response->get_data() ) ) );
		}
		$this->assertFalse( get_site_option( 'wpmus_excludedSites' ) );
	}

	public function test_too_many_roles_are_refused_with_a_short_message(): void {
		$roles = array_map( static fn( int $n ) => "role-{$n}", range( 1, 100000 ) );

		foreach ( array( 0, $this->create_super_admin() ) as $user_id ) {
			wp_set_current_user( $user_id );
			$response = $this->rest( 'PUT', self::ROUTE, array( 'neverReplicatedRoles' => $roles ) );

			$this->assertRestError( 400, 'rest_invalid_param', $response );
			$this->assertLessThan( 1000, strlen( (string) wp_json_encode( $response->get_data() ) ) );
		}
		$this->assertFalse( get_site_option( 'wpmus_neverReplicatedRoles' ) );
	}

	public function test_thousands_of_unknown_sites_are_named_a_few_at_a_time(): void {
		wp_set_current_user( $this->create_super_admin() );

		$response = $this->rest( 'PUT', self::ROUTE, array( 'excludedSites' => range( 999901, 999901 + 2999 ) ) );

		$this->assertRestError( 400, 'rest_invalid_param', $response );
		$this->assertSame(
			'These sites do not exist in this network: 999901, 999902, 999903 and 2,997 more.',
			$response->get_data()['data']['params']['excludedSites']
		);
	}

	public function test_thousands_of_unknown_setting_names_are_named_a_few_at_a_time(): void {
		$body = array();
		for ( $i = 0; $i < 5000; $i++ ) {
			$body[ "unknown{$i}" ] = true;
		}

		$response = $this->rest( 'PUT', self::ROUTE, $body );

		$this->assertRestError( 400, 'wpmus_unknown_setting', $response );
		$this->assertStringContainsString( 'unknown0, unknown1, unknown2 and 4,997 more', $response->get_data()['message'] );
		$this->assertLessThan( 2000, strlen( (string) wp_json_encode( $response->get_data() ) ) );
	}

	public function test_a_site_id_beyond_64_bits_is_refused_and_named(): void {
		$site_id = $this->create_site();
		wp_set_current_user( $this->create_super_admin() );

		foreach ( array( '99999999999999999999999', '18446744073709551619', '9223372036854775808' ) as $huge ) {
			$response = $this->rest( 'PUT', self::ROUTE, '{"excludedSites": [' . $site_id . ', ' . $huge . ']}' );

			$this->assertRestError( 400, 'rest_invalid_param', $response );
			$this->assertStringContainsString( $huge, $response->get_data()['data']['params']['excludedSites'] );
		}
		$this->assertFalse( get_site_option( 'wpmus_excludedSites' ) );
	}

	public function test_a_role_is_matched_whole_never_split_into_others(): void {
		wp_set_current_user( $this->create_super_admin() );

		$response = $this->rest( 'PUT', self::ROUTE, array( 'neverReplicatedRoles' => array( 'editor author' ) ) );

		$this->assertRestError( 400, 'rest_invalid_param', $response );
		$this->assertStringContainsString( 'editor author', $response->get_data()['data']['params']['neverReplicatedRoles'] );
		$this->assertFalse( get_site_option( 'wpmus_neverReplicatedRoles' ) );
	}

	public function test_lists_declare_how_many_items_they_take(): void {
		$schema = $this->rest( 'OPTIONS', self::ROUTE )->get_data()['schema'];

		$this->assertSame( 10000, $schema['properties']['excludedSites']['maxItems'] );
		$this->assertSame( 200, $schema['properties']['neverReplicatedRoles']['maxItems'] );
	}

	public function test_privileged_default_roles_is_a_switch_stored_under_its_option(): void {
		wp_set_current_user( $this->create_super_admin() );
		$this->assertFalse( $this->rest( 'GET', self::ROUTE )->get_data()['privilegedDefaultRoles'] );

		$this->assertRestError( 400, 'rest_invalid_param', $this->rest( 'PUT', self::ROUTE, array( 'privilegedDefaultRoles' => 'no' ) ) );
		$this->assertSame( '', get_site_option( 'wpmus_privilegedDefaultRoles', '' ) );

		$response = $this->rest( 'PUT', self::ROUTE, array( 'privilegedDefaultRoles' => true ) );

		$this->assertSame( 200, $response->get_status() );
		$this->assertTrue( $response->get_data()['privilegedDefaultRoles'] );
		$this->assertSame( 'yes', get_site_option( 'wpmus_privilegedDefaultRoles' ) );
		$this->assertTrue( ( new \WPM_User_Sync\Settings() )->is_on( 'privilegedDefaultRoles' ) );
	}

	// The screens' type is derived from the generated schema since 2.0.1: Settings_Schema_Test proves it matches.

	public function test_an_unknown_context_is_refused_rather_than_answered_with_nothing(): void {
		wp_set_current_user( $this->create_super_admin() );

		$request = new \WP_REST_Request( 'GET', self::ROUTE );
		$request->set_query_params( array( 'context' => 'embed' ) );
		$response = rest_get_server()->dispatch( $request );

		$this->assertRestError( 400, 'rest_invalid_param', $response );
		$this->assertArrayHasKey( 'context', $response->get_data()['data']['params'] );
	}

	public function test_two_partial_saves_of_different_settings_both_survive(): void {
		$site_id = $this->create_site();
		wp_set_current_user( $this->create_super_admin() );

		// Two administrators, each sending only what they changed.
		$first  = $this->rest( 'PATCH', self::ROUTE, array( 'excludedSites' => array( $site_id ) ) );
		$second = $this->rest( 'PUT', self::ROUTE, array( 'newUserSync' => true ) );

		$this->assertSame( 200, $first->get_status() );
		$this->assertSame( 200, $second->get_status() );
		$this->assertSame( array( $site_id ), $second->get_data()['excludedSites'], 'The second save kept the first one.' );
		$this->assertTrue( $second->get_data()['newUserSync'] );
		$this->assertSame( array( $site_id ), get_site_option( 'wpmus_excludedSites' ) );
		$this->assertSame( 'yes', get_site_option( 'wpmus_newUserSync' ) );
	}

	public function test_patch_is_refused_like_put_and_stores_nothing_when_refused(): void {
		$this->assertRestError( 401, 'wpmus_forbidden', $this->rest( 'PATCH', self::ROUTE, array( 'newUserSync' => true ) ) );
		wp_set_current_user( $this->create_super_admin() );

		$this->assertRestError( 400, 'wpmus_unknown_setting', $this->rest( 'PATCH', self::ROUTE, array( 'newUserSnyc' => true ) ) );
		$this->assertRestError( 400, 'rest_invalid_param', $this->rest( 'PATCH', self::ROUTE, array( 'newUserSync' => 'maybe' ) ) );
		$this->assertSame( '', get_site_option( 'wpmus_newUserSync', '' ) );
	}

	public function test_every_site_and_role_the_network_lacks_is_named_at_once(): void {
		wp_set_current_user( $this->create_super_admin() );

		$response = $this->rest(
			'PUT',
			self::ROUTE,
			array(
				'excludedSites'        => array( 999999 ),
				'neverReplicatedRoles' => array( 'overlord' ),
			)
		);

		$this->assertRestError( 400, 'rest_invalid_param', $response );
		$this->assertSame(
			array(
				'excludedSites'        => 'These sites do not exist in this network: 999999.',
				'neverReplicatedRoles' => 'These roles do not exist on the main site: overlord.',
			),
			$response->get_data()['data']['params']
		);
		$this->assertFalse( get_site_option( 'wpmus_excludedSites' ) );
		$this->assertFalse( get_site_option( 'wpmus_neverReplicatedRoles' ) );
	}

	public function test_fields_narrows_the_answer_to_the_settings_asked_for(): void {
		wp_set_current_user( $this->create_super_admin() );
		$request = new \WP_REST_Request( 'GET', self::ROUTE );
		$request->set_query_params( array( '_fields' => 'newUserSync,excludedSites' ) );

		$response = rest_get_server()->dispatch( $request );

		$this->assertSame(
			array(
				'newUserSync'   => false,
				'excludedSites' => array(),
			),
			$response->get_data()
		);
		$this->assertSame( array(), $response->get_links(), 'Links are left out unless _fields asks for them.' );
	}

	public function test_the_answer_links_to_the_settings(): void {
		wp_set_current_user( $this->create_super_admin() );

		$links = $this->rest( 'GET', self::ROUTE )->get_links();

		$this->assertSame( rest_url( 'wpm-user-sync/v1/settings' ), $links['self'][0]['href'] );
	}

	public function test_options_describes_what_each_method_takes(): void {
		$answer = $this->rest( 'OPTIONS', self::ROUTE )->get_data();

		$this->assertSame( 'wpm-user-sync/v1', $answer['namespace'] );
		$this->assertSame( array( 'GET', 'POST', 'PUT', 'PATCH' ), $answer['methods'] );
		$this->assertSame( 'wpmus-settings', $answer['schema']['title'] );
		list( $read, $write ) = $answer['endpoints'];
		$this->assertSame( array( 'GET' ), $read['methods'] );
		$this->assertEqualsCanonicalizing( array( 'view', 'edit' ), $read['args']['context']['enum'] );
		$this->assertSame( array( 'POST', 'PUT', 'PATCH' ), $write['methods'] );
		$this->assertSame( array_keys( self::OPTIONS ), array_keys( $write['args'] ) );
		foreach ( $write['args'] as $name => $arg ) {
			$this->assertArrayNotHasKey( 'default', $arg, "{$name} has no default when written: a body without it leaves it alone." );
			$this->assertFalse( $arg['required'], $name );
		}
		$this->assertSame( 'integer', $write['args']['excludedSites']['items']['type'] );
		$this->assertSame( 10000, $write['args']['excludedSites']['maxItems'] );
		$this->assertSame( 'string', $write['args']['neverReplicatedRoles']['items']['type'] );
		$this->assertSame( 200, $write['args']['neverReplicatedRoles']['maxItems'] );
		$this->assertSame( true, $answer['schema']['properties']['allowSiteSync']['default'] );
	}
}
