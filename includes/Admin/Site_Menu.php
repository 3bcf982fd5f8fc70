<?php
/**
 * Site Admin → WPM User Sync.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Admin;

use WPM_User_Sync\Sync\Policy;

defined( 'ABSPATH' ) || exit;

/**
 * The site menu: Home and Actions, for those who may sync the site (Policy::site_sync_refusal()):
 * its administrators while the network lets them, and super admins; and Activity, for
 * its administrators whether or not the network lets them sync.
 *
 * @since 2.0.0
 * @since 2.1.0 Activity.
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
	 * Adds the menu, for those who may use it. Without the menu entry, WordPress
	 * answers 403 to anyone who opens the pages' addresses.
	 *
	 * @since 2.0.0
	 * @since 2.0.1 Asks the network's Policy, as the site-jobs REST routes do: super admins keep the menu when site syncs are off.
	 * @since 2.1.0 Activity; alone in the menu when the site's administrators may not sync it.
	 */
	public function add_menu(): void {
		if ( null !== Policy::for_network( get_current_network_id() )->site_sync_refusal( get_current_user_id(), get_current_blog_id() ) ) {
			$this->add_activity_only();
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
		( new Site_Activity_Page() )->add( Site_Home_Page::SLUG );
	}

	/**
	 * The menu of a site's administrators who may not sync it: the site's Activity only.
	 *
	 * @since 2.1.0
	 */
	private function add_activity_only(): void {
		if ( ! current_user_can( Site_Activity_Page::CAPABILITY ) ) {
			return;
		}
		$activity = new Site_Activity_Page( false );
		add_menu_page(
			__( 'WPM User Sync', 'wpm-user-sync' ),
			__( 'WPM User Sync', 'wpm-user-sync' ),
			Site_Activity_Page::CAPABILITY,
			Site_Activity_Page::SLUG,
			array( $activity, 'render' ),
			'dashicons-groups'
		);
		$activity->add( Site_Activity_Page::SLUG );
	}
}
