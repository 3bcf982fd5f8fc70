<?php
/**
 * Tests for the two ways the engine reads who is a member already.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Sync;

use WPM_User_Sync\Sync\Members_By_Site;
use WPM_User_Sync\Sync\Members_By_User;
use WPM_User_Sync\Sync\Policy;
use WPM_User_Sync\Sync\Removals;
use WPM_User_Sync\Sync\Site_Block;
use WPM_User_Sync\Sync\Site_Roles;
use WPM_User_Sync\Tests\Support\TestCase;

final class Member_Lookup_Test extends TestCase {

	public function test_both_lookups_name_the_same_missing_users_and_who_removed_them(): void {
		$site        = $this->create_site();
		$other       = $this->create_site();
		$admin       = $this->create_user( 'administrator', $site );
		$member      = $this->create_user( 'author', $site );
		$by_site     = $this->create_user( 'author', $site );
		$by_network  = $this->create_user( 'author', $site );
		$elsewhere   = $this->create_user( 'author', $other );
		$newcomer    = $this->create_user( null );
		$super_admin = $this->create_super_admin();
		wp_set_current_user( $admin );
		remove_user_from_blog( $by_site, $site );
		wp_set_current_user( $super_admin );
		remove_user_from_blog( $by_network, $site );
		wp_set_current_user( 0 );

		$users = array( $member, $by_site, $by_network, $elsewhere, $newcomer );
		$block = new Site_Block( array( $site, $other ), Policy::for_network( get_current_network_id() ), new Site_Roles() );
		$want  = array(
			$by_site    => Removals::META_KEY,
			$by_network => Removals::NETWORK_META_KEY,
			$elsewhere  => '',
			$newcomer   => '',
		);

		$this->assertSame( $want, ( new Members_By_Site( $block ) )->missing( $site, $users, true ) );
		$this->assertSame( $want, Members_By_User::read( $users, $block )->missing( $site, $users, true ) );
		$this->assertSame( array_fill_keys( array_keys( $want ), '' ), Members_By_User::read( $users, $block )->missing( $site, $users, false ), 'Removals asked not to matter read as none.' );
		$this->assertSame( array_fill_keys( array( $member, $by_site, $by_network, $newcomer ), '' ), ( new Members_By_Site( $block ) )->missing( $other, $users, true ) );
	}

	public function test_reading_by_site_again_sees_who_joined_or_was_removed_since_the_first_read(): void {
		$site    = $this->create_site();
		$users   = $this->create_users_fast( 3 );
		$block   = new Site_Block( array( $site ), Policy::for_network( get_current_network_id() ), new Site_Roles() );
		$members = new Members_By_Site( $block );
		$this->assertSame( array_fill_keys( $users, '' ), $members->missing( $site, $users, true ) );

		// Another writer, after the block looked: one joins; one joins and is removed by code.
		add_user_to_blog( $site, $users[0], 'editor' );
		add_user_to_blog( $site, $users[1], 'editor' );
		remove_user_from_blog( $users[1], $site );
		$this->assertSame( array_fill_keys( $users, '' ), $members->missing( $site, $users, true ), 'Until refreshed, a block keeps what it read.' );

		$members->refresh();

		$this->assertSame(
			array(
				$users[1] => Removals::NETWORK_META_KEY,
				$users[2] => '',
			),
			$members->missing( $site, $users, true )
		);
	}
}
