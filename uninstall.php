<?php
/**
 * Removes the plugin's own data, and nothing else, when it is deleted.
 *
 * Memberships the plugin created are ordinary WordPress memberships: they stay.
 * Everything else it made goes: its settings and bookkeeping options on every
 * network, the jobs table, the removal markers, the role-change notices waiting
 * to be shown, and its WP-Cron events on every site.
 *
 * @package WPM_User_Sync
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

if ( is_multisite() ) {
	global $wpdb;

	require_once __DIR__ . '/includes/Settings.php';
	// For the names of the WP-Cron hooks, so this list stays the plugin's own.
	require_once __DIR__ . '/includes/Jobs/Job_Runner.php';
	require_once __DIR__ . '/includes/Jobs/Job_Watch.php';
	require_once __DIR__ . '/includes/Triggers/New_Site_Trigger.php';
	require_once __DIR__ . '/includes/Sync/Site_Roles.php';
	require_once __DIR__ . '/includes/Activity/Retention.php';
	require_once __DIR__ . '/includes/Health/Drift.php';
	require_once __DIR__ . '/includes/Health/Reconcile.php';
	require_once __DIR__ . '/includes/Health/Runner_Health.php';
	$wpmus_settings = new WPM_User_Sync\Settings();
	foreach ( (array) get_networks(
		array(
			'fields' => 'ids',
			'number' => 0,
		)
	) as $wpmus_network_id ) {
		$wpmus_settings->delete_all( (int) $wpmus_network_id );
		delete_network_option( (int) $wpmus_network_id, 'wpmus_jobs_schema' );
		delete_network_option( (int) $wpmus_network_id, 'wpmus_activity_schema' );
		delete_network_option( (int) $wpmus_network_id, 'wpmus_network_changed_at' );
		// The drift's last result, the reconcile's state, when the runner last ran (includes/Health/).
		delete_network_option( (int) $wpmus_network_id, WPM_User_Sync\Health\Drift::OPTION );
		delete_network_option( (int) $wpmus_network_id, WPM_User_Sync\Health\Reconcile::STATE_OPTION );
		delete_network_option( (int) $wpmus_network_id, WPM_User_Sync\Health\Runner_Health::LAST_RUN_OPTION );
	}

	// Markers of sites being created (see includes/Sync/Sites_Being_Created.php).
	$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->sitemeta} WHERE meta_key LIKE %s", $wpdb->esc_like( 'wpmus_creating_site_' ) . '%' ) );

	// Each site's digest of its roles (see includes/Sync/Site_Roles.php).
	delete_metadata( 'blog', 0, WPM_User_Sync\Sync\Site_Roles::INDEX_KEY, '', true );

	// The markers of removals made by people (see includes/Sync/Removals.php).
	delete_metadata( 'user', 0, 'wpmus_removed', '', true );
	delete_metadata( 'user', 0, 'wpmus_removed_network', '', true );
	// Which change of each person's role is the newest (see includes/Sync/Role_Change.php).
	delete_metadata( 'user', 0, 'wpmus_role_change', '', true );

	// Role-change notices not shown yet (site transients, one per person).
	$wpmus_transients = $wpdb->get_col(
		$wpdb->prepare( "SELECT meta_key FROM {$wpdb->sitemeta} WHERE meta_key LIKE %s", $wpdb->esc_like( '_site_transient_wpmus_' ) . '%' )
	);
	foreach ( $wpmus_transients as $wpmus_transient ) {
		delete_site_transient( substr( $wpmus_transient, strlen( '_site_transient_' ) ) );
	}

	// WP-Cron events: the jobs' one hook, and the one that version 2.0.0 used for new sites and
	// scheduled on whichever site a request came through.
	$wpmus_offset = 0;
	do {
		$wpmus_sites = get_sites(
			array(
				'fields' => 'ids',
				'number' => 500,
				'offset' => $wpmus_offset,
				'order'  => 'ASC',
			)
		);
		foreach ( $wpmus_sites as $wpmus_site_id ) {
			switch_to_blog( (int) $wpmus_site_id );
			wp_unschedule_hook( WPM_User_Sync\Jobs\Job_Runner::CRON_HOOK );
			wp_unschedule_hook( WPM_User_Sync\Jobs\Job_Watch::HOOK );
			wp_unschedule_hook( WPM_User_Sync\Triggers\New_Site_Trigger::CONTINUE_HOOK );
			wp_unschedule_hook( WPM_User_Sync\Activity\Retention::HOOK );
			wp_unschedule_hook( WPM_User_Sync\Activity\Retention::BATCH_HOOK );
			wp_unschedule_hook( WPM_User_Sync\Health\Drift::STEP_HOOK );
			wp_unschedule_hook( WPM_User_Sync\Health\Drift::DUE_HOOK );
			restore_current_blog();
		}
		$wpmus_offset   += 500;
		$wpmus_full_page = count( $wpmus_sites ) === 500;
	} while ( $wpmus_full_page );

	$wpdb->query( "DROP TABLE IF EXISTS {$wpdb->base_prefix}wpmus_jobs" ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery.SchemaChange -- The plugin's own table.
	// The activity log (see includes/Activity/Activity_Store.php): its events, their sites and users.
	$wpdb->query( "DROP TABLE IF EXISTS {$wpdb->base_prefix}wpmus_activity_events, {$wpdb->base_prefix}wpmus_activity_sites, {$wpdb->base_prefix}wpmus_activity_users" ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery.SchemaChange -- The plugin's own tables.
}
