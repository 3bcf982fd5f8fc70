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
use WPM_User_Sync\Setting;
use WPM_User_Sync\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * `GET`, `PUT` and `PATCH /wpm-user-sync/v1/settings`.
 *
 * @since 2.0.0
 */
final class Settings_Controller extends WP_REST_Controller {

	use Site_Ids_Argument;

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
			Permission::may_change_settings(),
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
	 * Stores the settings present in the body, and only those, and returns them all.
	 *
	 * PUT and PATCH alike take any number of settings: two administrators saving
	 * different settings at once both keep what they saved.
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

		$problems = $this->settings->problems( $changes );
		if ( array() !== $problems ) {
			return self::invalid_params( $problems );
		}

		$this->settings->update( $changes );

		$request->set_param( 'context', 'edit' );
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
	 * Shapes the settings for the response: the fields asked for (`_fields`) in the
	 * context asked for, with a link to the resource.
	 *
	 * @since 2.0.0
	 * @since 2.0.1 Honours `_fields`; links `self`.
	 *
	 * @param array<string, mixed> $item    Settings.
	 * @param WP_REST_Request      $request The request.
	 * @return WP_REST_Response
	 */
	public function prepare_item_for_response( $item, $request ) {
		$fields = $this->get_fields_for_response( $request );
		$data   = array_filter( $item, static fn( $name ) => rest_is_field_included( (string) $name, $fields ), ARRAY_FILTER_USE_KEY );
		$data   = $this->add_additional_fields_to_object( $data, $request );
		$data   = $this->filter_response_by_context( $data, $request['context'] ?? 'view' );

		$response = rest_ensure_response( $data );
		if ( rest_is_field_included( '_links', $fields ) ) {
			$response->add_link( 'self', rest_url( $this->namespace . '/' . $this->rest_base ) );
		}
		return $response;
	}

	/**
	 * The settings' schema, one property per Setting (Settings::definitions()).
	 *
	 * @since 2.0.0
	 * @since 2.0.1 Made from the settings' definitions; each property says its default.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}

		$properties = array();
		foreach ( Settings::definitions() as $name => $setting ) {
			$properties[ $name ] = $setting->schema() + array( 'context' => array( 'view', 'edit' ) );
			// Switches and numbers of days are checked by their schema (type, minimum, maximum).
			if ( in_array( $setting->kind, array( Setting::SITES, Setting::ROLES ), true ) ) {
				// Lists are counted before their items are looked at (Site_Ids_Argument).
				$properties[ $name ]['arg_options'] = array( 'validate_callback' => array( $this, Setting::SITES === $setting->kind ? 'validate_site_ids' : 'validate_list' ) );
			}
		}
		$this->schema = array(
			'$schema'              => 'http://json-schema.org/draft-04/schema#',
			'title'                => 'wpmus-settings',
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => $properties,
		);

		return $this->add_additional_fields_schema( $this->schema );
	}
}
