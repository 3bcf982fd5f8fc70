<?php
/**
 * New user → every site.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Triggers;

use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Budget;
use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Settings;
use WPM_User_Sync\Sync\Database_Error;
use WPM_User_Sync\Sync\Db;
use WPM_User_Sync\Sync\Policy;
use WPM_User_Sync\Sync\Report;

defined( 'ABSPATH' ) || exit;

/**
 * Adds a new user to every site of the network, whatever created the account.
 *
 * Every path ends in `user_register`, but two paths undo part of the work after
 * it: `wpmu_create_user()` deletes the current site's capabilities before it
 * fires `wpmu_new_user`, and activating an invitation (`add_new_user_to_blog()`
 * on `wpmu_activate_user`) takes the user off the main site. Syncing again at
 * those two points is cheap (only missing memberships are written) and leaves
 * the user on every site. A third path blanks a role afterwards: `POST
 * /wp/v2/users` ends with `add_user_to_blog( site, user, '' )`, then adds the
 * roles the request asked for, if any; a user that asked for none would be left
 * a member of that site with no role, so they get the site's default role.
 *
 * Each sync is a job of the pipeline that runs in the request (Job_Runner::run_in_request(),
 * within the `new_user` budget of `wpmus_job_budget`: 0.4 s by default); what the
 * database refuses, or what does not fit on a large network, goes on as a stored job.
 *
 * @since 2.0.0
 */
final class New_User_Trigger {

	/**
	 * Users whose sync of every site is a job of this request (user ID => true): done, or going on.
	 *
	 * @var array<int, true>
	 */
	private array $synced_everywhere = array();

	/**
	 * Hooks the trigger.
	 *
	 * @since 2.0.0
	 */
	public function register(): void {
		add_action( 'user_register', array( $this, 'sync' ), 20 );
		add_action( 'wpmu_new_user', array( $this, 'sync' ), 20 );
		// After core's add_new_user_to_blog() (priority 10).
		add_action( 'wpmu_activate_user', array( $this, 'sync' ), 100 );
		add_action( 'rest_after_insert_user', array( $this, 'give_default_role_after_rest' ), 10, 3 );
	}

	/**
	 * Gives a user created through `POST /wp/v2/users` the default role of the
	 * site of the request, when core left them there with none.
	 *
	 * @since 2.0.1
	 *
	 * @param \WP_User         $user     The user.
	 * @param \WP_REST_Request $request  The request.
	 * @param bool             $creating Whether the user was created.
	 */
	public function give_default_role_after_rest( $user, $request, $creating ): void {
		global $wpdb;
		$network_id = get_current_network_id();
		$site_id    = get_current_blog_id();
		if ( ! $creating || ! $user instanceof \WP_User || ! ( new Settings( $network_id ) )->is_on( 'newUserSync' ) ) {
			return;
		}
		$capabilities = get_user_meta( $user->ID, $wpdb->get_blog_prefix( $site_id ) . 'capabilities', true );
		// Only a membership with no role at all: the roles a request asked for stay as they are.
		if ( ! is_array( $capabilities ) || array() !== array_filter( $capabilities ) ) {
			return;
		}
		$policy = Policy::for_network( $network_id );
		if ( ! $policy->site_in_scope( $site_id ) || null !== $policy->user_skip_reason( $user->ID ) ) {
			return;
		}
		// As for every new membership: a site's default_role alone never hands out power over people or code.
		$role = $policy->newcomer_role( $site_id );
		if ( null === $role ) {
			return;
		}
		$give = static fn() => ( new \WP_User( $user->ID, '', $site_id ) )->set_role( $role );
		try {
			// Under the write lock: a job writing this site's memberships at the same moment
			// could otherwise deadlock with core's UPDATE and leave the user with no role.
			Db::exclusively( $give );
		} catch ( Database_Error $error ) {
			$give(); // The lock stayed busy: give it as core would, unserialized.
		}
	}

	/**
	 * Adds the user to every site in scope where they are missing, if the trigger is on.
	 *
	 * @since 2.0.0
	 *
	 * @param int $user_id The new user.
	 */
	public function sync( $user_id ): void {
		$network_id = get_current_network_id();
		if ( ! ( new Settings( $network_id ) )->is_on( 'newUserSync' ) ) {
			return;
		}
		$runner = new Job_Runner( $network_id, new Job_Store() );
		if ( isset( $this->synced_everywhere[ (int) $user_id ] ) ) {
			// One sync of every site per user however many of core's creation hooks fire: its job did
			// them (or goes on with them). But the site of the request again, as a job of its own: core
			// took the role it got there away since (wpmu_create_user() deletes it after user_register),
			// and the job may have passed that site already. One site is one unit of work: it is done
			// here whatever the request's triggers spent.
			$job    = Job::for_trigger( $network_id, array( (int) $user_id ), array( get_current_blog_id() ), Job::ORIGIN_NEW_USER );
			$shared = Job_Budget::for( Job_Budget::NEW_USER, $job );
			$budget = new Job_Budget( $shared->seconds, $shared->memory );
		} else {
			$job    = Job::for_trigger( $network_id, array( (int) $user_id ), null, Job::ORIGIN_NEW_USER );
			$budget = Job_Budget::for( Job_Budget::NEW_USER, $job );
		}
		$report = $runner->run_in_request( $job, $budget );
		if ( $job->id > 0 ) {
			$this->synced_everywhere[ (int) $user_id ] = true;
		}

		/**
		 * Fires after a new user was synced to the network's sites.
		 *
		 * @since 2.0.0
		 *
		 * @param \WPM_User_Sync\Sync\Report $report  Memberships added and skipped, per site.
		 * @param int                        $user_id The new user.
		 */
		do_action( 'wpmus_new_user_synced', $report, (int) $user_id );
	}
}
