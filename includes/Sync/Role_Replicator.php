<?php
/**
 * Copies a role change to the user's other sites.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Sync;

use WP_User;
use WPM_User_Sync\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * Gives a user, on the other sites they already belong to, the role they were
 * just given on one site.
 *
 * It never grants more than the person making the change could grant: when a
 * person is logged in, a site only gets the role if that person may promote the
 * user there and may hand out that role there (super admins may everywhere).
 * Changes made with nobody logged in (cron, WP-CLI, code) are copied. A site
 * that does not define the role is skipped. No new memberships are created.
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
	 * Who and where.
	 *
	 * @var Population
	 */
	private Population $population;

	/**
	 * Roles per site.
	 *
	 * @var Site_Roles
	 */
	private Site_Roles $roles;

	/**
	 * The network's settings.
	 *
	 * @var Settings
	 */
	private Settings $settings;

	/**
	 * Sets up replication for a network.
	 *
	 * @since 2.0.0
	 *
	 * @param Settings   $settings   The network's settings.
	 * @param Population $population Who and where.
	 * @param Site_Roles $roles      Roles per site.
	 */
	public function __construct( Settings $settings, Population $population, Site_Roles $roles ) {
		$this->settings   = $settings;
		$this->population = $population;
		$this->roles      = $roles;
	}

	/**
	 * Builds the replicator of a network.
	 *
	 * @since 2.0.0
	 *
	 * @param int $network_id Network ID.
	 */
	public static function for_network( int $network_id ): self {
		$settings = new Settings( $network_id );
		return new self( $settings, new Population( $settings, $network_id ), new Site_Roles() );
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
	 * Copies a role to the user's other sites in scope.
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
		if ( in_array( $role, $this->settings->never_replicated_roles(), true )
			|| ! $this->population->site_in_scope( $source )
			|| null !== $this->population->user_skip_reason( $user_id ) ) {
			return $report;
		}

		$targets = array_diff( array_map( 'intval', array_keys( get_blogs_of_user( $user_id ) ) ), array( $source ) );
		++self::$running;
		try {
			foreach ( $this->population->live_sites( array_values( $targets ) ) as $site_id ) {
				if ( $this->population->is_excluded( $site_id ) ) {
					$report->skip( $site_id, Report::SKIP_EXCLUDED );
				} elseif ( ! $this->roles->exists( $site_id, $role ) ) {
					$report->skip( $site_id, Report::SKIP_ROLE );
				} elseif ( $this->give_role( $site_id, $user_id, $role, $actor_id ) ) {
					$report->add( $site_id, 1 );
				} else {
					$report->skip( $site_id, Report::SKIP_PERMISSION );
				}
			}
		} finally {
			--self::$running;
		}
		return $report;
	}

	/**
	 * Sets the role on one site if the actor may; true when the user has it now.
	 *
	 * @param int    $site_id  Site ID.
	 * @param int    $user_id  User ID.
	 * @param string $role     Role.
	 * @param int    $actor_id Who changed the role; 0 for nobody.
	 */
	private function give_role( int $site_id, int $user_id, string $role, int $actor_id ): bool {
		switch_to_blog( $site_id );
		try {
			if ( $actor_id > 0 && ! is_super_admin( $actor_id ) ) {
				/** This filter is documented in wp-admin/includes/user.php */
				$editable = apply_filters( 'editable_roles', wp_roles()->roles );
				if ( ! user_can( $actor_id, 'promote_user', $user_id ) || ! isset( $editable[ $role ] ) ) {
					return false;
				}
			}
			$user = new WP_User( $user_id );
			if ( array( $role ) !== array_values( $user->roles ) ) {
				$user->set_role( $role );
			}
			return true;
		} finally {
			restore_current_blog();
		}
	}
}
