<?php
/**
 * The drift check: computed in the background, stored, refreshed, never two at once.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Health;

use WPM_User_Sync\Health\Check_Drift;
use WPM_User_Sync\Health\Drift;
use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Budget;
use WPM_User_Sync\Jobs\Job_Error;

final class Drift_Test extends Health_Test_Case {

	private function drift(): Drift {
		return new Drift( $this->network_id, $this->store );
	}

	/**
	 * Stores a result as a check that ended at a time would have.
	 */
	private function result_checked( int $checked_at ): void {
		update_network_option(
			$this->network_id,
			Drift::OPTION,
			array(
				'missing'   => 3,
				'sites'     => 1,
				'checkedAt' => $checked_at,
				'job'       => 1,
			)
		);
	}

	public function test_a_check_counts_what_the_network_sync_would_add_writes_nothing_and_keeps_the_result(): void {
		list( $expected, $expected_sites ) = $this->network_sync_preview();
		$this->assertGreaterThan( 0, $expected );

		$check = $this->drift()->start();
		$this->assertSame( Job::PREVIEWING, $check->status );
		$check = $this->finish_check( $check->id );

		$this->assertSame( Job::DONE, $check->status );
		$this->assertSame( Check_Drift::NAME, $check->type );
		$this->assertSame( Job::ORIGIN_DRIFT, $check->origin );
		$this->assertNull( $check->started_at, 'A check is never run: it shows in the history as a check, not a change.' );
		$this->assertSame( 0, $check->result->added() );
		$result = $this->drift()->result();
		$this->assertNotNull( $result );
		$this->assertSame( $expected, $result['missing'] );
		$this->assertSame( $expected_sites, $result['sites'] );
		$this->assertSame( $check->id, $result['job'] );
		$this->assertEqualsWithDelta( time(), $result['checkedAt'], 5 );
		$this->assertNull( $this->role_on( $this->users[0], $this->sites[0] ), 'A check writes nothing.' );
	}

	public function test_the_check_follows_the_rules_exclusions_removals_and_super_admins(): void {
		$this->set_settings( array( 'excludedSites' => array( $this->sites[1] ) ) );
		add_user_to_blog( $this->sites[0], $this->users[0], 'subscriber' );
		wp_set_current_user( $this->create_super_admin() );
		remove_user_from_blog( $this->users[0], $this->sites[0] );
		wp_set_current_user( 0 );
		list( $expected, $expected_sites ) = $this->network_sync_preview();

		$this->finish_check( $this->drift()->start()->id );

		$result = $this->drift()->result();
		$this->assertNotNull( $result );
		$this->assertSame( $expected, $result['missing'] );
		$this->assertSame( $expected_sites, $result['sites'] );
		$check = $this->store->find( $result['job'], $this->network_id );
		$this->assertNotNull( $check );
		$this->assertSame( 0, $check->preview->added( $this->sites[1] ), 'An excluded site is not counted.' );
		$this->assertSame( 1, $check->preview->skipped( 'removed', $this->sites[0] ), 'A removal is respected.' );
	}

	public function test_a_second_check_is_not_started_while_one_runs(): void {
		$first = $this->drift()->start();

		try {
			$this->drift()->start();
			$this->fail( 'A second check started.' );
		} catch ( Job_Error $refused ) {
			$this->assertSame( 'wpmus_drift_running', $refused->reason );
			$this->assertStringContainsString( '#' . $first->id, $refused->getMessage() );
		}
		$this->assertNull( $this->drift()->run_due(), 'The daily check does not start a second one either.' );

		$this->finish_check( $first->id );
		$this->assertNull( $this->drift()->running() );
		$this->assertNotNull( $this->drift()->start(), 'Once it ended, a new check may start.' );
	}

	public function test_a_sync_that_ends_is_followed_by_a_check_a_minute_later(): void {
		$sync = $this->finish_job( $this->running_network_sync()->id );
		$this->assertSame( Job::DONE, $sync->status );

		switch_to_blog( get_main_site_id() );
		$due = wp_next_scheduled( Drift::DUE_HOOK, array( $this->network_id ) );
		restore_current_blog();
		$this->assertIsInt( $due );
		$this->assertEqualsWithDelta( time() + MINUTE_IN_SECONDS, $due, 5 );

		do_action( Drift::DUE_HOOK, $this->network_id );
		$check = $this->drift()->running();
		$this->assertNotNull( $check );
		$this->finish_check( $check );
		$result = $this->drift()->result();
		$this->assertNotNull( $result );
		$this->assertSame( 0, $result['missing'], 'After the network sync, nothing is missing.' );
	}

	public function test_a_sync_that_added_nothing_is_not_followed_by_a_check(): void {
		$this->finish_job( $this->running_network_sync()->id );
		switch_to_blog( get_main_site_id() );
		wp_clear_scheduled_hook( Drift::DUE_HOOK, array( $this->network_id ) );
		restore_current_blog();

		$again = $this->finish_job( $this->running_network_sync()->id );

		$this->assertSame( 0, $again->result->added(), 'Nothing was left to add.' );
		switch_to_blog( get_main_site_id() );
		$due = wp_next_scheduled( Drift::DUE_HOOK, array( $this->network_id ) );
		restore_current_blog();
		$this->assertFalse( $due, 'Empty syncs — a site administrator\'s, or a sign-up\'s — set off no network-wide check.' );
	}

	public function test_a_new_users_sync_that_went_on_in_the_background_is_not_followed_by_a_check(): void {
		$this->set_settings( array( 'newUserSync' => true ) );
		$this->hook( 'wpmus_engine_pairs_per_block', static fn() => 1 );
		$this->hook( 'wpmus_job_budget', static fn( $budget, $context ) => Job_Budget::NEW_USER === $context ? array( 'seconds' => 0.0 ) + $budget : $budget, 2 );
		$this->create_user( null );
		$job = null;
		foreach ( $this->store->list( $this->network_id, 5, array( Job::RUNNING ) ) as $running ) {
			$job = Job::ORIGIN_NEW_USER === $running->origin ? $running : $job;
		}

		$done = $this->finish_job( $job->id );

		$this->assertGreaterThan( 0, $done->result->added() );
		switch_to_blog( get_main_site_id() );
		$due = wp_next_scheduled( Drift::DUE_HOOK, array( $this->network_id ) );
		restore_current_blog();
		$this->assertFalse( $due, 'A trigger does what the rules say for one person or site: no network-wide check after each (an import would run them back to back); the daily one counts it.' );
	}

	public function test_the_five_minute_tick_checks_again_once_the_result_is_a_day_old(): void {
		$this->result_checked( time() - HOUR_IN_SECONDS );
		$this->tick();
		$this->assertNull( $this->drift()->running(), 'A result an hour old stands.' );

		$this->result_checked( time() - DAY_IN_SECONDS - 1 );
		$this->tick();
		$check = $this->drift()->running();
		$this->assertNotNull( $check, 'A result a day old is checked again.' );
		switch_to_blog( get_main_site_id() );
		$this->assertIsInt( wp_next_scheduled( Drift::STEP_HOOK, array( $check, $this->network_id ) ), 'WP-Cron carries the check on.' );
		restore_current_blog();
	}

	public function test_the_first_tick_checks_a_network_never_checked(): void {
		$this->assertNull( $this->drift()->result() );

		$this->tick();

		$this->assertNotNull( $this->drift()->running() );
	}
}
