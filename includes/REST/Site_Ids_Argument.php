<?php
/**
 * Validation of site IDs and other lists sent to the REST API.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\REST;

use WP_Error;
use WP_REST_Request;
use WPM_User_Sync\Short_List;
use WPM_User_Sync\Sync\Site_Ids;

defined( 'ABSPATH' ) || exit;

/**
 * For controllers with arguments that list sites, or other things.
 *
 * WordPress validates arguments before it asks the permission callback, so the
 * validators here look at the shape of the input only (type, size, range): what
 * they answer depends on the public schema, never on the network. Whether the
 * sites exist is checked by the route's callback, once the caller is known to be
 * allowed (unknown_sites_error()).
 *
 * @since 2.0.0
 */
trait Site_Ids_Argument {

	/**
	 * Most site IDs one list may hold: a network's excluded sites, a job's sites.
	 *
	 * @since 2.0.1
	 */
	protected static function max_site_ids(): int {
		return Site_Ids::MAX;
	}

	/**
	 * A list of site IDs sent to a route, in the one normal form (Site_Ids::normalise()).
	 *
	 * @since 2.0.1
	 *
	 * @param mixed $value The value, validated by validate_site_ids(); null for none.
	 * @return int[]
	 */
	protected static function requested_site_ids( $value ): array {
		// Validated as positive integers that fit in PHP: intval, unlike absint, changes none.
		return Site_Ids::normalise( (array) $value );
	}

	/**
	 * Accepts a list of site IDs by its shape: at most `maxItems` of them (checked
	 * before anything else, so an oversized list costs nothing), each an integer
	 * of at least 1 that fits in 64 bits.
	 *
	 * @since 2.0.0
	 * @since 2.0.1 Checks the shape only; it runs before the permission check.
	 *
	 * @param mixed           $value   The submitted value.
	 * @param WP_REST_Request $request The request.
	 * @param string          $param   The parameter's name.
	 * @return true|WP_Error
	 */
	public function validate_site_ids( $value, $request, $param ) {
		$too_many = $this->too_many_items( $value, $request, $param );
		if ( null !== $too_many ) {
			return $too_many;
		}
		$too_large = $this->too_large_ids( $value, $request, $param );
		if ( array() !== $too_large ) {
			return new WP_Error(
				'wpmus_site_id_too_large',
				sprintf(
					/* translators: %s: Numbers that were sent as site IDs. */
					__( 'These numbers are too large to be site IDs: %s.', 'wpm-user-sync' ),
					self::some_items( $too_large )
				),
				array( 'status' => 400 )
			);
		}
		return rest_validate_request_arg( $value, $request, $param );
	}

	/**
	 * Accepts a list by its shape, counting its items before validating any.
	 *
	 * Core checks `maxItems` only after validating every item; this refuses a list
	 * of a million items at once.
	 *
	 * @since 2.0.1
	 *
	 * @param mixed           $value   The submitted value.
	 * @param WP_REST_Request $request The request.
	 * @param string          $param   The parameter's name.
	 * @return true|WP_Error
	 */
	public function validate_list( $value, $request, $param ) {
		return $this->too_many_items( $value, $request, $param ) ?? rest_validate_request_arg( $value, $request, $param );
	}

	/**
	 * A 400 naming the sites that are not sites of the current network, or null when all are.
	 *
	 * Call it only once the caller is allowed: it tells which sites exist.
	 *
	 * @since 2.0.1
	 *
	 * @param int[]  $site_ids Site IDs, already validated by validate_site_ids().
	 * @param string $param    The parameter's name.
	 */
	protected function unknown_sites_error( array $site_ids, string $param ): ?WP_Error {
		$problem = Site_Ids::foreign_problem( get_current_network_id(), $site_ids );
		return null === $problem ? null : self::invalid_param( $param, $problem );
	}

	/**
	 * A 400 in the shape core gives to an invalid argument, which the screens put in words.
	 *
	 * @since 2.0.1
	 *
	 * @param string $param   The parameter's name.
	 * @param string $message What is wrong with it.
	 */
	protected static function invalid_param( string $param, string $message ): WP_Error {
		return self::invalid_params( array( $param => $message ) );
	}

