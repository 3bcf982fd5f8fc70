<?php
/**
 * Tests for "new site → every user".
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Triggers;

use WPM_User_Sync\Triggers\New_Site_Trigger;
use WPM_User_Sync\Tests\Support\TestCase;

final class New_Site_Trigger_Test extends TestCase {

	protected function setUp(): void {
		parent::setUp();
		$this->set_settings( array( 'newSiteSync' => true ) );
	}

	protected function tearDown(): void {
		remove_all_filters( 'wpmus_new_site_seconds_in_request' );
		remove_all_filters( 'wpmus_engine_users_per_block' );
		wp_clear_scheduled_hook( New_Site_Trigger::CONTINUE_HOOK );
		parent::tearDown();
	}

	public function test_a_new_site_gets_every_user_with_its_own_default_role_not_their_main_site_role(): void {
		$editor = $this->create_user( 'editor' );
		$plain  = $this->create_user( null );

		$site_id = $this->create_site( array( 'options' => array( 'default_role' => 'contributor' ) ) );

		$this->assertSame( 'contributor', $this->role_on( $editor, $site_id ) );
		$this->assertSame( 'contributor', $this->role_on( $plain, $site_id ) );
		$this->assertSame( 'editor', $this->role_on( $editor, get_main_site_id() ), 'The main site role is untouched.' );
	}

	public function test_the_site_owner_keeps_administrator(): void {
		$owner = $this->create_user( null );

		$site_id = $this->create_site( array( 'user_id' => $owner ) );

		$this->assertSame( 'administrator', $this->role_on( $owner, $site_id ) );
	}

	public function test_super_admins_are_not_added_unless_opted_in(): void {
		$super_admin = $this->create_super_admin();

		$site_id = $this->create_site();
		$this->assertNull( $this->role_on( $super_admin, $site_id ) );

		$this->set_settings( array( 'includeSuperAdmins' => true ) );
		$other = $this->create_site();
		$this->assertSame( 'subscriber', $this->role_on( $super_admin, $other ) );
	}

	public function test_an_archived_new_site_gets_nobody(): void {
		$user_id = $this->create_user( null );

		$site_id = $this->create_site( array( 'archived' => 1 ) );

		$this->assertNull( $this->role_on( $user_id, $site_id ) );
	}

	public function test_nothing_happens_when_the_trigger_is_off(): void {
		$this->set_settings( array( 'newSiteSync' => false ) );
		$user_id = $this->create_user( null );

		$site_id = $this->create_site();

		$this->assertNull( $this->role_on( $user_id, $site_id ) );
	}

	public function test_a_large_sync_is_handed_to_wp_cron_and_finished_there(): void {
		$users = $this->create_users_fast( 30 );
		// Pretend the network is huge: tiny blocks and no time while the site is created.
		add_filter( 'wpmus_engine_users_per_block', static fn() => 5 );
		add_filter( 'wpmus_new_site_seconds_in_request', static fn() => 0.0 );

		$site_id = $this->create_site();

		$this->assertNull( $this->role_on( end( $users ), $site_id ), 'Only a first batch ran in the request.' );
		$this->assertCount( 1, $this->scheduled_continuations( $site_id ), 'The rest is scheduled on WP-Cron.' );

		// What WP-Cron does: run due events until none is left.
		$runs = 0;
		while ( ( $crons = _get_cron_array() ) && $runs < 50 ) {
			$found = false;
			foreach ( $crons as $events ) {
				foreach ( $events[ New_Site_Trigger::CONTINUE_HOOK ] ?? array() as $scheduled ) {
					wp_unschedule_event( wp_next_scheduled( New_Site_Trigger::CONTINUE_HOOK, $scheduled['args'] ), New_Site_Trigger::CONTINUE_HOOK, $scheduled['args'] );
					do_action_ref_array( New_Site_Trigger::CONTINUE_HOOK, $scheduled['args'] );
					$found = true;
					++$runs;
					break 2;
				}
			}
			if ( ! $found ) {
				break;
			}
		}

		foreach ( $users as $user_id ) {
			$this->assertSame( 'subscriber', $this->role_on( $user_id, $site_id ) );
		}
		$this->assertGreaterThanOrEqual( 1, $runs, 'WP-Cron ran the continuation.' );
		$this->assertSame( array(), $this->scheduled_continuations( $site_id ), 'Nothing is left scheduled.' );
	}

	/**
	 * The scheduled continuations of a site's sync.
	 *
	 * @param int $site_id Site ID.
	 * @return array<int, array<mixed>> Their arguments.
	 */
	private function scheduled_continuations( int $site_id ): array {
		$found = array();
		foreach ( _get_cron_array() as $events ) {
			foreach ( $events[ New_Site_Trigger::CONTINUE_HOOK ] ?? array() as $event ) {
				if ( $site_id === $event['args'][0] ) {
					$found[] = $event['args'];
				}
			}
		}
		return $found;
	}
}
