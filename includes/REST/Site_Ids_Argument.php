<?php
/**
 * Validation of site IDs sent to the REST API.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\REST;

use WP_Error;
use WP_REST_Request;
use WPM_User_Sync\Settings;
use WPM_User_Sync\Sync\Population;

defined( 'ABSPATH' ) || exit;

/**
 * For controllers with an argument that lists sites: only sites of this network.
 *
 * @since 2.0.0
 */
trait Site_Ids_Argument {

	/**
	 * Accepts only sites of this network.
	 *
	 * @since 2.0.0
	 *
	 * @param mixed           $value   The submitted value.
	 * @param WP_REST_Request $request The request.
	 * @param string          $param   The parameter's name.
	 * @return true|WP_Error
	 */
	public function validate_site_ids( $value, $request, $param ) {
		$valid = rest_validate_request_arg( $value, $request, $param );
		if ( true !== $valid ) {
			return $valid;
		}
		$network_id = get_current_network_id();
		$unknown    = ( new Population( new Settings( $network_id ), $network_id ) )->foreign_sites( wp_parse_id_list( $value ) );
		if ( array() !== $unknown ) {
			return new WP_Error(
				'wpmus_unknown_sites',
				sprintf(
					/* translators: %s: Comma-separated site IDs. */
					__( 'These sites do not exist in this network: %s.', 'wpm-user-sync' ),
					implode( ', ', $unknown )
				),
				array( 'status' => 400 )
			);
		}
		return true;
	}
}
