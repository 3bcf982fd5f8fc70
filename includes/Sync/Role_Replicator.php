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
 * It never grants more than the person making the change could grant: a site
 * only gets the role if that person may promote the user there and may hand out
 * that role there (super admins may everywhere). A role that lets its holder
 * manage people or settings, or publish unfiltered HTML, on the target site
 * (Site_Roles::is_privileged()) is copied only when a super admin made the
 * change: a site administrator of two sites could not otherwise make someone
 * administrator of both with one click, nor could an editor role that a plugin
 * made powerful on one site travel there. A change made with nobody logged in
 * (cron, a webhook, other plugins' code) is copied only under WP-CLI, whose
 * operator controls the whole network anyway, or when code opts in through the
 * `wpmus_copy_role_change_without_user` filter, and then never a privileged
 * role. A site that does not define the role is skipped. Every skipped site is
 * reported with its reason. No new memberships are created.
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

		$targets = $this->population->live_sites( array_values( array_diff( array_map( 'intval', array_keys( get_blogs_of_user( $user_id ) ) ), array( $source ) ) ) );
		if ( array() === $targets ) {
			return $report;
		}

		$cli     = defined( 'WP_CLI' ) && WP_CLI;
		$trusted = $cli || ( $actor_id > 0 && is_super_admin( $actor_id ) );
		$copy    = $actor_id > 0;
		if ( ! $copy ) {
			/**
			 * Filters whether a role change made with nobody logged in is copied to the
			 * user's other sites.
			 *
			 * Cron jobs, webhooks and other plugins' code change roles with nobody
			 * logged in, so nobody's permissions can bound what is copied. Such a change
			 * is copied only under WP-CLI, unless code opts in here. Even then, a role
			 * that manages people or settings, or publishes unfiltered HTML, on a target
			 * site is copied only under WP-CLI; the other sites are still subject to the
			 * network's settings (excluded sites, roles never replicated).
			 *
			 * @since 2.0.1
			 *
			 * @param bool   $copy    Whether to copy. Default true under WP-CLI, false otherwise.
			 * @param int    $user_id Whose role changed.
			 * @param string $role    The new role.
			 * @param int    $site_id The site where it changed.
			 */
			$copy = true === apply_filters( 'wpmus_copy_role_change_without_user', $cli, $user_id, $role, $source );
		}

		++self::$running;
		try {
			foreach ( $targets as $site_id ) {
				if ( $this->population->is_excluded( $site_id ) ) {
					$reason = Report::SKIP_EXCLUDED;
				} elseif ( ! $copy ) {
					$reason = Report::SKIP_NO_ACTOR;
				} elseif ( ! $this->roles->exists( $site_id, $role ) ) {
					$reason = Report::SKIP_ROLE;
				} else {
					$reason = $this->copy_to( $site_id, $user_id, $role, $trusted ? 0 : $actor_id, $trusted );
				}
				if ( null === $reason ) {
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
	 * Gives the user the role on one site if the change may reach it.
	 *
	 * @param int    $site_id  Site ID.
	 * @param int    $user_id  User ID.
	 * @param string $role     Role.
	 * @param int    $actor_id Whose permissions bound the change; 0 for nobody (or when trusted).
	 * @param bool   $trusted  Whether a super admin or WP-CLI made the change.
	 * @return string|null Why the site was skipped (a Report::SKIP_* reason), or null when the user has the role now.
	 */
	private function copy_to( int $site_id, int $user_id, string $role, int $actor_id, bool $trusted ): ?string {
		switch_to_blog( $site_id );
		try {
			if ( ! $trusted ) {
				if ( $actor_id > 0 ) {
					/** This filter is documented in wp-admin/includes/user.php */
					$editable = apply_filters( 'editable_roles', wp_roles()->roles ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- Core's own hook, fired as core fires it.
					if ( ! user_can( $actor_id, 'promote_user', $user_id ) || ! isset( $editable[ $role ] ) ) {
						return Report::SKIP_PERMISSION;
					}
				}
				// Even where the actor could give it by hand: one click must not make someone an administrator of many sites.
				if ( $this->roles->is_privileged( $site_id, $role ) ) {
					return Report::SKIP_PRIVILEGED;
				}
			}
			$user = new WP_User( $user_id );
			if ( array( $role ) !== array_values( $user->roles ) ) {
				$user->set_role( $role );
			}
			return null;
		} finally {
			restore_current_blog();
		}
	}
}
