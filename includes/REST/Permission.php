<?php
/**
 * The one shape of a refusal in this plugin's REST API.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\REST;

use WP_Error;
use WPM_User_Sync\Sync\Policy;

defined( 'ABSPATH' ) || exit;

/**
 * Turns the network's Policy, for the current user, into permission callback results.
 *
 * REST requests never run in network-admin context: the network is the current
 * one, and a site route's site is the site of the URL (the current blog).
 *
 * @since 2.0.0
 * @since 2.0.1 Asks the Policy.
 */
final class Permission {

	/**
	 * True when allowed; otherwise `wpmus_forbidden` with 401 for visitors and 403 for the logged in.
	 *
	 * @since 2.0.0
	 *
	 * @param bool   $allowed Whether the current user may go on.
	 * @param string $message What they may not do, in words.
	 * @return true|WP_Error
	 */
	public static function check( bool $allowed, string $message ) {
		if ( $allowed ) {
			return true;
		}
		return new WP_Error( 'wpmus_forbidden', $message, array( 'status' => rest_authorization_required_code() ) );
	}

	/**
	 * Whether the current user looks after the network: manages its options, or its
	 * users (and so runs syncs). Both read the settings and the list of sites.
	 *
	 * @since 2.0.0
	 */
	public static function is_network_administrator(): bool {
		return self::policy()->may_read_settings( get_current_user_id() );
	}

	/**
	 * Whether the current user may change the network's settings.
	 *
	 * @since 2.0.1
	 */
	public static function may_change_settings(): bool {
		return self::policy()->may_change_settings( get_current_user_id() );
	}

	/**
	 * Whether the current user may run syncs of the network, or of sites they choose.
	 *
	 * @since 2.0.1
	 *
	 * @return true|WP_Error
	 */
	public static function network_sync() {
		return self::check(
			self::policy()->may_run_network_sync( get_current_user_id() ),
			__( 'Sorry, only network administrators may run network-wide syncs.', 'wpm-user-sync' )
		);
	}

	/**
	 * Whether the current user may run the sync of the site of the URL: its
	 * administrators while the network lets them (`wpmus_site_sync_disabled` otherwise),
	 * and super admins.
	 *
	 * @since 2.0.1
	 *
	 * @return true|WP_Error
	 */
	public static function site_sync() {
		$refusal = self::policy()->site_sync_refusal( get_current_user_id(), get_current_blog_id() );
		if ( Policy::SITE_SYNC_OFF === $refusal ) {
			return new WP_Error(
				'wpmus_site_sync_disabled',
				__( 'The network administrator has switched off syncing by site administrators.', 'wpm-user-sync' ),
				array( 'status' => 403 )
			);
		}
		return self::check( null === $refusal, __( 'Sorry, only administrators of this site may sync it.', 'wpm-user-sync' ) );
	}

	/**
	 * Adding named people to sites and removing them (the jobs about people, and any action
	 * on one): super admins only — WP-CLI has its own commands. A user granted
	 * `manage_network_users` alone may remove nobody from a site in core, nor confirm what a
	 * super admin previewed with a super admin's trust.
	 *
	 * @since 2.1.0
	 *
	 * @return true|WP_Error
	 */
	public static function people_across_sites() {
		return self::check( self::policy()->is_trusted( get_current_user_id() ), __( 'Sorry, only super admins may add people to sites or remove them.', 'wpm-user-sync' ) );
	}

	/**
	 * The current network's rules.
	 */
	private static function policy(): Policy {
		return Policy::for_network( get_current_network_id() );
	}
}
