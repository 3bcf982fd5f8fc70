<?php
/**
 * Tests for the Role_Replicator itself (what the role trigger and wpmus_sync_newrole() call).
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Sync;

use WPM_User_Sync\Sync\Report;
use WPM_User_Sync\Sync\Role_Replicator;
use WPM_User_Sync\Tests\Support\TestCase;

final class Role_Replicator_Test extends TestCase {

	private int $site_a;
	private int $site_b;
	private int $user_id;

	protected function setUp(): void {
		parent::setUp();
		$this->set_settings( array( 'roleSync' => true ) );
		$this->site_a  = $this->create_site();
		$this->site_b  = $this->create_site();
		$this->user_id = $this->create_user( 'subscriber', $this->site_a );
		add_user_to_blog( $this->site_b, $this->user_id, 'subscriber' );
	}

	protected function tearDown(): void {
		unset( $GLOBALS['super_admins'] );
		parent::tearDown();
	}

	/**
	 * Makes these users the network's super admins the way wp-config.php can: through
	 * the `$super_admins` global, which core's is_super_admin() reads instead of the
	 * `site_admins` network option.
	 *
	 * @param int ...$user_ids Users.
	 */
	private function super_admins_in_wp_config( int ...$user_ids ): void {
		$GLOBALS['super_admins'] = array_map( static fn( $id ) => get_userdata( $id )->user_login, $user_ids );
	}

	private function replicate( string $role, int $actor_id ): Report {
		return Role_Replicator::for_network( get_current_network_id() )->replicate( $this->user_id, $role, $this->site_a, $actor_id );
	}

	public function test_a_super_admin_defined_in_wp_config_is_left_out_like_any_super_admin(): void {
		$actor = $this->create_user( 'subscriber' );
		$this->super_admins_in_wp_config( $actor, $this->user_id );
		$this->assertTrue( is_super_admin( $this->user_id ), 'Core counts them as super admins.' );

		$report = $this->replicate( 'author', $actor );

		$this->assertSame( array(), $report->sites(), 'Super admins are out of scope unless the network opts them in.' );
		$this->assertSame( 'subscriber', $this->role_on( $this->user_id, $this->site_b ) );

		$this->set_settings( array( 'includeSuperAdmins' => true ) );
		$this->assertSame( 1, $this->replicate( 'author', $actor )->added( $this->site_b ) );
	}

	public function test_a_super_admin_defined_in_wp_config_may_copy_a_privileged_role(): void {
		$actor = $this->create_user( 'subscriber' );
		$this->super_admins_in_wp_config( $actor );

		$report = $this->replicate( 'administrator', $actor );

		$this->assertSame( 1, $report->added( $this->site_b ) );
		$this->assertSame( 'administrator', $this->role_on( $this->user_id, $this->site_b ) );
	}

	public function test_a_user_whose_login_is_in_the_site_admins_option_is_not_a_super_admin_when_wp_config_names_others(): void {
		// Core reads the global instead of the option, not both.
		$actor = $this->create_user( 'subscriber' );
		grant_super_admin( $this->user_id );
		$this->super_admins_in_wp_config( $actor );
		$this->assertFalse( is_super_admin( $this->user_id ) );

		$this->assertSame( 1, $this->replicate( 'author', $actor )->added( $this->site_b ) );
	}
}
