<?php
/**
 * The activity routes: who may read what, filters, paging, the CSV export.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Activity;

use WP_REST_Request;
use WP_User;
use WPM_User_Sync\Activity\Activity_Filter;
use WPM_User_Sync\REST\Activity_Controller;

// The autoloader maps tests to the main checkout's folder; this one may be new there.
require_once __DIR__ . '/Activity_Test_Case.php';

/**
 * Routes × roles, as docs/security.md lists them.
 */
final class Activity_Controller_Test extends Activity_Test_Case {

	public function test_logged_out_visitor_gets_401_and_a_subscriber_403_on_every_route(): void {
		foreach ( array( '/wpm-user-sync/v1/activity', '/wpm-user-sync/v1/activity/export', '/wpm-user-sync/v1/site-activity', '/wpm-user-sync/v1/site-activity/export' ) as $route ) {
			wp_set_current_user( 0 );
			$this->assertRestError( 401, 'wpmus_forbidden', $this->rest( 'GET', $route ) );
			wp_set_current_user( $this->create_user( 'subscriber' ) );
			$this->assertRestError( 403, 'wpmus_forbidden', $this->rest( 'GET', $route ) );
		}
	}

	public function test_a_site_administrator_reads_their_own_site_only_and_never_the_network(): void {
		$here      = $this->create_site();
		$elsewhere = $this->create_site();
		$admin     = $this->create_user( 'administrator', $here );
		$user      = $this->create_user( 'subscriber', $here );
		add_user_to_blog( $elsewhere, $user, 'author' );
		wp_set_current_user( $admin );

		$this->assertRestError( 403, 'wpmus_forbidden', $this->rest( 'GET', '/wpm-user-sync/v1/activity' ) );

		switch_to_blog( $here );
		$response = $this->rest( 'GET', '/wpm-user-sync/v1/site-activity' );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( array( $here ), array_values( array_unique( array_column( array_column( $response->get_data(), 'site' ), 'id' ) ) ) );
		// No site parameter is taken: it stays the site of the URL.
		$request = new WP_REST_Request( 'GET', '/wpm-user-sync/v1/site-activity' );
		$request->set_query_params( array( 'site' => $elsewhere ) );
		$this->assertSame( array( $here ), array_values( array_unique( array_column( array_column( rest_get_server()->dispatch( $request )->get_data(), 'site' ), 'id' ) ) ) );
		restore_current_blog();

		switch_to_blog( $elsewhere );
		$this->assertRestError( 403, 'wpmus_forbidden', $this->rest( 'GET', '/wpm-user-sync/v1/site-activity' ) );
		restore_current_blog();
	}

	public function test_a_network_administrator_filters_and_pages_newest_first_with_totals(): void {
		$site  = $this->create_site();
		$user  = $this->create_user( null );
		$super = $this->create_super_admin();
		wp_set_current_user( $super );
		add_user_to_blog( $site, $user, 'subscriber' );
		switch_to_blog( $site );
		( new WP_User( $user ) )->set_role( 'editor' );
		restore_current_blog();
		remove_user_from_blog( $user, $site );

		$request = new WP_REST_Request( 'GET', '/wpm-user-sync/v1/activity' );
		$request->set_query_params(
			array(
				'user'     => $user,
				'per_page' => 2,
			)
		);
		$response = rest_get_server()->dispatch( $request );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( '3', $response->get_headers()['X-WP-Total'] );
		$this->assertSame( '2', $response->get_headers()['X-WP-TotalPages'] );
		$first = $response->get_data();
		$this->assertSame( array( 'removed', 'role_changed' ), array_column( $first, 'kind' ) );
		$this->assertSame( 'editor', $first[0]['roleBefore'] );
		$this->assertNull( $first[0]['roleAfter'] );
		$this->assertSame( array( 'id', 'name' ), array_keys( $first[0]['actor'] ) );
		$this->assertSame( $super, $first[0]['actor']['id'] );
		$this->assertSame( 'core', $first[0]['cause'] );
		$this->assertMatchesRegularExpression( '/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/', $first[0]['date'] );

		$request->set_query_params(
			array(
				'user' => $user,
				'kind' => 'added',
				'site' => $site,
			)
		);
		$added = rest_get_server()->dispatch( $request )->get_data();
		$this->assertSame( array( 'added' ), array_column( $added, 'kind' ) );
		$this->assertSame( 'subscriber', $added[0]['roleAfter'] );

		$request->set_query_params(
			array(
				'user'  => $user,
				'after' => gmdate( 'Y-m-d\TH:i:s\Z', time() + 3600 ),
			)
		);
		$this->assertSame( array(), rest_get_server()->dispatch( $request )->get_data() );
		$request->set_query_params(
			array(
				'user'  => $user,
				'cause' => 'sync',
			)
		);
		$this->assertSame( array(), rest_get_server()->dispatch( $request )->get_data() );
	}

