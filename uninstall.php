<?php
/**
 * Removes the plugin's own data, and nothing else, when it is deleted.
 *
 * Memberships the plugin created are ordinary WordPress memberships: they stay.
 *
 * @package WPM_User_Sync
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

if ( is_multisite() ) {
	require_once __DIR__ . '/includes/Settings.php';
	$wpmus_settings = new WPM_User_Sync\Settings();
	foreach ( get_networks( array( 'fields' => 'ids', 'number' => 0 ) ) as $wpmus_network_id ) {
		$wpmus_settings->delete_all( (int) $wpmus_network_id );
	}
	// The markers of removals made by people (see includes/Sync/Removals.php).
	delete_metadata( 'user', 0, 'wpmus_removed', '', true );
}
