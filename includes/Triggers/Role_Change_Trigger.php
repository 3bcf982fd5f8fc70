<?php
/**
 * Role change → the user's other sites.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Triggers;

use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Budget;
use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Jobs\Types\Copy_Role;
use WPM_User_Sync\People\Adder;
use WPM_User_Sync\Settings;
use WPM_User_Sync\Sync\Database_Error;
use WPM_User_Sync\Sync\Membership_Engine;
use WPM_User_Sync\Sync\Policy;
use WPM_User_Sync\Sync\Report;
use WPM_User_Sync\Sync\Role_Change;
use WPM_User_Sync\Sync\Role_Replicator;
use WPM_User_Sync\Undo\Undoer;

defined( 'ABSPATH' ) || exit;

/**
 * Copies a role change on one site to the user's other sites.
 *
 * Only real changes are copied. A role set while a person joins a site is not
 * a change, even when they were a member already: whatever core path sets the
 * role inside `add_user_to_blog()` (an accepted invitation, Add Existing User,
 * signup activation, another plugin calling it) only ever concerns that site.
 * Otherwise anyone allowed to invite people to one site could, by inviting an
 * account twice, make it administrator of every site it belongs to. Neither is
 * a role written by the engine or by a replication a change, so nothing cascades; nor is
 * a role a people job (add_to_sites) sets on the sites a person chose.
 *
 * The copy is a job of the pipeline (type copy_role) that runs in the request, within
 * the `role_change` budget of `wpmus_job_budget`; for a user of thousands of sites
 * what does not fit goes on in the background, in the network's history. A newer
 * change of the same user's role cancels the copy of the older one.
 *
 * Every copy is stored in the network's history (one INSERT before it runs, so that the
 * activity log names its job; one UPDATE when it ends in the request, or a DELETE when
 * the user had no other site): it has a number, and it can be undone like any job. A role
 * that an undo puts back is not copied: it takes back a change, it makes none.
 *
 * @since 2.0.0
 */
final class Role_Change_Trigger {

	/**
	 * The people joining a site right now: "user ID:site ID" => true, from the moment
	 * `add_user_to_blog()` lets them in until it announces the new membership.
	 *
	 * @var array<string, true>
	 */
	private array $joining = array();

	/**
	 * Hooks the trigger.
	 *
	 * @since 2.0.0
	 */
	public function register(): void {
		add_action( 'set_user_role', array( $this, 'replicate' ), 10, 3 );
		Membership_Engine::quiet_listener( array( $this, 'replicate' ) );
		// Last, so that only a join every other filter let through is noted.
		add_filter( 'can_add_user_to_blog', array( $this, 'note_join' ), PHP_INT_MAX, 4 );
		Membership_Engine::quiet_listener( array( $this, 'note_join' ) );
		// Last too: a role that listeners of the join set at once is part of the join.
		add_action( 'add_user_to_blog', array( $this, 'end_join' ), PHP_INT_MAX, 3 );
		Membership_Engine::quiet_listener( array( $this, 'end_join' ) );
		add_action( 'wpmus_job_finished', array( $this, 'copied_in_background' ) );
		add_action( 'admin_notices', array( $this, 'show_skips' ) );
		add_action( 'network_admin_notices', array( $this, 'show_skips' ) );
	}

	/**
	 * Notes that a user is joining a site: `add_user_to_blog()` sets their role next.
	 *
	 * Should a filter running after this one still refuse the join, the note stays
	 * for the rest of the request and a later change of that user's role on that
	 * site is not copied either: a missed copy is safer than an escalation.
	 *
	 * @since 2.0.1
	 *
	 * @param true|\WP_Error $allowed Whether the user may be added; returned unchanged.
	 * @param int            $user_id User ID.
	 * @param string         $role    The role they join with.
	 * @param int            $site_id Site ID.
	 * @return true|\WP_Error
	 */
	public function note_join( $allowed, $user_id, $role, $site_id ) {
		// The engine's own writes are never copied; it asks this filter for nothing else.
		if ( true === $allowed && ! Membership_Engine::is_running() ) {
			$this->joining[ (int) $user_id . ':' . (int) $site_id ] = true;
		}
		return $allowed;
	}

