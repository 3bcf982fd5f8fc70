<?php
/**
 * Adding named people to sites (job type add_to_sites).
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\People;

use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Jobs\Types\Add_To_Sites;
use WPM_User_Sync\People\People_Args;
use WPM_User_Sync\Settings;
use WPM_User_Sync\Sync\Removals;

final class Add_To_Sites_Test extends People_Test_Case {

	public function test_people_join_the_sites_listed_with_the_role_asked_for(): void {
		$sites = array( $this->create_site(), $this->create_site() );
		$users = array( $this->create_user( null ), $this->create_user( null ) );

		$job = $this->run_job(
			array(
				'type'  => 'add_to_sites',
				'kind'  => 'sites',
				'sites' => $sites,
				'users' => $users,
				'role'  => 'editor',
			)
		);

		$this->assertSame( 4, $job['progress']['added'] );
		$this->assertSame( 4, $job['preview']['total'], 'The preview announced it.' );
		foreach ( $sites as $site_id ) {
			foreach ( $users as $user_id ) {
				$this->assertSame( 'editor', $this->role_on( $user_id, $site_id ) );
			}
		}
		$this->assertSame( 'add_to_sites', $job['type'] );
		$this->assertSame( 'Add people to sites', $job['typeLabel'] );
		$this->assertSame( $users, $job['users'] );
		$this->assertSame( 'editor', $job['role'] );
		$this->assertNull( $job['reassign'] );
	}

	public function test_without_a_role_each_site_gives_its_default_role(): void {
		$authors = $this->create_site();
		update_blog_option( $authors, 'default_role', 'author' );
		$plain = $this->create_site();
		$user  = $this->create_user( null );

		$this->run_job(
			array(
				'type'  => 'add_to_sites',
				'kind'  => 'sites',
				'sites' => array( $authors, $plain ),
				'users' => array( $user ),
			)
		);

		$this->assertSame( 'author', $this->role_on( $user, $authors ) );
		$this->assertSame( 'subscriber', $this->role_on( $user, $plain ) );
	}

	public function test_a_member_is_skipped_or_given_the_role_asked_for_and_the_change_goes_nowhere_else(): void {
		$this->set_settings( array( 'roleSync' => true ) );
		$site    = $this->create_site();
		$other   = $this->create_site();
		$member  = $this->create_user( 'author', $site );
		$editor  = $this->create_user( 'editor', $site );
		add_user_to_blog( $other, $member, 'author' );

		$job = $this->run_job(
			array(
				'type'  => 'add_to_sites',
				'kind'  => 'sites',
				'sites' => array( $site ),
				'users' => array( $member, $editor ),
				'role'  => 'editor',
			)
		);

		$this->assertSame( 'editor', $this->role_on( $member, $site ) );
		$this->assertSame( 'author', $this->role_on( $member, $other ), 'A role a person chose for some sites is not copied to others.' );
		$this->assertSame( 1, $job['progress']['added'] );
		$this->assertSame( 1, ( (array) $job['progress']['noted'] )['role_changed'] );
		$this->assertSame( 1, ( (array) $job['progress']['skipped'] )['already_member'] );

		$again = $this->run_job(
			array(
				'type'  => 'add_to_sites',
				'kind'  => 'sites',
				'sites' => array( $site ),
				'users' => array( $member ),
			)
		);
		$this->assertSame( 0, $again['progress']['added'], 'Without a role, a member stays as they are.' );
		$this->assertSame( 'editor', $this->role_on( $member, $site ) );
	}

	public function test_every_site_means_every_live_site_not_excluded(): void {
		$sites    = array( $this->create_site(), $this->create_site() );
		$excluded = $this->create_site();
		$archived = $this->create_site();
		update_blog_status( $archived, 'archived', '1' );
		$this->set_settings( array( 'excludedSites' => array( $excluded ) ) );
		$user = $this->create_user( null );

		$job = $this->run_job(
			array(
				'type'  => 'add_to_sites',
				'kind'  => 'network',
				'users' => array( $user ),
			)
		);

		foreach ( $sites as $site_id ) {
			$this->assertSame( 'subscriber', $this->role_on( $user, $site_id ) );
		}
		$this->assertNull( $this->role_on( $user, $excluded ) );
		$this->assertNull( $this->role_on( $user, $archived ) );
		$this->assertSame( array( 'excluded' => 1 ), $this->preview_skips( $job, $excluded ) );
	}

	public function test_an_explicit_add_undoes_a_removal_and_the_preview_counts_it(): void {
		$site = $this->create_site();
		$user = $this->create_user( 'author', $site );
		remove_user_from_blog( $user, $site );
		$this->assertTrue( ( new Removals() )->was_removed( $user, $site ) );

		$job = $this->previewed(
			array(
				'type'  => 'add_to_sites',
				'kind'  => 'sites',
				'sites' => array( $site ),
				'users' => array( $user ),
			)
		);
		$this->assertSame( 1, ( (array) $job['preview']['noted'] )['was_removed'] );
		$this->assertSame( 1, $job['preview']['total'] );

		$this->rest( 'POST', "/wpm-user-sync/v1/jobs/{$job['id']}/start" );
		$this->rest( 'POST', "/wpm-user-sync/v1/jobs/{$job['id']}/step" );

		$this->assertSame( 'subscriber', $this->role_on( $user, $site ) );
		$this->assertFalse( ( new Removals() )->was_removed( $user, $site ), 'The removal marker is gone: the person was asked for.' );
	}

	/**
	 * Finding: a role change could demote a site's only administrator, which a removal refuses.
	 */
	public function test_a_sites_last_administrator_keeps_the_role(): void {
		$site  = $this->create_site();
		$admin = $this->create_user( 'administrator', $site );

		$job = $this->run_job(
			array(
				'type'  => 'add_to_sites',
				'kind'  => 'sites',
				'sites' => array( $site ),
				'users' => array( $admin ),
				'role'  => 'subscriber',
			)
		);

		$this->assertSame( 'administrator', $this->role_on( $admin, $site ) );
		$this->assertSame( array( 'last_administrator' => 1 ), $this->preview_skips( $job, $site ) );
	}

	public function test_a_super_admin_gives_a_privileged_role(): void {
		$site = $this->create_site();
		$user = $this->create_user( null );

		$this->run_job(
			array(
				'type'  => 'add_to_sites',
				'kind'  => 'sites',
				'sites' => array( $site ),
				'users' => array( $user ),
				'role'  => 'administrator',
			)
		);

		$this->assertSame( 'administrator', $this->role_on( $user, $site ) );
	}

	public function test_wp_cron_carrying_a_super_admins_job_on_judges_it_as_when_it_was_asked_for(): void {
		$sites = array( $this->create_site(), $this->create_site() );
		$user  = $this->create_user( null );
		$job   = $this->previewed(
			array(
				'type'  => 'add_to_sites',
				'kind'  => 'sites',
				'sites' => $sites,
				'users' => array( $user ),
				'role'  => 'administrator',
			)
		);
		$this->rest( 'POST', "/wpm-user-sync/v1/jobs/{$job['id']}/start" );
		wp_set_current_user( 0 );

		( new Job_Runner( get_current_network_id(), new Job_Store() ) )->carry_on( $job['id'] );

		foreach ( $sites as $site_id ) {
			$this->assertSame( 'administrator', $this->role_on( $user, $site_id ) );
		}
	}

	public function test_a_cancel_that_lands_during_a_unit_rolls_the_unit_back(): void {
		global $wpdb;
		$site   = $this->create_site();
		$user   = $this->create_user( null );
		$runner = new Job_Runner( get_current_network_id(), new Job_Store() );
		$job    = $runner->create( 'sites', array( $site ), false, $this->super_admin, Add_To_Sites::NAME, array( $user ), People_Args::for_add( 'editor', true ) );
		while ( 'previewing' === $job->status ) {
			$job = $runner->step( $job, 10.0 );
		}
		$job    = $runner->start( $job );
		$cancel = static function () use ( $wpdb, $job ): void {
			// Someone cancels while the unit is being written; listeners have read the new membership meanwhile.
			$wpdb->update( Job_Store::table(), array( 'status' => 'cancelled' ), array( 'id' => $job->id ) );
			get_user_meta( (int) $job->user_ids[0] );
		};
		add_action( 'add_user_to_blog', $cancel, 20 );

		$runner->step( $job, 10.0 );
		remove_action( 'add_user_to_blog', $cancel, 20 );

		$this->assertNull( $this->role_on( $user, $site ), 'The unit was rolled back: a cancelled job writes nothing more.' );
	}

	public function test_a_spam_account_is_not_added(): void {
		$site = $this->create_site();
		$spam = $this->create_user( null );
		wp_update_user(
			array(
				'ID'   => $spam,
				'spam' => '1',
			)
		);

		$job = $this->run_job(
			array(
				'type'  => 'add_to_sites',
				'kind'  => 'sites',
				'sites' => array( $site ),
				'users' => array( $spam ),
			)
		);

		$this->assertNull( $this->role_on( $spam, $site ) );
		$this->assertSame( array( 'inactive' => 1 ), $this->preview_skips( $job, $site ) );
	}

	public function test_a_privileged_default_role_is_not_given_unless_the_network_allows_it(): void {
		$site = $this->create_site();
		update_blog_option( $site, 'default_role', 'editor' );
		$user = $this->create_user( null );

		$job = $this->run_job(
			array(
				'type'  => 'add_to_sites',
				'kind'  => 'sites',
				'sites' => array( $site ),
				'users' => array( $user ),
			)
		);

		$this->assertNull( $this->role_on( $user, $site ) );
		$this->assertSame( array( 'privileged_role' => 1 ), $this->preview_skips( $job, $site ) );
		$this->assertArrayHasKey( 'privilegedDefaultRoles', Settings::definitions() );
	}
}
