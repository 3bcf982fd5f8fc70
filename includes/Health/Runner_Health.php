<?php
/**
 * Whether the plugin's background work is being run.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Health;

use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Cleanup;
use WPM_User_Sync\Jobs\Job_Error;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Jobs\Job_Types;
use WPM_User_Sync\Jobs\Job_Watch;

defined( 'ABSPATH' ) || exit;

/**
 * The runner's health: when the plugin's background work last ran (the five-minute watch
 * under WP-Cron, or `wp user-sync run`), whether that is too long ago, whether WP-Cron is
 * switched off (`DISABLE_WP_CRON`), and which running jobs have not moved for 10 minutes.
 *
 * @since 2.2.0
 */
final class Runner_Health {

	/**
	 * The network option that keeps when the background work last ran (Unix time).
	 */
	public const LAST_RUN_OPTION = 'wpmus_runner_last_run';

	/**
	 * Seconds without a run after which the runner counts as stopped.
	 */
	public const QUIET_FOR = HOUR_IN_SECONDS;

	/**
	 * Most stalled jobs listed.
	 */
	public const STALLED_LISTED = 20;

	/**
	 * Where the screens send people for the fix: the README's "Running jobs from system cron".
	 *
	 * @since 2.2.0
	 */
	public static function help_url(): string {
		/**
		 * Filters the address of the instructions for running the plugin's jobs from system cron.
		 *
		 * @since 2.2.0
		 *
		 * @param string $url The address.
		 */
		return (string) apply_filters( 'wpmus_runner_help_url', 'https://wordpress.org/plugins/wpm-user-sync/#faq' );
	}

	/**
	 * Records that the background work of a network runs now.
	 *
	 * @since 2.2.0
	 *
	 * @param int $network_id Network ID.
	 */
	public static function record( int $network_id ): void {
		update_network_option( $network_id, self::LAST_RUN_OPTION, time() );
	}

	/**
	 * When the background work of a network last ran (Unix time); null before it first did.
	 *
	 * @since 2.2.0
	 *
	 * @param int $network_id Network ID.
	 */
	public static function last_run( int $network_id ): ?int {
		$last = get_network_option( $network_id, self::LAST_RUN_OPTION );
		return is_numeric( $last ) && (int) $last > 0 ? (int) $last : null;
	}

	/**
	 * Whether the background work of a network runs: it ran within the last hour; before its
	 * first run, the watch's WP-Cron event is not overdue by an hour.
	 *
	 * @since 2.2.0
	 *
	 * @param int $network_id Network ID.
	 */
	public static function is_running( int $network_id ): bool {
		$last = self::last_run( $network_id );
		if ( null !== $last ) {
			return time() - $last <= self::QUIET_FOR;
		}
		switch_to_blog( get_main_site_id( $network_id ) );
		try {
			$due = wp_next_scheduled( Job_Watch::HOOK );
		} finally {
			restore_current_blog();
		}
		return false === $due || time() - $due <= self::QUIET_FOR;
	}

	/**
	 * Whether WP-Cron is switched off in this installation (`DISABLE_WP_CRON`): then only a
	 * system cron runs the work.
	 *
	 * @since 2.2.0
	 */
	public static function cron_disabled(): bool {
		/**
		 * Filters whether WP-Cron counts as switched off (by default: `DISABLE_WP_CRON` is
		 * defined and true).
		 *
		 * @since 2.2.0
		 *
		 * @param bool $disabled Whether it is.
		 */
		return (bool) apply_filters( 'wpmus_cron_disabled', defined( 'DISABLE_WP_CRON' ) && DISABLE_WP_CRON );
	}

	/**
	 * The running jobs of a network that have not moved for 10 minutes (Job_Cleanup::STALLED_AFTER)
	 * and that no batch holds, the oldest first, at most STALLED_LISTED.
	 *
	 * @since 2.2.0
	 *
	 * @param int $network_id Network ID.
	 * @return array<int, array{id: int, typeLabel: string, since: int}>
	 */
	public static function stalled_jobs( int $network_id ): array {
		global $wpdb;
		$now     = time();
		$rows    = $wpdb->get_results(
			$wpdb->prepare(
				'SELECT id, type, updated_at FROM ' . Job_Store::table() . ' WHERE network_id = %d AND status = %s AND updated_at < %d AND lock_until < %d ORDER BY id ASC LIMIT %d', // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- The plugin's own table name.
				$network_id,
				Job::RUNNING,
				$now - Job_Cleanup::STALLED_AFTER,
				$now,
				self::STALLED_LISTED
			),
			ARRAY_A
		);
		$stalled = array();
		foreach ( $rows as $row ) {
			$stalled[] = array(
				'id'        => (int) $row['id'],
				'typeLabel' => self::type_label( (string) $row['type'] ),
				'since'     => (int) $row['updated_at'],
			);
		}
		return $stalled;
	}

	/**
	 * A job type's label; the name for a type this version does not know.
	 *
	 * @since 2.2.0
	 *
	 * @param string $type The type's name.
	 */
	public static function type_label( string $type ): string {
		try {
			return Job_Types::get( $type )->label();
		} catch ( Job_Error $unknown ) {
			return $type;
		}
	}
}
