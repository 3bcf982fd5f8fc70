<?php
/**
 * How the log keeps an event's users: runs of consecutive IDs.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Activity;

use WPM_User_Sync\Activity\Activity_Filter;
use WPM_User_Sync\Activity\Activity_Store;
use WPM_User_Sync\Activity\Cause;

/**
 * A block's users are stored as a few rows; every user of the block, and no other, is found.
 */
final class Activity_Store_Test extends Activity_Test_Case {

	public function test_a_block_of_users_is_a_few_rows_and_each_user_is_found_exactly(): void {
		global $wpdb;
		$network = 4242; // A network of its own: the log holds nothing else there.
		$sites   = array(
			7001 => 'subscriber',
			7002 => 'author',
		);
		$store   = new Activity_Store();
		$store->record_added( $network, new Cause( 0, 'cli', 'sync', null, '' ), array( array( array_merge( array( 202, 200 ), range( 1, 130 ) ), $sites ) ) );
		$event = (int) $wpdb->get_var( 'SELECT MAX(id) FROM ' . Activity_Store::events_table() ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared

		$this->assertSame(
			array( array( '1', '64' ), array( '65', '128' ), array( '129', '130' ), array( '200', '200' ), array( '202', '202' ) ),
			$wpdb->get_results( $wpdb->prepare( 'SELECT first_user, last_user FROM ' . Activity_Store::users_table() . ' WHERE event_id = %d ORDER BY first_user', $event ), ARRAY_N ), // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
			'132 users are five rows: runs of at most 64 consecutive IDs.'
		);

		$expected = array();
		foreach ( array_keys( $sites ) as $site ) {
			foreach ( array_merge( range( 1, 130 ), array( 200, 202 ) ) as $user ) {
				$expected[] = "$site-$user";
			}
		}
		$this->assertSame( $expected, $this->sites_and_users( $store->list( new Activity_Filter( $network ), 1000 ) ), 'Every site × user of the block, by site then user.' );
		$this->assertSame( array( '7001-65', '7001-66' ), $this->sites_and_users( $store->list( new Activity_Filter( $network ), 2, 64 ) ), 'Pages start inside a run.' );

		foreach ( array( 1, 63, 64, 65, 128, 129, 130, 200, 202 ) as $user ) {
			$this->assertSame( 2, $store->count( new Activity_Filter( $network, $user ) ), "User $user was in the block." );
			$this->assertSame( array( "7001-$user", "7002-$user" ), $this->sites_and_users( $store->list( new Activity_Filter( $network, $user ), 10 ) ) );
		}
		foreach ( array( 131, 192, 199, 201, 203, 266 ) as $user ) {
			$this->assertSame( 0, $store->count( new Activity_Filter( $network, $user ) ), "User $user was not in the block." );
			$this->assertSame( array(), $store->list( new Activity_Filter( $network, $user ), 10 ) );
		}
	}

	public function test_a_users_table_of_a_development_version_keeps_its_users(): void {
		global $wpdb;
		$table = $wpdb->base_prefix . 'wpmus_test_old_users';
		$wpdb->query( "CREATE TABLE {$table} (event_id bigint(20) unsigned NOT NULL, user_id bigint(20) unsigned NOT NULL, PRIMARY KEY (event_id,user_id), KEY user (user_id,event_id))" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.SchemaChange
		$wpdb->query( "INSERT INTO {$table} (event_id, user_id) VALUES (1, 5), (1, 6), (2, 5)" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared

		Activity_Store::users_as_runs( $table );
		Activity_Store::users_as_runs( $table );

		$this->assertSame(
			array( array( '1', '5', '5' ), array( '1', '6', '6' ), array( '2', '5', '5' ) ),
			$wpdb->get_results( "SELECT event_id, first_user, last_user FROM {$table} ORDER BY event_id, first_user", ARRAY_N ), // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
			'Each user is a run of one; a second call changes nothing.'
		);
		$wpdb->query( "DROP TABLE {$table}" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.SchemaChange
	}

	/**
	 * @param array<int, array<string, string|null>> $rows Entries.
	 * @return string[] "site-user" of each.
	 */
	private function sites_and_users( array $rows ): array {
		return array_map( static fn( array $row ): string => $row['site_id'] . '-' . $row['user_id'], $rows );
	}
}
