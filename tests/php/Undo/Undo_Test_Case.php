<?php
/**
 * What the tests of undo share: jobs run through the REST API as the screens run them.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Undo;

use WPM_User_Sync\Activity\Activity_Store;
use WPM_User_Sync\Sync\Removals;
use WPM_User_Sync\Tests\People\People_Test_Case;

abstract class Undo_Test_Case extends People_Test_Case {

	/**
	 * Syncs some sites, as a network administrator does from the Actions screen.
	 *
	 * @param int[] $sites Sites.
	 * @return array<string, mixed> The job, done.
	 */
	protected function sync( array $sites ): array {
		return $this->run_job(
			array(
				'kind'  => 'sites',
				'sites' => $sites,
			)
		);
	}

	/**
	 * Previews the undo of a job.
	 *
	 * @return array<string, mixed> The undo job, ready.
	 */
	protected function undo_preview( int $job_id ): array {
		return $this->previewed(
			array(
				'type' => 'undo',
				'job'  => $job_id,
			)
		);
	}

	/**
	 * Undoes a job to the end.
	 *
	 * @return array<string, mixed> The undo job, done.
	 */
	protected function undo( int $job_id ): array {
		return $this->run_job(
			array(
				'type' => 'undo',
				'job'  => $job_id,
			)
		);
	}

	/**
	 * How many pairs a job's preview skipped for a reason.
	 *
	 * @param array<string, mixed> $job A job, as the REST API gives it.
	 */
	protected function skipped( array $job, string $reason ): int {
		return (int) ( ( (array) $job['preview']['skipped'] )[ $reason ] ?? 0 );
	}

	/**
	 * How many members a site has.
	 */
	protected function members( int $site_id ): int {
		global $wpdb;
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key = %s", $wpdb->get_blog_prefix( $site_id ) . 'capabilities' ) );
	}

	/**
	 * The removal marker a user has on a site, or null.
	 */
	protected function marker( int $user_id, int $site_id ): ?string {
		foreach ( Removals::META_KEYS as $key ) {
			if ( in_array( (string) $site_id, get_user_meta( $user_id, $key ), true ) ) {
				return $key;
			}
		}
		return null;
	}

	/**
	 * The entries of the log a job wrote: "kind@site:user before>after cause".
	 *
	 * @return string[]
	 */
	protected function logged_by( int $job_id ): array {
		global $wpdb;
		$rows  = $wpdb->get_results( $wpdb->prepare( 'SELECT e.kind, e.cause, s.site_id, s.role_before, s.role_after, u.first_user, u.last_user FROM ' . Activity_Store::events_table() . ' e JOIN ' . Activity_Store::sites_table() . ' s ON s.event_id = e.id JOIN ' . Activity_Store::users_table() . ' u ON u.event_id = e.id WHERE e.job_id = %d ORDER BY e.id, s.site_id, u.first_user', $job_id ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		$lines = array();
		foreach ( $rows as $row ) {
			foreach ( range( (int) $row['first_user'], (int) $row['last_user'] ) as $user_id ) {
				$lines[] = sprintf( '%s@%d:%d %s>%s %s', $row['kind'], $row['site_id'], $user_id, $row['role_before'] ?? '-', $row['role_after'] ?? '-', $row['cause'] );
			}
		}
		return $lines;
	}
}
