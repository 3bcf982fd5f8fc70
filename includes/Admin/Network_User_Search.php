<?php
/**
 * A search of the whole network's people through core's users route, for the pickers of the screens.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Admin;

use WP_REST_Request;
use WPM_User_Sync\Sync\Policy;

defined( 'ABSPATH' ) || exit;

/**
 * Core's `GET /wp/v2/users` lists the members of the site it is asked on. The
 * People and Activity screens must find anyone of the network — someone on no
 * site at all, once offboarded — so the route takes `wpmus_scope=network`, which
 * widens the query to every account, for network admins only
 * (`manage_network_users` on the main site, who see them all in Network Admin → Users anyway).
 * For anyone else the parameter changes nothing.
 *
 * @since 2.1.0
 */
final class Network_User_Search {

	/**
	 * The query parameter, and its one value.
	 */
	public const PARAM = 'wpmus_scope';
	public const VALUE = 'network';

	/**
	 * Hooks into core's users route.
	 *
	 * @since 2.1.0
	 */
	public function register(): void {
		add_filter( 'rest_user_collection_params', array( $this, 'add_param' ) );
		add_filter( 'rest_user_query', array( $this, 'widen' ), 10, 2 );
	}

	/**
	 * Declares the parameter, so that the route checks its value.
	 *
	 * @since 2.1.0
	 *
	 * @param array<string, mixed> $params The route's collection parameters.
	 * @return array<string, mixed>
	 */
	public function add_param( $params ): array {
		$params                = is_array( $params ) ? $params : array();
		$params[ self::PARAM ] = array(
			'description' => __( 'With "network", a network administrator finds every account of the network, not only the members of this site.', 'wpm-user-sync' ),
			'type'        => 'string',
			'enum'        => array( self::VALUE ),
		);
		return $params;
	}

	/**
	 * Lists every account of the network when a network admin asks for it.
	 *
	 * @since 2.1.0
	 *
	 * @param array<string, mixed> $args    Arguments of WP_User_Query.
	 * @param WP_REST_Request|null $request The request.
	 * @return array<string, mixed>
	 */
	public function widen( $args, $request = null ): array {
		$args = is_array( $args ) ? $args : array();
		if (
			$request instanceof WP_REST_Request
			&& self::VALUE === $request->get_param( self::PARAM )
			&& Policy::for_network( get_current_network_id() )->may_run_network_sync( get_current_user_id() )
		) {
			// A blog ID of 0 lifts WP_User_Query's default "members of the current site".
			$args['blog_id'] = 0;
		}
		return $args;
	}
}
