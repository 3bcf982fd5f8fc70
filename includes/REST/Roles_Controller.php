<?php
/**
 * REST resource listing the roles of the main site.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\REST;

use WP_Error;
use WP_REST_Controller;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;
use WPM_User_Sync\Sync\Site_Roles;

defined( 'ABSPATH' ) || exit;

/**
 * `GET /wpm-user-sync/v1/roles`: the roles the main site defines, which are the
 * roles the settings may name.
 *
 * @since 2.0.0
 */
final class Roles_Controller extends WP_REST_Controller {

	/**
	 * Sets up the controller.
	 *
	 * @since 2.0.0
	 */
	public function __construct() {
		$this->namespace = 'wpm-user-sync/v1';
		$this->rest_base = 'roles';
	}

	/**
	 * Registers the route.
	 *
	 * @since 2.0.0
	 */
	public function register_routes(): void {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_items' ),
					'permission_callback' => array( $this, 'get_items_permissions_check' ),
					'args'                => $this->get_collection_params(),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * Only people who manage the network's options may list the roles here.
	 *
	 * @since 2.0.0
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function get_items_permissions_check( $request ) {
		return Permission::check(
			Permission::may_change_settings(),
			__( 'Sorry, only network administrators may list the roles for the WPM User Sync settings.', 'wpm-user-sync' )
		);
	}

	/**
	 * Returns the main site's roles, in the order the site defines them, all on one
	 * page: the totals are in the headers, as for every collection.
	 *
	 * @since 2.0.0
	 * @since 2.0.1 Sends X-WP-Total and X-WP-TotalPages.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response
	 */
	public function get_items( $request ) {
		$data = array();
		foreach ( ( new Site_Roles() )->roles( get_main_site_id() ) as $slug => $role ) {
			$item   = $this->prepare_item_for_response(
				array(
					'slug' => (string) $slug,
					'name' => (string) $role['name'],
				),
				$request
			);
			$data[] = $this->prepare_response_for_collection( $item );
		}
		$response = rest_ensure_response( $data );
		$response->header( 'X-WP-Total', (string) count( $data ) );
		$response->header( 'X-WP-TotalPages', array() === $data ? '0' : '1' );
		return $response;
	}

	/**
	 * Shapes a role for the response, its name translated: the fields asked for
	 * (`_fields`) in the context asked for.
	 *
	 * A role has no address of its own in this API, so it carries no links.
	 *
	 * @since 2.0.0
	 * @since 2.0.1 Honours `_fields`.
	 *
	 * @param array{slug: string, name: string} $item    The role.
	 * @param WP_REST_Request                   $request The request.
	 * @return WP_REST_Response
	 */
	public function prepare_item_for_response( $item, $request ) {
		$fields = $this->get_fields_for_response( $request );
		$data   = array();
		if ( rest_is_field_included( 'slug', $fields ) ) {
			$data['slug'] = $item['slug'];
		}
		if ( rest_is_field_included( 'name', $fields ) ) {
			$data['name'] = translate_user_role( $item['name'] );
		}
		$data = $this->add_additional_fields_to_object( $data, $request );
		$data = $this->filter_response_by_context( $data, $request['context'] ?? 'view' );
		return rest_ensure_response( $data );
	}

	/**
	 * The query parameters: only the context; the list is short and never paged.
	 *
	 * @since 2.0.0
	 *
	 * @return array<string, mixed>
	 */
	public function get_collection_params() {
		return array(
			'context' => $this->get_context_param( array( 'default' => 'view' ) ),
		);
	}

	/**
	 * A role's schema.
	 *
	 * @since 2.0.0
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}

		$this->schema = array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'wpmus-role',
			'type'       => 'object',
			'properties' => array(
				'slug' => array(
					'description' => __( 'The role\'s identifier, as the settings store it.', 'wpm-user-sync' ),
					'type'        => 'string',
					'context'     => array( 'view', 'edit', 'embed' ),
					'readonly'    => true,
				),
				'name' => array(
					'description' => __( 'The role\'s name, translated.', 'wpm-user-sync' ),
					'type'        => 'string',
					'context'     => array( 'view', 'edit', 'embed' ),
					'readonly'    => true,
				),
			),
		);

		return $this->add_additional_fields_schema( $this->schema );
	}
}
