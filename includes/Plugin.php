<?php
/**
 * Wires the plugin's parts to WordPress.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync;

use WPM_User_Sync\Activity\Activity_Log;
use WPM_User_Sync\Admin\Network_Menu;
use WPM_User_Sync\Admin\Network_User_Search;
use WPM_User_Sync\Admin\Network_Users_Actions;
use WPM_User_Sync\Admin\Site_Menu;
use WPM_User_Sync\Health\Background_Work;
use WPM_User_Sync\Health\Drift;
use WPM_User_Sync\Health\Reconcile;
use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Jobs\Job_Watch;
use WPM_User_Sync\Jobs\Network_Changes;
use WPM_User_Sync\REST\Activity_Controller;
use WPM_User_Sync\REST\Health_Controller;
use WPM_User_Sync\REST\Network_Jobs_Controller;
use WPM_User_Sync\REST\People_Controller;
use WPM_User_Sync\REST\Roles_Controller;
use WPM_User_Sync\REST\Settings_Controller;
use WPM_User_Sync\REST\Site_Jobs_Controller;
use WPM_User_Sync\REST\Sites_Controller;
use WPM_User_Sync\Sync\Removals;
use WPM_User_Sync\Sync\Site_Roles;
use WPM_User_Sync\Sync\Sites_Being_Created;
use WPM_User_Sync\Triggers\New_Site_Trigger;
use WPM_User_Sync\Triggers\New_User_Trigger;
use WPM_User_Sync\Triggers\Role_Change_Trigger;

defined( 'ABSPATH' ) || exit;

/**
 * Registers hooks and REST routes. Constructing it has no side effects.
 *
 * @since 2.0.0
 */
final class Plugin {

	/**
	 * Hooks the plugin into WordPress.
	 *
	 * @since 2.0.0
	 */
	public function register(): void {
		add_action( 'init', array( self::class, 'load_textdomain' ) );
		add_action( 'rest_api_init', array( $this, 'register_rest_routes' ) );
		( new Network_Menu() )->register();
		( new Site_Menu() )->register();
		( new Network_Users_Actions() )->register();
		( new Network_User_Search() )->register();
		( new Removals() )->register();
		Site_Roles::register();
		( new Network_Changes() )->register();
		( new Sites_Being_Created() )->register();
		( new New_User_Trigger() )->register();
		( new New_Site_Trigger() )->register();
		( new Role_Change_Trigger() )->register();
		add_action( 'init', array( Job_Store::class, 'install' ) );
		Job_Runner::register();
		Job_Watch::register();
		Activity_Log::register();
		Drift::register();
		Reconcile::register();
		Background_Work::register();
	}

	/**
	 * Points the plugin's text domain at its own `languages/` folder.
	 *
	 * A language pack in `wp-content/languages/plugins/`, when there is one, still wins:
	 * WordPress looks there first.
	 *
	 * @since 2.2.0
	 */
	public static function load_textdomain(): void {
		load_plugin_textdomain( 'wpm-user-sync', false, dirname( plugin_basename( WPMUS_FILE ) ) . '/languages' );
	}

	/**
	 * Registers the plugin's REST controllers.
	 *
	 * @since 2.0.0
	 */
	public function register_rest_routes(): void {
		( new Settings_Controller( new Settings() ) )->register_routes();
		( new Sites_Controller() )->register_routes();
		( new Roles_Controller() )->register_routes();
		( new Network_Jobs_Controller() )->register_routes();
		( new Site_Jobs_Controller() )->register_routes();
		( new People_Controller() )->register_routes();
		( new Activity_Controller( false ) )->register_routes();
		( new Activity_Controller( true ) )->register_routes();
		( new Health_Controller() )->register_routes();
	}
}
