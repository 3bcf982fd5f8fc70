<?php
/**
 * Who may use the routes about named people, and what they refuse.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\People;

final class People_Routes_Test extends People_Test_Case {

	private int $site;
	private int $person;

	protected function setUp(): void {
		parent::setUp();
		$this->site   = $this->create_site( array( 'title' => 'R&D <Lab>' ) );
		$this->person = $this->create_user( 'author', $this->site );
	}

	/**
	 * @return array<string, mixed>
	 */
	private function add_body(): array {
		return array(
			'type'  => 'add_to_sites',
			'kind'  => 'sites',
			'sites' => array( $this->site ),
			'users' => array( $this->person ),
		);
	}

	public function test_the_routes_answer_only_network_administrators(): void {
		$site_admin = $this->create_user( 'administrator', $this->site );
		$subscriber = $this->create_user( 'subscriber' );
		$remove     = array( 'type' => 'remove_from_sites' ) + $this->add_body();
		$asks       = array(
			array( 'POST', '/wpm-user-sync/v1/jobs', $this->add_body() ),
			array( 'POST', '/wpm-user-sync/v1/jobs', $remove ),
			array( 'GET', "/wpm-user-sync/v1/people/{$this->person}/sites", null ),
		);
		foreach ( array( 0 => 401, $subscriber => 403, $site_admin => 403 ) as $who => $status ) {
			wp_set_current_user( $who );
			foreach ( $asks as list( $method, $route, $body ) ) {
				$this->assertRestError( $status, 'wpmus_forbidden', $this->rest( $method, $route, $body ) );
			}
		}
		switch_to_blog( $this->site );
		wp_set_current_user( $site_admin );
		$this->assertRestError( 403, 'wpmus_forbidden', $this->rest( 'GET', "/wpm-user-sync/v1/people/{$this->person}/sites" ) );
		restore_current_blog();

		wp_set_current_user( $this->super_admin );
		$this->assertSame( 201, $this->rest( 'POST', '/wpm-user-sync/v1/jobs', $this->add_body() )->get_status() );
		$this->assertSame( 201, $this->rest( 'POST', '/wpm-user-sync/v1/jobs', $remove )->get_status() );
		$this->assertSame( 200, $this->rest( 'GET', "/wpm-user-sync/v1/people/{$this->person}/sites" )->get_status() );
	}

	/**
	 * Finding: someone granted manage_network_users without being a super admin could remove
	 * anyone from every site (core lets them remove nobody), add people to excluded sites, and
	 * confirm a super admin's waiting preview, which was judged with the super admin's trust.
	 */
	public function test_only_super_admins_add_or_remove_people_or_act_on_such_jobs(): void {
		wp_set_current_user( $this->super_admin );
		$waiting = $this->rest( 'POST', '/wpm-user-sync/v1/jobs', $this->add_body() )->get_data();
		$manager = $this->create_user( 'subscriber' );
		$grant   = static fn( array $caps, string $cap, int $who ): array => 'manage_network_users' === $cap && $who === $manager ? array( 'exist' ) : $caps;
		add_filter( 'map_meta_cap', $grant, 10, 3 );
		wp_set_current_user( $manager );

		$remove = array( 'type' => 'remove_from_sites' ) + $this->add_body();
		foreach ( array( $this->add_body(), $remove ) as $body ) {
			$this->assertRestError( 403, 'wpmus_forbidden', $this->rest( 'POST', '/wpm-user-sync/v1/jobs', $body ) );
		}
		foreach ( array( 'refresh', 'start', 'step', 'cancel' ) as $action ) {
			$this->assertRestError( 403, 'wpmus_forbidden', $this->rest( 'POST', "/wpm-user-sync/v1/jobs/{$waiting['id']}/$action" ) );
		}
		$sync = $this->rest( 'POST', '/wpm-user-sync/v1/jobs', array( 'kind' => 'network' ) );
		remove_filter( 'map_meta_cap', $grant );

		$this->assertSame( 201, $sync->get_status(), 'Network syncs stay theirs.' );
		$this->assertSame( 'author', $this->role_on( $this->person, $this->site ) );
	}

	public function test_a_caller_who_may_not_manage_people_learns_nothing_about_who_exists(): void {
		wp_set_current_user( $this->create_user( 'subscriber' ) );

		$this->assertRestError( 403, 'wpmus_forbidden', $this->rest( 'POST', '/wpm-user-sync/v1/jobs', array( 'users' => array( 999999 ) ) + $this->add_body() ) );
		$this->assertRestError( 403, 'wpmus_forbidden', $this->rest( 'GET', '/wpm-user-sync/v1/people/999999/sites' ) );
		$this->assertRestError( 403, 'wpmus_forbidden', $this->rest( 'GET', "/wpm-user-sync/v1/people/{$this->person}/sites" ) );
	}

	public function test_unknown_users_sites_and_roles_are_refused_and_named(): void {
		$unknown_users = $this->rest( 'POST', '/wpm-user-sync/v1/jobs', array( 'users' => array( $this->person, 999998, 999999 ) ) + $this->add_body() );
		$this->assertRestError( 400, 'rest_invalid_param', $unknown_users );
		$this->assertStringContainsString( '999998, 999999', $unknown_users->get_data()['data']['params']['users'] );

		$unknown_sites = $this->rest( 'POST', '/wpm-user-sync/v1/jobs', array( 'sites' => array( 999999 ) ) + $this->add_body() );
		$this->assertRestError( 400, 'rest_invalid_param', $unknown_sites );
		$this->assertStringContainsString( '999999', $unknown_sites->get_data()['data']['params']['sites'] );

		$unknown_role = $this->rest( 'POST', '/wpm-user-sync/v1/jobs', array( 'role' => 'wizard' ) + $this->add_body() );
		$this->assertRestError( 400, 'rest_invalid_param', $unknown_role );
		$this->assertStringContainsString( 'wizard', $unknown_role->get_data()['data']['params']['role'] );
	}

	public function test_too_many_people_are_refused_at_once_with_a_short_message(): void {
		$response = $this->rest( 'POST', '/wpm-user-sync/v1/jobs', array( 'users' => range( 1, 1001 ) ) + $this->add_body() );

		$this->assertRestError( 400, 'rest_invalid_param', $response );
		$this->assertStringContainsString( '1,000', $response->get_data()['data']['params']['users'] );
		$this->assertLessThan( 200, strlen( $response->get_data()['data']['params']['users'] ) );
	}

	public function test_each_field_belongs_to_its_type(): void {
		$fields = array(
			array( array( 'users' => array( $this->person ) ), 'users', array( 'kind' => 'network' ) ),
			array( array( 'role' => 'editor' ), 'role', array( 'type' => 'remove_from_sites' ) + $this->add_body() ),
			array( array( 'reassign' => array( 'to' => $this->super_admin ) ), 'reassign', $this->add_body() ),
		);
		foreach ( $fields as list( $extra, $field, $body ) ) {
			$response = $this->rest( 'POST', '/wpm-user-sync/v1/jobs', $extra + $body );
			$this->assertRestError( 400, 'rest_invalid_param', $response );
			$this->assertArrayHasKey( $field, $response->get_data()['data']['params'] );
		}
		$no_users = $this->add_body();
		unset( $no_users['users'] );
		$this->assertRestError( 400, 'rest_invalid_param', $this->rest( 'POST', '/wpm-user-sync/v1/jobs', $no_users ) );
	}

	public function test_content_cannot_go_to_someone_removed_or_unknown(): void {
		$remove = array( 'type' => 'remove_from_sites' ) + $this->add_body();

		$to_leaver = $this->rest( 'POST', '/wpm-user-sync/v1/jobs', array( 'reassign' => array( 'to' => $this->person ) ) + $remove );
		$this->assertRestError( 400, 'rest_invalid_param', $to_leaver );

		$to_nobody = $this->rest( 'POST', '/wpm-user-sync/v1/jobs', array( 'reassign' => array( 'perSite' => array( (string) $this->site => 999999 ) ) ) + $remove );
		$this->assertRestError( 400, 'rest_invalid_param', $to_nobody );
		$this->assertStringContainsString( '999999', $to_nobody->get_data()['data']['params']['reassign'] );

		$both = $this->rest( 'POST', '/wpm-user-sync/v1/jobs', array( 'reassign' => array( 'to' => 1, 'perSite' => array( '1' => 1 ) ) ) + $remove );
		$this->assertRestError( 400, 'rest_invalid_param', $both );

		$not_a_site = $this->rest( 'POST', '/wpm-user-sync/v1/jobs', array( 'reassign' => array( 'perSite' => array( 'x' => 1 ) ) ) + $remove );
		$this->assertRestError( 400, 'rest_invalid_param', $not_a_site );
	}

	public function test_the_sites_of_a_person_are_listed_with_their_roles_paged_and_searchable(): void {
		$labs = array();
		for ( $i = 0; $i < 3; $i++ ) {
			$labs[] = $this->create_site( array( 'title' => "Lab $i" ) );
			add_user_to_blog( end( $labs ), $this->person, 'editor' );
		}

		$request = new \WP_REST_Request( 'GET', "/wpm-user-sync/v1/people/{$this->person}/sites" );
		$request->set_query_params( array( 'per_page' => 2 ) );
		$first = rest_get_server()->dispatch( $request );
		$this->assertSame( '4', $first->get_headers()['X-WP-Total'], 'R&D and three labs.' );
		$this->assertSame( '2', $first->get_headers()['X-WP-TotalPages'] );
		$this->assertCount( 2, $first->get_data() );

		$request = new \WP_REST_Request( 'GET', "/wpm-user-sync/v1/people/{$this->person}/sites" );
		$request->set_query_params( array( 'search' => 'R&D' ) );
		$found = rest_get_server()->dispatch( $request )->get_data();
		$this->assertSame(
			array(
				array(
					'id'                  => $this->site,
					'name'                => 'R&D <Lab>',
					'url'                 => get_site( $this->site )->siteurl,
					'roles'               => array( 'author' ),
					'isLastAdministrator' => false,
				),
			),
			$found
		);
	}

	public function test_a_person_who_does_not_exist_is_not_found(): void {
		$this->assertRestError( 404, 'wpmus_user_not_found', $this->rest( 'GET', '/wpm-user-sync/v1/people/999999/sites' ) );
	}

	public function test_the_schemas_describe_the_new_fields(): void {
		$jobs = $this->rest( 'OPTIONS', '/wpm-user-sync/v1/jobs' )->get_data();
		foreach ( array( 'users', 'role', 'reassign' ) as $field ) {
			$this->assertNotEmpty( $jobs['schema']['properties'][ $field ]['description'] );
			$this->assertArrayHasKey( $field, $jobs['endpoints'][1]['args'] );
		}
		$this->assertSame( array( 'add_memberships', 'add_to_sites', 'remove_from_sites', 'undo' ), $jobs['endpoints'][1]['args']['type']['enum'] );

		$people = $this->rest( 'OPTIONS', "/wpm-user-sync/v1/people/{$this->person}/sites" )->get_data();
		$this->assertSame( array( 'id', 'name', 'url', 'roles', 'isLastAdministrator' ), array_keys( $people['schema']['properties'] ) );
	}
}
