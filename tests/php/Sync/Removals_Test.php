<?php
/**
 * Tests for remembering removals made by people, and only those.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Sync;

use WPM_User_Sync\Sync\Removals;
use WPM_User_Sync\Tests\Support\TestCase;

final class Removals_Test extends TestCase {

	public function test_a_removal_by_a_person_is_remembered_once(): void {
		$site_id = $this->create_site();
		$user_id = $this->create_user( 'author', $site_id );

		remove_user_from_blog( $user_id, $site_id );
		remove_user_from_blog( $user_id, $site_id );

		// Nobody logged in (code): a removal that only a network sync may undo.
		$this->assertSame( array( (string) $site_id ), get_user_meta( $user_id, Removals::NETWORK_META_KEY ) );
		$this->assertSame( array(), get_user_meta( $user_id, Removals::META_KEY ) );
		$this->assertTrue( ( new Removals() )->was_removed( $user_id, $site_id ) );
	}

	public function test_a_removal_by_the_sites_own_administrator_is_marked_as_theirs(): void {
		$site_id = $this->create_site();
		$admin   = $this->create_user( 'administrator', $site_id );
		$user_id = $this->create_user( 'author', $site_id );
		wp_set_current_user( $admin );

		remove_user_from_blog( $user_id, $site_id );

		$this->assertSame( array( (string) $site_id ), get_user_meta( $user_id, Removals::META_KEY ) );
		$this->assertSame( array(), get_user_meta( $user_id, Removals::NETWORK_META_KEY ) );
	}

	public function test_a_removal_by_a_super_admin_is_a_network_removal(): void {
		$site_id = $this->create_site();
		$user_id = $this->create_user( 'author', $site_id );
		wp_set_current_user( $this->create_super_admin() );

		remove_user_from_blog( $user_id, $site_id );

		$this->assertSame( array( (string) $site_id ), get_user_meta( $user_id, Removals::NETWORK_META_KEY ) );
		$this->assertSame( array(), get_user_meta( $user_id, Removals::META_KEY ) );
	}

	public function test_deleting_a_user_from_a_site_in_its_users_screen_counts_as_a_removal(): void {
		require_once ABSPATH . 'wp-admin/includes/user.php';
		$site_id = $this->create_site();
		$user_id = $this->create_user( 'author', $site_id );
		switch_to_blog( $site_id );

		wp_delete_user( $user_id );
		restore_current_blog();

		$this->assertTrue( ( new Removals() )->was_removed( $user_id, $site_id ) );
	}

	public function test_deleting_a_site_is_not_a_removal_and_clears_the_sites_markers(): void {
		$site_id = $this->create_site();
		$kept    = $this->create_user( 'author', $site_id );
		$removed = $this->create_user( 'author', $site_id );
		remove_user_from_blog( $removed, $site_id );

		wp_delete_site( $site_id );

		$this->assertFalse( ( new Removals() )->was_removed( $kept, $site_id ) );
		$this->assertFalse( ( new Removals() )->was_removed( $removed, $site_id ) );
	}

	public function test_joining_again_through_core_forgets_the_removal(): void {
		$site_id = $this->create_site();
		$user_id = $this->create_user( 'author', $site_id );
		remove_user_from_blog( $user_id, $site_id );

		add_user_to_blog( $site_id, $user_id, 'editor' );

		$this->assertFalse( ( new Removals() )->was_removed( $user_id, $site_id ) );
	}

	public function test_the_engines_reads_find_the_removals_people_made(): void {
		global $wpdb;
		$site_id  = $this->create_site();
		$other    = $this->create_site();
		$user_id  = $this->create_user( 'author', $site_id );
		$stays    = $this->create_user( 'author', $site_id );
		$last_row = (int) $wpdb->get_var( "SELECT MAX(umeta_id) FROM {$wpdb->usermeta}" );
		add_user_to_blog( $other, $user_id, 'author' );

		remove_user_from_blog( $user_id, $site_id );
		remove_user_from_blog( $user_id, $other );

		$this->assertTrue( Removals::from_site( $site_id, Removals::NETWORK_META_KEY )->has( $user_id ) );
		$this->assertFalse( Removals::from_site( $site_id, Removals::META_KEY )->has( $user_id ), 'Removed by code: a network removal, not the site\'s.' );
		$this->assertFalse( Removals::from_site( $site_id, Removals::NETWORK_META_KEY )->has( $stays ) );
		$this->assertSame(
			array(
				Removals::NETWORK_META_KEY => array(
					$site_id => array( $user_id => true ),
					$other   => array( $user_id => true ),
				),
			),
			Removals::of_users( array( $user_id, $stays ) )
		);
		$newest = (int) $wpdb->get_var( "SELECT MAX(umeta_id) FROM {$wpdb->usermeta}" );
		$this->assertSame(
			array( array( $user_id, Removals::NETWORK_META_KEY, $site_id ), array( $user_id, Removals::NETWORK_META_KEY, $other ) ),
			Removals::written_between( $last_row, $newest )
		);
		$this->assertSame( array(), Removals::written_between( $newest, $newest ) );
	}

	public function test_a_removal_undone_by_a_sync_forgets_only_that_sites_marker(): void {
		$site_id = $this->create_site();
		$other   = $this->create_site();
		$user_id = $this->create_user( 'author', $site_id );
		add_user_to_blog( $other, $user_id, 'author' );
		remove_user_from_blog( $user_id, $site_id );
		remove_user_from_blog( $user_id, $other );

		Removals::forget_undone( array( array( $user_id, $site_id ) ) );
		wp_cache_delete( $user_id, 'user_meta' );

		$this->assertFalse( ( new Removals() )->was_removed( $user_id, $site_id ) );
		$this->assertTrue( ( new Removals() )->was_removed( $user_id, $other ) );
	}
}
