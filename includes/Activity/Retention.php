<?php
/**
 * Keeps the activity log as long as the network asks, and no longer.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Activity;

use WPM_User_Sync\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * Once a day (a WP-Cron event on each network's main site), deletes the events older
 * than the setting `activityRetentionDays`, with their sites and users, in bounded
 * batches: a batch deletes about BATCH rows and, while older events are left, the next
 * batch is scheduled a minute later, so no request holds the tables for long.
 *
 * @since 2.1.0
 */
final class Retention {

	/**
	 * The daily event.
	 */
	public const HOOK = 'wpmus_prune_activity';

	/**
	 * The event of the next batch, while old entries are left.
	 */
	public const BATCH_HOOK = 'wpmus_prune_activity_batch';

	/**
	 * Rows (an event's sites and users) deleted per batch at most; an event bigger than that
	 * goes alone.
	 */
	public const BATCH = 10000;

	/**
	 * Hooks the pruning and schedules the daily event where it is missing.
	 *
	 * @since 2.1.0
	 */
	public static function register(): void {
		add_action( self::HOOK, array( self::class, 'prune' ) );
		add_action( self::BATCH_HOOK, array( self::class, 'prune' ) );
		add_action( 'init', array( self::class, 'schedule' ) );
	}

	/**
	 * Schedules the daily event on the main site of the current network, once.
	 *
	 * @since 2.1.0
	 */
	public static function schedule(): void {
		if ( ! is_main_site() || wp_next_scheduled( self::HOOK ) ) {
			return;
		}
		wp_schedule_event( time() + HOUR_IN_SECONDS, 'daily', self::HOOK );
	}

	/**
	 * One batch of pruning for the current network; another is scheduled while old entries are left.
	 *
	 * @since 2.1.0
	 *
	 * @param int $batch Rows per batch at most (Activity_Store::prune()).
	 * @return int How many events went.
	 */
	public static function prune( $batch = self::BATCH ): int {
		$batch      = (int) $batch > 0 ? (int) $batch : self::BATCH; // WP-Cron passes nothing, or ''.
		$network_id = get_current_network_id();
		$days       = ( new Settings( $network_id ) )->activity_retention_days();
		$deleted    = ( new Activity_Store() )->prune( $network_id, time() - $days * DAY_IN_SECONDS, $batch );
		if ( $deleted >= $batch && ! wp_next_scheduled( self::BATCH_HOOK ) ) {
			wp_schedule_single_event( time() + MINUTE_IN_SECONDS, self::BATCH_HOOK );
		}
		return $deleted;
	}
}
