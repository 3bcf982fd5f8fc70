<?php
/**
 * What the tests of jobs about named people share: a super admin at the controls, and
 * jobs created, previewed and run through the REST API as the screens do.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\People;

use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Tests\Support\TestCase;

abstract class People_Test_Case extends TestCase {

	protected int $super_admin;

	protected function setUp(): void {
		parent::setUp();
		$this->super_admin = $this->create_super_admin();
		wp_set_current_user( $this->super_admin );
	}

	protected function tearDown(): void {
		wp_clear_scheduled_hook( Job_Runner::CRON_HOOK );
		parent::tearDown();
	}

	/**
	 * Creates a job and steps its preview to the end.
	 *
	 * @param array<string, mixed> $body The body of POST /jobs.
	 * @return array<string, mixed> The job, ready.
	 */
	protected function previewed( array $body ): array {
		$created = $this->rest( 'POST', '/wpm-user-sync/v1/jobs', $body );
		$this->assertSame( 201, $created->get_status(), 'Not created: ' . wp_json_encode( $created->get_data() ) );
		$job = $created->get_data();
		for ( $i = 0; $i < 1000 && 'previewing' === $job['status']; $i++ ) {
			$job = $this->rest( 'POST', "/wpm-user-sync/v1/jobs/{$job['id']}/step" )->get_data();
		}
		$this->assertSame( 'ready', $job['status'] );
		return $job;
	}

	/**
	 * Previews, confirms and runs a job to the end.
	 *
	 * @param array<string, mixed> $body The body of POST /jobs.
	 * @return array<string, mixed> The job, done.
	 */
	protected function run_job( array $body ): array {
		$job = $this->previewed( $body );
		$job = $this->rest( 'POST', "/wpm-user-sync/v1/jobs/{$job['id']}/start" )->get_data();
		$this->assertSame( 'running', $job['status'], 'Not started: ' . wp_json_encode( $job ) );
		for ( $i = 0; $i < 1000 && 'running' === $job['status']; $i++ ) {
			$job = $this->rest( 'POST', "/wpm-user-sync/v1/jobs/{$job['id']}/step" )->get_data();
		}
		$this->assertSame( 'done', $job['status'], 'Not done: ' . wp_json_encode( $job['lastError'] ?? null ) );
		return $job;
	}

	/**
	 * The skips of a site in a job's preview.
	 *
	 * @param array<string, mixed> $job     A job.
	 * @param int                  $site_id Site.
	 * @return array<string, int>
	 */
	protected function preview_skips( array $job, int $site_id ): array {
		foreach ( $job['preview']['sites'] as $site ) {
			if ( $site['id'] === $site_id ) {
				return (array) $site['skipped'];
			}
		}
		return array();
	}

	/**
	 * A post by someone on a site.
	 *
	 * @param int    $site_id Site.
	 * @param int    $author  Author.
	 * @param string $type    post or page.
	 */
	protected function create_post( int $site_id, int $author, string $type = 'post' ): int {
		switch_to_blog( $site_id );
		try {
			$post = wp_insert_post(
				array(
					'post_title'  => 'A ' . $type,
					'post_type'   => $type,
					'post_status' => 'publish',
					'post_author' => $author,
				)
			);
			$this->assertIsInt( $post );
			return $post;
		} finally {
			restore_current_blog();
		}
	}

	/**
	 * Who a post of a site belongs to now.
	 *
	 * @param int $site_id Site.
	 * @param int $post_id Post.
	 */
	protected function author_of( int $site_id, int $post_id ): int {
		global $wpdb;
		return (int) $wpdb->get_var( $wpdb->prepare( 'SELECT post_author FROM ' . $wpdb->get_blog_prefix( $site_id ) . 'posts WHERE ID = %d', $post_id ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
	}
}