	/**
	 * Ends a join noted by note_join(): from now on a role set there is a change.
	 *
	 * @since 2.0.1
	 *
	 * @param int    $user_id User ID.
	 * @param string $role    The role they joined with.
	 * @param int    $site_id Site ID.
	 */
	public function end_join( $user_id, $role, $site_id ): void {
		unset( $this->joining[ (int) $user_id . ':' . (int) $site_id ] );
	}

	/**
	 * Copies a role change, if the trigger is on and it is a change.
	 *
	 * @since 2.0.0
	 *
	 * @param int      $user_id   User ID.
	 * @param string   $role      The new role.
	 * @param string[] $old_roles The roles before.
	 */
	public function replicate( $user_id, $role, $old_roles ): void {
		$old_roles = (array) $old_roles;
		if ( '' === (string) $role || array() === $old_roles || array( $role ) === array_values( $old_roles )
			|| isset( $this->joining[ (int) $user_id . ':' . get_current_blog_id() ] )
			|| doing_action( 'wpmu_activate_user' ) || Membership_Engine::is_running() || Role_Replicator::is_running()
			|| Adder::is_changing_roles() || Undoer::is_restoring_roles() ) {
			return;
		}
		$site = get_site();
		if ( ! $site ) {
			return;
		}
		$network_id = (int) $site->network_id;
		if ( ! ( new Settings( $network_id ) )->is_on( 'roleSync' ) ) {
			return;
		}

		$actor_id = get_current_user_id();
		$policy   = Policy::for_network( $network_id );
		$change   = Role_Change::made_now( $policy, (int) $user_id, (string) $role, get_current_blog_id(), $actor_id );
		$job      = Job::for_role_change( $network_id, $change );
		$runner   = new Job_Runner( $network_id, new Job_Store() );
		try {
			$change->become_newest();
		} catch ( Database_Error $error ) {
			return; // Nothing was copied; the change itself stands on its site.
		}
		$runner->supersede( $job );
		$report = $runner->run_in_request( $job, Job_Budget::for( Job_Budget::ROLE_CHANGE, $job ) );
		if ( $actor_id > 0 ) {
			$this->remember_for_notice( $policy, $actor_id, (string) $role, $report );
		}
		if ( $report->is_done() ) {
			self::replicated( $report, (int) $user_id, (string) $role );
		}
	}

	/**
	 * Tells listeners that a copy which went on in the background is complete.
	 *
	 * @since 2.0.1
	 *
	 * @param Job $job A job that just ended (not failed).
	 */
	public function copied_in_background( $job ): void {
		if ( $job instanceof Job && Copy_Role::NAME === $job->type && Job::DONE === $job->status ) {
			$change = $job->role_change();
			self::replicated( $job->result, $change->user_id, $change->role );
		}
	}

	/**
	 * Fires `wpmus_role_replicated`, once per change, when its copy is complete.
	 *
	 * @param Report $report  Sites that got the role and sites skipped.
	 * @param int    $user_id Whose role changed.
	 * @param string $role    The role.
	 */
	private static function replicated( Report $report, int $user_id, string $role ): void {
		/**
		 * Fires once a role change was copied to the user's other sites: in the request
		 * that changed it, or when the job that went on in the background is done.
		 *
		 * @since 2.0.0
		 * @since 2.0.1 Fires when the copy is complete.
		 *
		 * @param Report $report  Sites that got the role ("added") and sites skipped, with the reason.
		 * @param int    $user_id Whose role changed.
		 * @param string $role    The role.
		 */
		do_action( 'wpmus_role_replicated', $report, $user_id, $role );
	}

