<?php
/**
 * Tests for the People and Activity pages: who may open them, and what they tell their app.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Admin;

use WP_HTML_Tag_Processor;
use WPM_User_Sync\Admin\Admin_Page;
use WPM_User_Sync\Admin\Network_Activity_Page;
use WPM_User_Sync\Admin\Network_People_Page;
use WPM_User_Sync\Admin\Site_Activity_Page;
use WPM_User_Sync\Tests\Support\TestCase;

final class Admin_Pages_Test extends TestCase {

	protected function tearDown(): void {
		unset( $_GET['user'], $_GET['users'], $_GET['action'] );
		parent::tearDown();
	}

	/**
	 * The `data-*` attributes of the app's root element, as the page prints it.
	 *
	 * @param Admin_Page $page The page.
	 * @return array<string, string>
	 */
	private function root_data( Admin_Page $page ): array {
		ob_start();
		$page->render();
		$html = (string) ob_get_clean();

		$processor = new WP_HTML_Tag_Processor( $html );
		while ( $processor->next_tag( 'div' ) ) {
			if ( 'wpm-user-sync-' . $page::ENTRY === $processor->get_attribute( 'id' ) ) {
				$data = array();
				foreach ( (array) $processor->get_attribute_names_with_prefix( 'data-' ) as $name ) {
					$data[ substr( $name, 5 ) ] = (string) $processor->get_attribute( $name );
				}
				return $data;
			}
		}
		$this->fail( 'The page printed no root element for its app.' );
	}

	public function test_the_people_screen_carries_the_people_and_the_action_of_the_address(): void {
		wp_set_current_user( $this->create_super_admin() );
		$_GET['users']  = '5,x,5,9,-2';
		$_GET['action'] = 'remove-all';

		$data = $this->root_data( new Network_People_Page() );

		$this->assertSame( '5,9', $data['users'] );
		$this->assertSame( 'remove-all', $data['action'] );
		$this->assertSame( '', $data['user'] );
		$this->assertSame( Network_Activity_Page::url( true ), $data['activity-url'] );
		$this->assertSame( '1', $data['can-change'], 'A super admin gets the actions.' );
	}

	public function test_the_people_screen_offers_no_action_to_a_user_manager_who_is_not_a_super_admin(): void {
		$manager = $this->create_user( 'administrator' );
		get_userdata( $manager )->add_cap( 'manage_network_users' );
		wp_set_current_user( $manager );
		$_GET['user'] = '12';

		$data = $this->root_data( new Network_People_Page() );

		$this->assertSame( '12', $data['user'] );
		$this->assertSame( '', $data['can-change'] );
	}

	public function test_the_people_screen_ignores_an_action_it_does_not_know(): void {
		wp_set_current_user( $this->create_super_admin() );
		$_GET['user']   = '12';
		$_GET['action'] = 'delete';

		$data = $this->root_data( new Network_People_Page() );

		$this->assertSame( '12', $data['user'] );
		$this->assertSame( '', $data['action'] );
	}

	public function test_only_network_admins_may_open_the_network_screens(): void {
		$site_id = $this->create_site();
		wp_set_current_user( $this->create_user( 'administrator', $site_id ) );
		$this->assertFalse( ( new Network_People_Page() )->can_open() );
		$this->assertFalse( ( new Network_Activity_Page() )->can_open() );

		wp_set_current_user( $this->create_super_admin() );
		$this->assertTrue( ( new Network_People_Page() )->can_open() );
		$this->assertTrue( ( new Network_Activity_Page() )->can_open() );
	}

	public function test_the_network_activity_exports_from_the_network_route(): void {
		wp_set_current_user( $this->create_super_admin() );

		$data = $this->root_data( new Network_Activity_Page() );

		$this->assertSame( 'network', $data['scope'] );
		$this->assertSame( rest_url( 'wpm-user-sync/v1/activity/export' ), $data['export-url'] );
		$this->assertArrayNotHasKey( 'nonce', $data, 'The app reads the nonce wp-api-fetch already has.' );
	}

	public function test_only_the_sites_administrators_may_open_its_activity(): void {
		$site_id   = $this->create_site();
		$other_id  = $this->create_site();
		$admin     = $this->create_user( 'administrator', $site_id );
		$elsewhere = $this->create_user( 'administrator', $other_id );
		$editor    = $this->create_user( 'editor', $site_id );
		switch_to_blog( $site_id );

		wp_set_current_user( $admin );
		$this->assertTrue( ( new Site_Activity_Page() )->can_open() );
		wp_set_current_user( $elsewhere );
		$this->assertFalse( ( new Site_Activity_Page() )->can_open(), 'An administrator of another site.' );
		wp_set_current_user( $editor );
		$this->assertFalse( ( new Site_Activity_Page() )->can_open() );
	}

	public function test_the_site_activity_exports_from_the_sites_own_route(): void {
		$site_id = $this->create_site();
		$admin   = $this->create_user( 'administrator', $site_id );
		switch_to_blog( $site_id );
		wp_set_current_user( $admin );

		$data = $this->root_data( new Site_Activity_Page() );

		$this->assertSame( 'site', $data['scope'] );
		$this->assertSame( get_rest_url( $site_id, 'wpm-user-sync/v1/site-activity/export' ), $data['export-url'] );
		$this->assertStringContainsString( get_site( $site_id )->path ?? '', $data['export-url'] );
		$this->assertSame( '', ( $this->root_data( new Site_Activity_Page( false ) ) )['history-url'], 'No link to a history the menu does not offer.' );
	}
}
