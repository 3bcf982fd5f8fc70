<?php
/**
 * Who may be where, with which role, and who may run which sync.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Sync;

use WPM_User_Sync\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * The rules of one network, asked by the triggers, the engine, the menus, the
 * REST API and WP-CLI alike. docs/security.md states them; this class decides them.
 *
 * Scope: a site is in when it is live (not archived, spam or deleted) and not
 * excluded; a user when they are not spam or deleted, and not a super admin unless
 * the network opts them in (Population).
 *
 * Roles: a newcomer gets the site's default role when the site defines it, else
 * subscriber, and never a privileged one (Site_Roles::PRIVILEGED_CAPABILITIES) unless
 * the network allows it. A role change reaches a site only where its author could give
 * the role by hand, never a privileged role unless a super admin or WP-CLI made it,
 * never a role the network keeps where it was given.
 *
 * Syncs: network administrators (`manage_network_users`) run network syncs; a site's
 * administrators (`promote_users` there) run their site's while the network lets them,
 * and super admins always.
 *
 * @since 2.0.1
 */
final class Policy {

	/**
	 * Why someone may not sync a site: they cannot promote users there.
	 */
	public const NOT_SITE_ADMINISTRATOR = 'not_site_administrator';

	/**
	 * Why someone may not sync a site: the network switched site syncs off.
	 */
	public const SITE_SYNC_OFF = 'site_sync_off';

	/**
	 * Runs network syncs, and reads what they need (settings, the list of sites).
	 */
	public const NETWORK_SYNC_CAPABILITY = 'manage_network_users';

	/**
	 * Changes the settings, and lists the roles they may name.
	 */
	public const SETTINGS_CAPABILITY = 'manage_network_options';

	/**
	 * Runs a site's own sync, where the network lets site administrators.
	 */
	public const SITE_SYNC_CAPABILITY = 'promote_users';

	/**
	 * The network's settings.
	 *
	 * @var Settings
	 */
	private Settings $settings;

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
	 * Sets up the rules of a network from what the engine already holds.
	 *
	 * @since 2.0.1
	 *
	 * @param Population $population Who and where: the network.
	 * @param Site_Roles $roles      Roles per site.
	 */
	public function __construct( Population $population, Site_Roles $roles ) {
		$this->settings   = new Settings( $population->network_id() );
		$this->population = $population;
		$this->roles      = $roles;
	}

	/**
	 * The rules of a network.
	 *
	 * @since 2.0.1
	 *
	 * @param int $network_id Network ID.
	 */
	public static function for_network( int $network_id ): self {
		return new self( new Population( new Settings( $network_id ), $network_id ), new Site_Roles() );
	}

	/**
	 * The roles per site the rules read (one object, so that a block's digests are read once).
	 *
	 * @since 2.0.1
	 */
	public function roles(): Site_Roles {
		return $this->roles;
	}

	/*
	 * Who may be where.
	 */

	/**
	 * Sites of the network that are live and ready, ascending (Population::live_sites()).
	 *
	 * @since 2.0.1
	 *
	 * @param int[]|null $only Restrict to these sites; null for all.
	 * @return int[]
	 *
	 * @throws Database_Error When the sites cannot be read.
	 */
	public function live_sites( ?array $only = null ): array {
		return $this->population->live_sites( $only );
	}

	/**
	 * Whether the network administrator excluded a site from every sync.
	 *
	 * @since 2.0.1
	 *
	 * @param int $site_id Site ID.
	 */
	public function is_excluded( int $site_id ): bool {
		return $this->population->is_excluded( $site_id );
	}

	/**
	 * Whether a site is live, in this network and not excluded.
	 *
	 * @since 2.0.1
	 *
	 * @param int $site_id Site ID.
	 */
	public function site_in_scope( int $site_id ): bool {
		return $this->population->site_in_scope( $site_id );
	}

	/**
	 * Why a user is out of scope (a Report::SKIP_* reason), or null when they are in.
	 *
	 * @since 2.0.1
	 *
	 * @param int $user_id User ID.
	 */
	public function user_skip_reason( int $user_id ): ?string {
		return $this->population->user_skip_reason( $user_id );
	}

	/*
	 * With which role.
	 */

	/**
	 * The role a newcomer gets on a site, or null when they get none (see newcomer_skip_reason()).
	 *
	 * @since 2.0.1
	 *
	 * @param int $site_id Site ID.
	 */
	public function newcomer_role( int $site_id ): ?string {
		return null === $this->newcomer_skip_reason( $site_id ) ? $this->roles->default_role( $site_id ) : null;
	}

