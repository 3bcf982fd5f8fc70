<?php
/**
 * Every change is in the log, once, with its cause.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Activity;

use WP_User;
use WPM_User_Sync\Activity\Activity_Filter;
use WPM_User_Sync\Activity\Activity_Store;
use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Budget;
use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Sync\Membership_Engine;
use WPM_User_Sync\Sync\Sync_Request;

// The autoloader maps tests to the main checkout's folder; this one may be new there.
require_once __DIR__ . '/Activity_Test_Case.php';

/**
 * The log's completeness: each kind of change by each cause appears exactly once.
 */
final class Activity_Log_Test extends Activity_Test_Case {

	public function test_a_person_adding_changing_and_removing_through_core_is_logged_once_each(): void {
		$site  = $this->create_site();
		$user  = $this->create_user( null );
		$admin = $this->create_super_admin();
		wp_set_current_user( $admin );

		add_user_to_blog( $site, $user, 'author' );
		switch_to_blog( $site );
		( new WP_User( $user ) )->set_role( 'editor' );
		restore_current_blog();
		remove_user_from_blog( $user, $site );

		$this->assertSame(
			array( "added@$site ->author core", "role_changed@$site author>editor core", "removed@$site editor>- core" ),
			$this->lines_of( $user ),
			'A join is one "added" (no extra role change); each later change is one entry.'
		);
		foreach ( $this->entries_of( $user ) as $entry ) {
			$this->assertSame( (string) $admin, $entry['actor_id'] );
			$this->assertNull( $entry['job_id'] );
		}
	}

	public function test_a_new_account_that_joins_nowhere_leaves_no_entry(): void {
		$user = $this->create_user( null );
		$this->assertSame( array(), $this->lines_of( $user ), 'wpmu_create_user() takes back the role it gave at once.' );
	}

	public function test_a_change_on_a_core_screen_says_which_screen(): void {
		global $pagenow;
		$site = $this->create_site();
		$user = $this->create_user( 'subscriber', $site );
		wp_set_current_user( $this->create_super_admin() );
		$was                       = array( $pagenow, $_SERVER['REQUEST_METHOD'] ?? null );
		$pagenow                   = 'user-edit.php'; // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited -- Stands for the screen core would be on.
		$_SERVER['REQUEST_METHOD'] = 'POST';
		try {
			switch_to_blog( $site );
			( new WP_User( $user ) )->set_role( 'contributor' );
			restore_current_blog();
		} finally {
			$pagenow = $was[0]; // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited -- Put back.
			unset( $_SERVER['REQUEST_METHOD'] );
			if ( null !== $was[1] ) {
				$_SERVER['REQUEST_METHOD'] = $was[1];
			}
		}
		$entries = $this->entries_of( $user );
		$last    = end( $entries );
		$this->assertSame( array( 'role_changed', 'web', 'user-edit.php' ), array( $last['kind'], $last['via'], $last['detail'] ) );
	}

	public function test_a_network_sync_job_is_logged_set_wise_with_its_number_and_the_person_who_started_it(): void {
		$sites  = array( $this->create_site(), $this->create_site() );
		$user   = $this->create_user( 'subscriber' );
		$admin  = $this->create_super_admin();
		$runner = new Job_Runner( get_current_network_id(), new Job_Store() );
		$job    = $runner->create( Job::KIND_SITES, $sites, false, $admin );
		$job    = $runner->step( $job, new Job_Budget( INF ) );
		$job    = $runner->start( $job );
		wp_set_current_user( 0 ); // WP-Cron, say: the actor is still the person behind the job.
		$runner->step( $job, new Job_Budget( INF ) );

		$this->assertSame( array( 'added@' . get_main_site_id() . ' ->subscriber core', "added@{$sites[0]} ->subscriber sync", "added@{$sites[1]} ->subscriber sync" ), $this->lines_of( $user ) );
		foreach ( array_slice( $this->entries_of( $user ), 1 ) as $entry ) {
			$this->assertSame( (string) $job->id, $entry['job_id'] );
			$this->assertSame( (string) $admin, $entry['actor_id'] );
		}
	}

	public function test_the_new_user_trigger_logs_each_site_once_as_new_user(): void {
		$site = $this->create_site();
		$this->set_settings( array( 'newUserSync' => true ) );
		$user = $this->create_user( null );

		$lines = $this->lines_of( $user );
		$this->assertContains( "added@$site ->subscriber new_user", $lines );
		$this->assertContains( 'added@' . get_main_site_id() . ' ->subscriber new_user', $lines );
		$this->assertSame( count( $lines ), count( array_unique( array_map( static fn( string $line ): string => strtok( $line, ' ' ), $lines ) ) ), 'One entry per site.' );
	}

	public function test_the_new_site_trigger_logs_each_member_once_as_new_site(): void {
		$user = $this->create_user( 'subscriber' );
		$this->set_settings( array( 'newSiteSync' => true ) );
		wp_set_current_user( $this->create_super_admin() );
		$site = $this->create_site();

		$this->assertSame( array( 'added@' . get_main_site_id() . ' ->subscriber core', "added@$site ->subscriber new_site" ), $this->lines_of( $user ) );
	}

