<?php
/**
 * Plugin Name:       WPM User Sync
 * Plugin URI:        https://wordpress.org/plugins/wpm-user-sync/
 * Description:       Keeps the people of a multisite network in the right sites with the right roles: new users join every site, new sites receive every user, and role changes follow the user.
 * Version:           2.2.0-dev
 * Requires at least: 6.6
 * Requires PHP:      8.1
 * Network:           true
 * Author:            WPM User Sync contributors
 * License:           GPLv2 or later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       wpm-user-sync
 * Domain Path:       /languages
 *
 * @package WPM_User_Sync
 */

defined( 'ABSPATH' ) || exit;

define( 'WPMUS_VERSION', '2.2.0-dev' );
define( 'WPMUS_FILE', __FILE__ );
define( 'WPMUS_DIR', __DIR__ );
define( 'WPMUS_MIN_WP', '6.6' );

/*
 * Classes live in includes/, one per file, named after the class:
 * WPM_User_Sync\REST\Settings_Controller is includes/REST/Settings_Controller.php.
 */
spl_autoload_register(
	static function ( string $class_name ): void {
		$prefix = 'WPM_User_Sync\\';
		if ( ! str_starts_with( $class_name, $prefix ) ) {
			return;
		}
		$relative = str_replace( '\\', '/', substr( $class_name, strlen( $prefix ) ) );
		$file     = __DIR__ . '/includes/' . $relative . '.php';
		if ( is_readable( $file ) ) {
			require $file;
		}
	}
);

/**
 * Says why the plugin is not running, instead of failing where it cannot work.
 *
 * @since 2.0.0
 *
 * @return string Empty when the plugin can run here.
 */
function wpmus_unsupported_reason(): string {
	if ( version_compare( get_bloginfo( 'version' ), WPMUS_MIN_WP, '<' ) ) {
		return sprintf(
			/* translators: 1: Required WordPress version, 2: Installed WordPress version. */
			__( 'WPM User Sync needs WordPress %1$s or newer; this site runs %2$s. The plugin is inactive until WordPress is updated.', 'wpm-user-sync' ),
			WPMUS_MIN_WP,
			get_bloginfo( 'version' )
		);
	}
	if ( ! is_multisite() ) {
		return __( 'WPM User Sync synchronises users between the sites of a multisite network. This installation is a single site, so the plugin has nothing to do and stays inactive.', 'wpm-user-sync' );
	}
	return '';
}

add_action(
	'plugins_loaded',
	static function (): void {
		$reason = wpmus_unsupported_reason();
		if ( '' !== $reason ) {
			$notice = static function () use ( $reason ): void {
				if ( current_user_can( 'activate_plugins' ) ) {
					// Plain markup: wp_admin_notice() is missing from the old releases this notice is for.
					printf( '<div class="notice notice-warning"><p>%s</p></div>', esc_html( $reason ) );
				}
			};
			add_action( 'admin_notices', $notice );
			add_action( 'network_admin_notices', $notice );
			return;
		}
		require_once __DIR__ . '/includes/deprecated.php';
		( new WPM_User_Sync\Plugin() )->register();
		if ( defined( 'WP_CLI' ) && WP_CLI ) {
			WP_CLI::add_command( 'user-sync', WPM_User_Sync\CLI\Command::class );
		}
	}
);

// What the plugin keeps current only while active goes: the watch of running jobs (scheduled
// again by its next request) and the sites' role digests (made again as they are needed).
register_deactivation_hook(
	__FILE__,
	static function (): void {
		WPM_User_Sync\Jobs\Job_Watch::stop();
		WPM_User_Sync\Sync\Site_Roles::forget_all();
	}
);
