<?php
/**
 * The log keeps what the retention setting says, and no route changes it.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Activity;

use WPM_User_Sync\Activity\Activity_Store;
use WPM_User_Sync\Activity\Retention;

// The autoloader maps tests to the main checkout's folder; this one may be new there.
require_once __DIR__ . '/Activity_Test_Case.php';

/**
 * Pruning in batches, old rows only; the setting's bounds; append-only routes.
 */
final class Retention_Test extends Activity_Test_Case {

	public function test_pruning_removes_only_entries_older_than_the_setting_in_batches(): void {
		global $wpdb;
		$site = $this->create_site();
		$old  = $this->create_user( 'subscriber', $site );
		add_user_to_blog( get_main_site_id(), $old, 'subscriber' );
		$fresh = $this->create_user( 'subscriber', $site );
		$this->set_settings( array( 'activityRetentionDays' => 30 ) );
		// Age the first user's entries by 31 days.
		$wpdb->query( $wpdb->prepare( 'UPDATE ' . Activity_Store::events_table() . ' e JOIN ' . Activity_Store::user_runs( $old ) . ' u ON u.event_id = e.id SET e.created_at = e.created_at - %d', 31 * DAY_IN_SECONDS ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		$this->assertCount( 2, $this->entries_of( $old ) );
		wp_clear_scheduled_hook( Retention::BATCH_HOOK );

		$this->assertSame( 1, Retention::prune( 1 ), 'One batch deletes at most its size.' );
		$this->assertNotFalse( wp_next_scheduled( Retention::BATCH_HOOK ), 'Rows may be left: the next batch is scheduled.' );
		Retention::prune( 1 );
		$this->assertSame( 0, Retention::prune( 1 ) );
		$this->assertSame( array(), $this->entries_of( $old ) );
		$this->assertCount( 1, $this->entries_of( $fresh ) );
		wp_clear_scheduled_hook( Retention::BATCH_HOOK );
	}

	public function test_the_retention_setting_takes_1_to_3650_days_and_defaults_to_90(): void {
		wp_set_current_user( $this->create_super_admin() );
		$this->assertSame( 90, $this->rest( 'GET', '/wpm-user-sync/v1/settings' )->get_data()['activityRetentionDays'] );
		foreach ( array( 0, 3651, 'many', 1.5 ) as $wrong ) {
			$this->assertRestError( 400, 'rest_invalid_param', $this->rest( 'PATCH', '/wpm-user-sync/v1/settings', array( 'activityRetentionDays' => $wrong ) ) );
		}
		$this->assertSame( 200, $this->rest( 'PATCH', '/wpm-user-sync/v1/settings', array( 'activityRetentionDays' => 365 ) )->get_status() );
		$this->assertSame( 365, ( new \WPM_User_Sync\Settings() )->activity_retention_days() );
	}

	public function test_no_route_deletes_or_edits_the_log(): void {
		wp_set_current_user( $this->create_super_admin() );
		foreach ( array( 'POST', 'PUT', 'PATCH', 'DELETE' ) as $method ) {
			$this->assertSame( 404, $this->rest( $method, '/wpm-user-sync/v1/activity' )->get_status() );
			$this->assertSame( 404, $this->rest( $method, '/wpm-user-sync/v1/site-activity' )->get_status() );
		}
	}
}
