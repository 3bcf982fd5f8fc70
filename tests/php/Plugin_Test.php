<?php
/**
 * Tests for the bootstrap: activation, menus and uninstall.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests;

use WPM_User_Sync\Admin\Network_Home_Page;
use WPM_User_Sync\Admin\Network_Options_Page;
use WPM_User_Sync\Tests\Support\TestCase;

final class Plugin_Test extends TestCase {

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		require_once ABSPATH . 'wp-admin/includes/admin.php';
	}

	public function test_plugin_is_network_active_and_supported_here(): void {
		$this->assertTrue( is_plugin_active_for_network( 'wpm-user-sync/wpm-user-sync.php' ) );
		$this->assertSame( '', wpmus_unsupported_reason() );
	}

	public function test_header_declares_a_network_plugin_and_honest_requirements(): void {
		$header = get_plugin_data( WPMUS_FILE, false, false );

		$this->assertSame( 'WPM User Sync', $header['Name'] );
		$this->assertTrue( $header['Network'] );
		$this->assertSame( WPMUS_MIN_WP, $header['RequiresWP'] );
		$this->assertSame( '8.1', $header['RequiresPHP'] );
		$this->assertSame( 'wpm-user-sync', $header['TextDomain'] );
	}

	public function test_an_older_wordpress_gets_an_explanation_instead_of_the_plugin(): void {
		global $wp_version;
		$real_version = $wp_version;
		$wp_version   = '6.5.5';
		try {
			$reason = wpmus_unsupported_reason();
		} finally {
			$wp_version = $real_version;
		}

		$this->assertStringContainsString( '6.6', $reason );
		$this->assertStringContainsString( '6.5.5', $reason );
	}

	public function test_super_admin_gets_the_network_menu_with_the_1_3_slugs(): void {
		global $submenu, $menu;
		wp_set_current_user( $this->create_super_admin() );
		set_current_screen( 'dashboard-network' );
		$menu    = array();
		$submenu = array();

		do_action( 'network_admin_menu', '' );

		$this->assertSame( 'WPM User Sync', $menu[ array_key_first( $menu ) ][0] );
		$this->assertSame( Network_Home_Page::SLUG, $menu[ array_key_first( $menu ) ][2] );
		$this->assertSame(
			array(
				array( 'Home', 'manage_network_users', 'wpmus-networkhome' ),
				array( 'Options', 'manage_network_options', 'wpmus-networksyncoptions' ),
				array( 'Actions', 'manage_network_users', 'wpmus-networksyncactions' ),
				array( 'People', 'manage_network_users', 'wpm-user-sync-people' ),
				array( 'Activity', 'manage_network_users', 'wpm-user-sync-activity' ),
			),
			array_map( static fn( $item ) => array_slice( $item, 0, 3 ), $submenu['wpmus-networkhome'] )
		);
	}

	/**
	 * The site admin menu a user gets on a new site.
	 *
	 * @param string|null $role Role on the site, or null for a super admin.
	 * @return array{0: array<int, array<mixed>>, 1: array<string, array<mixed>>} [ $menu, $submenu ].
	 */
	private function site_menu( ?string $role ): array {
		global $submenu, $menu;
		$site_id = $this->create_site();
		$user_id = null === $role ? $this->create_super_admin() : $this->create_user( $role, $site_id );
		switch_to_blog( $site_id );
		wp_set_current_user( $user_id );
		set_current_screen( 'dashboard' );
		$menu    = array();
		$submenu = array();
		do_action( 'admin_menu', '' );
		restore_current_blog();
		return array( $menu, $submenu );
	}

	public function test_a_site_administrator_gets_home_and_actions_but_no_network_options(): void {
		list( $menu, $submenu ) = $this->site_menu( 'administrator' );

		$this->assertContains( 'WPM User Sync', array_column( $menu, 0 ) );
		$this->assertSame(
			array(
				array( 'Home', 'promote_users', 'wpmus-sitehome' ),
				array( 'Actions', 'promote_users', 'wpmus-sitesyncactions' ),
				array( 'Activity', 'promote_users', 'wpmus-siteactivity' ),
			),
			array_map( static fn( $item ) => array_slice( $item, 0, 3 ), $submenu['wpmus-sitehome'] )
		);
		$this->assertArrayNotHasKey( Network_Options_Page::SLUG, $submenu );
	}

	public function test_only_activity_stays_in_the_site_menu_when_the_network_switches_site_syncs_off(): void {
		$this->set_settings( array( 'allowSiteSync' => false ) );

		list( $menu, $submenu ) = $this->site_menu( 'administrator' );

		$this->assertContains( 'wpmus-siteactivity', array_column( $menu, 2 ) );
		$this->assertArrayNotHasKey( 'wpmus-sitehome', $submenu );
		$this->assertSame(
			array( array( 'Activity', 'promote_users', 'wpmus-siteactivity' ) ),
			array_map( static fn( $item ) => array_slice( $item, 0, 3 ), $submenu['wpmus-siteactivity'] )
		);
	}

	public function test_an_editor_gets_no_site_menu(): void {
		list( $menu ) = $this->site_menu( 'editor' );

		$this->assertNotContains( 'WPM User Sync', array_column( $menu, 0 ) );
	}

	public function test_uninstall_removes_the_settings_of_every_network_and_nothing_else(): void {
		update_site_option( 'wpmus_newSiteSync', 'yes' );
		update_site_option( 'wpmus_newUserSync', 'yes' );
		update_site_option( 'wpmus_setUserRoleSync', '' );
		update_site_option( 'wpmus_excludedSites', array( get_main_site_id() ) );
		update_site_option( 'wpmus_privilegedDefaultRoles', 'yes' );
		$user_id = $this->create_user( 'editor' );
		add_user_meta( $user_id, 'wpmus_removed', '99' );
		add_user_meta( $user_id, 'wpmus_removed_network', '98' );
		set_site_transient( 'wpmus_role_notice_' . $user_id, array( 'role' => 'editor' ), 300 );
		$site_id = $this->create_site();
		switch_to_blog( $site_id );
		wp_schedule_single_event( time() + 60, 'wpmus_continue_new_site_sync', array( $site_id, array() ) );
		restore_current_blog();
		wp_schedule_single_event( time() + 60, 'wpmus_run_job', array( 7, get_current_network_id() ) );
		$queries = array();
		$record  = static function ( $query ) use ( &$queries ) {
			$queries[] = $query;
			return $query;
		};

		if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
			define( 'WP_UNINSTALL_PLUGIN', 'wpm-user-sync/wpm-user-sync.php' );
		}
		add_filter( 'query', $record, 1 );
		include WPMUS_DIR . '/uninstall.php';
		remove_filter( 'query', $record, 1 );
		wp_cache_flush();

		$this->assertFalse( get_site_option( 'wpmus_newSiteSync' ) );
		$this->assertFalse( get_site_option( 'wpmus_newUserSync' ) );
		$this->assertFalse( get_site_option( 'wpmus_setUserRoleSync' ) );
		$this->assertFalse( get_site_option( 'wpmus_excludedSites' ) );
		$this->assertFalse( get_site_option( 'wpmus_privilegedDefaultRoles' ) );
		$this->assertFalse( get_site_option( 'wpmus_jobs_schema' ) );
		$this->assertSame( array(), get_user_meta( $user_id, 'wpmus_removed' ) );
		$this->assertSame( array(), get_user_meta( $user_id, 'wpmus_removed_network' ) );
		$this->assertFalse( get_site_transient( 'wpmus_role_notice_' . $user_id ) );
		$this->assertFalse( wp_next_scheduled( 'wpmus_run_job', array( 7, get_current_network_id() ) ) );
		switch_to_blog( $site_id );
		$this->assertFalse( wp_next_scheduled( 'wpmus_continue_new_site_sync', array( $site_id, array() ) ), 'Events on other sites go too.' );
		restore_current_blog();
		// The test's transaction cannot drop a table (the cli stage checks that it is gone); it was asked to.
		global $wpdb;
		$this->assertContains( "DROP TABLE IF EXISTS {$wpdb->base_prefix}wpmus_jobs", $queries );
		$this->assertTrue( is_user_member_of_blog( $user_id, get_main_site_id() ) );
	}
}
