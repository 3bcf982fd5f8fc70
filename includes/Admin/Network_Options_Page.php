<?php
/**
 * Network Admin → WPM User Sync → Options.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Admin;

defined( 'ABSPATH' ) || exit;

/**
 * The "WPM User Sync" network menu and its Options screen, a React app.
 *
 * @since 2.0.0
 */
final class Network_Options_Page {

	/**
	 * The 1.3 page slug, kept so bookmarks and links keep working.
	 */
	public const SLUG = 'wpmus-networksyncoptions';

	/**
	 * Who may open the screen; the same capability guards the REST route.
	 */
	private const CAPABILITY = 'manage_network_options';

	/**
	 * Whether the built app was found when the screen loaded.
	 *
	 * @var bool
	 */
	private bool $app_loaded = false;

	/**
	 * Hooks the page into the network admin menu.
	 *
	 * @since 2.0.0
	 */
	public function register(): void {
		add_action( 'network_admin_menu', array( $this, 'add_menu' ) );
	}

	/**
	 * Adds the top-level menu and the Options screen under it.
	 *
	 * @since 2.0.0
	 */
	public function add_menu(): void {
		add_menu_page(
			__( 'WPM User Sync', 'wpm-user-sync' ),
			__( 'WPM User Sync', 'wpm-user-sync' ),
			self::CAPABILITY,
			self::SLUG,
			array( $this, 'render' ),
			'dashicons-groups'
		);
		$hook = add_submenu_page(
			self::SLUG,
			__( 'WPM User Sync Options', 'wpm-user-sync' ),
			__( 'Options', 'wpm-user-sync' ),
			self::CAPABILITY,
			self::SLUG,
			array( $this, 'render' )
		);
		if ( $hook ) {
			add_action( "load-{$hook}", array( $this, 'load' ) );
		}
	}

	/**
	 * Enqueues the app only on its own screen.
	 *
	 * @since 2.0.0
	 */
	public function load(): void {
		add_action(
			'admin_enqueue_scripts',
			function (): void {
				$this->app_loaded = Asset_Loader::enqueue( 'network-options' );
				Asset_Loader::preload( array( '/wpm-user-sync/v1/settings', '/wpm-user-sync/v1/roles' ) );
			}
		);
	}

	/**
	 * Prints the app's root element.
	 *
	 * @since 2.0.0
	 */
	public function render(): void {
		if ( ! current_user_can( self::CAPABILITY ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage the WPM User Sync options.', 'wpm-user-sync' ), 403 );
		}
		echo '<div class="wrap"><h1>' . esc_html__( 'WPM User Sync Options', 'wpm-user-sync' ) . '</h1>';
		if ( ! $this->app_loaded ) {
			echo '<div class="notice notice-error"><p>' . esc_html__( 'The Options screen could not be loaded: the plugin\'s build/ folder is missing. Reinstall the plugin from its release zip, or run "npm run build" in a development copy.', 'wpm-user-sync' ) . '</p></div>';
		}
		echo '<div id="wpm-user-sync-network-options"></div></div>';
	}
}
