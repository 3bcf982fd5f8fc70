<?php
/**
 * Undoing each kind of job: what is taken back, what is skipped and why.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Undo;

use WP_User;
use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Budget;
use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Sync\Removals;

final class Undo_Test extends Undo_Test_Case {

	public function test_undoing_a_sync_takes_back_every_membership_it_added_and_keeps_them_out(): void {
		$site_a = $this->create_site();
		$site_b = $this->create_site();
		$before = array( $this->members( $site_a ), $this->members( $site_b ) );
		$people = array( $this->create_user( null ), $this->create_user( null ) );

		$sync = $this->sync( array( $site_a, $site_b ) );
		$this->assertSame( 'subscriber', $this->role_on( $people[0], $site_a ) );

		$preview = $this->undo_preview( $sync['id'] );
		$this->assertSame( $sync['id'], $preview['undoes'] );
		$this->assertSame( $sync['progress']['added'], $preview['preview']['total'], 'Everything the sync added would be taken back.' );
		$this->assertSame( array(), (array) $preview['preview']['skipped'] );
		$this->assertSame( 'subscriber', $this->role_on( $people[0], $site_a ), 'A preview writes nothing.' );

		$undo = $this->run_job(
			array(
				'type' => 'undo',
				'job'  => $sync['id'],
			)
		);
		$this->assertSame( $sync['progress']['added'], $undo['progress']['added'] );
		$this->assertSame( $before, array( $this->members( $site_a ), $this->members( $site_b ) ) );
		foreach ( $people as $person ) {
			$this->assertNull( $this->role_on( $person, $site_a ) );
			$this->assertNull( $this->role_on( $person, $site_b ) );
			$this->assertSame( Removals::NETWORK_META_KEY, $this->marker( $person, $site_a ), 'Taken back as a network administrator removes: no trigger adds them back.' );
		}
		$this->assertContains( "removed@{$site_a}:{$people[0]} subscriber>- undo", $this->logged_by( $undo['id'] ) );

		// A sync afterwards respects the removals the undo left.
		$again = $this->sync( array( $site_a, $site_b ) );
		$this->assertSame( 0, $again['progress']['added'] );
		$this->assertNull( $this->role_on( $people[0], $site_a ) );
	}

	public function test_what_someone_changed_since_is_skipped_and_names_who(): void {
		$site   = $this->create_site();
		$kept   = $this->create_user( null );
		$moved  = $this->create_user( null );
		$gone   = $this->create_user( null );
		$editor = $this->create_user( 'administrator', $site );
		$sync   = $this->sync( array( $site ) );

		wp_set_current_user( $editor );
		switch_to_blog( $site );
		( new WP_User( $moved ) )->set_role( 'editor' );
		remove_user_from_blog( $gone, $site );
		restore_current_blog();
		wp_set_current_user( $this->super_admin );

		$preview = $this->undo_preview( $sync['id'] );
		$this->assertSame( 2, $this->skipped( $preview, 'changed_since' ), 'The promoted and the removed are skipped.' );
		$this->assertSame(
			array(
				array(
					'id'    => $editor,
					'name'  => get_userdata( $editor )->display_name,
					'count' => 2,
				),
			),
			$preview['changedBy']
		);
		$this->assertArrayNotHasKey( 'changed_by:' . $editor, (array) $preview['preview']['noted'], 'Who changed what is given apart.' );

		$this->run_job(
			array(
				'type' => 'undo',
				'job'  => $sync['id'],
			)
		);
		$this->assertNull( $this->role_on( $kept, $site ), 'Untouched since: taken back.' );
		$this->assertSame( 'editor', $this->role_on( $moved, $site ), 'Changed since: left as it is.' );
		$this->assertNull( $this->role_on( $gone, $site ) );
		$this->assertSame( 'administrator', $this->role_on( $editor, $site ), 'Not the sync\'s.' );
	}

	public function test_an_undo_can_be_undone_and_a_second_undo_finds_nothing_left(): void {
		$site   = $this->create_site();
		$person = $this->create_user( null );
		$sync   = $this->sync( array( $site ) );
		$undo   = $this->undo( $sync['id'] );
		$this->assertNull( $this->role_on( $person, $site ) );

		$twice = $this->undo_preview( $sync['id'] );
		$this->assertSame( 0, $twice['preview']['total'], 'Undone already.' );
		$this->assertSame( $undo['progress']['added'], $this->skipped( $twice, 'changed_since' ) );
		$this->assertSame( $this->super_admin, $twice['changedBy'][0]['id'] ?? null, 'Changed since by whoever undid it.' );
		$this->rest( 'POST', "/wpm-user-sync/v1/jobs/{$twice['id']}/cancel" );

		$redo = $this->undo( $undo['id'] );
		$this->assertSame( $undo['progress']['added'], $redo['progress']['added'] );
		$this->assertSame( 'subscriber', $this->role_on( $person, $site ), 'Put back with the role the undo took away.' );
		$this->assertNull( $this->marker( $person, $site ), 'Putting back clears the removal marker.' );
		$this->assertContains( "added@{$site}:{$person} ->subscriber undo", $this->logged_by( $redo['id'] ) );
	}

	public function test_undoing_an_add_removes_new_memberships_and_puts_back_changed_roles(): void {
		$site_a = $this->create_site();
		$site_b = $this->create_site();
		$person = $this->create_user( 'subscriber', $site_b );
		$add    = $this->run_job(
			array(
				'type'  => 'add_to_sites',
				'kind'  => 'sites',
				'sites' => array( $site_a, $site_b ),
				'users' => array( $person ),
				'role'  => 'author',
			)
		);
		$this->assertSame( 'author', $this->role_on( $person, $site_a ) );
		$this->assertSame( 'author', $this->role_on( $person, $site_b ) );

		$undo = $this->undo( $add['id'] );
		$this->assertSame( 2, $undo['progress']['added'] );
		$this->assertNull( $this->role_on( $person, $site_a ), 'The new membership is taken back.' );
		$this->assertSame( 'subscriber', $this->role_on( $person, $site_b ), 'The role is put back.' );
	}

	public function test_undoing_an_offboarding_puts_memberships_back_but_not_the_content(): void {
		$site_a = $this->create_site();
		$site_b = $this->create_site();
		$leaver = $this->create_user( 'editor', $site_a );
		add_user_to_blog( $site_b, $leaver, 'subscriber' );
		$heir = $this->create_user( 'editor', $site_a );
		$post = $this->create_post( $site_a, $leaver );

		$remove = $this->run_job(
			array(
				'type'     => 'remove_from_sites',
				'kind'     => 'network',
				'users'    => array( $leaver ),
				'reassign' => array( 'to' => $heir ),
			)
		);
		$this->assertNull( $this->role_on( $leaver, $site_a ) );
		$this->assertSame( $heir, $this->author_of( $site_a, $post ) );

		$preview = $this->undo_preview( $remove['id'] );
		$this->assertSame( $remove['progress']['added'], $preview['preview']['total'] );
		$this->assertSame( $remove['progress']['added'], ( (array) $preview['preview']['noted'] )['content_not_returned'] ?? 0, 'The preview says the content stays where it went.' );

		$this->rest( 'POST', "/wpm-user-sync/v1/jobs/{$preview['id']}/start" );
		for ( $i = 0; $i < 100 && 'running' === $this->job_status( $preview['id'] ); $i++ ) {
			$this->rest( 'POST', "/wpm-user-sync/v1/jobs/{$preview['id']}/step" );
		}
		$this->assertSame( 'editor', $this->role_on( $leaver, $site_a ) );
		$this->assertSame( 'subscriber', $this->role_on( $leaver, $site_b ) );
		$this->assertNull( $this->marker( $leaver, $site_a ), 'Back in: no removal marker.' );
		$this->assertSame( $heir, $this->author_of( $site_a, $post ), 'Content reassignment is not undone.' );
	}

	public function test_a_role_copied_in_the_request_is_a_job_that_can_be_undone(): void {
		$this->set_settings( array( 'roleSync' => true ) );
		$site_a = $this->create_site();
		$site_b = $this->create_site();
		$site_c = $this->create_site();
		$person = $this->create_user( 'subscriber', $site_a );
		add_user_to_blog( $site_b, $person, 'subscriber' );
		add_user_to_blog( $site_c, $person, 'contributor' );

		switch_to_blog( $site_a );
		( new WP_User( $person ) )->set_role( 'author' );
		restore_current_blog();
		$this->assertSame( 'author', $this->role_on( $person, $site_b ) );

		$copies = ( new Job_Store() )->list( get_current_network_id(), 5 );
		$this->assertSame( 'copy_role', $copies[0]->type ?? null, 'The copy has a number in the history.' );
		$this->assertSame( 'done', $copies[0]->status );
		$this->assertSame( 2, $copies[0]->result->added() );

		$undo = $this->undo( $copies[0]->id );
		$this->assertSame( 2, $undo['progress']['added'] );
		$this->assertSame( 'subscriber', $this->role_on( $person, $site_b ) );
		$this->assertSame( 'contributor', $this->role_on( $person, $site_c ) );
		$this->assertSame( 'author', $this->role_on( $person, $site_a ), 'The change itself, made by hand, is not the copy\'s.' );
		$this->assertSame( 'contributor', $this->role_on( $person, $site_c ), 'Putting a role back is not copied further.' );
	}

	public function test_a_role_copy_that_found_no_other_site_leaves_no_job(): void {
		$this->set_settings( array( 'roleSync' => true ) );
		$site   = $this->create_site();
		$person = $this->create_user( 'subscriber', $site );
		$before = ( new Job_Store() )->count( get_current_network_id() );
		switch_to_blog( $site );
		( new WP_User( $person ) )->set_role( 'author' );
		restore_current_blog();
		$this->assertSame( $before, ( new Job_Store() )->count( get_current_network_id() ) );
	}

	public function test_a_role_copy_that_went_on_as_a_job_is_undone_on_every_site(): void {
		$this->set_settings( array( 'roleSync' => true ) );
		$sites  = array( $this->create_site(), $this->create_site(), $this->create_site(), $this->create_site() );
		$person = $this->create_user( 'subscriber', $sites[0] );
		foreach ( array_slice( $sites, 1 ) as $site ) {
			add_user_to_blog( $site, $person, 'subscriber' );
		}
		$this->hook( 'wpmus_role_copy_sites_per_block', static fn() => 1 );
		$this->hook( 'wpmus_job_budget', static fn( $budget, $context ) => Job_Budget::ROLE_CHANGE === $context ? array( 'seconds' => 0.0 ) + $budget : $budget, 2 );

		switch_to_blog( $sites[0] );
		( new WP_User( $person ) )->set_role( 'editor' );
		restore_current_blog();
		$store  = new Job_Store();
		$runner = new Job_Runner( get_current_network_id(), $store );
		$copy   = $store->list( get_current_network_id(), 1 )[0];
		$this->assertSame( 'running', $copy->status, 'The rest goes on in the background.' );
		while ( 'running' === $copy->status ) {
			$copy = $runner->step( $copy, new Job_Budget( INF ) );
		}
		$this->assertSame( 'editor', $this->role_on( $person, $sites[3] ) );

		$undo = $this->undo( $copy->id );
		$this->assertSame( 3, $undo['progress']['added'] );
		foreach ( array_slice( $sites, 1 ) as $site ) {
			$this->assertSame( 'subscriber', $this->role_on( $person, $site ) );
		}
	}

	public function test_a_new_users_sync_is_undone_whole_the_part_done_in_its_request_included(): void {
		$sites = array( $this->create_site(), $this->create_site(), $this->create_site() );
		$main  = get_main_site_id();
		// The account is made on the main site, a member there from the start: left out, the
		// request's first block of one site is one where the sync adds.
		$this->set_settings(
			array(
				'newUserSync'   => true,
				'excludedSites' => array( $main ),
			)
		);
		$this->hook( 'wpmus_engine_pairs_per_block', static fn() => 1 );
		$this->hook( 'wpmus_job_budget', static fn( $budget, $context ) => Job_Budget::NEW_USER === $context ? array( 'seconds' => 0.0 ) + $budget : $budget, 2 );

		$person = $this->create_user( null );
		$store  = new Job_Store();
		$sync   = null;
		foreach ( $store->list( get_current_network_id(), 5 ) as $job ) {
			$sync = Job::ORIGIN_NEW_USER === $job->origin && null === $job->site_ids ? $job : $sync;
		}
		$this->assertSame( 'running', $sync->status ?? null, 'A first block in the request, the rest in the background.' );
		$this->assertSame( 1, $sync->result->added(), 'The request added the first site.' );
		$runner = new Job_Runner( get_current_network_id(), $store );
		while ( 'running' === $sync->status ) {
			$sync = $runner->step( $sync, new Job_Budget( INF ) );
		}
		foreach ( $sites as $site ) {
			$this->assertSame( 'subscriber', $this->role_on( $person, $site ) );
		}

		$undo = $this->undo( $sync->id );
		$this->assertSame( $sync->result->added(), $undo['progress']['added'], 'Every membership it gave, the first block\'s included.' );
		$this->assertSame( array(), get_blogs_of_user( $person ), 'On no site: every other one was the sync\'s, and core keeps no role where the account was made.' );
	}

	public function test_a_role_copy_is_held_by_its_request_while_it_works_there(): void {
		$this->set_settings( array( 'roleSync' => true ) );
		$site_a = $this->create_site();
		$site_b = $this->create_site();
		$person = $this->create_user( 'subscriber', $site_a );
		add_user_to_blog( $site_b, $person, 'subscriber' );
		$runner = new Job_Runner( get_current_network_id(), new Job_Store() );
		// A batch of the same job started meanwhile, as `wp user-sync run` or the watch could start it.
		$meanwhile = null;
		$this->hook(
			'wpmus_job_work',
			static function ( $job, $begins ) use ( $runner, &$meanwhile ): void {
				if ( $begins && 'copy_role' === $job->type && null === $meanwhile ) {
					$meanwhile = false;
					$meanwhile = $runner->step( $job, new Job_Budget( INF ) );
				}
			},
			2
		);

		switch_to_blog( $site_a );
		( new WP_User( $person ) )->set_role( 'author' );
		restore_current_blog();

		$this->assertNotNull( $meanwhile->waiting ?? null, 'The other batch found the job held, and waits.' );
		$copy = ( new Job_Store() )->list( get_current_network_id(), 1 )[0];
		$this->assertSame( 'done', $copy->status );
		$this->assertSame( 1, $copy->result->added(), 'Copied once, by the request.' );
		$this->assertSame( 'author', $this->role_on( $person, $site_b ) );
	}

	public function test_many_small_steps_take_back_everything_once(): void {
		$sites  = array( $this->create_site(), $this->create_site(), $this->create_site() );
		$people = $this->create_users_fast( 7 );
		$before = array_map( array( $this, 'members' ), $sites );
		$sync   = $this->sync( $sites );
		$this->assertGreaterThanOrEqual( 21, $sync['progress']['added'] );

		$this->hook( 'wpmus_undo_pairs_per_unit', static fn() => 2 );
		$this->hook( 'wpmus_job_budget', static fn( $budget ) => array( 'seconds' => 0.0 ) + $budget );
		$undo = $this->undo_preview( $sync['id'] );
		$this->assertSame( $sync['progress']['added'], $undo['preview']['total'] );
		$steps = 0;
		$job   = $this->rest( 'POST', "/wpm-user-sync/v1/jobs/{$undo['id']}/start" )->get_data();
		while ( 'running' === $job['status'] && $steps < 1000 ) {
			$job = $this->rest( 'POST', "/wpm-user-sync/v1/jobs/{$undo['id']}/step" )->get_data();
			++$steps;
		}
		$this->assertSame( 'done', $job['status'] );
		$this->assertGreaterThan( 10, $steps, 'One unit of two pairs per step.' );
		$this->assertSame( $sync['progress']['added'], $job['progress']['added'], 'Each pair once.' );
		$this->assertSame( $before, array_map( array( $this, 'members' ), $sites ) );
		$this->assertNull( $this->role_on( $people[6], $sites[2] ) );
	}

	public function test_a_super_admin_and_a_last_administrator_are_never_taken_back(): void {
		$site_a = $this->create_site();
		$site_b = $this->create_site();
		$person = $this->create_user( null );
		$add    = $this->run_job(
			array(
				'type'  => 'add_to_sites',
				'kind'  => 'sites',
				'sites' => array( $site_a, $site_b ),
				'users' => array( $person, $this->super_admin ),
				'role'  => 'administrator',
			)
		);
		remove_user_from_blog( $this->super_admin, $site_b ); // The person is site B's only administrator now.

		$preview = $this->undo_preview( $add['id'] );
		$this->assertSame( 1, $this->skipped( $preview, 'super_admin' ), 'The super admin stays on site A.' );
		$this->assertSame( 1, $this->skipped( $preview, 'last_administrator' ), 'Site B keeps its last administrator.' );
		$this->assertSame( 1, $this->skipped( $preview, 'changed_since' ), 'The super admin left site B since.' );
		$this->assertSame( 1, $preview['preview']['total'], 'The person leaves site A, which keeps the super admin as administrator.' );
	}

	private function job_status( int $id ): string {
		return (string) $this->rest( 'GET', "/wpm-user-sync/v1/jobs/{$id}" )->get_data()['status'];
	}
}
