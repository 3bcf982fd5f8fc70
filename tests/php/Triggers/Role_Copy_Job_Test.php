<?php
/**
 * A role change copied in the background: judged as its author, and never over a newer change.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Triggers;

use WP_User;
use WPM_User_Sync\Jobs\Job_Budget;
use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Tests\Support\TestCase;

final class Role_Copy_Job_Test extends TestCase {

	/** Runs every running copy_role job to its end, as the given current user (0: WP-Cron). */
	private function finish_copy_jobs_as( int $current_user ): void {
		$network = get_current_network_id();
		$store   = new Job_Store();
		$runner  = new Job_Runner( $network, $store );
		wp_set_current_user( $current_user );
		foreach ( array_keys( $store->running( $network, 10, 'copy_role' ) ) as $job_id ) {
			$runner->step( $runner->find( $job_id ), new Job_Budget( INF ) );
		}
	}

	/**
	 * Finding: in the background, Policy::may_give_role() runs `editable_roles` as whoever
	 * happens to be current (a super admin whose Actions screen steps the job, or nobody
	 * under WP-Cron), not as the change's author.
	 */
	public function test_a_site_admins_copy_is_judged_as_them_when_a_super_admin_steps_the_job(): void {
		$this->set_settings( array( 'roleSync' => true ) );
		$site_a = $this->create_site();
		$site_c = $this->create_site();
		$site_b = $this->create_site();
		$user   = $this->create_user( 'subscriber', $site_a );
		add_user_to_blog( $site_c, $user, 'subscriber' );
		add_user_to_blog( $site_b, $user, 'subscriber' );
		$admin = $this->create_user( 'administrator', $site_a );
		add_user_to_blog( $site_c, $admin, 'administrator' );
		add_user_to_blog( $site_b, $admin, 'administrator' );
		$super = $this->create_super_admin();

		// On site B only super admins hand out "author" (a common editable_roles pattern).
		$this->hook(
			'editable_roles',
			static function ( $roles ) use ( $site_b ) {
				if ( get_current_blog_id() === $site_b && ! is_super_admin() ) {
					unset( $roles['author'] );
				}
				return $roles;
			}
		);
		// One site per block; the request stops after its first block.
		$this->hook( 'wpmus_role_copy_sites_per_block', static fn() => 1 );
		$this->hook( 'wpmus_job_budget', static fn( $budget, $context ) => Job_Budget::ROLE_CHANGE === $context ? array( 'seconds' => 0.0 ) + $budget : $budget, 2 );

		wp_set_current_user( $admin );
		switch_to_blog( $site_a );
		( new WP_User( $user ) )->set_role( 'author' );
		restore_current_blog();
		$this->assertSame( 'author', $this->role_on( $user, $site_c ), 'Site C (first block) was done in the request.' );
		$this->assertSame( 'subscriber', $this->role_on( $user, $site_b ), 'Site B is left to the job.' );

		// A super admin opens Network Admin → WPM User Sync → Actions: the screen steps the running job.
		$this->finish_copy_jobs_as( $super );

		$this->assertSame( 'subscriber', $this->role_on( $user, $site_b ), 'The site admin could not give "author" on B by hand, so it must not be copied there.' );
	}

	/**
	 * Finding: when the database failed the in-request part of a copy, the trigger was told it
	 * was done (an empty report), announced the copy complete, and announced it again when
	 * the job that took it over finished.
	 */
	public function test_a_copy_whose_request_part_the_database_refused_is_announced_once_when_its_job_completes(): void {
		$this->set_settings( array( 'roleSync' => true ) );
		$site_a = $this->create_site();
		$site_b = $this->create_site();
		$user   = $this->create_user( 'subscriber', $site_a );
		add_user_to_blog( $site_b, $user, 'subscriber' );
		wp_set_current_user( $this->create_super_admin() );
		$announced = array();
		$this->hook(
			'wpmus_role_replicated',
			static function ( $report ) use ( &$announced ) {
				$announced[] = $report->added();
			}
		);
		$refused = false;
		$locks   = 0;
		$this->hook(
			'query',
			static function ( $query ) use ( &$refused, &$locks ) {
				// The first lock records the change as the newest; the second is the copy's first block.
				if ( ! $refused && str_starts_with( $query, 'SELECT GET_LOCK' ) && 2 === ++$locks ) {
					$refused = true;
					return 'SELECT GET_LOCK FROM wpmus_query_refused_by_the_server';
				}
				return $query;
			}
		);

		switch_to_blog( $site_a );
		( new WP_User( $user ) )->set_role( 'author' );
		restore_current_blog();
		$GLOBALS['wpdb']->last_error = '';
		$this->assertTrue( $refused, 'The in-request part met the refusal.' );
		$this->assertSame( array(), $announced, 'Nothing is complete while the job has the copy to do.' );

		$this->finish_copy_jobs_as( 0 );

		$this->assertSame( 'author', $this->role_on( $user, $site_b ) );
		$this->assertSame( array( 1 ), $announced, 'Announced once, with the site the job changed.' );
	}

	/**
	 * A request that changes many roles at once (core's bulk "Change role to…") shares one
	 * budget: it added 0.6 s per change before, 30 s for fifty people.
	 */
	public function test_the_role_changes_of_one_request_share_its_budget_and_the_rest_goes_on_as_jobs(): void {
		$this->set_settings( array( 'roleSync' => true ) );
		$source = $this->create_site();
		$others = array( $this->create_site(), $this->create_site() );
		$people = array();
		foreach ( range( 1, 3 ) as $n ) {
			$people[ $n ] = $this->create_user( 'subscriber', $source );
			foreach ( $others as $site ) {
				add_user_to_blog( $site, $people[ $n ], 'subscriber' );
			}
		}
		wp_set_current_user( $this->create_super_admin() );
		// One site per block, and a budget the first block spends: the first change does one
		// site in the request; the others find nothing left of the request's budget.
		$this->hook( 'wpmus_role_copy_sites_per_block', static fn() => 1 );
		$this->hook( 'wpmus_job_budget', static fn( $budget, $context ) => Job_Budget::ROLE_CHANGE === $context ? array( 'seconds' => 0.000001 ) + $budget : $budget, 2 );

		switch_to_blog( $source );
		foreach ( $people as $person ) {
			( new WP_User( $person ) )->set_role( 'author' );
		}
		restore_current_blog();

		$copied = fn( int $person ): array => array_map( fn( int $site ): ?string => $this->role_on( $person, $site ), $others );
		$this->assertSame( array( 'author', 'subscriber' ), $copied( $people[1] ), 'The first change used the request\'s budget on one site.' );
		$this->assertSame( array( 'subscriber', 'subscriber' ), $copied( $people[2] ), 'Nothing was left for the second in this request.' );
		$this->assertSame( array( 'subscriber', 'subscriber' ), $copied( $people[3] ) );
		$this->assertCount( 3, ( new Job_Store() )->running( get_current_network_id(), 10, 'copy_role' ), 'Each copy goes on as a job of the network\'s history.' );

		$this->finish_copy_jobs_as( 0 );

		foreach ( $people as $person ) {
			$this->assertSame( array( 'author', 'author' ), $copied( $person ) );
		}
	}

	/**
	 * Finding: Job_Runner::supersede() sees only stored jobs. An older change whose in-request
	 * part is still running when a newer change is made is stored afterwards and overwrites
	 * the newer role, even on the site where the newer one was set by hand.
	 */
	public function test_an_older_change_still_in_its_request_does_not_overwrite_a_newer_one(): void {
		$this->set_settings( array( 'roleSync' => true ) );
		$site_a = $this->create_site();
		$site_b = $this->create_site();
		$site_c = $this->create_site();
		$user   = $this->create_user( 'subscriber', $site_a );
		add_user_to_blog( $site_b, $user, 'subscriber' );
		add_user_to_blog( $site_c, $user, 'subscriber' );
		wp_set_current_user( $this->create_super_admin() );

		$this->hook( 'wpmus_role_copy_sites_per_block', static fn() => 1 );
		// The first change (A) stops after one block in its request; the second (B) finishes in its own.
		$calls = 0;
		$this->hook(
			'wpmus_job_budget',
			static function ( $budget, $context ) use ( &$calls ) {
				if ( Job_Budget::ROLE_CHANGE !== $context ) {
					return $budget;
				}
				return array( 'seconds' => 0 === $calls++ ? 0.0 : INF ) + $budget;
			},
			2
		);
		// Simulates a second request (another tab, another administrator) changing the same user's
		// role on site B while change A's in-request part runs, before A's job is stored.
		$done = false;
		$this->hook(
			'wpmus_role_copy_sites_per_block',
			static function ( $size ) use ( &$done, $site_b, $user ) {
				if ( ! $done ) {
					$done = true;
					switch_to_blog( $site_b );
					( new WP_User( $user ) )->set_role( 'contributor' );
					restore_current_blog();
				}
				return $size;
			}
		);

		switch_to_blog( $site_a );
		( new WP_User( $user ) )->set_role( 'author' ); // Change A.
		restore_current_blog();
		$this->finish_copy_jobs_as( 0 ); // WP-Cron carries A's stored job on.

		$this->assertSame( 'contributor', $this->role_on( $user, $site_b ), 'The newer change, made by hand on B, stands on B.' );
		$this->assertSame( 'contributor', $this->role_on( $user, $site_c ), 'The newer change stands on the other sites.' );
	}
}