	/**
	 * Why newcomers get no role on a site (a Report::SKIP_* reason), or null when they get one.
	 *
	 * The site lacks even subscriber, or its default role carries a privileged
	 * capability and the network does not allow giving it.
	 *
	 * @since 2.0.1
	 *
	 * @param int $site_id Site ID.
	 */
	public function newcomer_skip_reason( int $site_id ): ?string {
		$role = $this->roles->default_role( $site_id );
		if ( ! $this->roles->exists( $site_id, $role ) ) {
			return Report::SKIP_ROLE;
		}
		if ( $this->roles->is_privileged( $site_id, $role ) && ! $this->population->allows_privileged_default_roles() ) {
			return Report::SKIP_PRIVILEGED;
		}
		return null;
	}

	/**
	 * Whether a role change to this role may be copied at all: not when the network keeps it where it was given.
	 *
	 * @since 2.0.1
	 *
	 * @param string $role Role slug.
	 */
	public function copies_role( string $role ): bool {
		return ! in_array( $role, $this->settings->never_replicated_roles(), true );
	}

	/**
	 * Whether whoever made a change is trusted like the network's operator: WP-CLI, or a super admin.
	 *
	 * @since 2.0.1
	 *
	 * @param int $actor_id Who made the change; 0 when nobody was logged in.
	 */
	public function is_trusted( int $actor_id ): bool {
		return ( defined( 'WP_CLI' ) && WP_CLI ) || ( $actor_id > 0 && is_super_admin( $actor_id ) );
	}

	/**
	 * Whether a role change may be copied given who made it: always when someone was
	 * logged in (each site then checks their permissions); with nobody logged in, only
	 * under WP-CLI or when code opts in.
	 *
	 * @since 2.0.1
	 *
	 * @param int    $actor_id Who made the change; 0 when nobody was logged in.
	 * @param int    $user_id  Whose role changed.
	 * @param string $role     The new role.
	 * @param int    $source   The site where it changed.
	 */
	public function copies_change_by( int $actor_id, int $user_id, string $role, int $source ): bool {
		if ( $actor_id > 0 ) {
			return true;
		}
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
		return true === apply_filters( 'wpmus_copy_role_change_without_user', defined( 'WP_CLI' ) && WP_CLI, $user_id, $role, $source );
	}

	/**
	 * Why a role change may not give a user a role on one of their other sites (a
	 * Report::SKIP_* reason), or null when it may.
	 *
	 * The site must define the role. Unless the change is trusted (is_trusted()), its
	 * author must be able to promote the user there and hand out that role there, and
	 * the role must not be privileged there: one click must not make someone an
	 * administrator of many sites, even where the author could do it by hand. A change
	 * made with nobody logged in that copies_change_by() lets through is bound by the
	 * last rule only.
	 *
	 * @since 2.0.1
	 *
	 * @param int    $site_id  The target site.
	 * @param int    $user_id  Whose role changed.
	 * @param string $role     The new role.
	 * @param int    $actor_id Who made the change; 0 when nobody was logged in.
	 */
	public function role_copy_refusal( int $site_id, int $user_id, string $role, int $actor_id ): ?string {
		return $this->role_copy_refusals( array( $site_id ), $user_id, $role, $actor_id, $this->is_trusted( $actor_id ) )[ $site_id ];
	}

	/**
	 * The same as role_copy_refusal(), for a block of sites at once, without switching to each: a
	 * person who is not trusted can only promote someone where they hold a role (or the
	 * capability itself) that lets them promote users, which one read of their own
	 * memberships tells; only those sites are switched to for the full check.
	 *
	 * @since 2.0.1
	 *
	 * @param int[]  $site_ids The target sites (their digests are read by Site_Roles).
	 * @param int    $user_id  Whose role changed.
	 * @param string $role     The new role.
	 * @param int    $actor_id Who made the change; 0 when nobody was logged in.
	 * @param bool   $trusted  Whether the change's author is trusted (is_trusted(), when it was made).
	 * @return array<int, string|null> Site ID => reason, or null where the role may go.
	 *
	 * @throws Database_Error When the person's memberships cannot be read.
	 */
	public function role_copy_refusals( array $site_ids, int $user_id, string $role, int $actor_id, bool $trusted ): array {
		$promoters = $trusted || 0 === $actor_id ? array() : $this->sites_where_promoting( $actor_id, $site_ids );
		$refusals  = array();
		foreach ( $site_ids as $site_id ) {
			if ( ! $this->roles->exists( $site_id, $role ) ) {
				$refusals[ $site_id ] = Report::SKIP_ROLE;
			} elseif ( $trusted ) {
				$refusals[ $site_id ] = null;
			} elseif ( $actor_id > 0 ) {
				$refusals[ $site_id ] = isset( $promoters[ $site_id ] ) ? $this->refusal_by_hand( $actor_id, $user_id, $role, $site_id ) : Report::SKIP_PERMISSION;
			} else {
				$refusals[ $site_id ] = $this->roles->is_privileged( $site_id, $role ) ? Report::SKIP_PRIVILEGED : null;
			}
		}
		return $refusals;
	}

