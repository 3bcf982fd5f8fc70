<?php
/**
 * REST resource for the sites one person belongs to: `/people/{user}/sites`.
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
use WPM_User_Sync\People\Memberships;
use WPM_User_Sync\Sync\Policy;
use WPM_User_Sync\Sync\Site_Roles;

defined( 'ABSPATH' ) || exit;

/**
 * `GET /wpm-user-sync/v1/people/{user}/sites`: the sites of this network a user belongs to,
 * with their roles there, paged and searchable, for network administrators
 * (`manage_network_users`). Adding and removing people goes through `POST /jobs`
 * (types add_to_sites and remove_from_sites).
 *
 * @since 2.1.0
 */
final class People_Controller extends WP_REST_Controller {

	/**
	 * Longest search accepted.
	 */
	private const MAX_SEARCH_LENGTH = 255;

	/**
	 * Up to this many sites of a person, a search also matches the sites' names (each in
	 * its own options table); above it, domain and path only.
	 */
	private const NAME_SEARCH_LIMIT = 100;

	/**
	 * Sets up the resource.
	 *
	 * @since 2.1.0
	 */
	public function __construct() {
		$this->namespace = 'wpm-user-sync/v1';
		$this->rest_base = 'people';
	}

	/**
	 * Registers the route.
	 *
	 * @since 2.1.0
	 */
	public function register_routes(): void {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/(?P<user>\d+)/sites',
			array(
				'args'   => array(
					'user' => array(
						'description' => __( 'User ID.', 'wpm-user-sync' ),
						'type'        => 'integer',
						'minimum'     => 1,
					),
				),
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
	 * Network administrators only: `manage_network_users`.
	 *
	 * @since 2.1.0
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function get_items_permissions_check( $request ) {
		return Permission::check(
			Policy::for_network( get_current_network_id() )->may_run_network_sync( get_current_user_id() ),
			__( 'Sorry, only network administrators may see which sites people belong to.', 'wpm-user-sync' )
		);
	}

	/**
	 * One page of the user's sites, ordered by ID, with the totals in the headers; 404 for
	 * a user who does not exist.
	 *
	 * @since 2.1.0
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_items( $request ) {
		$user_id = (int) $request['user'];
		if ( ! get_userdata( $user_id ) ) {
			return new WP_Error( 'wpmus_user_not_found', __( 'There is no such user.', 'wpm-user-sync' ), array( 'status' => 404 ) );
		}
		$page     = (int) $request['page'];
		$per_page = (int) $request['per_page'];
		$search   = trim( (string) $request['search'] );

		$member_of = Memberships::site_ids( $user_id );
		$ids       = array();
		$names     = false;
		if ( array() !== $member_of ) {
			$query = array(
				'network_id' => get_current_network_id(),
				'site__in'   => $member_of,
				'fields'     => 'ids',
				'number'     => count( $member_of ),
				'orderby'    => 'id',
				'order'      => 'ASC',
			);
			$ids   = self::ids_of( $query );
			$names = count( $ids ) <= self::NAME_SEARCH_LIMIT;
			if ( '' !== $search ) {
				$ids = $this->matching( $ids, $search, $query, $names );
			}
		}
		$total = count( $ids );
		$pages = (int) ceil( $total / $per_page );
		$data  = array();
		$shown = array_slice( $ids, ( $page - 1 ) * $per_page, $per_page );
		$roles = new Site_Roles();
		$roles->load( $shown );
		foreach ( $shown as $site_id ) {
			$data[] = $this->prepare_response_for_collection( $this->prepare_item_for_response( array( $site_id, $user_id, $roles ), $request ) );
		}
		$response = rest_ensure_response( $data );
		$response->header( 'X-WP-Total', (string) $total );
		$response->header( 'X-WP-TotalPages', (string) $pages );
		$response->header( 'X-WPMUS-Search-Fields', $names ? 'domain,path,name' : 'domain,path' );
		return $response;
	}

	/**
	 * The sites, among these, whose domain or path, or (when $names) name, contains the search.
	 *
	 * @param int[]                $ids    The user's sites of this network, ascending.
	 * @param string               $search Search string.
	 * @param array<string, mixed> $query  The get_sites() query of the user's sites.
	 * @param bool                 $names  Whether names are searched too.
	 * @return int[] Ascending.
	 */
	private function matching( array $ids, string $search, array $query, bool $names ): array {
		$found = self::ids_of(
			array(
				'search'         => $search,
				'search_columns' => array( 'domain', 'path' ),
			) + $query
		);
		if ( $names ) {
			foreach ( array_diff( $ids, $found ) as $site_id ) {
				$site = get_site( $site_id );
				if ( $site && false !== mb_stripos( wp_specialchars_decode( (string) $site->blogname, ENT_QUOTES ), $search ) ) {
					$found[] = $site_id;
				}
			}
		}
		$found = array_values( array_unique( $found ) );
		sort( $found );
		return $found;
	}

	/**
	 * The IDs get_sites() finds for a query asking for 'ids'.
	 *
	 * @param array<string, mixed> $query Query of get_sites().
	 * @return int[]
	 */
	private static function ids_of( array $query ): array {
		$found = get_sites( $query );
		return is_array( $found ) ? array_map( static fn( $site ): int => $site instanceof \WP_Site ? (int) $site->blog_id : (int) $site, $found ) : array();
	}

	/**
	 * One site of the user: `{ id, name, url, roles, isLastAdministrator }`.
	 *
	 * @since 2.1.0
	 *
	 * @param array{0: int, 1: int, 2: Site_Roles} $item    Site ID, user ID, and the roles of the page's sites.
	 * @param WP_REST_Request                      $request The request.
	 * @return WP_REST_Response
	 */
	public function prepare_item_for_response( $item, $request ) {
		list( $site_id, $user_id, $roles ) = $item;
		$site                              = get_site( $site_id );
		$granted                           = Memberships::roles_of( array( $user_id ), $site_id )[ $user_id ] ?? array();
		$held                              = array_values( array_filter( $granted, static fn( string $name ): bool => $roles->exists( $site_id, $name ) ) );
		$data                              = array(
			'id'                  => $site_id,
			// Core stores site names HTML-escaped; the API gives plain text.
			'name'                => $site ? wp_specialchars_decode( (string) $site->blogname, ENT_QUOTES ) : '',
			'url'                 => $site ? (string) $site->siteurl : '',
			'roles'               => $held,
			'isLastAdministrator' => Memberships::is_last_administrator( $user_id, $site_id, $held ),
		);
		return rest_ensure_response( $this->filter_response_by_context( $data, 'view' ) );
	}

	/**
	 * `search`, `page` and `per_page` (at most 100).
	 *
	 * @since 2.1.0
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public function get_collection_params() {
		return array(
			'search'   => array(
				'description' => __( 'Limit the sites to those whose domain, path or name contains this text (names only for people on up to 100 sites; the X-WPMUS-Search-Fields header says which fields were searched).', 'wpm-user-sync' ),
				'type'        => 'string',
				'maxLength'   => self::MAX_SEARCH_LENGTH,
				'default'     => '',
			),
			'page'     => array(
				'description' => __( 'Page of the list.', 'wpm-user-sync' ),
				'type'        => 'integer',
				'minimum'     => 1,
				'default'     => 1,
			),
			'per_page' => array(
				'description' => __( 'How many sites per page.', 'wpm-user-sync' ),
				'type'        => 'integer',
				'minimum'     => 1,
				'maximum'     => 100,
				'default'     => 20,
			),
		);
	}

	/**
	 * The schema of one site of a person.
	 *
	 * @since 2.1.0
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}
		$this->schema = array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'wpmus-person-site',
			'type'       => 'object',
			'properties' => array(
				'id'                  => array(
					'description' => __( 'Site ID.', 'wpm-user-sync' ),
					'type'        => 'integer',
					'context'     => array( 'view' ),
					'readonly'    => true,
				),
				'name'                => array(
					'description' => __( 'Site name, plain text.', 'wpm-user-sync' ),
					'type'        => 'string',
					'context'     => array( 'view' ),
					'readonly'    => true,
				),
				'url'                 => array(
					'description' => __( 'Site address.', 'wpm-user-sync' ),
					'type'        => 'string',
					'context'     => array( 'view' ),
					'readonly'    => true,
				),
				'roles'               => array(
					'description' => __( 'The person\'s roles on the site (slugs).', 'wpm-user-sync' ),
					'type'        => 'array',
					'items'       => array( 'type' => 'string' ),
					'context'     => array( 'view' ),
					'readonly'    => true,
				),
				'isLastAdministrator' => array(
					'description' => __( 'Whether the person is the site\'s only administrator: they cannot be removed from it.', 'wpm-user-sync' ),
					'type'        => 'boolean',
					'context'     => array( 'view' ),
					'readonly'    => true,
				),
			),
		);
		return $this->add_additional_fields_schema( $this->schema );
	}
}
