<?php
/**
 * Network capabilities are the network's: held on its main site, as Network Admin reads
 * them, never on the site a request's URL happens to name.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\REST;

use WPM_User_Sync\Tests\Support\TestCase;

final class Network_Capability_Test extends TestCase {

	/** Routes of network administrators, each with what to send. */
	private const NETWORK_ROUTES = array(
		array( 'GET', '/wpm-user-sync/v1/jobs', null ),
		array( 'POST', '/wpm-user-sync/v1/jobs', array( 'kind' => 'network' ) ),
		array( 'GET', '/wpm-user-sync/v1/settings', null ),
		array( 'POST', '/wpm-user-sync/v1/settings', array( 'newUserSync' => true ) ),
		array( 'GET', '/wpm-user-sync/v1/sites', null ),
		array( 'GET', '/wpm-user-sync/v1/activity', null ),
		array( 'GET', '/wpm-user-sync/v1/people/1/sites', null ),
		array( 'GET', '/wpm-user-sync/v1/health', null ),
		array( 'POST', '/wpm-user-sync/v1/drift', null ),
	);

	private int $site;
	private int $manager;

	protected function setUp(): void {
		parent::setUp();
		$this->site    = $this->create_site();
		$this->manager = $this->create_user( null );
	}

	/**
	 * Gives the manager, on a site, a role that a role editor granted the network's capabilities.
	 */
	private function grant_network_capabilities_on( int $site_id ): void {
		switch_to_blog( $site_id );
		add_role(
			'network_helper',
			'Network helper',
			array(
				'read'                   => true,
				'list_users'             => true,
				'manage_network_users'   => true,
				'manage_network_options' => true,
			)
		);
		add_user_to_blog( $site_id, $this->manager, 'network_helper' );
		restore_current_blog();
	}

	public function test_network_capabilities_granted_on_an_ordinary_site_open_no_network_route_there(): void {
		$this->grant_network_capabilities_on( $this->site );
		wp_set_current_user( $this->manager );
		switch_to_blog( $this->site );

		foreach ( self::NETWORK_ROUTES as list( $method, $route, $body ) ) {
			$this->assertRestError( 403, 'wpmus_forbidden', $this->rest( $method, $route, $body ) );
		}
	}

	public function test_the_listing_of_every_account_stays_the_sites_own_for_such_a_role(): void {
		$this->grant_network_capabilities_on( $this->site );
		$elsewhere = $this->create_user( 'subscriber' );
		wp_set_current_user( $this->manager );
		switch_to_blog( $this->site );

		$listed = wp_list_pluck( $this->rest( 'GET', '/wp/v2/users', array( 'wpmus_scope' => 'network', 'per_page' => 100 ) )->get_data(), 'id' );

		$this->assertContains( $this->manager, $listed );
		$this->assertNotContains( $elsewhere, $listed, 'A member of the main site only is not listed on this site.' );
	}

	public function test_the_same_capabilities_on_the_main_site_open_the_network_routes_from_any_url(): void {
		$this->grant_network_capabilities_on( get_main_site_id() );
		wp_set_current_user( $this->manager );
		switch_to_blog( $this->site );

		$this->assertSame( 200, $this->rest( 'GET', '/wpm-user-sync/v1/jobs' )->get_status() );
		$this->assertSame( 200, $this->rest( 'GET', '/wpm-user-sync/v1/settings' )->get_status(), 'As in Network Admin, which reads them on the main site.' );
	}
}
