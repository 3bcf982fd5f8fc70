<?php
/**
 * Job_Watch class.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Jobs;

defined( 'ABSPATH' ) || exit;

/**
 * Every five minutes, gives each running job back the WP-Cron event that carries it on,
 * if it lost it.
 *
 * Core keeps a site's events in one option that every request rewrites whole: a request
 * that read it before a job scheduled its continuation, and saves it after, drops that
 * event. Without this watch the job would wait until it stalled and then fail, leaving a
 * new site with part of its users. The watch's own event heals the same way: each request
 * to a network's main site schedules it again when it is missing (a read of an option
 * WordPress has already loaded).
 *
 * @since 2.0.1
 */
final class Job_Watch {

	/**
	 * The WP-Cron hook of the watch, on each network's main site.
	 */
	public const HOOK = 'wpmus_watch_jobs';

	/**
	 * The recurrence of the watch.
	 */
	public const SCHEDULE = 'wpmus_five_minutes';

	/**
	 * Hooks the watch.
	 *
	 * @since 2.0.1
	 */
	public static function register(): void {
		add_filter( 'cron_schedules', array( self::class, 'add_schedule' ) ); // phpcs:ignore WordPress.WP.CronInterval.CronSchedulesInterval -- Five minutes, so that a lost continuation is found before its job counts as stalled (10 minutes); the watch costs one indexed query.
		add_action( 'init', array( self::class, 'keep_scheduled' ) );
		add_action(
			self::HOOK,
			static function (): void {
				( new Job_Runner( get_current_network_id(), new Job_Store() ) )->resume_lost();
			}
		);
	}

	/**
	 * Adds the watch's recurrence to WP-Cron's.
	 *
	 * @since 2.0.1
	 *
	 * @param array<string, array{interval: int, display: string}> $schedules Recurrences.
	 * @return array<string, array{interval: int, display: string}>
	 */
	public static function add_schedule( $schedules ): array {
		$schedules                   = is_array( $schedules ) ? $schedules : array();
		$schedules[ self::SCHEDULE ] = array(
			'interval' => 5 * MINUTE_IN_SECONDS,
			'display'  => __( 'Every five minutes', 'wpm-user-sync' ),
		);
		return $schedules;
	}

	/**
	 * Schedules the watch on the network's main site when it is missing.
	 *
	 * @since 2.0.1
	 */
	public static function keep_scheduled(): void {
		if ( is_main_site() && ! wp_installing() && ! wp_next_scheduled( self::HOOK ) ) {
			wp_schedule_event( time() + 5 * MINUTE_IN_SECONDS, self::SCHEDULE, self::HOOK );
		}
	}

	/**
	 * Clears the watch on every network's main site (the plugin is deactivated).
	 *
	 * @since 2.0.1
	 */
	public static function stop(): void {
		if ( ! is_multisite() ) {
			return; // The plugin never ran here.
		}
		foreach ( (array) get_networks(
			array(
				'fields' => 'ids',
				'number' => 0,
			)
		) as $network_id ) {
			switch_to_blog( get_main_site_id( (int) $network_id ) );
			try {
				wp_clear_scheduled_hook( self::HOOK );
			} finally {
				restore_current_blog();
			}
		}
	}
}
