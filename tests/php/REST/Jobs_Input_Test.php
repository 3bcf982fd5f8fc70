<?php
/**
 * Tests of what POST /wpm-user-sync/v1/jobs and /site-jobs accept, and of what
 * they tell a caller who may not use them.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\REST;

use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Tests\Support\TestCase;

final class Jobs_Input_Test extends TestCase {

	private const JOBS = '/wpm-user-sync/v1/jobs';

	private const SITE_JOBS = '/wpm-user-sync/v1/site-jobs';

	private int $site;

	/**
	 * Jobs stored before the test.
	 *
	 * @var int
	 */
	private int $jobs_before;

	protected function setUp(): void {
		parent::setUp();
		$this->site        = $this->create_site();
		$this->jobs_before = $this->all_jobs();
	}

	protected function tearDown(): void {
		wp_clear_scheduled_hook( Job_Runner::CRON_HOOK );
		parent::tearDown();
	}

	/**
	 * Sends a request as someone, to a site (the site of the URL).
	 *
	 * @param int                 $user_id User, 0 for logged out.
	 * @param string              $route   Route.
	 * @param array<mixed>|string $body    Body.
	 * @param int|null            $site_id Site of the URL; the main site when null.
	 * @return array{0: int, 1: mixed} Status and body.
	 */
	private function post( int $user_id, string $route, array|string $body, ?int $site_id = null ): array {
		wp_set_current_user( $user_id );
		switch_to_blog( $site_id ?? get_main_site_id() );
		$response = $this->rest( 'POST', $route, $body );
		restore_current_blog();
		return array( $response->get_status(), $response->get_data() );
	}

	private function all_jobs(): int {
		global $wpdb;
		return (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . Job_Store::table() ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
	}

	/**
	 * Jobs created by the test.
	 */
	private function job_count(): int {
		return $this->all_jobs() - $this->jobs_before;
	}

	/**
	 * Asserts a 400 whose body stays short, whatever was sent.
	 *
	 * @param array{0: int, 1: mixed} $answer Status and body.
	 */
	private function assertShortRefusal( array $answer ): void {
		$this->assertSame( 400, $answer[0], (string) substr( (string) wp_json_encode( $answer[1] ), 0, 500 ) );
		$this->assertLessThan( 1000, strlen( (string) wp_json_encode( $answer[1] ) ), 'The error body lists what was sent.' );
	}

	public function test_a_caller_who_may_not_run_network_syncs_learns_nothing_about_the_network_s_sites(): void {
		$people = array(
			'logged out'              => array( 0, 401 ),
			'subscriber'              => array( $this->create_user( 'subscriber' ), 403 ),
			'site admin of this site' => array( $this->create_user( 'administrator', $this->site ), 403 ),
		);

		foreach ( $people as $who => list( $user_id, $status ) ) {
			$existing = $this->post( $user_id, self::JOBS, array( 'kind' => 'sites', 'sites' => array( $this->site ) ), $this->site );
			$missing  = $this->post( $user_id, self::JOBS, array( 'kind' => 'sites', 'sites' => array( 999999 ) ), $this->site );

			$this->assertSame( $status, $existing[0], $who );
			$this->assertSame( 'wpmus_forbidden', $existing[1]['code'], $who );
			$this->assertSame( $existing, $missing, "{$who}: a site that exists and one that does not must get the same answer." );
		}
		$this->assertSame( 0, $this->job_count() );
	}

	public function test_a_million_site_ids_are_refused_at_once_with_a_short_message(): void {
		$body = '{"kind":"sites","sites":[' . implode( ',', range( 2, 1000001 ) ) . ']}';

		foreach ( array( 0, $this->create_super_admin() ) as $user_id ) {
			$answer = $this->post( $user_id, self::JOBS, $body );

			$this->assertShortRefusal( $answer );
			$this->assertStringContainsString( '10,000', $answer[1]['data']['params']['sites'] );
		}
		$this->assertSame( 0, $this->job_count() );
	}

	public function test_a_body_that_is_not_an_object_is_refused_with_a_short_message(): void {
		$list = '[' . implode( ',', range( 1, 100000 ) ) . ']';

		foreach ( array( self::JOBS, self::SITE_JOBS ) as $route ) {
			foreach ( array( $list, '"network"', '7' ) as $body ) {
				$answer = $this->post( 0, $route, $body, $this->site );

				$this->assertShortRefusal( $answer );
				// On /jobs, core first says that kind is missing.
				$this->assertContains( $answer[1]['code'], self::JOBS === $route ? array( 'rest_missing_callback_param', 'wpmus_invalid_body' ) : array( 'wpmus_invalid_body' ), $route . ' ' . substr( $body, 0, 20 ) );
			}
		}
	}

	public function test_thousands_of_unknown_fields_are_named_a_few_at_a_time(): void {
		$fields = array();
		for ( $i = 0; $i < 5000; $i++ ) {
			$fields[ "field{$i}" ] = true;
		}

		foreach ( array( self::JOBS, self::SITE_JOBS ) as $route ) {
			// kind is required on /jobs: without it, that is what the answer would be about.
			$body   = self::JOBS === $route ? array( 'kind' => 'network' ) + $fields : $fields;
			$answer = $this->post( 0, $route, $body, $this->site );

			$this->assertShortRefusal( $answer );
			$this->assertSame( 'wpmus_unknown_field', $answer[1]['code'] );
			$this->assertStringContainsString( 'field0, field1, field2 and 4,997 more', $answer[1]['message'] );
		}
	}

	public function test_thousands_of_unknown_sites_are_named_a_few_at_a_time(): void {
		$answer = $this->post( $this->create_super_admin(), self::JOBS, array( 'kind' => 'sites', 'sites' => range( 999901, 999901 + 2999 ) ) );

		$this->assertShortRefusal( $answer );
		$this->assertSame( 'rest_invalid_param', $answer[1]['code'] );
		$this->assertSame( 'These sites do not exist in this network: 999901, 999902, 999903 and 2,997 more.', $answer[1]['data']['params']['sites'] );
		$this->assertSame( 0, $this->job_count() );
	}

	public function test_a_network_job_takes_no_sites(): void {
		$super = $this->create_super_admin();

		foreach ( array( '{"kind":"network","sites":[' . $this->site . ']}', '{"kind":"network","sites":[]}' ) as $body ) {
			$answer = $this->post( $super, self::JOBS, $body );

			$this->assertSame( 400, $answer[0], $body );
			$this->assertSame( 'wpmus_network_takes_no_sites', $answer[1]['code'] );
		}
		$this->assertSame( 0, $this->job_count(), 'No network-wide job was created instead.' );
	}

	public function test_a_site_id_beyond_64_bits_is_refused_and_named(): void {
		$super = $this->create_super_admin();

		foreach ( array( '99999999999999999999999', '18446744073709551619', '9223372036854775808' ) as $huge ) {
			$answer = $this->post( $super, self::JOBS, '{"kind":"sites","sites":[' . $this->site . ',' . $huge . ']}' );

			$this->assertSame( 400, $answer[0], $huge );
			$this->assertStringContainsString( $huge, $answer[1]['data']['params']['sites'] );
		}
		$this->assertSame( 0, $this->job_count(), 'No job on a wrapped ID was created.' );
	}

	public function test_null_is_refused_for_every_field(): void {
		$super = $this->create_super_admin();
		$cases = array(
			array( self::JOBS, '{"kind":"sites","sites":[' . $this->site . '],"addRemoved":null}', 'addRemoved' ),
			array( self::JOBS, '{"kind":"sites","sites":null}', 'sites' ),
			array( self::SITE_JOBS, '{"addRemoved":null}', 'addRemoved' ),
		);

		foreach ( $cases as list( $route, $body, $field ) ) {
			$answer = $this->post( $super, $route, $body, $this->site );

			$this->assertSame( 400, $answer[0], $body );
			$this->assertSame( 'rest_invalid_param', $answer[1]['code'], $body );
			$this->assertStringContainsString( $field, $answer[1]['data']['params'][ $field ] ?? '', $body );
		}
		$this->assertSame( 0, $this->job_count() );
	}

	public function test_the_schema_says_how_many_sites_a_job_takes(): void {
		$options = $this->rest( 'OPTIONS', self::JOBS )->get_data();
		$create  = array_values( array_filter( $options['endpoints'], static fn( $endpoint ) => in_array( 'POST', $endpoint['methods'], true ) ) )[0];

		$this->assertSame( 10000, $create['args']['sites']['maxItems'] );
		$this->assertSame( 10000, $options['schema']['properties']['sites']['maxItems'] );
	}

	public function test_a_caller_who_may_not_see_a_job_cannot_tell_whether_it_exists(): void {
		$runner  = new Job_Runner( get_current_network_id(), new Job_Store() );
		$network = $runner->create( 'sites', array( $this->site ), false, 1 );
		$people  = array(
			array( 0, self::JOBS, 401 ),
			array( $this->create_user( 'subscriber', $this->site ), self::JOBS, 403 ),
			array( $this->create_user( 'administrator', $this->site ), self::JOBS, 403 ),
			array( 0, self::SITE_JOBS, 401 ),
			array( $this->create_user( 'subscriber', $this->site ), self::SITE_JOBS, 403 ),
		);

		foreach ( $people as list( $user_id, $base, $status ) ) {
			foreach ( array( '', '/step', '/start', '/cancel' ) as $action ) {
				wp_set_current_user( $user_id );
				switch_to_blog( $this->site );
				$existing = $this->rest( '' === $action ? 'GET' : 'POST', "{$base}/{$network->id}{$action}" );
				$missing  = $this->rest( '' === $action ? 'GET' : 'POST', "{$base}/999999{$action}" );
				restore_current_blog();

				$this->assertSame( $status, $existing->get_status(), "{$base}{$action}" );
				$this->assertSame( $existing->get_data(), $missing->get_data(), "{$base}{$action}" );
			}
		}
		$this->assertSame( 'previewing', $runner->find( $network->id )->status );
	}
}
