<?php
/**
 * The public functions of version 1.3, kept so themes and plugins that call them
 * keep working. Each does what it did in 1.3, through the new engine.
 *
 * @package WPM_User_Sync
 */

use WPM_User_Sync\Settings;
use WPM_User_Sync\Sync\Role_Replicator;
use WPM_User_Sync\Triggers\New_Site_Trigger;
use WPM_User_Sync\Triggers\New_User_Trigger;

defined( 'ABSPATH' ) || exit;

/**
 * Adds every user to a site, if the new site trigger is on.
 *
 * @since 1.0
 * @deprecated 2.0.0 The plugin hooks `wp_initialize_site` itself.
 *
 * @param int $blog_id Site ID.
 *
 * @return void
 */
function wpmus_sync_newsite( $blog_id ) {
	_deprecated_function( __FUNCTION__, '2.0.0' );
	$site = get_site( (int) $blog_id );
	if ( $site ) {
		( new New_Site_Trigger() )->sync( $site );
	}
}

/**
 * Adds a user to every site, if the new user trigger is on.
 *
 * @since 1.0
 * @deprecated 2.0.0 The plugin hooks user creation itself.
 *
 * @param int $user_id User ID.
 *
 * @return void
 */
function wpmus_sync_newuser( $user_id ) {
	_deprecated_function( __FUNCTION__, '2.0.0' );
	( new New_User_Trigger() )->sync( (int) $user_id );
}

/**
 * Adds a user, found by login, to every site, if the new user trigger is on.
 *
 * @since 1.0
 * @deprecated 2.0.0 The plugin hooks user creation itself.
 *
 * @param string $user_login Login name.
 *
 * @return void
 */
function wpmus_maybesync_newuser( $user_login ) {
	_deprecated_function( __FUNCTION__, '2.0.0' );
	$user = get_user_by( 'login', (string) $user_login );
	if ( $user ) {
		( new New_User_Trigger() )->sync( $user->ID );
	}
}

/**
 * Copies a role from the current site to the user's other sites, if the role trigger is on.
 *
 * @since 1.0
 * @deprecated 2.0.0 The plugin hooks role changes itself.
 *
 * @param int    $user_id User ID.
 * @param string $role    Role.
 *
 * @return void
 */
function wpmus_sync_newrole( $user_id, $role ) {
	_deprecated_function( __FUNCTION__, '2.0.0' );
	$network_id = get_current_network_id();
	if ( ( new Settings( $network_id ) )->is_on( 'roleSync' ) ) {
		Role_Replicator::for_network( $network_id )->replicate( (int) $user_id, (string) $role, get_current_blog_id(), get_current_user_id() );
	}
}