	/**
	 * A 400 naming several invalid parameters, each with what is wrong with it, as core gives it.
	 *
	 * @since 2.0.1
	 *
	 * @param array<string, string> $problems Parameter name => what is wrong with it.
	 */
	protected static function invalid_params( array $problems ): WP_Error {
		return new WP_Error(
			'rest_invalid_param',
			/* translators: %s: Comma-separated parameter names. */
			sprintf( __( 'Invalid parameter(s): %s', 'wpm-user-sync' ), implode( ', ', array_keys( $problems ) ) ),
			array(
				'status' => 400,
				'params' => $problems,
			)
		);
	}

	/**
	 * The first few items of a list and how many more there are: "99, 100, 101 and 2,997 more".
	 *
	 * An error message must stay short whatever was sent.
	 *
	 * @since 2.0.1
	 *
	 * @param array<int|string> $items Items, in the order to show them.
	 */
	protected static function some_items( array $items ): string {
		return Short_List::of( $items );
	}

	/**
	 * A 400 when a list has more items than its `maxItems`, or null.
	 *
	 * @param mixed           $value   The submitted value.
	 * @param WP_REST_Request $request The request.
	 * @param string          $param   The parameter's name.
	 */
	private function too_many_items( $value, $request, string $param ): ?WP_Error {
		$attributes = $request->get_attributes();
		$max        = $attributes['args'][ $param ]['maxItems'] ?? null;
		if ( null === $max ) {
			return null;
		}
		// A string is a comma-separated list to core (rest_is_array()).
		$count = is_array( $value ) ? count( $value ) : ( is_string( $value ) ? count( wp_parse_list( $value ) ) : 0 );
		if ( $count <= $max ) {
			return null;
		}
		return new WP_Error(
			'rest_too_many_items',
			sprintf(
				/* translators: 1: Parameter name, 2: Largest number of items, 3: Number of items sent. */
				__( '%1$s takes at most %2$s items; this request has %3$s.', 'wpm-user-sync' ),
				$param,
				number_format_i18n( (int) $max ),
				number_format_i18n( $count )
			),
			array( 'status' => 400 )
		);
	}

	/**
	 * The items of a list that are whole numbers too large for a site ID, as they were sent.
	 *
	 * PHP reads such a number as a float, which core takes for an integer and casts
	 * into another, wrapped ID; a string of digits it caps at PHP_INT_MAX.
	 *
	 * @param mixed           $value   The submitted value.
	 * @param WP_REST_Request $request The request.
	 * @param string          $param   The parameter's name.
	 * @return string[]
	 */
	private function too_large_ids( $value, $request, string $param ): array {
		if ( ! is_array( $value ) && ! is_string( $value ) ) {
			return array();
		}
		// 2^63: no integer PHP can hold is this large.
		$limit     = (float) PHP_INT_MAX;
		$items     = is_array( $value ) ? array_values( $value ) : wp_parse_list( $value );
		$too_large = array();
		foreach ( $items as $index => $item ) {
			if ( is_float( $item ) ) {
				$huge = ! is_finite( $item ) || abs( $item ) >= $limit;
			} else {
				$huge = is_string( $item ) && is_numeric( $item ) && false === filter_var( $item, FILTER_VALIDATE_INT ) && abs( (float) $item ) >= $limit;
			}
			if ( $huge ) {
				$too_large[ $index ] = $item;
			}
		}
		if ( array() === $too_large ) {
			return array();
		}

		// json_decode() kept only the first 17 digits; read the body again for the number as it was typed.
		$exact = null;
		if ( is_array( $request->get_json_params() ) && is_array( $value ) ) {
			$body  = json_decode( $request->get_body(), true, 512, JSON_BIGINT_AS_STRING );
			$exact = is_array( $body ) && isset( $body[ $param ] ) && is_array( $body[ $param ] ) && count( $body[ $param ] ) === count( $items ) ? array_values( $body[ $param ] ) : null;
		}
		$names = array();
		foreach ( $too_large as $index => $item ) {
			$typed   = $exact[ $index ] ?? $item;
			$names[] = is_string( $typed ) ? trim( $typed ) : (string) wp_json_encode( $typed );
		}
		return $names;
	}
}
