<?php
/**
 * Tests that the engine asks and tells other code what core would, and spares
 * listeners that declared they do nothing while it runs.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Sync;

use WPM_User_Sync\Sync\Core_Hooks;
use WPM_User_Sync\Sync\Membership_Engine;
use WPM_User_Sync\Sync\Sync_Request;
use WPM_User_Sync\Tests\Support\TestCase;

final class Core_Hooks_Test extends TestCase {

	public function test_only_a_filter_that_is_not_quiet_can_veto(): void {
		$this->assertFalse( Core_Hooks::may_veto(), 'The plugin\'s own listener of can_add_user_to_blog is quiet.' );

		$filter = static fn( $can ) => $can;
		add_filter( 'can_add_user_to_blog', $filter );
		$heard = Core_Hooks::may_veto();
		remove_filter( 'can_add_user_to_blog', $filter );

		$this->assertTrue( $heard );
	}

	public function test_the_join_actions_fire_only_when_someone_who_is_not_quiet_listens(): void {
		$site  = $this->create_site();
		$users = array( $this->create_user( null ), $this->create_user( null ) );
		$quiet = array();
		$spy   = static function ( $user_id ) use ( &$quiet ) {
			$quiet[] = $user_id;
		};
		add_action( 'add_user_to_blog', $spy );
		Membership_Engine::quiet_listener( $spy );
		$engine = Membership_Engine::for_network( get_current_network_id() );

		$engine->run( new Sync_Request( array( $users[0] ), array( $site ) ) );
		$alone = $quiet;

		$listener = static function () {};
		add_action( 'set_user_role', $listener );
		$engine->run( new Sync_Request( array( $users[1] ), array( $site ) ) );
		remove_action( 'set_user_role', $listener );
		remove_action( 'add_user_to_blog', $spy );

		$this->assertSame( array(), $alone, 'Heard by quiet listeners only: not fired.' );
		$this->assertSame( array( $users[1] ), $quiet, 'Someone else listens: fired as core fires it, to every listener.' );
		$this->assertSame( 'subscriber', $this->role_on( $users[0], $site ) );
	}
}
