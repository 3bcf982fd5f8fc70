<?php
/**
 * Tests for GET /wpm-user-sync/v1/sites.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\REST;

use WP_REST_Request;
use WP_REST_Response;
use WPM_User_Sync\Tests\Support\TestCase;

final class Sites_Controller_Test extends TestCase {

	private const ROUTE = '/wpm-user-sync/v1/sites';

	/**
	 * Sends a GET request with query parameters, as the current user.
	 *
	 * @param array<string, mixed> $query Query parameters.
	 */
	private function get( array $query = array() ): WP_REST_Response {
		$request = new WP_REST_Request( 'GET', self::ROUTE );
		$request->set_query_params( $query );
		return rest_get_server()->dispatch( $request );
	}

	/**
	 * The IDs of the sites in a response, in its order.
	 *
	 * @return int[]
	 */
	private function ids( WP_REST_Response $response ): array {
		return array_column( $response->get_data(), 'id' );
	}

	/**
	 * Every site of the current network, in ID order.
	 *
	 * @return int[]
	 */
	private function all_site_ids(): array {
		return array_map(
			'intval',
			get_sites(
				array(
					'network_id' => get_current_network_id(),
					'fields'     => 'ids',
					'number'     => 0,
					'orderby'    => 'id',
					'order'      => 'ASC',
				)
			)
		);
	}

	public function test_route_answers_get_only(): void {
		$routes = rest_get_server()->get_routes( 'wpm-user-sync/v1' );

		foreach ( array( self::ROUTE, self::ROUTE . '/(?P<id>\\d+)' ) as $route ) {
			$this->assertArrayHasKey( $route, $routes );
			$methods = array_merge( ...array_map( static fn( $handler ) => array_keys( $handler['methods'] ), $routes[ $route ] ) );
			$this->assertSame( array( 'GET' ), array_values( array_unique( $methods ) ) );
		}
	}

	public function test_logged_out_visitor_gets_401(): void {
		$this->assertRestError( 401, 'wpmus_forbidden', $this->get() );
	}

	public function test_site_administrator_of_a_sub_site_gets_403(): void {
		$site_id = $this->create_site();
		wp_set_current_user( $this->create_user( 'administrator', $site_id ) );
		switch_to_blog( $site_id );

		$this->assertRestError( 403, 'wpmus_forbidden', $this->get() );
	}

	public function test_super_admin_gets_the_documented_shape(): void {
		$site_id = $this->create_site(
			array(
				'path'  => '/wpmus-shape/',
				'title' => 'Tom & Jerry',
			)
		);
		$this->create_user( 'author', $site_id );
		$this->create_user( 'subscriber', $site_id );
		wp_set_current_user( $this->create_super_admin() );

		$response = $this->get( array( 'include' => array( $site_id ) ) );

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame(
			array(
				array(
					'id'       => $site_id,
					'domain'   => get_network()->domain,
					'path'     => '/wpmus-shape/',
					'name'     => 'Tom & Jerry',
					'url'      => get_blog_option( $site_id, 'home' ),
					'archived' => false,
					'spam'     => false,
					'deleted'  => false,
					'users'    => 2,
					// Since 2.0.1, as core's collections do: each site links to itself, its list and its Edit Site screen.
					'_links'   => array(
						'self'       => array(
							array(
								'href'        => rest_url( "wpm-user-sync/v1/sites/{$site_id}" ),
								'targetHints' => array( 'allow' => array( 'GET' ) ),
							),
						),
						'collection' => array( array( 'href' => rest_url( 'wpm-user-sync/v1/sites' ) ) ),
						'edit'       => array(
							array(
								'type' => 'text/html',
								'href' => network_admin_url( "site-info.php?id={$site_id}" ),
							),
						),
					),
				),
			),
			$response->get_data()
		);
	}

	public function test_lists_the_network_sites_in_id_order_20_per_page_by_default(): void {
		for ( $i = 0; $i < 21; $i++ ) {
			$this->create_site();
		}
		wp_set_current_user( $this->create_super_admin() );
		$all = $this->all_site_ids();

		$response = $this->get();

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( array_slice( $all, 0, 20 ), $this->ids( $response ) );
		$this->assertSame( (string) count( $all ), $response->get_headers()['X-WP-Total'] );
		$this->assertSame( (string) (int) ceil( count( $all ) / 20 ), $response->get_headers()['X-WP-TotalPages'] );
	}

	public function test_pages_carry_the_totals_in_their_headers(): void {
		for ( $i = 0; $i < 5; $i++ ) {
			$this->create_site();
		}
		wp_set_current_user( $this->create_super_admin() );
		$all   = $this->all_site_ids();
		$pages = (int) ceil( count( $all ) / 2 );

		$second = $this->get(
			array(
				'per_page' => 2,
				'page'     => 2,
			)
		);
		$last   = $this->get(
			array(
				'per_page' => 2,
				'page'     => $pages,
			)
		);

		$this->assertSame( 200, $second->get_status() );
		$this->assertSame( array_slice( $all, 2, 2 ), $this->ids( $second ) );
		$this->assertSame( (string) count( $all ), $second->get_headers()['X-WP-Total'] );
		$this->assertSame( (string) $pages, $second->get_headers()['X-WP-TotalPages'] );
		$this->assertStringContainsString( 'rel="prev"', $second->get_headers()['Link'] );
		$this->assertStringContainsString( 'rel="next"', $second->get_headers()['Link'] );
		$this->assertSame( array_slice( $all, ( $pages - 1 ) * 2 ), $this->ids( $last ) );
		$this->assertStringNotContainsString( 'rel="next"', $last->get_headers()['Link'] );
	}

	public function test_a_page_past_the_end_is_refused_with_400(): void {
		wp_set_current_user( $this->create_super_admin() );

		$this->assertRestError(
			400,
			'wpmus_invalid_page_number',
			$this->get(
				array(
					'per_page' => 100,
					'page'     => 1000,
				)
			)
		);
	}

	public function test_search_finds_sites_by_path(): void {
		$wanted = $this->create_site( array( 'path' => '/wpmus-finance-team/' ) );
		$this->create_site( array( 'path' => '/wpmus-legal-team/' ) );
		wp_set_current_user( $this->create_super_admin() );

		$response = $this->get( array( 'search' => 'finance' ) );

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( array( $wanted ), $this->ids( $response ) );
		$this->assertSame( '1', $response->get_headers()['X-WP-Total'] );
	}

	public function test_search_finds_sites_by_name_whatever_their_path(): void {
		$wanted = $this->create_site(
			array(
				'path'  => '/wpmus-q3/',
				'title' => 'Quarterly Reports',
			)
		);
		$this->create_site(
			array(
				'path'  => '/wpmus-q4/',
				'title' => 'Annual Reports',
			)
		);
		wp_set_current_user( $this->create_super_admin() );

		$response = $this->get( array( 'search' => 'quarterly' ) );

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( array( $wanted ), $this->ids( $response ) );
		$this->assertSame( 'Quarterly Reports', $response->get_data()[0]['name'] );
	}

	public function test_search_by_name_matches_names_stored_escaped(): void {
		$wanted = $this->create_site( array( 'title' => 'Research & Development' ) );
		wp_set_current_user( $this->create_super_admin() );

		$response = $this->get( array( 'search' => 'Research & Dev' ) );

		$this->assertSame( array( $wanted ), $this->ids( $response ) );
	}

	public function test_search_results_are_paged_in_id_order_across_path_and_name_matches(): void {
		$by_path = $this->create_site(
			array(
				'path'  => '/wpmus-orchid-1/',
				'title' => 'First',
			)
		);
		$by_name = $this->create_site( array( 'title' => 'The Orchid House' ) );
		$both    = $this->create_site(
			array(
				'path'  => '/wpmus-orchid-3/',
				'title' => 'Orchid Three',
			)
		);
		wp_set_current_user( $this->create_super_admin() );

		$first  = $this->get(
			array(
				'search'   => 'orchid',
				'per_page' => 2,
			)
		);
		$second = $this->get(
			array(
				'search'   => 'orchid',
				'per_page' => 2,
				'page'     => 2,
			)
		);

		$this->assertSame( array( $by_path, $by_name ), $this->ids( $first ) );
		$this->assertSame( array( $both ), $this->ids( $second ) );
		$this->assertSame( '3', $first->get_headers()['X-WP-Total'] );
		$this->assertSame( '2', $first->get_headers()['X-WP-TotalPages'] );
	}

	public function test_the_response_says_names_are_searched_on_a_network_of_this_size(): void {
		wp_set_current_user( $this->create_super_admin() );

		$this->assertSame( 'domain,path,name', $this->get()->get_headers()['X-WPMUS-Search-Fields'] );
		$this->assertSame( 'domain,path,name', $this->get( array( 'search' => 'x' ) )->get_headers()['X-WPMUS-Search-Fields'] );
	}

	public function test_above_the_name_search_limit_a_search_matches_domain_and_path_only(): void {
		$by_path = $this->create_site( array( 'path' => '/wpmus-heron-path/' ) );
		$this->create_site( array( 'title' => 'Heron Watchers' ) );
		wp_set_current_user( $this->create_super_admin() );
		$limit = static fn(): int => 2;
		add_filter( 'wpmus_site_name_search_limit', $limit );

		try {
			$searched = $this->get( array( 'search' => 'heron' ) );
			$listed   = $this->get();
		} finally {
			remove_filter( 'wpmus_site_name_search_limit', $limit );
		}

		$this->assertSame( array( $by_path ), $this->ids( $searched ) );
		$this->assertSame( 'domain,path', $searched->get_headers()['X-WPMUS-Search-Fields'] );
		$this->assertSame( 'domain,path', $listed->get_headers()['X-WPMUS-Search-Fields'] );
	}

	public function test_within_the_limit_include_narrows_the_sites_whose_names_are_searched(): void {
		$named = $this->create_site( array( 'title' => 'Kestrel Club' ) );
		wp_set_current_user( $this->create_super_admin() );
		$limit = static fn(): int => 1;
		add_filter( 'wpmus_site_name_search_limit', $limit );

		try {
			$response = $this->get(
				array(
					'search'  => 'kestrel',
					'include' => array( $named ),
				)
			);
		} finally {
			remove_filter( 'wpmus_site_name_search_limit', $limit );
		}

		$this->assertSame( array( $named ), $this->ids( $response ) );
		$this->assertSame( 'domain,path,name', $response->get_headers()['X-WPMUS-Search-Fields'] );
	}

	public function test_a_search_that_matches_nothing_returns_an_empty_list(): void {
		wp_set_current_user( $this->create_super_admin() );

		$response = $this->get( array( 'search' => 'no-site-is-called-this' ) );

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( array(), $response->get_data() );
		$this->assertSame( '0', $response->get_headers()['X-WP-Total'] );
		$this->assertSame( '0', $response->get_headers()['X-WP-TotalPages'] );
	}

	public function test_include_returns_only_the_sites_asked_for(): void {
		$a = $this->create_site();
		$this->create_site();
		$c = $this->create_site();
		wp_set_current_user( $this->create_super_admin() );

		$as_array = $this->get( array( 'include' => array( $c, $a ) ) );
		$as_list  = $this->get( array( 'include' => "{$a},{$c}" ) );

		$this->assertSame( array( $a, $c ), $this->ids( $as_array ) );
		$this->assertSame( array( $a, $c ), $this->ids( $as_list ) );
		$this->assertSame( '2', $as_array->get_headers()['X-WP-Total'] );
	}

	public function test_only_sites_of_the_current_network_are_listed(): void {
		$elsewhere = $this->create_site_in_another_network( '/wpmus-elsewhere/' );
		$here      = $this->create_site( array( 'path' => '/wpmus-here/' ) );
		wp_set_current_user( $this->create_super_admin() );

		$included = $this->get( array( 'include' => array( $here, $elsewhere, 999999 ) ) );
		$searched = $this->get( array( 'search' => 'wpmus-' ) );
		$listed   = $this->get( array( 'per_page' => 100 ) );

		$this->assertSame( array( $here ), $this->ids( $included ) );
		$this->assertSame( array( $here ), $this->ids( $searched ) );
		$this->assertNotContains( $elsewhere, $this->ids( $listed ) );
		$this->assertContains( $here, $this->ids( $listed ) );
	}

	public function test_archived_spam_and_deleted_sites_are_listed_and_marked(): void {
		$archived = $this->create_site( array( 'archived' => 1 ) );
		$spam     = $this->create_site( array( 'spam' => 1 ) );
		$deleted  = $this->create_site( array( 'deleted' => 1 ) );
		wp_set_current_user( $this->create_super_admin() );

		$data = $this->get( array( 'include' => array( $archived, $spam, $deleted ) ) )->get_data();

		$flags = array_map( static fn( $site ) => array( $site['archived'], $site['spam'], $site['deleted'] ), $data );
		$this->assertSame(
			array(
				array( true, false, false ),
				array( false, true, false ),
				array( false, false, true ),
			),
			$flags
		);
	}

	public function test_bad_per_page_is_refused_with_400(): void {
		wp_set_current_user( $this->create_super_admin() );

		foreach ( array( 0, 101, 'many' ) as $per_page ) {
			$response = $this->get( array( 'per_page' => $per_page ) );
			$this->assertRestError( 400, 'rest_invalid_param', $response );
			$this->assertArrayHasKey( 'per_page', $response->get_data()['data']['params'] );
		}
	}

	public function test_bad_include_is_refused_with_400(): void {
		wp_set_current_user( $this->create_super_admin() );

		$response = $this->get( array( 'include' => array( 'main' ) ) );

		$this->assertRestError( 400, 'rest_invalid_param', $response );
		$this->assertArrayHasKey( 'include', $response->get_data()['data']['params'] );
	}

	public function test_schema_describes_each_field(): void {
		$schema = $this->rest( 'OPTIONS', self::ROUTE )->get_data()['schema'];

		$this->assertSame( array( 'id', 'domain', 'path', 'name', 'url', 'archived', 'spam', 'deleted', 'users' ), array_keys( $schema['properties'] ) );
		foreach ( $schema['properties'] as $property ) {
			$this->assertNotEmpty( $property['description'] );
		}
	}

	public function test_a_caller_who_may_not_list_sites_learns_nothing_from_the_ids_asked_for(): void {
		$site_id    = $this->create_site();
		$subscriber = $this->create_user( 'subscriber' );

		foreach ( array( 0 => 401, $subscriber => 403 ) as $user_id => $status ) {
			wp_set_current_user( $user_id );
			$existing = $this->get( array( 'include' => array( $site_id ) ) );
			$missing  = $this->get( array( 'include' => array( 999999 ) ) );

			$this->assertRestError( $status, 'wpmus_forbidden', $existing );
			$this->assertSame( $existing->get_data(), $missing->get_data() );
		}
	}

	public function test_an_id_beyond_64_bits_is_refused_and_named_not_read_as_another_site(): void {
		wp_set_current_user( $this->create_super_admin() );

		foreach ( array( '99999999999999999999999', '18446744073709551619' ) as $huge ) {
			foreach ( array( $huge, array( $huge ), array( '1', $huge ) ) as $include ) {
				$response = $this->get( array( 'include' => $include ) );

				$this->assertRestError( 400, 'rest_invalid_param', $response );
				$this->assertStringContainsString( $huge, $response->get_data()['data']['params']['include'] );
			}
		}
	}

	public function test_more_ids_than_a_page_holds_are_refused_at_once(): void {
		wp_set_current_user( $this->create_super_admin() );

		$response = $this->get( array( 'include' => range( 1, 100000 ) ) );

		$this->assertRestError( 400, 'rest_invalid_param', $response );
		$this->assertStringContainsString( '100', $response->get_data()['data']['params']['include'] );
		$this->assertLessThan( 1000, strlen( (string) wp_json_encode( $response->get_data() ) ) );
		$this->assertSame( 100, $this->rest( 'OPTIONS', self::ROUTE )->get_data()['endpoints'][0]['args']['include']['maxItems'] );
	}

	public function test_a_huge_page_number_is_a_400_not_a_php_error(): void {
		$this->create_site( array( 'path' => '/wpmus-huge-page/' ) );
		wp_set_current_user( $this->create_super_admin() );

		foreach ( array( array(), array( 'search' => 'huge-page' ) ) as $query ) {
			foreach ( array( '99999999999999999999', '9223372036854775807', '1e30' ) as $page ) {
				$response = $this->get( $query + array( 'page' => $page ) );

				$this->assertRestError( 400, 'wpmus_invalid_page_number', $response );
			}
		}
	}

	public function test_a_search_longer_than_a_site_address_is_refused(): void {
		wp_set_current_user( $this->create_super_admin() );

		$response = $this->get( array( 'search' => str_repeat( 'a', 10000 ) ) );

		$this->assertRestError( 400, 'rest_invalid_param', $response );
		$this->assertArrayHasKey( 'search', $response->get_data()['data']['params'] );
	}

	public function test_one_site_answers_only_those_who_may_list_them_all(): void {
		$site_id = $this->create_site();

		$this->assertRestError( 401, 'wpmus_forbidden', $this->rest( 'GET', self::ROUTE . "/{$site_id}" ) );
		$this->assertRestError( 401, 'wpmus_forbidden', $this->rest( 'GET', self::ROUTE . '/999999' ), 'The same answer whether the site exists or not.' );
		wp_set_current_user( $this->create_user( 'administrator', $site_id ) );
		switch_to_blog( $site_id );
		$this->assertRestError( 403, 'wpmus_forbidden', $this->rest( 'GET', self::ROUTE . "/{$site_id}" ) );
		$this->assertRestError( 403, 'wpmus_forbidden', $this->rest( 'GET', self::ROUTE . '/999999' ) );
	}

	public function test_one_site_has_the_shape_of_a_site_of_the_list(): void {
		$site_id = $this->create_site( array( 'title' => 'Tom & Jerry' ) );
		wp_set_current_user( $this->create_super_admin() );

		$one  = $this->rest( 'GET', self::ROUTE . "/{$site_id}" );
		$list = $this->get( array( 'include' => array( $site_id ) ) );

		$this->assertSame( 200, $one->get_status() );
		$listed = $list->get_data()[0];
		unset( $listed['_links'] );
		$this->assertSame( $listed, $one->get_data() );
		$this->assertSame( rest_url( "wpm-user-sync/v1/sites/{$site_id}" ), $one->get_links()['self'][0]['href'] );
	}

	public function test_a_site_of_another_network_or_none_is_not_found(): void {
		$elsewhere = $this->create_site_in_another_network( '/wpmus-elsewhere/' );
		wp_set_current_user( $this->create_super_admin() );

		foreach ( array( $elsewhere, 999999, '99999999999999999999999' ) as $id ) {
			$this->assertRestError( 404, 'wpmus_site_not_found', $this->rest( 'GET', self::ROUTE . "/{$id}" ) );
		}
	}

	public function test_fields_reads_only_what_was_asked_for(): void {
		$site_id = $this->create_site();
		wp_set_current_user( $this->create_super_admin() );
		$counted = 0;
		$count   = static function ( string $query ) use ( &$counted ): string {
			global $wpdb;
			$counted += (int) ( str_contains( $query, 'COUNT(*)' ) && str_contains( $query, $wpdb->usermeta ) );
			return $query;
		};
		add_filter( 'query', $count );

		try {
			$response = $this->get(
				array(
					'include' => array( $site_id ),
					'_fields' => 'name,path',
				)
			);
			$narrowed = $counted;
			$this->get( array( 'include' => array( $site_id ) ) );
		} finally {
			remove_filter( 'query', $count );
		}

		$this->assertSame(
			array(
				array(
					'id'   => $site_id,
					'path' => get_site( $site_id )->path,
					'name' => get_blog_option( $site_id, 'blogname' ),
				),
			),
			$response->get_data(),
			'id always comes, as in core; no links unless asked for.'
		);
		$this->assertSame( 0, $narrowed, 'Members are not counted unless asked for.' );
		$this->assertSame( 1, $counted, 'They are otherwise.' );
	}

	public function test_options_describes_both_routes_and_their_arguments(): void {
		$list = $this->rest( 'OPTIONS', self::ROUTE )->get_data();
		$one  = $this->rest( 'OPTIONS', self::ROUTE . '/1' )->get_data();

		$this->assertSame( 'wpmus-site', $list['schema']['title'] );
		$this->assertSame( $list['schema'], $one['schema'] );
		$args = $list['endpoints'][0]['args'];
		$this->assertEqualsCanonicalizing( array( 'view', 'embed', 'edit' ), $args['context']['enum'] );
		$this->assertSame( 20, $args['per_page']['default'] );
		$this->assertSame( 100, $args['per_page']['maximum'] );
		$this->assertSame( 255, $args['search']['maxLength'] );
		$this->assertSame( 'integer', $args['include']['items']['type'] );
		$this->assertSame( 'integer', $one['endpoints'][0]['args']['id']['type'] );
		$this->assertSame( 'view', $one['endpoints'][0]['args']['context']['default'] );
		$this->assertSame( 'uri', $list['schema']['properties']['url']['format'] );
	}
}
