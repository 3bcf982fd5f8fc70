<?php
/**
 * REST resource listing the network's sites, for the screens' site pickers.
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
use WP_Site;
use WPM_User_Sync\Sync\Site_Roles;

defined( 'ABSPATH' ) || exit;

/**
 * `GET /wpm-user-sync/v1/sites`: the current network's sites, searchable and paged.
 *
 * @since 2.0.0
 */
final class Sites_Controller extends WP_REST_Controller {

	use Site_Ids_Argument;

	/**
	 * Longest search accepted: longer than any site's domain and path.
	 */
	private const MAX_SEARCH_LENGTH = 255;

	/**
	 * How many sites' options tables one name-search statement reads.
	 */
	private const NAME_SEARCH_CHUNK = 500;

	/**
	 * Above this many sites, a search matches domain and path only.
	 *
	 * A site's name lives in its own options table, so searching names reads one table
	 * per site: about 0.1 ms each while MariaDB keeps the tables open, 0.5 ms when it
	 * must reopen them, which it always must once the sites outnumber its table cache
	 * (2,000 by default). 1,000 sites keep a search well under a second.
	 */
	private const NAME_SEARCH_LIMIT = 1000;

	/**
	 * Sets up the controller.
	 *
	 * @since 2.0.0
	 */
	public function __construct() {
		$this->namespace = 'wpm-user-sync/v1';
		$this->rest_base = 'sites';
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
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/(?P<id>\d+)',
			array(
				'args'   => array(
					'id' => array(
						'description' => __( 'Site ID.', 'wpm-user-sync' ),
						'type'        => 'integer',
						'minimum'     => 1,
					),
				),
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_item' ),
					'permission_callback' => array( $this, 'get_item_permissions_check' ),
					'args'                => array( 'context' => $this->get_context_param( array( 'default' => 'view' ) ) ),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * Only people who look after the network may read one of its sites here.
	 *
	 * @since 2.0.1
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function get_item_permissions_check( $request ) {
		return $this->get_items_permissions_check( $request );
	}

	/**
	 * Returns one site of the network; 404 for any other ID.
	 *
	 * @since 2.0.1
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_item( $request ) {
		$site = get_site( (int) $request['id'] );
		if ( ! $site || get_current_network_id() !== (int) $site->network_id ) {
			return new WP_Error( 'wpmus_site_not_found', __( 'There is no site with this ID in this network.', 'wpm-user-sync' ), array( 'status' => 404 ) );
		}
		return $this->prepare_item_for_response( $site, $request );
	}

	/**
	 * Only people who manage the network's options may list its sites here.
	 *
	 * @since 2.0.0
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function get_items_permissions_check( $request ) {
		// For the Options screen's excluded sites and for the Actions screen's site picker.
		return Permission::check(
			Permission::is_network_administrator(),
			__( 'Sorry, only network administrators may list the sites of the network here.', 'wpm-user-sync' )
		);
	}

	/**
	 * Returns one page of sites, ordered by ID, with the totals in the headers.
	 *
	 * @since 2.0.0
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_items( $request ) {
		$page     = (int) $request['page'];
		$per_page = (int) $request['per_page'];
		$search   = trim( (string) $request['search'] );
		$query    = array(
			'network_id' => get_current_network_id(),
			'orderby'    => 'id',
			'order'      => 'ASC',
		);
		$include  = self::requested_site_ids( $request['include'] ?? array() );
		if ( array() !== $include ) {
			$query['site__in'] = $include;
		}

		if ( '' === $search ) {
			$total = (int) get_sites(
				$query + array(
					'count'  => true,
					'number' => 0,
				)
			);
			$names = $this->names_are_searchable( $total );
			$ids   = null;
		} else {
			$names = $this->names_are_searchable(
				(int) get_sites(
					$query + array(
						'count'  => true,
						'number' => 0,
					)
				)
			);
			$ids   = $this->search( $search, $query, $names );
			$total = count( $ids );
		}

		// Before any paging arithmetic, which a page number near PHP_INT_MAX would overflow.
		$max_pages = (int) ceil( $total / $per_page );
		if ( $page > $max_pages && $total > 0 ) {
			return new WP_Error(
				'wpmus_invalid_page_number',
				sprintf(
					/* translators: %d: The number of the last page. */
					__( 'The page number is larger than the number of pages (%d).', 'wpm-user-sync' ),
					$max_pages
				),
				array( 'status' => 400 )
			);
		}

		if ( 0 === $total ) {
			$sites = array();
		} elseif ( null === $ids ) {
			$sites = get_sites(
				$query + array(
					'number' => $per_page,
					'offset' => ( $page - 1 ) * $per_page,
				)
			);
		} else {
			$page_ids = array_slice( $ids, ( $page - 1 ) * $per_page, $per_page );
			$sites    = array() === $page_ids ? array() : get_sites(
				array(
					'site__in' => $page_ids,
					'number'   => count( $page_ids ),
				) + $query
			);
		}

		$data = array();
		foreach ( $sites as $site ) {
			$data[] = $this->prepare_response_for_collection( $this->prepare_item_for_response( $site, $request ) );
		}
		$response = rest_ensure_response( $data );
		$response->header( 'X-WP-Total', (string) $total );
		$response->header( 'X-WP-TotalPages', (string) $max_pages );
		// Tells the screens what a search matches here, so they can say so.
		$response->header( 'X-WPMUS-Search-Fields', $names ? 'domain,path,name' : 'domain,path' );

		$base = add_query_arg( urlencode_deep( $request->get_query_params() ), rest_url( $this->namespace . '/' . $this->rest_base ) );
		if ( $page > 1 ) {
			$response->link_header( 'prev', add_query_arg( 'page', $page - 1, $base ) );
		}
		if ( $page < $max_pages ) {
			$response->link_header( 'next', add_query_arg( 'page', $page + 1, $base ) );
		}
		return $response;
	}

	/**
	 * Whether a search among this many sites also matches their names.
	 *
	 * @param int $site_count Number of sites the search would look at.
	 */
	private function names_are_searchable( int $site_count ): bool {
		/**
		 * Filters how many sites a search of the plugin's site pickers may read the
		 * names of. Above it, a search matches domain and path only. Raise it for a
		 * database whose table cache holds every site's options table.
		 *
		 * @since 2.0.0
		 *
		 * @param int $limit Largest number of sites whose names are searched. Default 1000.
		 */
		$limit = (int) apply_filters( 'wpmus_site_name_search_limit', self::NAME_SEARCH_LIMIT );
		return $site_count <= $limit;
	}

	/**
	 * IDs of the sites whose domain or path, or whose name, contains the search, in ID order.
	 *
	 * Domain and path are columns of the sites table, which get_sites() searches. A
	 * name lives in its site's options table, read with one statement per few hundred
	 * sites rather than by switching to each site.
	 *
	 * @param string               $search Search string; `*` is a wildcard, as in get_sites().
	 * @param array<string, mixed> $query  Base get_sites() query (network, include).
	 * @param bool                 $names  Whether to search the names too.
	 * @return int[]
	 */
	private function search( string $search, array $query, bool $names ): array {
		$ids = $this->site_ids(
			$query + array(
				'search' => $search,
				'fields' => 'ids',
				'number' => 0,
			)
		);
		if ( $names ) {
			$others = array_diff(
				$this->site_ids(
					$query + array(
						'fields' => 'ids',
						'number' => 0,
					)
				),
				$ids
			);
			$ids    = array_merge( $ids, $this->ids_named_like( $search, $others ) );
			sort( $ids );
		}
		return $ids;
	}

	/**
	 * IDs of the given sites whose name (`blogname`) contains the search.
	 *
	 * @param string $search   Search string; `*` is a wildcard.
	 * @param int[]  $site_ids Sites to look at.
	 * @return int[]
	 */
	private function ids_named_like( string $search, array $site_ids ): array {
		global $wpdb;

		$patterns = array( $this->like_pattern( $search ) );
		// WordPress stores the name HTML-escaped ("Tom &amp; Jerry"); match that form too.
		if ( esc_html( $search ) !== $search ) {
			$patterns[] = $this->like_pattern( esc_html( $search ) );
		}
		$conditions = implode( ' OR ', array_fill( 0, count( $patterns ), 'option_value LIKE %s' ) );

		$found = array();
		foreach ( array_chunk( $site_ids, self::NAME_SEARCH_CHUNK ) as $chunk ) {
			$selects = array();
			$args    = array();
			foreach ( $chunk as $site_id ) {
				$selects[] = "SELECT %d AS blog_id, option_value FROM %i WHERE option_name = 'blogname'";
				array_push( $args, $site_id, $wpdb->get_blog_prefix( $site_id ) . 'options' );
			}
			$sql = 'SELECT blog_id FROM (' . implode( ' UNION ALL ', $selects ) . ") AS names WHERE {$conditions}";
			// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- Only placeholders; the table names go through %i.
			$found = array_merge( $found, array_map( 'intval', $wpdb->get_col( $wpdb->prepare( $sql, array_merge( $args, $patterns ) ) ) ) );
		}
		return $found;
	}

	/**
	 * The IDs of the sites a query of get_sites() finds.
	 *
	 * @param array<string, mixed> $query Query of get_sites(), asking for 'ids'.
	 * @return int[]
	 */
	private function site_ids( array $query ): array {
		$found = get_sites( $query );
		return is_array( $found ) ? array_map( static fn( $site ): int => $site instanceof \WP_Site ? (int) $site->blog_id : (int) $site, $found ) : array();
	}

	/**
	 * A LIKE pattern matching the search anywhere, `*` standing for anything.
	 *
	 * @param string $search Search string.
	 */
	private function like_pattern( string $search ): string {
		global $wpdb;
		return '%' . implode( '%', array_map( static fn( string $part ): string => $wpdb->esc_like( $part ), explode( '*', $search ) ) ) . '%';
	}

	/**
	 * Shapes a site for the response: the fields asked for (`_fields`) in the context
	 * asked for, and links to the site here and to its Edit Site screen.
	 *
	 * Only the fields asked for are read: name and URL come from the site's lazily
	 * loaded details, and the member count is a query of its own.
	 *
	 * @since 2.0.0
	 * @since 2.0.1 Honours `_fields`; links `self`, `collection` and `edit`.
	 *
	 * @param WP_Site         $item    The site.
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response
	 */
	public function prepare_item_for_response( $item, $request ) {
		$site_id = (int) $item->blog_id;
		$fields  = $this->get_fields_for_response( $request );
		$read    = array(
			'id'       => static fn() => $site_id,
			'domain'   => static fn() => $item->domain,
			'path'     => static fn() => $item->path,
			'name'     => static fn() => wp_specialchars_decode( (string) $item->blogname, ENT_QUOTES ),
			'url'      => static fn() => (string) $item->home,
			'archived' => static fn() => (bool) (int) $item->archived,
			'spam'     => static fn() => (bool) (int) $item->spam,
			'deleted'  => static fn() => (bool) (int) $item->deleted,
			'users'    => static fn() => Site_Roles::member_count( $site_id ),
		);
		$data    = array();
		foreach ( $read as $field => $value ) {
			if ( rest_is_field_included( $field, $fields ) ) {
				$data[ $field ] = $value();
			}
		}
		$data = $this->add_additional_fields_to_object( $data, $request );
		$data = $this->filter_response_by_context( $data, $request['context'] ?? 'view' );

		$response = rest_ensure_response( $data );
		if ( rest_is_field_included( '_links', $fields ) ) {
			$response->add_links(
				array(
					'self'       => array( 'href' => rest_url( sprintf( '%s/%s/%d', $this->namespace, $this->rest_base, $site_id ) ) ),
					'collection' => array( 'href' => rest_url( sprintf( '%s/%s', $this->namespace, $this->rest_base ) ) ),
					// Network Admin → Sites → Edit Site.
					'edit'       => array(
						'href' => network_admin_url( 'site-info.php?id=' . $site_id ),
						'type' => 'text/html',
					),
				)
			);
		}
		return $response;
	}

	/**
	 * The query parameters, from the schema.
	 *
	 * @since 2.0.0
	 *
	 * @return array<string, mixed>
	 */
	public function get_collection_params() {
		$params = parent::get_collection_params();

		$params['context']['default']    = 'view';
		$params['per_page']['default']   = 20;
		$params['search']['description'] = __( 'Limit the sites to those whose domain, path or name contains this text; * stands for any text. Names are searched on networks of up to 1,000 sites (filter wpmus_site_name_search_limit); the X-WPMUS-Search-Fields header says which fields were searched.', 'wpm-user-sync' );
		$params['search']['maxLength']   = self::MAX_SEARCH_LENGTH;
		$params['include']               = array(
			'description'       => __( 'Limit the sites to these IDs, e.g. to show the names of sites already chosen; at most one page of them.', 'wpm-user-sync' ),
			'type'              => 'array',
			'items'             => array(
				'type'    => 'integer',
				'minimum' => 1,
			),
			'maxItems'          => 100,
			'default'           => array(),
			'validate_callback' => array( $this, 'validate_site_ids' ),
		);
		return $params;
	}

	/**
	 * A site's schema.
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
			'title'      => 'wpmus-site',
			'type'       => 'object',
			'properties' => array(
				'id'       => array(
					'description' => __( 'Site ID.', 'wpm-user-sync' ),
					'type'        => 'integer',
					'context'     => array( 'view', 'edit', 'embed' ),
					'readonly'    => true,
				),
				'domain'   => array(
					'description' => __( 'The site\'s domain.', 'wpm-user-sync' ),
					'type'        => 'string',
					'context'     => array( 'view', 'edit', 'embed' ),
					'readonly'    => true,
				),
				'path'     => array(
					'description' => __( 'The site\'s path, with leading and trailing slashes.', 'wpm-user-sync' ),
					'type'        => 'string',
					'context'     => array( 'view', 'edit', 'embed' ),
					'readonly'    => true,
				),
				'name'     => array(
					'description' => __( 'The site\'s title, as plain text.', 'wpm-user-sync' ),
					'type'        => 'string',
					'context'     => array( 'view', 'edit', 'embed' ),
					'readonly'    => true,
				),
				'url'      => array(
					'description' => __( 'The site\'s home URL.', 'wpm-user-sync' ),
					'type'        => 'string',
					'format'      => 'uri',
					'context'     => array( 'view', 'edit', 'embed' ),
					'readonly'    => true,
				),
				'archived' => array(
					'description' => __( 'Whether the site is archived.', 'wpm-user-sync' ),
					'type'        => 'boolean',
					'context'     => array( 'view', 'edit' ),
					'readonly'    => true,
				),
				'spam'     => array(
					'description' => __( 'Whether the site is marked as spam.', 'wpm-user-sync' ),
					'type'        => 'boolean',
					'context'     => array( 'view', 'edit' ),
					'readonly'    => true,
				),
				'deleted'  => array(
					'description' => __( 'Whether the site is flagged as deleted (deactivated).', 'wpm-user-sync' ),
					'type'        => 'boolean',
					'context'     => array( 'view', 'edit' ),
					'readonly'    => true,
				),
				'users'    => array(
					'description' => __( 'How many people are members of the site.', 'wpm-user-sync' ),
					'type'        => 'integer',
					'context'     => array( 'view', 'edit' ),
					'readonly'    => true,
				),
			),
		);

		return $this->add_additional_fields_schema( $this->schema );
	}
}