	public function test_bad_filters_are_refused_by_shape_before_anything_else(): void {
		wp_set_current_user( 0 );
		foreach ( array(
			array( 'kind' => 'deleted' ),
			array( 'cause' => 'magic' ),
			array( 'per_page' => 101 ),
			array( 'after' => 'yesterday' ),
			array( 'user' => 'someone' ),
		) as $params ) {
			$request = new WP_REST_Request( 'GET', '/wpm-user-sync/v1/activity' );
			$request->set_query_params( $params );
			$this->assertRestError( 400, 'rest_invalid_param', rest_get_server()->dispatch( $request ) );
		}
	}

	public function test_a_deleted_site_or_person_reads_with_empty_names(): void {
		$site = $this->create_site();
		$user = $this->create_user( 'subscriber', $site );
		wp_set_current_user( $this->create_super_admin() );
		wpmu_delete_user( $user );
		wp_delete_site( $site );

		$request = new WP_REST_Request( 'GET', '/wpm-user-sync/v1/activity' );
		$request->set_query_params( array( 'user' => $user ) );
		$response = rest_get_server()->dispatch( $request );
		$this->assertSame( 200, $response->get_status() );
		$this->assertNotSame( array(), $response->get_data() );
		foreach ( $response->get_data() as $item ) {
			$this->assertSame( '', $item['user']['login'] );
			if ( $site === $item['site']['id'] ) {
				$this->assertSame( '', $item['site']['name'] );
			}
		}
	}

	public function test_the_export_streams_csv_with_a_header_and_guards_against_formulas(): void {
		$site = $this->create_site( array( 'title' => '=HYPERLINK("http://evil.example")' ) );
		$user = $this->create_user( 'subscriber', $site );
		wp_set_current_user( $this->create_super_admin() );

		$request = new WP_REST_Request( 'GET', '/wpm-user-sync/v1/activity/export' );
		$request->set_query_params( array( 'user' => $user ) );
		$response = rest_get_server()->dispatch( $request );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( 'text/csv; charset=utf-8', $response->get_headers()['Content-Type'] );
		$this->assertMatchesRegularExpression( '/^attachment; filename="activity-\d{4}-\d\d-\d\d\.csv"$/', $response->get_headers()['Content-Disposition'] );

		ob_start();
		$served = apply_filters( 'rest_pre_serve_request', false, $response, $request, rest_get_server() );
		$csv    = (string) ob_get_clean();
		$this->assertTrue( $served );
		$lines = array_map( 'str_getcsv', array_filter( explode( "\n", $csv ) ) );
		$this->assertSame( 'date', $lines[0][0] );
		$this->assertCount( 2, $lines, 'The header and the one membership.' );
		$names = array_column( $lines, 3 );
		$this->assertContains( '\'=HYPERLINK("http://evil.example")', $names );
	}

	public function test_the_export_pages_through_every_row_in_batches(): void {
		$site   = $this->create_site();
		$users  = $this->create_users_fast( 2500 );
		$super  = $this->create_super_admin();
		$runner = new \WPM_User_Sync\Jobs\Job_Runner( get_current_network_id(), new \WPM_User_Sync\Jobs\Job_Store() );
		$job    = $runner->create( 'sites', array( $site ), false, $super );
		$job    = $runner->step( $job, new \WPM_User_Sync\Jobs\Job_Budget( INF ) );
		$runner->step( $runner->start( $job ), new \WPM_User_Sync\Jobs\Job_Budget( INF ) );

		$out = fopen( 'php://memory', 'w+' );
		( new Activity_Controller( false ) )->write_csv( new Activity_Filter( get_current_network_id(), null, $site ), $out );
		rewind( $out );
		$ids = array();
		fgetcsv( $out, null, ',', '"', '' );
		while ( false !== ( $row = fgetcsv( $out, null, ',', '"', '' ) ) ) { // phpcs:ignore Generic.CodeAnalysis.AssignmentInCondition.FoundInWhileCondition
			$ids[] = (int) $row[5];
		}
		$ids_in_order = $ids;
		sort( $ids );
		$this->assertSame( $users, array_values( array_intersect( $ids, $users ) ) );
		$this->assertSame( count( $ids ), count( array_unique( $ids ) ), 'Each row once across batches.' );

		// Pages cut through an event of a thousand users where the export does.
		$store  = new \WPM_User_Sync\Activity\Activity_Store();
		$filter = new Activity_Filter( get_current_network_id(), null, $site );
		$pages  = array_merge( $store->list( $filter, 100, 900 ), $store->list( $filter, 100, 1000 ) );
		$this->assertSame( array_slice( $ids_in_order, 900, 200 ), array_map( static fn( array $row ): int => (int) $row['user_id'], $pages ) );
		$this->assertSame( count( $ids ), $store->count( $filter ) );
	}

	public function test_the_schema_is_public_through_options(): void {
		$response = $this->rest( 'OPTIONS', '/wpm-user-sync/v1/activity' );
		$this->assertSame( 200, $response->get_status() );
		$properties = $response->get_data()['schema']['properties'];
		$this->assertSame( array( 'id', 'date', 'kind', 'site', 'user', 'roleBefore', 'roleAfter', 'actor', 'via', 'cause', 'job', 'detail' ), array_keys( $properties ) );
	}
}
