<?php
/**
 * Tests of what the jobs routes say about a job's state: stale previews, refresh,
 * interrupted batches, finished jobs, site names, and whose history a job is in.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\REST;

use WPM_User_Sync\Jobs\Job_Lock;
use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Tests\Support\TestCase;

final class Jobs_Trust_Test extends TestCase {

	private int $site;
	private int $super_admin;

	protected function setUp(): void {
		parent::setUp();
		$this->site        = $this->create_site( array( 'title' => 'R&D <Lab>' ) );
		$this->super_admin = $this->create_super_admin();
		$this->create_users_fast( 5 );
		wp_set_current_user( $this->super_admin );
	}

	private function previewed( string $route = '/wpm-user-sync/v1/jobs', array $body = array() ): array {
		$job = $this->rest( 'POST', $route, $body + array( 'kind' => 'sites', 'sites' => array( $this->site ) ) )->get_data();
		for ( $i = 0; $i < 50 && 'previewing' === $job['status']; $i++ ) {
			$job = $this->rest( 'POST', "$route/{$job['id']}/step" )->get_data();
		}
		$this->assertSame( 'ready', $job['status'] );
		return $job;
	}

	public function test_a_fresh_preview_says_when_it_was_made_and_can_be_confirmed(): void {
		$job = $this->previewed();

		$this->assertFalse( $job['stale'] );
		$this->assertNotNull( $job['previewedAt'] );
		$this->assertNull( $job['waiting'] );
		$this->assertSame( 'person', $job['origin'] );
		$this->assertSame( 'running', $this->rest( 'POST', "/wpm-user-sync/v1/jobs/{$job['id']}/start" )->get_data()['status'] );
	}

	public function test_a_preview_made_before_the_network_changed_must_be_refreshed_before_it_is_confirmed(): void {
		$job = $this->previewed();
		$this->create_site();

		$this->assertTrue( $this->rest( 'GET', "/wpm-user-sync/v1/jobs/{$job['id']}" )->get_data()['stale'] );
		$refused = $this->rest( 'POST', "/wpm-user-sync/v1/jobs/{$job['id']}/start" );
		$this->assertRestError( 409, 'wpmus_preview_stale', $refused );
		$this->assertStringContainsString( 'Refresh', $refused->get_data()['message'] );

		$refreshed = $this->rest( 'POST', "/wpm-user-sync/v1/jobs/{$job['id']}/refresh" )->get_data();
		$this->assertSame( 'previewing', $refreshed['status'] );
		$this->assertSame( $job['id'], $refreshed['id'] );
	}

	public function test_refresh_is_only_for_a_preview_waiting_for_confirmation(): void {
		$job = $this->rest( 'POST', '/wpm-user-sync/v1/jobs', array( 'kind' => 'network' ) )->get_data();

		$this->assertRestError( 409, 'wpmus_job_not_ready', $this->rest( 'POST', "/wpm-user-sync/v1/jobs/{$job['id']}/refresh" ) );
	}

	public function test_cancelling_a_finished_job_says_it_is_finished(): void {
		$job = $this->previewed();
		$this->rest( 'POST', "/wpm-user-sync/v1/jobs/{$job['id']}/cancel" );

		$again = $this->rest( 'POST', "/wpm-user-sync/v1/jobs/{$job['id']}/cancel" );
		$this->assertRestError( 409, 'wpmus_job_finished', $again );
		$this->assertStringContainsString( 'already', $again->get_data()['message'] );
	}

	public function test_a_step_that_meets_an_interrupted_batch_says_how_long_it_waits(): void {
		$job = $this->previewed();
		$this->rest( 'POST', "/wpm-user-sync/v1/jobs/{$job['id']}/start" );
		$runner = new Job_Runner( get_current_network_id(), new Job_Store() );
		// A batch that died holding the lock.
		( new Job_Lock() )->take( $runner->find( $job['id'] ), 40 );

		$step = $this->rest( 'POST', "/wpm-user-sync/v1/jobs/{$job['id']}/step" )->get_data();

		$this->assertSame( 'running', $step['status'] );
		$this->assertGreaterThan( 30, $step['waiting']['seconds'] );
		$this->assertLessThanOrEqual( 40, $step['waiting']['seconds'] );
		$this->assertSame( 0, $step['progress']['added'], 'Nothing changed.' );
	}

	public function test_site_names_are_plain_text_decoded_once(): void {
		$job = $this->previewed();

		$names = array_column( $job['preview']['sites'], 'name', 'id' );
		$this->assertSame( 'R&D <Lab>', $names[ $this->site ] );
	}

	public function test_a_site_administrator_cannot_reach_a_network_job_on_their_site(): void {
		$admin = $this->create_user( 'administrator', $this->site );
		$job   = $this->previewed();
		wp_set_current_user( $admin );
		switch_to_blog( $this->site );

		$this->assertRestError( 404, 'wpmus_job_not_found', $this->rest( 'POST', "/wpm-user-sync/v1/site-jobs/{$job['id']}/cancel" ) );
		$this->assertSame( array(), $this->rest( 'GET', '/wpm-user-sync/v1/site-jobs' )->get_data() );
		restore_current_blog();
	}

	public function test_the_schema_describes_the_new_fields(): void {
		$properties = $this->rest( 'OPTIONS', '/wpm-user-sync/v1/jobs' )->get_data()['schema']['properties'];

		foreach ( array( 'previewedAt', 'stale', 'waiting', 'origin' ) as $field ) {
			$this->assertArrayHasKey( $field, $properties );
			$this->assertNotEmpty( $properties[ $field ]['description'] );
		}
	}
}
