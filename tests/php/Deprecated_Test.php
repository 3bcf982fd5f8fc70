<?php
/**
 * Tests for the 1.3 public functions kept as deprecated wrappers.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests;

use WP_User;
use WPM_User_Sync\Tests\Support\TestCase;

final class Deprecated_Test extends TestCase {

	/**
	 * Functions reported as deprecated during the test.
	 *
	 * @var string[]
	 */
	private array $deprecated = array();

	protected function setUp(): void {
		parent::setUp();
		add_action( 'deprecated_function_run', array( $this, 'record' ) );
		add_filter( 'deprecated_function_trigger_error', '__return_false' );
	}

	protected function tearDown(): void {
		remove_action( 'deprecated_function_run', array( $this, 'record' ) );
		remove_filter( 'deprecated_function_trigger_error', '__return_false' );
		parent::tearDown();
	}

	public function record( string $function_name ): void {
		$this->deprecated[] = $function_name;
	}

	public function test_wpmus_sync_newsite_adds_every_user_when_the_trigger_is_on(): void {
		$this->set_settings( array( 'newSiteSync' => false ) );
		$site_id = $this->create_site();
		$user_id = $this->create_user( null );
		$this->set_settings( array( 'newSiteSync' => true ) );

		wpmus_sync_newsite( $site_id );

		$this->assertSame( 'subscriber', $this->role_on( $user_id, $site_id ) );
		$this->assertSame( array( 'wpmus_sync_newsite' ), $this->deprecated );
	}

	public function test_wpmus_sync_newuser_and_maybesync_add_the_user_everywhere_when_the_trigger_is_on(): void {
		$site_id = $this->create_site();
		$first   = $this->create_user( null );
		$second  = $this->create_user( null );
		$this->set_settings( array( 'newUserSync' => true ) );

		wpmus_sync_newuser( $first );
		wpmus_maybesync_newuser( get_userdata( $second )->user_login );

		$this->assertSame( 'subscriber', $this->role_on( $first, $site_id ) );
		$this->assertSame( 'subscriber', $this->role_on( $second, $site_id ) );
		$this->assertSame( array( 'wpmus_sync_newuser', 'wpmus_maybesync_newuser' ), $this->deprecated );
	}

	public function test_wpmus_sync_newrole_copies_the_role_when_the_trigger_is_on(): void {
		$site_id = $this->create_site();
		$user_id = $this->create_user( 'subscriber' );
		add_user_to_blog( $site_id, $user_id, 'subscriber' );
		$this->set_settings( array( 'roleSync' => true ) );
		// A change is copied on behalf of someone who may make it everywhere.
		wp_set_current_user( $this->create_super_admin() );

		wpmus_sync_newrole( $user_id, 'editor' );

		$this->assertSame( 'editor', $this->role_on( $user_id, $site_id ) );
		$this->assertSame( array( 'wpmus_sync_newrole' ), $this->deprecated );
	}

	public function test_the_wrappers_do_nothing_when_their_trigger_is_off(): void {
		$site_id = $this->create_site();
		$user_id = $this->create_user( 'subscriber' );
		add_user_to_blog( $site_id, $user_id, 'subscriber' );
		$stranger = $this->create_user( null );

		wpmus_sync_newsite( $site_id );
		wpmus_sync_newuser( $stranger );
		wpmus_sync_newrole( $user_id, 'editor' );

		$this->assertNull( $this->role_on( $stranger, $site_id ) );
		$this->assertSame( 'subscriber', $this->role_on( $user_id, $site_id ) );
		$this->assertCount( 3, $this->deprecated );
	}
}