	/**
	 * Keeps what happened for the person who changed the role, to show on their next screen.
	 *
	 * Sites that person cannot administer are only counted: the notice must not tell
	 * a site administrator which other sites someone belongs to, nor what they are called.
	 *
	 * @param Policy $policy   The network's rules.
	 * @param int    $actor_id Who changed the role.
	 * @param string $role     The role.
	 * @param Report $report   What the replication did.
	 */
	private function remember_for_notice( Policy $policy, int $actor_id, string $role, Report $report ): void {
		$skipped = array();
		foreach ( $report->sites() as $site_id => $counts ) {
			foreach ( array_keys( $counts['skipped'] ) as $reason ) {
				$skipped[ (int) $site_id ] = (string) $reason;
			}
		}
		if ( 0 === $report->added() && array() === $skipped && $report->is_done() ) {
			return;
		}
		$managed = $policy->sites_managed_by( $actor_id, array_keys( $skipped ) );
		$named   = array();
		foreach ( $skipped as $site_id => $reason ) {
			if ( isset( $managed[ $site_id ] ) ) {
				$named[] = array( $site_id, $reason );
			}
		}
		set_site_transient(
			'wpmus_role_notice_' . $actor_id,
			array(
				'role'    => $role,
				'copied'  => $report->added(),
				'skipped' => $named,
				'hidden'  => count( $skipped ) - count( $named ),
				'going'   => ! $report->is_done(),
			),
			5 * MINUTE_IN_SECONDS
		);
	}

	/**
	 * Tells the person who changed a role where it was copied and where not, and why.
	 *
	 * @since 2.0.0
	 */
	public function show_skips(): void {
		$key    = 'wpmus_role_notice_' . get_current_user_id();
		$notice = get_site_transient( $key );
		if ( ! is_array( $notice ) ) {
			return;
		}
		delete_site_transient( $key );

		$reasons = array(
			Report::SKIP_ROLE       => __( 'the site has no such role', 'wpm-user-sync' ),
			Report::SKIP_PERMISSION => __( 'you may not give that role there', 'wpm-user-sync' ),
			Report::SKIP_EXCLUDED   => __( 'the site is excluded from sync', 'wpm-user-sync' ),
			Report::SKIP_PRIVILEGED => __( 'the role lets its holder manage people or settings, or publish unfiltered HTML, there; only a network administrator can copy it', 'wpm-user-sync' ),
			Report::SKIP_NO_ACTOR   => __( 'nobody was logged in to make the change', 'wpm-user-sync' ),
		);
		$lines   = array();
		foreach ( (array) $notice['skipped'] as list( $site_id, $reason ) ) {
			$site    = get_site( (int) $site_id );
			$lines[] = sprintf(
				/* translators: 1: Site name, 2: Why the role was not copied there. */
				__( '%1$s: not copied, because %2$s.', 'wpm-user-sync' ),
				$site ? $site->blogname : '#' . (int) $site_id,
				$reasons[ $reason ] ?? $reason
			);
		}
		$hidden = (int) ( $notice['hidden'] ?? 0 );
		if ( $hidden > 0 ) {
			$lines[] = sprintf(
				/* translators: %d: Number of sites. */
				_n( '…and %d other site you do not manage.', '…and %d other sites you do not manage.', $hidden, 'wpm-user-sync' ),
				$hidden
			);
		}

		$message = '<p>' . esc_html(
			sprintf(
				/* translators: 1: Role slug, 2: Number of sites. */
				_n( 'WPM User Sync copied the role "%1$s" to %2$d other site.', 'WPM User Sync copied the role "%1$s" to %2$d other sites.', (int) $notice['copied'], 'wpm-user-sync' ),
				$notice['role'],
				(int) $notice['copied']
			)
		) . '</p>';
		if ( ! empty( $notice['going'] ) ) {
			$message .= '<p>' . esc_html__( 'The user belongs to many sites: the copy goes on in the background for a little while.', 'wpm-user-sync' ) . '</p>';
		}
		if ( array() !== $lines ) {
			$message .= '<ul><li>' . implode( '</li><li>', array_map( 'esc_html', $lines ) ) . '</li></ul>';
		}
		wp_admin_notice(
			$message,
			array(
				'type'           => array() === $lines ? 'success' : 'warning',
				'dismissible'    => true,
				'paragraph_wrap' => false,
			)
		);
	}
}