	public function test_a_copied_role_change_is_logged_once_per_site_with_the_change_itself_as_core(): void {
		$this->set_settings( array( 'roleSync' => true ) );
		$a    = $this->create_site();
		$b    = $this->create_site();
		$user = $this->create_user( 'subscriber', $a );
		add_user_to_blog( $b, $user, 'subscriber' );
		wp_set_current_user( $this->create_super_admin() );
		$before = count( $this->entries_of( $user ) );

		switch_to_blog( $a );
		( new WP_User( $user ) )->set_role( 'author' );
		restore_current_blog();

		$this->assertSame( array( "role_changed@$a subscriber>author core", "role_changed@$b subscriber>author role_change" ), array_slice( $this->lines_of( $user ), $before ) );
	}

	public function test_a_role_copy_that_goes_on_as_a_job_names_its_job(): void {
		$this->set_settings( array( 'roleSync' => true ) );
		$sites = array( $this->create_site(), $this->create_site(), $this->create_site() );
		$user  = $this->create_user( 'subscriber', $sites[0] );
		add_user_to_blog( $sites[1], $user, 'subscriber' );
		add_user_to_blog( $sites[2], $user, 'subscriber' );
		$this->hook( 'wpmus_role_copy_sites_per_block', static fn() => 1 );
		$this->hook( 'wpmus_job_budget', static fn( $budget, $context ) => Job_Budget::ROLE_CHANGE === $context ? array( 'seconds' => 0.0 ) + $budget : $budget, 2 );
		wp_set_current_user( $this->create_super_admin() );
		switch_to_blog( $sites[0] );
		( new WP_User( $user ) )->set_role( 'author' );
		restore_current_blog();

		$store  = new Job_Store();
		$runner = new Job_Runner( get_current_network_id(), $store );
		$jobs   = array_keys( $store->running( get_current_network_id(), 10, 'copy_role' ) );
		$this->assertCount( 1, $jobs );
		wp_set_current_user( 0 );
		$runner->step( $runner->find( $jobs[0] ), new Job_Budget( INF ) );

		$copied = array_values( array_filter( $this->entries_of( $user ), static fn( array $row ): bool => 'role_change' === $row['cause'] ) );
		$this->assertSame( array( (string) $sites[1], (string) $sites[2] ), array_column( $copied, 'site_id' ), 'Once per site.' );
		$this->assertSame( (string) $jobs[0], $copied[0]['job_id'], 'The first site, copied in the request, names the job too: it is stored before it runs.' );
		$this->assertSame( (string) $jobs[0], $copied[1]['job_id'] );
	}

	public function test_a_bulk_sync_records_set_wise_and_keeps_core_hooks_quiet(): void {
		global $wpdb;
		$sites = array();
		for ( $i = 0; $i < 12; $i++ ) {
			$sites[] = $this->create_site();
		}
		$users = $this->create_users_fast( 60 );
		$admin = $this->create_super_admin();
		$heard = 0;
		$this->hook(
			'switch_blog',
			static function () use ( &$heard ): void {
				++$heard;
			}
		);
		$events_before = (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . Activity_Store::events_table() ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared

		$runner = new Job_Runner( get_current_network_id(), new Job_Store() );
		$job    = $runner->create( Job::KIND_SITES, $sites, false, $admin );
		$job    = $runner->step( $job, new Job_Budget( INF ) );
		$runner->step( $runner->start( $job ), new Job_Budget( INF ) );

		$store   = new Activity_Store();
		$entries = 0;
		foreach ( $users as $user ) {
			$entries += $store->count( new Activity_Filter( get_current_network_id(), $user, null, null, 'sync' ) );
		}
		$events  = (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . Activity_Store::events_table() ) - $events_before; // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		$this->assertSame( 12 * 60, $entries );
		$this->assertLessThanOrEqual( 3, $events, 'One event per block written, not per membership.' );
		$this->assertSame( array( "added@{$sites[0]} ->subscriber sync" ), array_slice( $this->lines_of( $users[0] ), 0, 1 ) );
		$this->assertLessThan( 12, $heard, 'The log listens quietly: the engine did not fire core\'s hooks site by site.' );
	}

	public function test_a_block_that_rolls_back_leaves_no_entry(): void {
		$site = $this->create_site();
		$user = $this->create_user( 'subscriber' );
		try {
			Membership_Engine::for_network( get_current_network_id() )->run(
				new Sync_Request( array( $user ), array( $site ) ),
				null,
				null,
				false,
				static function (): void {
					throw new \RuntimeException( 'Stops the block after its writes, before its commit.' );
				}
			);
			$this->fail( 'The block went on.' );
		} catch ( \RuntimeException $stopped ) {
			$this->assertNull( $this->role_on( $user, $site ), 'The membership rolled back.' );
			$this->assertSame( array( 'added@' . get_main_site_id() . ' ->subscriber core' ), $this->lines_of( $user ), 'Its entry rolled back with it.' );
		}
	}
}
