<?php
/**
 * The one shape of a refusal in this plugin's REST API.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\REST;

use WP_Error;

defined( 'ABSPATH' ) || exit;

/**
 * Turns a capability check into a permission callback result.
 *
 * @since 2.0.0
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
		return current_user_can( 'manage_network_options' ) || current_user_can( 'manage_network_users' );
	}
}
