<?php
/**
 * New site → every user.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Triggers;

use WP_Site;
use WPM_User_Sync\Settings;
use WPM_User_Sync\Sync\Membership_Engine;
use WPM_User_Sync\Sync\Sync_Request;

defined( 'ABSPATH' ) || exit;

/**
 * Adds every user in scope to a new site, with the new site's own default role.
 *
 * Runs once core has created the site's tables. Site creation must not time out
 * on a large network: what does not fit in a few seconds is carried on by
 * WP-Cron, batch after batch, from where the request stopped.
 *
 * @since 2.0.0
 */
final class New_Site_Trigger {

	/**
	 * The WP-Cron hook that carries on a large sync.
	 */
	public const CONTINUE_HOOK = 'wpmus_continue_new_site_sync';

	/**
	 * Seconds of work done while the site is being created.
	 */
	private const SECONDS_IN_REQUEST = 3.0;

	/**
	 * Seconds of work per WP-Cron run.
	 */
	private const SECONDS_PER_CRON_RUN = 20.0;

	/**
	 * Hooks the trigger.
	 *
	 * @since 2.0.0
	 */
	public function register(): void {
		// Core creates the tables at priority 10.
		add_action( 'wp_initialize_site', array( $this, 'sync' ), 50 );
		add_action( self::CONTINUE_HOOK, array( $this, 'carry_on' ), 10, 2 );
	}

	/**
	 * Syncs a new site, if the trigger is on in its network.
	 *
	 * @since 2.0.0
	 *
	 * @param WP_Site $site The new site.
	 */
	public function sync( $site ): void {
		if ( ! ( new Settings( (int) $site->network_id ) )->is_on( 'newSiteSync' ) ) {
			return;
		}
		/**
		 * Filters how many seconds of a new site's sync run while the site is created;
		 * WP-Cron carries on with the rest.
		 *
		 * @since 2.0.0
		 *
		 * @param float   $seconds Seconds. Default 3.
		 * @param WP_Site $site    The new site.
		 */
		$seconds = (float) apply_filters( 'wpmus_new_site_seconds_in_request', self::SECONDS_IN_REQUEST, $site );
		$this->work( (int) $site->id, (int) $site->network_id, null, $seconds );
	}

	/**
	 * Carries on a sync that did not fit in the request that created the site.
	 *
	 * @since 2.0.0
	 *
	 * @param int                             $site_id The site.
	 * @param array{site: int, user: int}     $cursor  Where the last batch stopped.
	 */
	public function carry_on( $site_id, $cursor ): void {
		$site = get_site( (int) $site_id );
		if ( ! $site ) {
			return;
		}
		$this->work( (int) $site->id, (int) $site->network_id, (array) $cursor, self::SECONDS_PER_CRON_RUN );
	}

	/**
	 * Works for a while, then leaves the rest to WP-Cron.
	 *
	 * @param int                              $site_id    The site.
	 * @param int                              $network_id Its network.
	 * @param array{site: int, user: int}|null $cursor     Where to start.
	 * @param float                            $seconds    How long to work.
	 */
	private function work( int $site_id, int $network_id, ?array $cursor, float $seconds ): void {
		$report = Membership_Engine::for_network( $network_id )->run(
			new Sync_Request( null, array( $site_id ) ),
			$cursor,
			microtime( true ) + $seconds
		);
		if ( ! $report->is_done() ) {
			wp_schedule_single_event( time(), self::CONTINUE_HOOK, array( $site_id, $report->cursor ) );
		}

		/**
		 * Fires after a batch of a new site's sync.
		 *
		 * @since 2.0.0
		 *
		 * @param \WPM_User_Sync\Sync\Report $report  Memberships added and skipped in this batch.
		 * @param int                        $site_id The new site.
		 */
		do_action( 'wpmus_new_site_synced', $report, $site_id );
	}
}
