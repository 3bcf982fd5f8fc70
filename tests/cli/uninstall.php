<?php
/**
 * Does what Network Admin → Plugins → Delete does, files apart: deactivates the plugin
 * network-wide and runs its uninstall.php. Leaves something of every kind behind first
 * when asked to ("seed").
 *
 * Usage: php tests/cli/uninstall.php <wordpress-dir> seed|uninstall
 *
 * @package WPM_User_Sync
 */

require dirname( __DIR__, 2 ) . '/bin/cli-guard.php';

require $argv[1] . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

if ( 'seed' === ( $argv[2] ?? '' ) ) {
	$wpmus_user = get_user_by( 'login', 'emma.jones' );
	add_user_meta( $wpmus_user->ID, 'wpmus_removed', '2' );
	add_user_meta( $wpmus_user->ID, 'wpmus_removed_network', '4' );
	set_site_transient( 'wpmus_role_notice_' . $wpmus_user->ID, array( 'role' => 'editor' ), 300 );
	wp_schedule_single_event( time() + 600, 'wpmus_run_job', array( 1, 1 ) );
	switch_to_blog( 3 );
	wp_schedule_single_event( time() + 600, 'wpmus_continue_new_site_sync', array( 3, array() ) );
	restore_current_blog();
} else {
	deactivate_plugins( 'wpm-user-sync/wpm-user-sync.php', true, true );
	uninstall_plugin( 'wpm-user-sync/wpm-user-sync.php' );
}
wpmus_cli_done();
