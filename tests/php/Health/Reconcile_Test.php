<?php
/**
 * Reconcile automatically: the network sync on a schedule.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Health;

use WPM_User_Sync\Activity\Activity_Store;
use WPM_User_Sync\Activity\Cause;
use WPM_User_Sync\Health\Reconcile;
use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Types\Add_Memberships;

final class Reconcile_Test extends Health_Test_Case {

	private function reconcile(): Reconcile {
		return new Reconcile( $this->network_id, $this->store );
	}

	/**
	 * The network's jobs that the reconcile started, newest first.
	 *
	 * @return Job[]
	 */
	private function reconcile_jobs(): array {
		return array_values( array_filter( $this->store->list( $this->network_id, 50 ), static fn( Job $job ): bool => Job::ORIGIN_RECONCILE === $job->origin ) );
	}

	public function test_when_due_the_cron_tick_runs_the_network_sync_in_history_and_activity_as_reconcile(): void {
		$this->make_reconcile_due();

		$this->tick();

		$jobs = $this->reconcile_jobs();
		$this->assertCount( 1, $jobs );
		$job = $jobs[0];
		$this->assertSame( Job::RUNNING, $job->status, 'Started without a confirmation.' );
		$this->assertSame( Add_Memberships::NAME, $job->type );
		$this->assertSame( Job::KIND_NETWORK, $job->kind );
		$this->assertSame( 0, $job->created_by, 'Created by nobody: WP-Cron.' );
		$this->assertFalse( $job->add_removed );

		$job = $this->finish_job( $job->id );
		$this->assertSame( Job::DONE, $job->status );
		$this->assertGreaterThan( 0, $job->result->added() );
		$this->assertSame( 'subscriber', $this->role_on( $this->users[0], $this->sites[0] ) );

		global $wpdb;
		$causes = $wpdb->get_col( $wpdb->prepare( 'SELECT DISTINCT cause FROM ' . Activity_Store::events_table() . ' WHERE job_id = %d', $job->id ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		$this->assertSame( array( Cause::RECONCILE ), $causes, 'The Activity log names the reconcile as the cause.' );

		$last = $this->reconcile()->last_run();
		$this->assertNotNull( $last );
		$this->assertSame( $job->id, $last['job'] );
		$this->assertSame( $job->result->added(), $last['added'] );
		$this->assertSame( Job::DONE, $last['status'] );
		$this->assertEqualsWithDelta( time() + DAY_IN_SECONDS, $this->reconcile()->next(), 5, 'The next run is a day later.' );

		$this->tick();
		$this->assertCount( 1, $this->reconcile_jobs(), 'Not due again before a day has passed.' );
	}

	public function test_the_reconcile_respects_removals_and_exclusions(): void {
		$this->set_settings( array( 'excludedSites' => array( $this->sites[1] ) ) );
		add_user_to_blog( $this->sites[0], $this->users[0], 'subscriber' );
		wp_set_current_user( $this->create_super_admin() );
		remove_user_from_blog( $this->users[0], $this->sites[0] );
		wp_set_current_user( 0 );
		$this->make_reconcile_due();

		$this->tick();
		$this->finish_job( $this->reconcile_jobs()[0]->id );

		$this->assertNull( $this->role_on( $this->users[0], $this->sites[0] ), 'Someone a network administrator removed stays removed.' );
		$this->assertSame( 'subscriber', $this->role_on( $this->users[1], $this->sites[0] ) );
		$this->assertNull( $this->role_on( $this->users[1], $this->sites[1] ), 'Nobody is added to an excluded site.' );
	}

	public function test_it_waits_while_another_sync_holds_the_network_and_starts_at_the_next_tick_after(): void {
		$other = $this->running_network_sync();
		$this->make_reconcile_due();

		$this->tick();

		$this->assertSame( array(), $this->reconcile_jobs(), 'Not started, and nothing left in the history.' );
		$this->assertLessThan( time(), $this->reconcile()->next(), 'Still due.' );

		$this->finish_job( $other->id );
		$this->tick();

		$this->assertCount( 1, $this->reconcile_jobs() );
	}

	public function test_a_sync_stalled_for_10_minutes_does_not_hold_the_network(): void {
		global $wpdb;
		$other = $this->running_network_sync();
		$wpdb->update( $wpdb->base_prefix . 'wpmus_jobs', array( 'updated_at' => time() - 11 * MINUTE_IN_SECONDS ), array( 'id' => $other->id ) );
		$this->make_reconcile_due();

		$this->tick();

		$this->assertCount( 1, $this->reconcile_jobs() );
		$this->assertSame( Job::FAILED, $this->store->find( $other->id, $this->network_id )?->status, 'The stalled sync was stopped, with the reason.' );
	}

	public function test_never_runs_nothing_and_changing_the_setting_reschedules(): void {
		$this->tick();
		$this->assertNull( $this->reconcile()->next(), 'Never, by default.' );
		$this->assertSame( array(), $this->reconcile_jobs() );

		$this->set_settings( array( 'reconcile' => 'weekly' ) );
		$this->assertEqualsWithDelta( time() + 7 * DAY_IN_SECONDS, $this->reconcile()->next(), 5 );

		$this->set_settings( array( 'reconcile' => 'daily' ) );
		$this->assertEqualsWithDelta( time() + DAY_IN_SECONDS, $this->reconcile()->next(), 5 );

		$this->set_settings( array( 'reconcile' => 'never' ) );
		$this->assertNull( $this->reconcile()->next() );
		$this->tick();
		$this->assertSame( array(), $this->reconcile_jobs() );
	}

	public function test_the_setting_takes_never_daily_or_weekly_and_nothing_else(): void {
		wp_set_current_user( $this->create_super_admin() );

		$refused = $this->rest( 'PUT', '/wpm-user-sync/v1/settings', array( 'reconcile' => 'hourly' ) );
		$saved   = $this->rest( 'PUT', '/wpm-user-sync/v1/settings', array( 'reconcile' => 'weekly' ) );

		$this->assertRestError( 400, 'rest_invalid_param', $refused );
		$this->assertSame( 200, $saved->get_status() );
		$this->assertSame( 'weekly', $saved->get_data()['reconcile'] );
		$this->assertSame( 'weekly', get_network_option( $this->network_id, 'wpmus_reconcile' ) );
		$setting = \WPM_User_Sync\Settings::definition( 'reconcile' );
		$this->assertSame( 'daily', $setting->parse( ' daily ' ), 'The command line reads it too.' );
		$this->expectException( \InvalidArgumentException::class );
		$this->expectExceptionMessage( 'reconcile is one of never, daily, weekly, not "hourly".' );
		$setting->parse( 'hourly' );
	}

	public function test_a_value_it_does_not_know_reads_as_never(): void {
		update_network_option( $this->network_id, 'wpmus_reconcile', 'hourly' );

		$this->assertSame( 'never', ( new \WPM_User_Sync\Settings( $this->network_id ) )->reconcile_schedule() );
		$this->assertNull( $this->reconcile()->next() );
	}
}
