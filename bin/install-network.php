<?php
/**
 * Installs WordPress in a local instance and turns it into a subdirectory
 * multisite network. Runs with WPMUS_INSTALLING=1, so wp-config.php does not yet
 * declare the network.
 *
 * Usage: php bin/install-network.php <wordpress-dir>
 *
 * @package WPM_User_Sync
 */

require __DIR__ . '/cli-guard.php';

define( 'WP_INSTALLING', true );

require $argv[1] . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/network.php';

$wpmus_domain = $_SERVER['HTTP_HOST'];
$wpmus_email  = 'admin@example.com';
$wpmus_title  = 'WPM User Sync Demo';

$wpmus_result = wp_install( $wpmus_title, 'admin', $wpmus_email, true, '', 'password' );
update_option( 'siteurl', 'http://' . $wpmus_domain );
update_option( 'home', 'http://' . $wpmus_domain );

// As wp-admin/network.php does: single-site $wpdb does not know the network tables yet.
foreach ( $wpdb->tables( 'ms_global' ) as $wpmus_table => $wpmus_prefixed_table ) {
	$wpdb->$wpmus_table = $wpmus_prefixed_table;
}
install_network();
// As wp-admin/network.php does: single-site $wpdb does not know the network tables yet.
foreach ( $wpdb->tables( 'ms_global' ) as $wpmus_table => $wpmus_prefixed_table ) {
	$wpdb->$wpmus_table = $wpmus_prefixed_table;
}
$wpmus_error = populate_network( 1, $wpmus_domain, $wpmus_email, $wpmus_title, '/', false );
if ( is_wp_error( $wpmus_error ) ) {
	fwrite( STDERR, $wpmus_error->get_error_message() . "\n" );
	exit( 1 );
}
if ( ! $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->blogs}" ) ) {
	fwrite( STDERR, "The network tables were not created: {$wpdb->last_error}\n" );
	exit( 1 );
}

wpmus_cli_done();
