<?php
/**
 * New site → every user.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Triggers;

use WP_Site;
use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Budget;
use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Settings;
use WPM_User_Sync\Sync\Report;

defined( 'ABSPATH' ) || exit;

/**
 * Adds every user in scope to a new site, with the new site's own default role.
 *
 * Runs once core has created the site's tables. The sync is a job of the pipeline that
 * starts in the request (Job_Runner::run_in_request(), within the `new_site` budget of
 * `wpmus_job_budget`): site creation must not time out on a large network, so what does
 * not fit becomes a stored job (visible in the network's history, locked, carried on by
 * WP-Cron from where the request stopped).
 *
 * @since 2.0.0
 */
final class New_Site_Trigger {

	/**
	 * The WP-Cron hook with which version 2.0.0 carried on a large sync; events it left
	 * scheduled become jobs when they come (uninstall.php clears the rest).
	 */
	public const CONTINUE_HOOK = 'wpmus_continue_new_site_sync';

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
		$creator_may_fill_it = self::created_by_the_network();
		/**
		 * Filters whether a new site receives every user of the network.
		 *
		 * By default only sites that the network creates do: those a super admin adds,
		 * WP-CLI, and code running with nobody logged in. A site that a person creates for
		 * themselves (self-service signup, or a logged-in user allowed to add sites) is not
		 * filled with everyone, since its owner would then administer, and see, every user.
		 *
		 * @since 2.0.1
		 *
		 * @param bool    $sync Whether to sync the site.
		 * @param WP_Site $site The new site.
		 */
		if ( ! apply_filters( 'wpmus_sync_new_site', $creator_may_fill_it, $site ) ) {
			return;
		}
		$job    = Job::for_trigger( (int) $site->network_id, null, array( (int) $site->id ), Job::ORIGIN_NEW_SITE );
		$budget = Job_Budget::for( Job_Budget::NEW_SITE, $job );
		/**
		 * Filters how many seconds of a new site's sync run while the site is created;
		 * WP-Cron carries on with the rest.
		 *
		 * @since 2.0.0
		 * @deprecated 2.0.1 Use `wpmus_job_budget` (context `new_site`).
		 *
		 * @param float   $seconds Seconds. Default 3.
		 * @param WP_Site $site    The new site.
		 */
		$seconds = (float) apply_filters_deprecated( 'wpmus_new_site_seconds_in_request', array( $budget->seconds, $site ), '2.0.1', 'wpmus_job_budget' );
		$report  = $this->runner( (int) $site->network_id )->run_in_request( $job, new Job_Budget( $seconds, $budget->memory, $budget->context ) );

		/**
		 * Fires after the part of a new site's sync done while the site was created.
		 *
		 * @since 2.0.0
		 *
		 * @param \WPM_User_Sync\Sync\Report $report  Memberships added and skipped.
		 * @param int                        $site_id The new site.
		 */
		do_action( 'wpmus_new_site_synced', $report, (int) $site->id );
	}

	/**
	 * Whether the site being created is the network's doing rather than a person's own:
	 * a super admin, WP-CLI, or code with nobody logged in outside a signup activation
	 * (wp-activate.php runs with WP_INSTALLING).
	 */
	private static function created_by_the_network(): bool {
		if ( defined( 'WP_CLI' ) && WP_CLI ) {
			return true;
		}
		$actor = get_current_user_id();
		return 0 === $actor ? ! wp_installing() : is_super_admin( $actor );
	}

	/**
	 * Turns a continuation scheduled by version 2.0.0 into a job.
	 *
	 * @since 2.0.0
	 * @since 2.0.1 Hands the work to a job.
	 *
	 * @param int   $site_id The site.
	 * @param mixed $cursor  Where the last batch stopped (array{site: int, user: int}).
	 */
	public function carry_on( $site_id, $cursor ): void {
		$site = get_site( (int) $site_id );
		if ( $site ) {
			$this->runner( (int) $site->network_id )->continue_in_background(
				Job::for_trigger( (int) $site->network_id, null, array( (int) $site->id ), Job::ORIGIN_NEW_SITE ),
				is_array( $cursor ) ? $cursor : null,
				new Report()
			);
		}
	}

	/**
	 * The job pipeline of a network.
	 *
	 * @param int $network_id Network ID.
	 */
	private function runner( int $network_id ): Job_Runner {
		return new Job_Runner( $network_id, new Job_Store() );
	}
}