	/**
	 * Why a person could not give a user a role on a site by hand (SKIP_PERMISSION), or
	 * why they may not copy it there (SKIP_PRIVILEGED), judged on the site itself and as
	 * that person — whoever runs the copy (WP-Cron, a screen stepping the job) — with the
	 * role's capabilities as the site defines them now.
	 *
	 * @param int    $actor_id Who made the change.
	 * @param int    $user_id  Whose role changed.
	 * @param string $role     The new role.
	 * @param int    $site_id  The target site.
	 */
	private function refusal_by_hand( int $actor_id, int $user_id, string $role, int $site_id ): ?string {
		if ( ! $this->may_give_role( $actor_id, $user_id, $role, $site_id ) ) {
			return Report::SKIP_PERMISSION;
		}
		$switched = get_current_blog_id() !== $site_id && switch_to_blog( $site_id );
		try {
			$capabilities = wp_roles()->get_role( $role )->capabilities ?? array();
		} finally {
			if ( $switched ) {
				restore_current_blog();
			}
		}
		return array() === array_intersect_key( array_filter( $capabilities ), array_flip( Site_Roles::PRIVILEGED_CAPABILITIES ) ) ? null : Report::SKIP_PRIVILEGED;
	}

	/**
	 * The sites, among these, where a person holds a role that lets them promote users,
	 * or that capability itself, in their stored capabilities.
	 *
	 * @param int   $actor_id Who.
	 * @param int[] $site_ids Sites.
	 * @return array<int, true>
	 *
	 * @throws Database_Error When the memberships cannot be read.
	 */
	private function sites_where_promoting( int $actor_id, array $site_ids ): array {
		global $wpdb;
		$site_by_key = array();
		foreach ( $site_ids as $site_id ) {
			$site_by_key[ $wpdb->get_blog_prefix( $site_id ) . 'capabilities' ] = $site_id;
		}
		if ( array() === $site_by_key ) {
			return array();
		}
		$keys  = array_keys( $site_by_key );
		$rows  = Db::rows( $wpdb->prepare( "SELECT meta_key, meta_value FROM {$wpdb->usermeta} WHERE user_id = %d AND meta_key IN (" . implode( ',', array_fill( 0, count( $keys ), '%s' ) ) . ')', $actor_id, ...$keys ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare, WordPress.DB.PreparedSQLPlaceholders.ReplacementsWrongNumber -- One placeholder per key, spread.
		$sites = array();
		foreach ( $rows as list( $key, $value ) ) {
			$site_id = $site_by_key[ $key ] ?? null;
			if ( null === $site_id ) {
				continue; // A key the database matched loosely (collation), not one asked for.
			}
			foreach ( (array) maybe_unserialize( (string) $value ) as $name => $granted ) {
				if ( $granted && ( 'promote_users' === $name || $this->roles->promotes( $site_id, (string) $name ) ) ) {
					$sites[ $site_id ] = true;
				}
			}
		}
		return $sites;
	}

	/**
	 * Whether someone could give a user a role on a site by hand: promote that user
	 * there, with the role among those the site lets them hand out (`editable_roles`).
	 *
	 * @since 2.0.1
	 *
	 * @param int    $actor_id Who.
	 * @param int    $user_id  To whom.
	 * @param string $role     Role slug.
	 * @param int    $site_id  Where.
	 */
	public function may_give_role( int $actor_id, int $user_id, string $role, int $site_id ): bool {
		$switched = get_current_blog_id() !== $site_id && switch_to_blog( $site_id );
		// `editable_roles` filters judge the current user: make it the person, whoever runs this.
		$current = get_current_user_id();
		if ( $current !== $actor_id ) {
			wp_set_current_user( $actor_id );
		}
		try {
			/** This filter is documented in wp-admin/includes/user.php */
			$editable = apply_filters( 'editable_roles', wp_roles()->roles ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- Core's own hook, fired as core fires it.
			return user_can( $actor_id, 'promote_user', $user_id ) && isset( $editable[ $role ] );
		} finally {
			if ( $current !== $actor_id ) {
				wp_set_current_user( $current );
			}
			if ( $switched ) {
				restore_current_blog();
			}
		}
	}

	/**
	 * Which of these sites a person manages: all of them for a super admin, otherwise
	 * those of their sites where they may promote users.
	 *
	 * @since 2.0.1
	 *
	 * @param int   $user_id  Who.
	 * @param int[] $site_ids Site IDs.
	 * @return array<int, true>
	 */
	public function sites_managed_by( int $user_id, array $site_ids ): array {
		if ( is_super_admin( $user_id ) ) {
			return array_fill_keys( $site_ids, true );
		}
		$managed = array();
		// Only where they hold a role that promotes (read set-wise) can they; confirmed there one by one.
		foreach ( array_chunk( array_map( 'intval', $site_ids ), Db::IN_LIST_MAX ) as $chunk ) {
			$this->roles->load( $chunk );
			foreach ( array_keys( $this->sites_where_promoting( $user_id, $chunk ) ) as $site_id ) {
				if ( user_can_for_site( $user_id, $site_id, 'promote_users' ) ) {
					$managed[ $site_id ] = true;
				}
			}
		}
		return $managed;
	}

	/*
	 * Who may run which sync.
	 */

	/**
	 * Whether someone may run syncs of the whole network, or of sites they choose.
	 *
	 * @since 2.0.1
	 *
	 * @param int $user_id Who; 0 for nobody logged in.
	 */
	public function may_run_network_sync( int $user_id ): bool {
		return $this->has_network_capability( $user_id, self::NETWORK_SYNC_CAPABILITY );
	}

	/**
	 * Why someone may not run a site's own sync (NOT_SITE_ADMINISTRATOR or
	 * SITE_SYNC_OFF), or null when they may.
	 *
	 * Super admins may even when the network switched site syncs off: the switch is
	 * about site administrators, and a super admin can run a network sync of that site anyway.
	 *
	 * @since 2.0.1
	 *
	 * @param int $user_id Who; 0 for nobody logged in.
	 * @param int $site_id The site.
	 */
	public function site_sync_refusal( int $user_id, int $site_id ): ?string {
		if ( ! user_can_for_site( $user_id, $site_id, self::SITE_SYNC_CAPABILITY ) ) {
			return self::NOT_SITE_ADMINISTRATOR;
		}
		if ( ! is_super_admin( $user_id ) && ! $this->settings->is_on( 'allowSiteSync' ) ) {
			return self::SITE_SYNC_OFF;
		}
		return null;
	}

	/**
	 * Whether someone may read the network's settings and list its sites: those who
	 * change the settings, and those who run network syncs (the screens show both).
	 *
	 * @since 2.0.1
	 *
	 * @param int $user_id Who; 0 for nobody logged in.
	 */
	public function may_read_settings( int $user_id ): bool {
		return $this->may_change_settings( $user_id ) || $this->may_run_network_sync( $user_id );
	}

	/**
	 * Whether someone may change the network's settings.
	 *
	 * @since 2.0.1
	 *
	 * @param int $user_id Who; 0 for nobody logged in.
	 */
	public function may_change_settings( int $user_id ): bool {
		return $this->has_network_capability( $user_id, self::SETTINGS_CAPABILITY );
	}

	/**
	 * Whether someone holds a capability of the network: super admins, and whoever a role
	 * of the network's main site gives it to, as Network Admin (which runs on the main site)
	 * reads it. A REST request runs on the site of its URL; a role of that site that a role
	 * editor gave such a capability must not open the network's routes.
	 *
	 * @param int    $user_id    Who; 0 for nobody logged in.
	 * @param string $capability A capability of the network.
	 */
	private function has_network_capability( int $user_id, string $capability ): bool {
		return user_can_for_site( $user_id, get_main_site_id( $this->population->network_id() ), $capability );
	}
}
