<?php
/**
 * Local environment only (copied in by bin/lib.sh, never shipped): the machines
 * this project runs on may have no internet, so WordPress must not try to reach
 * wordpress.org for updates and log a warning each time it fails.
 *
 * @package WPM_User_Sync
 */

remove_action( 'admin_init', '_maybe_update_core' );
remove_action( 'admin_init', '_maybe_update_plugins' );
remove_action( 'admin_init', '_maybe_update_themes' );
remove_action( 'init', 'wp_schedule_update_checks' );
remove_action( 'wp_version_check', 'wp_version_check' );
remove_action( 'wp_update_plugins', 'wp_update_plugins' );
remove_action( 'wp_update_themes', 'wp_update_themes' );
remove_action( 'wp_maybe_auto_update', 'wp_maybe_auto_update' );
add_filter( 'wp_dashboard_widgets', static fn( $widgets ) => array_diff( (array) $widgets, array( 'dashboard_primary' ) ) );
