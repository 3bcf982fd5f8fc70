<?php
/**
 * Tests for "new site → every user".
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Triggers;

use WPM_User_Sync\Triggers\New_Site_Trigger;
use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Jobs\Job_Watch;
use WPM_User_Sync\Tests\Support\TestCase;

final class New_Site_Trigger_Test extends TestCase {

	protected function setUp(): void {
		parent::setUp();
		$this->set_settings( array( 'newSiteSync' => true ) );
	}

	protected function tearDown(): void {
		remove_all_filters( 'wpmus_job_budget' );
		remove_all_filters( 'wpmus_new_site_seconds_in_request' );
		remove_all_filters( 'wpmus_engine_users_per_block' );
		wp_clear_scheduled_hook( New_Site_Trigger::CONTINUE_HOOK );
		parent::tearDown();
	}

	public function test_a_new_site_gets_every_user_with_its_own_default_role_not_their_main_site_role(): void {
		$editor = $this->create_user( 'editor' );
		$plain  = $this->create_user( null );

		$site_id = $this->create_site( array( 'options' => array( 'default_role' => 'contributor' ) ) );

		$this->assertSame( 'contributor', $this->role_on( $editor, $site_id ) );
		$this->assertSame( 'contributor', $this->role_on( $plain, $site_id ) );
		$this->assertSame( 'editor', $this->role_on( $editor, get_main_site_id() ), 'The main site role is untouched.' );
	}

	public function test_the_site_owner_keeps_administrator(): void {
		$owner = $this->create_user( null );

		$site_id = $this->create_site( array( 'user_id' => $owner ) );

		$this->assertSame( 'administrator', $this->role_on( $owner, $site_id ) );
	}

	public function test_super_admins_are_not_added_unless_opted_in(): void {
		$super_admin = $this->create_super_admin();

		$site_id = $this->create_site();
		$this->assertNull( $this->role_on( $super_admin, $site_id ) );

		$this->set_settings( array( 'includeSuperAdmins' => true ) );
		$other = $this->create_site();
		$this->assertSame( 'subscriber', $this->role_on( $super_admin, $other ) );
	}

	public function test_an_archived_new_site_gets_nobody(): void {
		$user_id = $this->create_user( null );

		$site_id = $this->create_site( array( 'archived' => 1 ) );

		$this->assertNull( $this->role_on( $user_id, $site_id ) );
	}

	public function test_nothing_happens_when_the_trigger_is_off(): void {
		$this->set_settings( array( 'newSiteSync' => false ) );
		$user_id = $this->create_user( null );

		$site_id = $this->create_site();

		$this->assertNull( $this->role_on( $user_id, $site_id ) );
	}

	public function test_a_site_a_person_creates_for_themselves_is_not_filled_with_everyone(): void {
		$user_id = $this->create_user( null );
		$owner   = $this->create_user( 'subscriber' );
		wp_set_current_user( $owner );

		$site_id = $this->create_site( array( 'user_id' => $owner ) );

		$this->assertNull( $this->role_on( $user_id, $site_id ), 'Its owner does not get to see every user.' );
	}

	public function test_a_site_made_by_a_signup_activation_is_not_filled_with_everyone(): void {
		$user_id = $this->create_user( null );
		wp_installing( true ); // What wp-activate.php runs under.

		$site_id = $this->create_site();
		wp_installing( false );

		$this->assertNull( $this->role_on( $user_id, $site_id ) );
	}

	public function test_a_site_a_super_admin_creates_is_filled_and_the_network_can_opt_signups_in(): void {
		$user_id = $this->create_user( null );
		wp_set_current_user( $this->create_super_admin() );
		$by_admin = $this->create_site();
		$this->assertSame( 'subscriber', $this->role_on( $user_id, $by_admin ) );

		wp_set_current_user( $this->create_user( 'subscriber' ) );
		add_filter( 'wpmus_sync_new_site', '__return_true' );
		$opted_in = $this->create_site();
		$this->assertSame( 'subscriber', $this->role_on( $user_id, $opted_in ) );
	}

	public function test_a_large_sync_becomes_a_job_that_wp_cron_finishes(): void {
		$users = $this->create_users_fast( 30 );
		// Pretend the network is huge: tiny blocks and no time while the site is created.
		add_filter( 'wpmus_engine_users_per_block', static fn() => 5 );
		add_filter( 'wpmus_job_budget', array( $this, 'no_time_while_a_site_is_created' ), 10, 2 );

		$site_id = $this->create_site();

		$this->assertNull( $this->role_on( end( $users ), $site_id ), 'Only a first batch ran in the request.' );
		$jobs = ( new Job_Store() )->list( get_current_network_id(), 5, array( Job::RUNNING ), 0 );
		$this->assertCount( 1, $jobs, 'The rest is a running job in the network\'s history.' );
		$job = $jobs[0];
		$this->assertSame( array( $site_id ), $job->site_ids );
		$this->assertSame( Job::ORIGIN_NEW_SITE, $job->origin );
		$this->assertGreaterThan( 0, $job->result->added(), 'The job counts what the request added.' );
		$this->assertNotFalse( $this->next_run( $job ), 'WP-Cron carries it on.' );

		$this->run_wp_cron_until_done( $job );

		foreach ( $users as $user_id ) {
			$this->assertSame( 'subscriber', $this->role_on( $user_id, $site_id ) );
		}
		$done = ( new Job_Store() )->find( $job->id, get_current_network_id() );
		$this->assertSame( Job::DONE, $done->status );
		$this->assertSame( $this->members_added_count( $site_id ), $done->result->added(), 'The job\'s total is what the site received.' );
	}

	public function test_a_new_sites_job_whose_cron_event_was_lost_is_found_by_the_watch_and_finished(): void {
		$users = $this->create_users_fast( 30 );
		add_filter( 'wpmus_engine_users_per_block', static fn() => 5 );
		add_filter( 'wpmus_job_budget', array( $this, 'no_time_while_a_site_is_created' ), 10, 2 );
		$site_id = $this->create_site();
		$job     = ( new Job_Store() )->list( get_current_network_id(), 5, array( Job::RUNNING ), 0 )[0];

		// Another request saved the cron option it had read before the event was added.
		$this->lose_cron_event( $job );
		$this->assertFalse( $this->next_run( $job ) );

		do_action( Job_Watch::HOOK );
		$this->assertNotFalse( $this->next_run( $job ), 'The watch gave the job its event back.' );
		$this->assertLessThanOrEqual( time(), $this->next_run( $job ), 'It runs at the next WP-Cron request.' );

		$this->run_wp_cron_until_done( $job );
		foreach ( $users as $user_id ) {
			$this->assertSame( 'subscriber', $this->role_on( $user_id, $site_id ) );
		}
		$this->assertSame( Job::DONE, ( new Job_Store() )->find( $job->id, get_current_network_id() )->status );
	}

	public function test_the_watch_leaves_a_job_whose_batch_is_running_and_keeps_itself_scheduled(): void {
		$this->create_users_fast( 30 );
		add_filter( 'wpmus_engine_users_per_block', static fn() => 5 );
		add_filter( 'wpmus_job_budget', array( $this, 'no_time_while_a_site_is_created' ), 10, 2 );
		$this->create_site();
		$store = new Job_Store();
		$job   = $store->list( get_current_network_id(), 5, array( Job::RUNNING ), 0 )[0];
		$this->lose_cron_event( $job );
		// A batch holds the job: it schedules the next one itself when it ends.
		$GLOBALS['wpdb']->update( Job_Store::table(), array( 'lock_until' => time() + 60 ), array( 'id' => $job->id ) );

		$this->assertSame( 0, ( new Job_Runner( get_current_network_id(), $store ) )->resume_lost() );
		$this->assertFalse( $this->next_run( $job ) );

		// The watch's own event, lost the same way, comes back with the next request to the main site.
		wp_clear_scheduled_hook( Job_Watch::HOOK );
		Job_Watch::keep_scheduled();
		$this->assertNotFalse( wp_next_scheduled( Job_Watch::HOOK ) );
		$this->assertSame( Job_Watch::SCHEDULE, wp_get_schedule( Job_Watch::HOOK ) );
		$this->assertArrayHasKey( Job_Watch::SCHEDULE, wp_get_schedules() );
	}

	public function test_deactivating_the_plugin_clears_the_watch_and_the_sites_role_digests(): void {
		$site_id = $this->create_site();
		( new \WPM_User_Sync\Sync\Site_Roles() )->load( array( $site_id ) );
		Job_Watch::keep_scheduled();
		$this->assertNotEmpty( get_site_meta( $site_id, \WPM_User_Sync\Sync\Site_Roles::INDEX_KEY ), 'Reading a site\'s roles stored its digest.' );
		$this->assertNotFalse( wp_next_scheduled( Job_Watch::HOOK ) );

		// What Network Admin → Plugins → Network Deactivate runs.
		do_action( 'deactivate_' . plugin_basename( WPMUS_FILE ), true );

		wp_cache_delete( $site_id, 'blog_meta' );
		$this->assertSame( array(), get_site_meta( $site_id, \WPM_User_Sync\Sync\Site_Roles::INDEX_KEY ), 'Roles may change unseen while the plugin is off: the digests go.' );
		$this->assertFalse( wp_next_scheduled( Job_Watch::HOOK ) );
	}

	public function test_the_rest_is_a_job_even_while_a_job_that_started_before_the_site_runs(): void {
		$users = $this->create_users_fast( 30 );
		add_filter( 'wpmus_engine_users_per_block', static fn() => 5 );
		add_filter( 'wpmus_job_budget', array( $this, 'no_time_while_a_site_is_created' ), 10, 2 );
		$runner  = new Job_Runner( get_current_network_id(), new Job_Store() );
		$network = $runner->create( Job::KIND_NETWORK, null, false, 0 );
		while ( Job::PREVIEWING === $network->status ) {
			$network = $runner->step( $network, 10.0 );
		}
		$network = $runner->start( $network );

		$site_id = $this->create_site();

		$running = ( new Job_Store() )->list( get_current_network_id(), 5, array( Job::RUNNING ), 0 );
		$this->assertCount( 2, $running, 'The network job may never reach a site created after it began: the site gets its own.' );
		foreach ( $running as $job ) {
			for ( $i = 0; $i < 100 && Job::RUNNING === $job->status; $i++ ) {
				$job = $runner->step( $job, 0.0 );
			}
			$this->assertSame( Job::DONE, $job->status );
		}
		global $wpdb;
		$doubled = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) - COUNT(DISTINCT user_id) FROM {$wpdb->usermeta} WHERE meta_key = %s", $wpdb->get_blog_prefix( $site_id ) . 'capabilities' ) );
		$this->assertSame( 0, $doubled, 'Both jobs wrote the site, each membership once.' );
		$this->assertSame( 'subscriber', $this->role_on( end( $users ), $site_id ) );
	}

	public function test_a_database_failure_while_the_site_is_created_hands_the_sync_to_a_job(): void {
		$users = $this->create_users_fast( 8 );
		$fail  = static function ( $query ) {
			return str_starts_with( $query, 'SELECT user_id, meta_key, meta_value FROM' ) ? 'SELECT * FROM wpmus_gone_away' : $query;
		};
		add_filter( 'query', $fail );
		$site_id = $this->create_site();
		remove_filter( 'query', $fail );
		$GLOBALS['wpdb']->last_error = '';

		$this->assertNull( $this->role_on( end( $users ), $site_id ), 'Creating the site did not fail, and wrote nothing.' );
		$jobs = ( new Job_Store() )->list( get_current_network_id(), 5, array( Job::RUNNING ), 0 );
		$this->assertCount( 1, $jobs );
		$job = ( new Job_Runner( get_current_network_id(), new Job_Store() ) )->step( $jobs[0], 10.0 );
		$this->assertSame( Job::DONE, $job->status );
		$this->assertSame( 'subscriber', $this->role_on( end( $users ), $site_id ) );
	}

	public function test_the_filter_of_version_2_0_0_still_sets_the_time_spent_while_the_site_is_created(): void {
		$users = $this->create_users_fast( 30 );
		add_filter( 'wpmus_engine_users_per_block', static fn() => 5 );
		add_filter( 'wpmus_new_site_seconds_in_request', static fn() => 0.0 );
		$deprecated = array();
		$note       = static function ( $hook ) use ( &$deprecated ) {
			$deprecated[] = $hook;
		};
		add_action( 'deprecated_hook_run', $note );
		add_filter( 'deprecated_hook_trigger_error', '__return_false' );

		$site_id = $this->create_site();

		remove_action( 'deprecated_hook_run', $note );
		remove_filter( 'deprecated_hook_trigger_error', '__return_false' );
		$this->assertSame( array( 'wpmus_new_site_seconds_in_request' ), $deprecated, 'It is deprecated in favour of wpmus_job_budget.' );
		$this->assertNull( $this->role_on( end( $users ), $site_id ), 'Only a first batch ran in the request.' );
		$this->assertCount( 1, ( new Job_Store() )->list( get_current_network_id(), 5, array( Job::RUNNING ), 0 ) );
	}

	public function test_a_continuation_that_version_2_0_0_scheduled_becomes_a_job_of_the_one_cron_hook(): void {
		$this->set_settings( array( 'newSiteSync' => false ) );
		$users   = $this->create_users_fast( 3 );
		$site_id = $this->create_site();
		$this->set_settings( array( 'newSiteSync' => true ) );

		// What WP-Cron does with an event of the old hook, left from before the upgrade.
		do_action( New_Site_Trigger::CONTINUE_HOOK, $site_id, array( 'site' => $site_id, 'user' => 0 ) );

		$jobs = ( new Job_Store() )->list( get_current_network_id(), 5, array( Job::RUNNING ), 0 );
		$this->assertCount( 1, $jobs, 'A running job in the network\'s history.' );
		$this->assertSame( array( $site_id ), $jobs[0]->site_ids );
		$this->assertSame( Job::ORIGIN_NEW_SITE, $jobs[0]->origin );
		$this->assertNotFalse( $this->next_run( $jobs[0] ), 'Carried on by the jobs\' WP-Cron hook.' );
		$job = ( new Job_Runner( get_current_network_id(), new Job_Store() ) )->step( $jobs[0], 10.0 );
		$this->assertSame( Job::DONE, $job->status );
		$this->assertSame( 'subscriber', $this->role_on( end( $users ), $site_id ) );
	}

	/**
	 * A budget of no time for the part of a new site's sync done while the site is created.
	 *
	 * @param array{seconds: float, memory: int} $budget  Budget.
	 * @param string                             $context Where the batch runs.
	 * @return array{seconds: float, memory: int}
	 */
	public function no_time_while_a_site_is_created( array $budget, string $context ): array {
		return 'new_site' === $context ? array( 'seconds' => 0.0 ) + $budget : $budget;
	}

	/**
	 * What WP-Cron does: runs the job's event until it is not scheduled again.
	 *
	 * @param Job $job The job.
	 */
	private function run_wp_cron_until_done( Job $job ): void {
		for ( $runs = 0; false !== $this->next_run( $job ) && $runs < 50; $runs++ ) {
			wp_unschedule_event( $this->next_run( $job ), Job_Runner::CRON_HOOK, array( $job->id, get_current_network_id() ) );
			do_action( Job_Runner::CRON_HOOK, $job->id, get_current_network_id() );
		}
	}

	/**
	 * What a concurrent request does when it saves the cron option it read before the job's
	 * event was added: the event is gone.
	 *
	 * @param Job $job The job.
	 */
	private function lose_cron_event( Job $job ): void {
		switch_to_blog( get_main_site_id() );
		wp_clear_scheduled_hook( Job_Runner::CRON_HOOK, array( $job->id, get_current_network_id() ) );
		restore_current_blog();
	}

	/**
	 * When WP-Cron will next run a job, or false.
	 *
	 * @param Job $job The job.
	 * @return int|false
	 */
	private function next_run( Job $job ) {
		switch_to_blog( get_main_site_id() );
		$next = wp_next_scheduled( Job_Runner::CRON_HOOK, array( $job->id, get_current_network_id() ) );
		restore_current_blog();
		return $next;
	}

	/**
	 * Members of a site other than the ones the site was created with.
	 *
	 * @param int $site_id Site ID.
	 */
	private function members_added_count( int $site_id ): int {
		return count( get_users( array( 'blog_id' => $site_id, 'fields' => 'ids' ) ) ) - count( get_users( array( 'blog_id' => $site_id, 'fields' => 'ids', 'role' => 'administrator' ) ) );
	}
}
