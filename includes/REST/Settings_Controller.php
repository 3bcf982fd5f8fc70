<?php
/**
 * REST resource for the network settings.
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
use WPM_User_Sync\Settings;
use WPM_User_Sync\Sync\Site_Roles;

defined( 'ABSPATH' ) || exit;

/**
 * `GET` and `PUT /wpm-user-sync/v1/settings`.
 *
 * @since 2.0.0
 */
final class Settings_Controller extends WP_REST_Controller {

	use Site_Ids_Argument;

	/**
	 * Most roles the list of roles never copied may hold; far more than a site defines.
	 */
	private const MAX_ROLES = 200;

	/**
	 * Longest role identifier accepted.
	 */
	private const MAX_ROLE_LENGTH = 200;

	/**
	 * The network settings.
	 *
	 * @var Settings
	 */
	private Settings $settings;

	/**
	 * Sets up the controller.
	 *
	 * @since 2.0.0
	 *
	 * @param Settings $settings The network settings.
	 */
	public function __construct( Settings $settings ) {
		$this->namespace = 'wpm-user-sync/v1';
		$this->rest_base = 'settings';
		$this->settings  = $settings;
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
					'callback'            => array( $this, 'get_item' ),
					'permission_callback' => array( $this, 'get_item_permissions_check' ),
					'args'                => array( 'context' => $this->get_context_param( array( 'default' => 'view' ) ) ),
				),
				array(
					'methods'             => WP_REST_Server::EDITABLE,
					'callback'            => array( $this, 'update_item' ),
					'permission_callback' => array( $this, 'update_item_permissions_check' ),
					'validate_callback'   => array( $this, 'validate_known_fields' ),
					'args'                => $this->get_endpoint_args_for_item_schema( WP_REST_Server::EDITABLE ),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * Network administrators who manage the options, or run syncs, may read them.
	 *
	 * @since 2.0.0
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function get_item_permissions_check( $request ) {
		// Reading is also for those who run syncs: the Home and Actions screens show the settings.
		return Permission::check(
			Permission::is_network_administrator(),
			__( 'Sorry, only network administrators may view the WPM User Sync settings.', 'wpm-user-sync' )
		);
	}

	/**
	 * Only people who manage the network's options may change them.
	 *
	 * @since 2.0.0
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function update_item_permissions_check( $request ) {
		return Permission::check(
			current_user_can( 'manage_network_options' ),
			__( 'Sorry, only network administrators may change the WPM User Sync settings.', 'wpm-user-sync' )
		);
	}

	/**
	 * Returns the settings.
	 *
	 * @since 2.0.0
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response
	 */
	public function get_item( $request ) {
		return $this->prepare_item_for_response( $this->settings->all(), $request );
	}

	/**
	 * Stores the settings present in the body and returns them all.
	 *
	 * @since 2.0.0
	 * @since 2.0.1 Checks here, after the permission check, that the sites and roles exist.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function update_item( $request ) {
		$changes = array();
		foreach ( $this->settings->names() as $name ) {
			if ( $request->has_param( $name ) ) {
				$changes[ $name ] = $request->get_param( $name );
			}
		}

		if ( isset( $changes['excludedSites'] ) ) {
			$unknown = $this->unknown_sites_error( array_map( 'intval', $changes['excludedSites'] ), 'excludedSites' );
			if ( null !== $unknown ) {
				return $unknown;
			}
		}
		if ( isset( $changes['neverReplicatedRoles'] ) ) {
			// Whole names: "editor author" is not two roles.
			$unknown = array_diff( array_map( 'strval', $changes['neverReplicatedRoles'] ), array_map( 'strval', array_keys( ( new Site_Roles() )->roles( get_main_site_id() ) ) ) );
			if ( array() !== $unknown ) {
				return self::invalid_param(
					'neverReplicatedRoles',
					sprintf(
						/* translators: %s: Comma-separated role names. */
						__( 'These roles do not exist on the main site: %s.', 'wpm-user-sync' ),
						self::some_items( $unknown )
					)
				);
			}
		}

		$this->settings->update( $changes );

		return $this->prepare_item_for_response( $this->settings->all(), $request );
	}

	/**
	 * Refuses a body that is not a JSON object of known settings, so a typo
	 * never looks like a successful save.
	 *
	 * Runs before the permission check, so it must not reveal anything but the
	 * schema, which is public.
	 *
	 * @since 2.0.0
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function validate_known_fields( WP_REST_Request $request ) {
		$body = $request->get_json_params();
		if ( ! is_array( $body ) || array() === $body || array_is_list( $body ) ) {
			return new WP_Error(
				'wpmus_invalid_body',
				sprintf(
					/* translators: %s: Comma-separated list of setting names. */
					__( 'Send the settings to change as a JSON object with one or more of: %s.', 'wpm-user-sync' ),
					implode( ', ', $this->settings->names() )
				),
				array( 'status' => 400 )
			);
		}

		$unknown = array_diff( array_keys( $body ), $this->settings->names() );
		if ( array() !== $unknown ) {
			return new WP_Error(
				'wpmus_unknown_setting',
				sprintf(
					/* translators: 1: Comma-separated unknown names, 2: Comma-separated known names. */
					__( 'Unknown setting: %1$s. Known settings: %2$s.', 'wpm-user-sync' ),
					self::some_items( $unknown ),
					implode( ', ', $this->settings->names() )
				),
				array(
					'status' => 400,
					'params' => array_slice( array_values( $unknown ), 0, 3 ),
				)
			);
		}

		// Core skips the validation of a null argument; null would turn a switch off or empty a list.
		$nulls = array_keys( $body, null, true );
		if ( array() !== $nulls ) {
			$name = (string) $nulls[0];
			return self::invalid_param(
				$name,
				sprintf(
					/* translators: %s: Setting name. */
					__( '%s cannot be null: send its new value, or leave it out to keep it as it is.', 'wpm-user-sync' ),
					$name
				)
			);
		}
		return true;
	}

	/**
	 * Shapes the settings for the response.
	 *
	 * @since 2.0.0
	 *
	 * @param array<string, mixed> $item    Settings.
	 * @param WP_REST_Request      $request The request.
	 * @return WP_REST_Response
	 */
	public function prepare_item_for_response( $item, $request ) {
		$data = $this->filter_response_by_context( $item, $request['context'] ?? 'view' );
		return rest_ensure_response( $data );
	}

	/**
	 * The settings' schema.
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
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'wpmus-settings',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'newSiteSync'            => array(
					'description' => __( 'When a site is created, add every user of the network to it with the site\'s default role.', 'wpm-user-sync' ),
					'type'        => 'boolean',
					'context'     => array( 'view', 'edit' ),
				),
				'newUserSync'            => array(
					'description' => __( 'When a user is created, add them to every site of the network with each site\'s default role.', 'wpm-user-sync' ),
					'type'        => 'boolean',
					'context'     => array( 'view', 'edit' ),
				),
				'roleSync'               => array(
					'description' => __( 'When a user\'s role changes on one site, give them the same role on the other sites they belong to.', 'wpm-user-sync' ),
					'type'        => 'boolean',
					'context'     => array( 'view', 'edit' ),
				),
				'includeSuperAdmins'     => array(
					'description' => __( 'Also add super admins to sites. Off by default: super admins can reach every site anyway.', 'wpm-user-sync' ),
					'type'        => 'boolean',
					'context'     => array( 'view', 'edit' ),
				),
				'allowSiteSync'          => array(
					'description' => __( 'Let site administrators run "Sync from scratch" for their own site. On by default, as in version 1.3.', 'wpm-user-sync' ),
					'type'        => 'boolean',
					'context'     => array( 'view', 'edit' ),
				),
				'excludedSites'          => array(
					'description' => __( 'IDs of the sites that no sync ever adds anyone to.', 'wpm-user-sync' ),
					'type'        => 'array',
					'items'       => array(
						'type'    => 'integer',
						'minimum' => 1,
					),
					'maxItems'    => self::max_site_ids(),
					'uniqueItems' => true,
					'context'     => array( 'view', 'edit' ),
					'arg_options' => array( 'validate_callback' => array( $this, 'validate_site_ids' ) ),
				),
				'neverReplicatedRoles'   => array(
					'description' => __( 'Roles that a role change never copies to other sites, by their identifier on the main site.', 'wpm-user-sync' ),
					'type'        => 'array',
					'items'       => array(
						'type'      => 'string',
						'minLength' => 1,
						'maxLength' => self::MAX_ROLE_LENGTH,
					),
					'maxItems'    => self::MAX_ROLES,
					'uniqueItems' => true,
					'context'     => array( 'view', 'edit' ),
					'arg_options' => array( 'validate_callback' => array( $this, 'validate_list' ) ),
				),
				'privilegedDefaultRoles' => array(
					'description' => __( 'Let syncs that add new memberships give a site\'s default role even when that role can manage users or options or post unfiltered HTML (promote_users, edit_users, manage_options, unfiltered_html). Off by default: such sites are skipped, with the reason.', 'wpm-user-sync' ),
					'type'        => 'boolean',
					'context'     => array( 'view', 'edit' ),
				),
			),
		);

		return $this->add_additional_fields_schema( $this->schema );
	}
}
