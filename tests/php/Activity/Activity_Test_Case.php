<?php
/**
 * What the activity tests share: reading the log.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Activity;

use WPM_User_Sync\Activity\Activity_Store;
use WPM_User_Sync\Tests\Support\TestCase;

/**
 * Reads the log's entries with their events.
 */
abstract class Activity_Test_Case extends TestCase {

	/**
	 * The entries about a user, oldest first: "kind site before→after cause via actor job detail".
	 *
	 * @return array<int, array<string, string|null>>
	 */
	protected function entries_of( int $user_id ): array {
		global $wpdb;
		return $wpdb->get_results( 'SELECT e.kind, s.site_id, s.role_before, s.role_after, e.cause, e.via, e.actor_id, e.job_id, e.detail FROM ' . Activity_Store::user_runs( $user_id ) . ' u JOIN ' . Activity_Store::events_table() . ' e ON e.id = u.event_id JOIN ' . Activity_Store::sites_table() . ' s ON s.event_id = e.id ORDER BY e.id, s.site_id', ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
	}

	/**
	 * The entries about a user as short lines: "kind@site before>after cause".
	 *
	 * @return string[]
	 */
	protected function lines_of( int $user_id ): array {
		return array_map(
			static fn( array $row ): string => sprintf( '%s@%d %s>%s %s', $row['kind'], $row['site_id'], $row['role_before'] ?? '-', $row['role_after'] ?? '-', $row['cause'] ),
			$this->entries_of( $user_id )
		);
	}
}
