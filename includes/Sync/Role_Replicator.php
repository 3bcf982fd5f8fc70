<?php
/**
 * Copies a role change to the user's other sites.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Sync;

use WP_User;

defined( 'ABSPATH' ) || exit;

/**
 * Gives a user, on the other sites they already belong to, the role they were
 * just given on one site.
 *
 * Where the role may go is the network's Policy: never further than the person
 * who made the change could go by hand, never a privileged role unless a super
 * admin or WP-CLI made it, and a change made with nobody logged in only under
 * WP-CLI or when code opts in. Every skipped site is reported with its reason.
 * No new memberships are created.
 *
 * @since 2.0.0
 */
final class Role_Replicator {

	/**
	 * How many replications are under way, so the role changes they make are not copied again.
	 *
	 * @var int
	 */
	private static int $running = 0;

	/**
	 * The network's rules.
	 *
	 * @var Policy
	 */
	private Policy $policy;

	/**
	 * Sets up replication for a network.
	 *
	 * @since 2.0.0
	 * @since 2.0.1 Takes the network's Policy instead of its settings, population and roles.
	 *
	 * @param Policy $policy The network's rules.
	 */
	public function __construct( Policy $policy ) {
		$this->policy = $policy;
	}

	/**
	 * Builds the replicator of a network.
	 *
	 * @since 2.0.0
	 *
	 * @param int $network_id Network ID.
	 */
	public static function for_network( int $network_id ): self {
		return new self( Policy::for_network( $network_id ) );
	}

	/**
	 * Whether a replication is writing roles right now.
	 *
	 * @since 2.0.0
	 */
	public static function is_running(): bool {
		return self::$running > 0;
	}

	/**
	 * Copies a role to the user's other sites in scope, where the policy lets it.
	 *
	 * @since 2.0.0
	 *
	 * @param int    $user_id  Whose role changed.
	 * @param string $role     The new role.
	 * @param int    $source   The site where it changed.
	 * @param int    $actor_id Who changed it; 0 when nobody was logged in.
	 * @return Report One "added" per site that got the role; skips with reasons.
	 */
	public function replicate( int $user_id, string $role, int $source, int $actor_id ): Report {
		$report = new Report();
		if ( ! $this->policy->copies_role( $role )
			|| ! $this->policy->site_in_scope( $source )
			|| null !== $this->policy->user_skip_reason( $user_id ) ) {
			return $report;
		}

		$targets = $this->policy->live_sites( array_values( array_diff( array_map( 'intval', array_keys( get_blogs_of_user( $user_id ) ) ), array( $source ) ) ) );
		if ( array() === $targets ) {
			return $report;
		}

		$copy = $this->policy->copies_change_by( $actor_id, $user_id, $role, $source );
		++self::$running;
		try {
			foreach ( $targets as $site_id ) {
				if ( $this->policy->is_excluded( $site_id ) ) {
					$reason = Report::SKIP_EXCLUDED;
				} elseif ( ! $copy ) {
					$reason = Report::SKIP_NO_ACTOR;
				} else {
					$reason = $this->policy->role_copy_refusal( $site_id, $user_id, $role, $actor_id );
				}
				if ( null === $reason ) {
					$this->give( $site_id, $user_id, $role );
					$report->add( $site_id, 1 );
				} else {
					$report->skip( $site_id, $reason );
				}
			}
		} finally {
			--self::$running;
		}
		return $report;
	}

	/**
	 * Gives the user the role on one site.
	 *
	 * @param int    $site_id Site ID.
	 * @param int    $user_id User ID.
	 * @param string $role    Role.
	 */
	private function give( int $site_id, int $user_id, string $role ): void {
		switch_to_blog( $site_id );
		try {
			$user = new WP_User( $user_id );
			if ( array( $role ) !== array_values( $user->roles ) ) {
				$user->set_role( $role );
			}
		} finally {
			restore_current_blog();
		}
	}
}
