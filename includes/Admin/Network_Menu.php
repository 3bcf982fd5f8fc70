<?php
/**
 * Network Admin → WPM User Sync.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Admin;

defined( 'ABSPATH' ) || exit;

/**
 * The network menu: Home, Options, Actions (the 1.3 slugs), People and Activity.
 *
 * @since 2.0.0
 * @since 2.1.0 People and Activity.
 */
final class Network_Menu {

	/**
	 * Hooks the menu into Network Admin.
	 *
	 * @since 2.0.0
	 */
	public function register(): void {
		add_action( 'network_admin_menu', array( $this, 'add_menu' ) );
	}

	/**
	 * Adds the top-level menu, which opens Home, and the screens under it.
	 *
	 * @since 2.0.0
	 */
	public function add_menu(): void {
		$home = new Network_Home_Page();
		add_menu_page(
			__( 'WPM User Sync', 'wpm-user-sync' ),
			__( 'WPM User Sync', 'wpm-user-sync' ),
			Network_Home_Page::CAPABILITY,
			Network_Home_Page::SLUG,
			array( $home, 'render' ),
			'dashicons-groups'
		);
		$home->add( Network_Home_Page::SLUG );
		( new Network_Options_Page() )->add( Network_Home_Page::SLUG );
		( new Network_Actions_Page() )->add( Network_Home_Page::SLUG );
		( new Network_People_Page() )->add( Network_Home_Page::SLUG );
		( new Network_Activity_Page() )->add( Network_Home_Page::SLUG );
	}
}
