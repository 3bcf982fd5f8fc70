<?php
/**
 * Tests for the bulk membership engine.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Sync;

use WPM_User_Sync\Settings;
use WPM_User_Sync\Sync\Membership_Engine;
use WPM_User_Sync\Sync\Population;
use WPM_User_Sync\Sync\Report;
use WPM_User_Sync\Sync\Site_Roles;
use WPM_User_Sync\Sync\Sync_Request;
use WPM_User_Sync\Tests\Support\TestCase;

final class Membership_Engine_Test extends TestCase {

	private function engine( int $users_per_block = Membership_Engine::USERS_PER_BLOCK ): Membership_Engine {
		$network_id = get_current_network_id();
		return new Membership_Engine( new Population( new Settings( $network_id ), $network_id ), new Site_Roles(), $users_per_block );
	}

	public function test_adds_each_missing_membership_with_the_sites_default_role(): void {
		$authors = $this->create_site( array( 'options' => array( 'default_role' => 'author' ) ) );
		$plain   = $this->create_site();
		$users   = array( $this->create_user( null ), $this->create_user( null ) );

		$report = $this->engine()->run( new Sync_Request( $users, array( $authors, $plain ) ) );

		foreach ( $users as $user_id ) {
			$this->assertSame( 'author', $this->role_on( $user_id, $authors ) );
			$this->assertSame( 'subscriber', $this->role_on( $user_id, $plain ) );
		}
		$this->assertSame( 4, $report->added() );
		$this->assertSame( 2, $report->added( $authors ) );
		$this->assertTrue( $report->is_done() );
	}

	public function test_a_page_of_users_is_full_even_where_super_admins_are_left_out_and_pages_miss_nobody(): void {
		$users = $this->create_users_fast( 7 );
		grant_super_admin( $users[1] );
		grant_super_admin( $users[2] );
		$network_id = get_current_network_id();
		$population = new Population( new Settings( $network_id ), $network_id );

		list( $page, $left_out, $last ) = $population->next_users( $users[0] - 1, 3 );
		$this->assertSame( array( $users[0], $users[3], $users[4] ), $page, 'Three users in scope, the two super admins among them left out.' );
		$this->assertSame( 2, $left_out );
		$this->assertSame( $users[4], $last );

		$seen  = array();
		$after = 0;
		do {
			list( $page, , $after ) = $population->next_users( $after, 2 );
			$seen                   = array_merge( $seen, $page );
		} while ( 0 !== $after );
		$this->assertSame( array_values( array_unique( $seen ) ), $seen, 'Nobody twice.' );
		$this->assertSame( array( $users[0], $users[3], $users[4], $users[5], $users[6] ), array_values( array_intersect( $seen, $users ) ) );
	}

	public function test_writes_the_user_level_core_derives_from_the_role(): void {
		$this->set_settings( array( 'privilegedDefaultRoles' => true ) );
		$site_id = $this->create_site( array( 'options' => array( 'default_role' => 'editor' ) ) );
		$user_id = $this->create_user( null );

		$this->engine()->run( new Sync_Request( array( $user_id ), array( $site_id ) ) );

		global $wpdb;
		$this->assertSame( '7', get_user_meta( $user_id, $wpdb->get_blog_prefix( $site_id ) . 'user_level', true ) );
		switch_to_blog( $site_id );
		$this->assertTrue( user_can( $user_id, 'edit_others_posts' ) );
		restore_current_blog();
	}

	public function test_a_site_without_a_default_role_or_with_an_undefined_one_gives_subscriber(): void {
		$none    = $this->create_site();
		$unknown = $this->create_site();
		switch_to_blog( $none );
		delete_option( 'default_role' );
		switch_to_blog( $unknown );
		update_option( 'default_role', 'no_such_role' );
		restore_current_blog();
		restore_current_blog();
		$user_id = $this->create_user( null );

		$this->engine()->run( new Sync_Request( array( $user_id ), array( $none, $unknown ) ) );

		$this->assertSame( 'subscriber', $this->role_on( $user_id, $none ) );
		$this->assertSame( 'subscriber', $this->role_on( $user_id, $unknown ) );
	}

	public function test_a_site_that_defines_neither_its_default_role_nor_subscriber_is_skipped_and_reported(): void {
		$site_id = $this->create_site();
		switch_to_blog( $site_id );
		remove_role( 'subscriber' );
		restore_current_blog();
		$user_id = $this->create_user( null );

		$report = $this->engine()->run( new Sync_Request( array( $user_id ), array( $site_id ) ) );

		$this->assertNull( $this->role_on( $user_id, $site_id ) );
		$this->assertSame( 1, $report->skipped( Report::SKIP_ROLE, $site_id ) );
	}

	public function test_existing_memberships_are_never_changed(): void {
		$site_id = $this->create_site( array( 'options' => array( 'default_role' => 'author' ) ) );
		$editor  = $this->create_user( 'editor', $site_id );
		$nobody  = $this->create_user( null );

		$report = $this->engine()->run( new Sync_Request( array( $editor, $nobody ), array( $site_id ) ) );

		$this->assertSame( 'editor', $this->role_on( $editor, $site_id ) );
		$this->assertSame( 'author', $this->role_on( $nobody, $site_id ) );
		$this->assertSame( 1, $report->added() );
	}

	public function test_archived_spam_and_deleted_sites_are_left_alone(): void {
		$archived = $this->create_site( array( 'archived' => 1 ) );
		$spam     = $this->create_site( array( 'spam' => 1 ) );
		$deleted  = $this->create_site( array( 'deleted' => 1 ) );
		$live     = $this->create_site();
		$user_id  = $this->create_user( null );

		$this->engine()->run( new Sync_Request( array( $user_id ), array( $archived, $spam, $deleted, $live ) ) );

		$this->assertNull( $this->role_on( $user_id, $archived ) );
		$this->assertNull( $this->role_on( $user_id, $spam ) );
		$this->assertNull( $this->role_on( $user_id, $deleted ) );
		$this->assertSame( 'subscriber', $this->role_on( $user_id, $live ) );
	}

	public function test_excluded_sites_are_skipped_and_reported(): void {
		$excluded = $this->create_site();
		$included = $this->create_site();
		$this->set_settings( array( 'excludedSites' => array( $excluded ) ) );
		$user_id = $this->create_user( null );

		$report = $this->engine()->run( new Sync_Request( array( $user_id ), array( $excluded, $included ) ) );

		$this->assertNull( $this->role_on( $user_id, $excluded ) );
		$this->assertSame( 'subscriber', $this->role_on( $user_id, $included ) );
		$this->assertSame( 1, $report->skipped( Report::SKIP_EXCLUDED, $excluded ) );
	}

	public function test_sites_of_another_network_are_left_alone(): void {
		$other_site = $this->create_site_in_another_network();
		$here       = $this->create_site();
		$user_id    = $this->create_user( null );

		$this->engine()->run( new Sync_Request( array( $user_id ), array( $other_site, $here ) ) );

		$this->assertNull( $this->role_on( $user_id, $other_site ) );
		$this->assertSame( 'subscriber', $this->role_on( $user_id, $here ) );
	}

	public function test_super_admins_are_left_out_unless_the_network_opts_them_in(): void {
		$site_id     = $this->create_site();
		$super_admin = $this->create_super_admin();

		$report = $this->engine()->run( new Sync_Request( array( $super_admin ), array( $site_id ) ) );
		$this->assertNull( $this->role_on( $super_admin, $site_id ) );
		$this->assertSame( 1, $report->skipped( Report::SKIP_SUPER_ADMIN, $site_id ) );

		$this->set_settings( array( 'includeSuperAdmins' => true ) );
		$this->engine()->run( new Sync_Request( array( $super_admin ), array( $site_id ) ) );
		$this->assertSame( 'subscriber', $this->role_on( $super_admin, $site_id ) );
	}

	public function test_spam_and_deleted_users_are_left_out(): void {
		global $wpdb;
		$site_id = $this->create_site();
		$spam    = $this->create_user( null );
		$deleted = $this->create_user( null );
		$wpdb->update( $wpdb->users, array( 'spam' => 1 ), array( 'ID' => $spam ) );
		$wpdb->update( $wpdb->users, array( 'deleted' => 1 ), array( 'ID' => $deleted ) );
		clean_user_cache( $spam );
		clean_user_cache( $deleted );

		$this->engine()->run( new Sync_Request( null, array( $site_id ) ) );

		$this->assertNull( $this->role_on( $spam, $site_id ) );
		$this->assertNull( $this->role_on( $deleted, $site_id ) );
	}

	public function test_people_removed_by_a_person_are_added_back_only_when_asked(): void {
		$site_id = $this->create_site();
		$user_id = $this->create_user( 'author', $site_id );
		remove_user_from_blog( $user_id, $site_id );

		$report = $this->engine()->run( new Sync_Request( array( $user_id ), array( $site_id ) ) );
		$this->assertNull( $this->role_on( $user_id, $site_id ) );
		$this->assertSame( 1, $report->skipped( Report::SKIP_REMOVED, $site_id ) );

		$report = $this->engine()->run( new Sync_Request( array( $user_id ), array( $site_id ), true ) );
		$this->assertSame( 'subscriber', $this->role_on( $user_id, $site_id ) );
		$this->assertSame( 1, $report->added( $site_id ) );
		$this->assertSame( array(), get_user_meta( $user_id, 'wpmus_removed' ), 'The removal marker goes once the user is back.' );
	}

	public function test_removals_are_respected_in_a_run_over_all_users(): void {
		$site_id = $this->create_site();
		$users   = $this->create_users_fast( 60 );
		add_user_to_blog( $site_id, $users[7], 'author' );
		remove_user_from_blog( $users[7], $site_id );

		$report = $this->engine()->run( new Sync_Request( null, array( $site_id ) ) );

		$this->assertNull( $this->role_on( $users[7], $site_id ) );
		$this->assertSame( 'subscriber', $this->role_on( $users[8], $site_id ) );
		$this->assertSame( 1, $report->skipped( Report::SKIP_REMOVED, $site_id ) );
	}

	public function test_the_can_add_user_to_blog_filter_can_veto_a_pair(): void {
		$site_id = $this->create_site( array( 'options' => array( 'default_role' => 'author' ) ) );
		$vetoed  = $this->create_user( null );
		$allowed = $this->create_user( null );
		$seen    = array();
		$filter  = static function ( $can, $user_id, $role, $blog_id ) use ( $vetoed, &$seen ) {
			$seen[] = array( $user_id, $role, $blog_id, get_current_blog_id() );
			return $user_id === $vetoed ? new \WP_Error( 'no', 'Not this one.' ) : $can;
		};
		add_filter( 'can_add_user_to_blog', $filter, 10, 4 );

		$report = $this->engine()->run( new Sync_Request( array( $vetoed, $allowed ), array( $site_id ) ) );
		remove_filter( 'can_add_user_to_blog', $filter, 10 );

		$this->assertNull( $this->role_on( $vetoed, $site_id ) );
		$this->assertSame( 'author', $this->role_on( $allowed, $site_id ) );
		$this->assertSame( 1, $report->skipped( Report::SKIP_VETOED, $site_id ) );
		$this->assertContains( array( $vetoed, 'author', $site_id, $site_id ), $seen, 'The filter runs on the target site, with core\'s arguments.' );
	}

	public function test_fires_core_actions_for_every_membership_after_it_is_written(): void {
		$site_id = $this->create_site( array( 'options' => array( 'default_role' => 'contributor' ) ) );
		$users   = array( $this->create_user( null ), $this->create_user( null ) );
		$events  = array();
		$on_role = static function ( $user_id, $role, $old_roles ) use ( &$events ) {
			$events[] = array( 'set_user_role', $user_id, $role, $old_roles, get_current_blog_id(), is_user_member_of_blog( $user_id, get_current_blog_id() ) );
		};
		$on_add  = static function ( $user_id, $role, $blog_id ) use ( &$events ) {
			$events[] = array( 'add_user_to_blog', $user_id, $role, $blog_id, get_current_blog_id(), is_user_member_of_blog( $user_id, $blog_id ) );
		};
		add_action( 'set_user_role', $on_role, 10, 3 );
		add_action( 'add_user_to_blog', $on_add, 10, 3 );

		$this->engine()->run( new Sync_Request( $users, array( $site_id ) ) );
		remove_action( 'set_user_role', $on_role, 10 );
		remove_action( 'add_user_to_blog', $on_add, 10 );

		$this->assertSame(
			array(
				array( 'set_user_role', $users[0], 'contributor', array(), $site_id, true ),
				array( 'add_user_to_blog', $users[0], 'contributor', $site_id, $site_id, true ),
				array( 'set_user_role', $users[1], 'contributor', array(), $site_id, true ),
				array( 'add_user_to_blog', $users[1], 'contributor', $site_id, $site_id, true ),
			),
			$events
		);
	}

	public function test_announces_each_user_whose_memberships_changed_to_caches_listening_for_it(): void {
		$sites   = array( $this->create_site(), $this->create_site() );
		$users   = array( $this->create_user( null ), $this->create_user( null ) );
		$cleaned = array();
		$listen  = static function ( $user_id, $user ) use ( &$cleaned ) {
			$cleaned[] = array( $user_id, $user->ID );
		};
		add_action( 'clean_user_cache', $listen, 10, 2 );

		$this->engine()->run( new Sync_Request( $users, $sites ) );
		remove_action( 'clean_user_cache', $listen, 10 );

		$this->assertSame( array( array( $users[0], $users[0] ), array( $users[1], $users[1] ) ), $cleaned );
	}

	public function test_gives_a_primary_site_to_users_who_have_none_and_keeps_existing_ones(): void {
		$site_id = $this->create_site();
		$fresh   = $this->create_user( null );
		$settled = $this->create_user( 'subscriber' );
		delete_user_meta( $fresh, 'primary_blog' );
		$settled_primary = get_user_meta( $settled, 'primary_blog', true );

		$this->engine()->run( new Sync_Request( array( $fresh, $settled ), array( $site_id ) ) );

		$this->assertSame( (string) $site_id, get_user_meta( $fresh, 'primary_blog', true ) );
		$this->assertSame( get_site( $site_id )->domain, get_user_meta( $fresh, 'source_domain', true ) );
		$this->assertSame( $settled_primary, get_user_meta( $settled, 'primary_blog', true ) );
	}

	public function test_a_dry_run_counts_exactly_what_the_run_then_adds_and_writes_nothing(): void {
		$sites = array( $this->create_site(), $this->create_site() );
		$users = $this->create_users_fast( 75 );
		add_user_to_blog( $sites[0], $users[3], 'editor' );
		add_user_to_blog( $sites[1], $users[4], 'editor' );
		remove_user_from_blog( $users[4], $sites[1] );

		$preview = $this->engine( 20 )->run( new Sync_Request( null, $sites ), null, null, true );
		$this->assertNull( $this->role_on( $users[10], $sites[0] ), 'A dry run writes nothing.' );

		$report = $this->engine( 20 )->run( new Sync_Request( null, $sites ) );

		$this->assertSame( $preview->sites(), $report->sites() );
		$this->assertGreaterThanOrEqual( 2 * 75 - 2, $report->added() );
		$this->assertSame( 'subscriber', $this->role_on( $users[10], $sites[0] ) );
	}

	public function test_a_run_cut_off_by_its_deadline_resumes_where_it_stopped_and_writes_each_membership_once(): void {
		global $wpdb;
		$sites = array( $this->create_site(), $this->create_site(), $this->create_site() );
		$users = $this->create_users_fast( 23 );
		$run   = new Sync_Request( null, $sites );

		$total  = new Report();
		$cursor = null;
		$runs   = 0;
		do {
			// A deadline already past: each run does one block of 5 users × 3 sites, then stops.
			$batch = $this->engine( 5 )->run( $run, $cursor, microtime( true ) );
			$total->merge( $batch );
			$cursor = $batch->cursor;
			++$runs;
		} while ( ! $batch->is_done() && $runs < 100 );

		$this->assertGreaterThan( 4, $runs, 'The work was really split into batches.' );
		foreach ( $sites as $site_id ) {
			$key   = $wpdb->get_blog_prefix( $site_id ) . 'capabilities';
			$rows  = (int) $wpdb->get_var(
				$wpdb->prepare(
					"SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key = %s AND user_id BETWEEN %d AND %d",
					$key,
					$users[0],
					end( $users )
				)
			);
			$dupes = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) - COUNT(DISTINCT user_id) FROM {$wpdb->usermeta} WHERE meta_key = %s", $key ) );
			$members = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key = %s", $key ) );
			$this->assertSame( 23, $rows, "Every new user is on site $site_id." );
			$this->assertSame( 0, $dupes, "No membership was written twice on site $site_id." );
			// The sites started empty: every member came from the batches, and was counted once.
			$this->assertSame( $members, $total->added( $site_id ) );
		}
	}

	public function test_memory_stays_flat_with_a_few_thousand_users(): void {
		$sites = array( $this->create_site(), $this->create_site(), $this->create_site() );
		$this->create_users_fast( 4000 );
		// Fires nothing per membership, so only the engine's own memory is measured.
		$network_id = get_current_network_id();
		$engine     = $this->engine();

		memory_reset_peak_usage();
		$before = memory_get_usage();
		$report = $engine->run( new Sync_Request( null, $sites ) );
		$growth = memory_get_peak_usage() - $before;

		$this->assertGreaterThanOrEqual( 3 * 4000, $report->added() );
		$this->assertLessThan( 24 * MB_IN_BYTES, $growth, sprintf( 'Peak memory grew by %.1f MB.', $growth / MB_IN_BYTES ) );
		$this->assertSame( $network_id, get_current_network_id() );
	}
}
