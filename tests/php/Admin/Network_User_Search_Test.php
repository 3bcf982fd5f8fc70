<?php
/**
 * Tests for the network-wide search of people through core's users route.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Admin;

use WP_REST_Request;
use WP_REST_Response;
use WPM_User_Sync\Tests\Support\TestCase;

final class Network_User_Search_Test extends TestCase {

	/**
	 * Searches core's users route of the main site.
	 *
	 * @param string               $search Text searched.
	 * @param array<string, mixed> $extra  More query parameters.
	 */
	private function search( string $search, array $extra = array() ): WP_REST_Response {
		$request = new WP_REST_Request( 'GET', '/wp/v2/users' );
		$request->set_query_params(
			array(
				'search'  => $search,
				'context' => 'edit',
			) + $extra
		);
		return rest_get_server()->dispatch( $request );
	}

	/**
	 * The logins a search answered.
	 *
	 * @param WP_REST_Response $response The answer.
	 * @return string[]
	 */
	private function logins( WP_REST_Response $response ): array {
		$this->assertSame( 200, $response->get_status() );
		return array_column( (array) $response->get_data(), 'username' );
	}

	public function test_a_network_admin_finds_someone_who_belongs_to_no_site(): void {
		$offboarded = $this->create_user( null );
		$login      = get_userdata( $offboarded )->user_login ?? '';
		wp_set_current_user( $this->create_super_admin() );

		$this->assertSame( array(), $this->logins( $this->search( $login ) ), 'Core lists the members of the main site only.' );
		$this->assertSame( array( $login ), $this->logins( $this->search( $login, array( 'wpmus_scope' => 'network' ) ) ) );
	}

	public function test_a_site_administrator_gets_their_site_members_only_whatever_they_ask(): void {
		$elsewhere = $this->create_user( 'editor', $this->create_site() );
		$login     = get_userdata( $elsewhere )->user_login ?? '';
		wp_set_current_user( $this->create_user( 'administrator' ) );

		$this->assertSame( array(), $this->logins( $this->search( $login, array( 'wpmus_scope' => 'network' ) ) ) );
	}

	public function test_another_scope_is_refused_by_the_route(): void {
		wp_set_current_user( $this->create_super_admin() );

		$response = $this->search( 'a', array( 'wpmus_scope' => 'everything' ) );

		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'rest_invalid_param', $response->as_error()->get_error_code() );
	}
}
