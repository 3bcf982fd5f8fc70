<?php
/**
 * Removing named people from sites, and offboarding them from all (job type remove_from_sites).
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\People;

use WPM_User_Sync\Jobs\Job_Budget;
use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Jobs\Types\Remove_From_Sites;
use WPM_User_Sync\Sync\Removals;

final class Remove_From_Sites_Test extends People_Test_Case {

	public function test_people_leave_the_sites_listed_and_keep_their_account_and_other_sites(): void {
		$sites = array( $this->create_site(), $this->create_site() );
		$kept  = $this->create_site();
		$user  = $this->create_user( 'author', $sites[0] );
		add_user_to_blog( $sites[1], $user, 'editor' );
		add_user_to_blog( $kept, $user, 'author' );

		$job = $this->run_job(
			array(
				'type'  => 'remove_from_sites',
				'kind'  => 'sites',
				'sites' => $sites,
				'users' => array( $user ),
			)
		);

		$this->assertNull( $this->role_on( $user, $sites[0] ) );
		$this->assertNull( $this->role_on( $user, $sites[1] ) );
		$this->assertSame( 'author', $this->role_on( $user, $kept ) );
		$this->assertNotFalse( get_userdata( $user ), 'The account stays.' );
		$this->assertSame( 2, $job['progress']['added'] );
		$this->assertSame( 'Remove people from sites', $job['typeLabel'] );
		$this->assertNull( $job['reassign'] );
	}

	public function test_offboarding_removes_every_site_of_the_network_and_content_goes_to_one_person_where_they_are_a_member(): void {
		$sites  = array( $this->create_site(), $this->create_site(), $this->create_site() );
		$leaver = $this->create_user( 'author', $sites[0] );
		$heir   = $this->create_user( 'editor', $sites[0] );
		add_user_to_blog( $sites[1], $leaver, 'author' );
		add_user_to_blog( $sites[1], $heir, 'editor' );
		add_user_to_blog( $sites[2], $leaver, 'author' );
		$posts = array(
			$sites[0] => array( $this->create_post( $sites[0], $leaver ), $this->create_post( $sites[0], $leaver, 'page' ) ),
			$sites[1] => array( $this->create_post( $sites[1], $leaver, 'page' ) ),
			$sites[2] => array( $this->create_post( $sites[2], $leaver ) ),
		);

		$job = $this->run_job(
			array(
				'type'     => 'remove_from_sites',
				'kind'     => 'network',
				'users'    => array( $leaver ),
				'reassign' => array( 'to' => $heir ),
			)
		);

		foreach ( $sites as $site_id ) {
			$this->assertNull( $this->role_on( $leaver, $site_id ) );
		}
		$this->assertNull( $this->role_on( $leaver, get_main_site_id() ), 'The main site too.' );
		$this->assertSame( $heir, $this->author_of( $sites[0], $posts[ $sites[0] ][0] ), 'Posts go to the heir.' );
		$this->assertSame( $heir, $this->author_of( $sites[0], $posts[ $sites[0] ][1] ), 'Pages too.' );
		$this->assertSame( $heir, $this->author_of( $sites[1], $posts[ $sites[1] ][0] ) );
		$this->assertSame( $leaver, $this->author_of( $sites[2], $posts[ $sites[2] ][0] ), 'Where the heir is not a member, the content stays attributed.' );
		$this->assertSame( 1, ( (array) $job['progress']['noted'] )['inheritor_not_member'] );
		$this->assertSame( array( 'to' => $heir ), $job['reassign'] );
	}

	public function test_content_goes_to_the_person_chosen_for_each_site_or_stays(): void {
		$sites  = array( $this->create_site(), $this->create_site(), $this->create_site() );
		$leaver = $this->create_user( 'author', $sites[0] );
		$heirs  = array( $this->create_user( 'editor', $sites[0] ), $this->create_user( 'editor', $sites[1] ) );
		add_user_to_blog( $sites[1], $leaver, 'author' );
		add_user_to_blog( $sites[2], $leaver, 'author' );
		$posts = array();
		foreach ( $sites as $site_id ) {
			$posts[ $site_id ] = $this->create_post( $site_id, $leaver, 'page' );
		}

		$this->run_job(
			array(
				'type'     => 'remove_from_sites',
				'kind'     => 'sites',
				'sites'    => $sites,
				'users'    => array( $leaver ),
				'reassign' => array(
					'perSite' => array(
						(string) $sites[0] => $heirs[0],
						(string) $sites[1] => $heirs[1],
					),
				),
			)
		);

		$this->assertSame( $heirs[0], $this->author_of( $sites[0], $posts[ $sites[0] ] ) );
		$this->assertSame( $heirs[1], $this->author_of( $sites[1], $posts[ $sites[1] ] ) );
		$this->assertSame( $leaver, $this->author_of( $sites[2], $posts[ $sites[2] ] ), 'No one named for this site: kept.' );
	}

	public function test_without_reassign_content_stays_attributed(): void {
		$site   = $this->create_site();
		$leaver = $this->create_user( 'author', $site );
		$this->create_user( 'editor', $site );
		$post = $this->create_post( $site, $leaver );

		$this->run_job(
			array(
				'type'  => 'remove_from_sites',
				'kind'  => 'sites',
				'sites' => array( $site ),
				'users' => array( $leaver ),
			)
		);

		$this->assertNull( $this->role_on( $leaver, $site ) );
		$this->assertSame( $leaver, $this->author_of( $site, $post ) );
	}

	public function test_super_admins_the_last_administrator_and_non_members_are_skipped_with_the_reason(): void {
		$lonely  = $this->create_site();
		$staffed = $this->create_site();
		$admin   = $this->create_user( 'administrator', $lonely );
		add_user_to_blog( $staffed, $admin, 'administrator' );
		$this->create_user( 'administrator', $staffed );
		$stranger = $this->create_user( null );
		$super    = $this->create_super_admin();
		add_user_to_blog( $lonely, $super, 'editor' );

		$job = $this->run_job(
			array(
				'type'  => 'remove_from_sites',
				'kind'  => 'sites',
				'sites' => array( $lonely, $staffed ),
				'users' => array( $admin, $stranger, $super ),
			)
		);

		$this->assertSame( 'administrator', $this->role_on( $admin, $lonely ), 'The last administrator stays.' );
		$this->assertNull( $this->role_on( $admin, $staffed ), 'Where another administrator is left, they go.' );
		$this->assertSame( 'editor', $this->role_on( $super, $lonely ), 'Super admins are protected.' );
		$this->assertSame(
			array(
				'last_administrator' => 1,
				'not_member'         => 1,
				'super_admin'        => 1,
			),
			$this->sorted( $this->preview_skips( $job, $lonely ) )
		);
		$this->assertSame( 1, $job['progress']['added'] );

		$listing = $this->rest( 'GET', "/wpm-user-sync/v1/people/{$admin}/sites" )->get_data();
		$this->assertSame( array( true ), array_column( $listing, 'isLastAdministrator' ) );
	}

	public function test_removed_people_stay_removed_until_someone_asks_for_them_explicitly(): void {
		$this->set_settings(
			array(
				'newSiteSync' => true,
				'newUserSync' => true,
			)
		);
		$site   = $this->create_site();
		$leaver = $this->create_user( 'author', $site );
		$this->run_job(
			array(
				'type'  => 'remove_from_sites',
				'kind'  => 'network',
				'users' => array( $leaver ),
			)
		);
		$this->assertTrue( ( new Removals() )->was_removed( $leaver, $site ) );

		// A new user's trigger, a new site's trigger and a network sync leave them out.
		$this->create_user( null );
		$this->create_site();
		$this->run_job( array( 'kind' => 'network' ) );
		$this->assertNull( $this->role_on( $leaver, $site ) );
		$this->assertNull( $this->role_on( $leaver, get_main_site_id() ) );

		// An explicit add brings them back.
		$this->run_job(
			array(
				'type'  => 'add_to_sites',
				'kind'  => 'sites',
				'sites' => array( $site ),
				'users' => array( $leaver ),
			)
		);
		$this->assertSame( 'subscriber', $this->role_on( $leaver, $site ) );
	}

	public function test_offboarding_a_person_on_many_sites_takes_many_steps_and_writes_each_removal_once(): void {
		$sites  = array();
		$leaver = $this->create_user( 'author' );
		for ( $i = 0; $i < 7; $i++ ) {
			$sites[] = $this->create_site();
			add_user_to_blog( end( $sites ), $leaver, 'author' );
		}
		$budget  = static fn( array $budget ): array => array( 'seconds' => 0.0 ) + $budget;
		$per     = static fn(): int => 2;
		$removed = array();
		$count   = static function ( $user_id, $site_id ) use ( &$removed ): void {
			$removed[] = (int) $site_id;
		};
		add_filter( 'wpmus_job_budget', $budget );
		add_filter( 'wpmus_people_sites_per_unit', $per );
		add_action( 'remove_user_from_blog', $count, 10, 2 );

		$runner = new Job_Runner( get_current_network_id(), new Job_Store() );
		$job    = $runner->create( 'network', null, false, $this->super_admin, Remove_From_Sites::NAME, array( $leaver ) );
		$steps  = 0;
		while ( ! $job->is_finished() && $steps < 100 ) {
			if ( 'ready' === $job->status ) {
				$job = $runner->start( $job );
			}
			$job = $runner->step( $job, Job_Budget::for( Job_Budget::STEP, $job ) );
			if ( 'running' === $job->status ) {
				++$steps;
				// Each step starts from the job as stored, as the next request would.
				$job = $runner->find( $job->id );
			}
		}
		remove_filter( 'wpmus_job_budget', $budget );
		remove_filter( 'wpmus_people_sites_per_unit', $per );
		remove_action( 'remove_user_from_blog', $count, 10 );

		$this->assertSame( 'done', $job->status );
		$this->assertGreaterThanOrEqual( 4, $steps, 'Eight memberships, two per unit, one unit per step.' );
		sort( $removed );
		$expected = array_merge( array( get_main_site_id() ), $sites );
		sort( $expected );
		$this->assertSame( $expected, $removed, 'Each membership removed exactly once.' );
		$this->assertSame( 8, $job->result->added() );
		foreach ( $expected as $site_id ) {
			$this->assertNull( $this->role_on( $leaver, $site_id ) );
		}
	}

	/**
	 * @param array<string, int> $counts Counts.
	 * @return array<string, int>
	 */
	private function sorted( array $counts ): array {
		ksort( $counts );
		return $counts;
	}
}
