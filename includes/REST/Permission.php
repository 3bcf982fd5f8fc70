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
}
