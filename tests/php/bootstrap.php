<?php
/**
 * Loads a real WordPress multisite for the integration tests.
 *
 * bin/test.sh installs the network (plugin network-activated, demo data seeded)
 * and points WPMUS_WP_DIR at it. WordPress's own test framework (wp-phpunit) is
 * not available from the package registry here, so tests/php/Support holds a
 * small harness with the same discipline: every test runs in a transaction that
 * is rolled back, and tables that sites create are temporary.
 *
 * @package WPM_User_Sync
 */

$wpmus_wp_dir = getenv( 'WPMUS_WP_DIR' );
if ( ! $wpmus_wp_dir || ! is_file( $wpmus_wp_dir . '/wp-load.php' ) ) {
	fwrite( STDERR, "WPMUS_WP_DIR must name an installed WordPress multisite. Run the tests with: npm run test:php\n" );
	exit( 1 );
}

require dirname( __DIR__, 2 ) . '/vendor/autoload.php';

// PHPUnit includes this file from a function: make WordPress's globals global.
global $wpdb, $current_site, $current_blog, $wp_rewrite, $shortcode_tags, $wp, $wp_roles, $table_prefix, $wp_version;

define( 'WP_ADMIN', false );
$_SERVER['REMOTE_ADDR'] = '127.0.0.1';
require $wpmus_wp_dir . '/wp-load.php';

if ( ! function_exists( 'is_plugin_active_for_network' ) ) {
	require_once ABSPATH . 'wp-admin/includes/plugin.php';
}
if ( ! is_plugin_active_for_network( 'wpm-user-sync/wpm-user-sync.php' ) ) {
	fwrite( STDERR, "WPM User Sync is not network-activated in $wpmus_wp_dir.\n" );
	exit( 1 );
}

// The php-redis stage (bin/test.sh) runs the object-cache tests with a Redis drop-in: without it they would prove nothing.
if ( getenv( 'WPMUS_TEST_OBJECT_CACHE' ) && ! wp_using_ext_object_cache() ) {
	fwrite( STDERR, "WPMUS_TEST_OBJECT_CACHE is set, but no persistent object cache is active: copy tests/php/object-cache/object-cache.php to $wpmus_wp_dir/wp-content/object-cache.php.\n" );
	exit( 1 );
}
