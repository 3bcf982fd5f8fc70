<?php
/**
 * Site Admin → WPM User Sync.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Admin;

use WPM_User_Sync\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * The site menu: Home and Actions, for the site's administrators when the
 * network lets them sync their site.
 *
 * @since 2.0.0
 */
final class Site_Menu {

	/**
	 * Hooks the menu into the site's dashboard (not Network Admin).
	 *
	 * @since 2.0.0
	 */
	public function register(): void {
		add_action( 'admin_menu', array( $this, 'add_menu' ) );
	}

	/**
	 * Whether the network administrator lets site administrators sync their site.
	 *
	 * @since 2.0.0
	 */
	public static function site_sync_allowed(): bool {
		return ( new Settings() )->is_on( 'allowSiteSync' );
	}

	/**
	 * Adds the menu, for those who may use it. Without the menu entry, WordPress
	 * answers 403 to anyone who opens the pages' addresses.
	 *
	 * @since 2.0.0
	 */
	public function add_menu(): void {
		if ( ! current_user_can( Site_Actions_Page::CAPABILITY ) || ! self::site_sync_allowed() ) {
			return;
		}
		$home = new Site_Home_Page();
		add_menu_page(
			__( 'WPM User Sync', 'wpm-user-sync' ),
			__( 'WPM User Sync', 'wpm-user-sync' ),
			Site_Home_Page::CAPABILITY,
			Site_Home_Page::SLUG,
			array( $home, 'render' ),
			'dashicons-groups'
		);
		$home->add( Site_Home_Page::SLUG );
		( new Site_Actions_Page() )->add( Site_Home_Page::SLUG );
	}
}
