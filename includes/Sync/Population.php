<?php
/**
 * Who and where a sync may touch.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Sync;

use WPM_User_Sync\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * The sites and users in scope of one network.
 *
 * Sites in scope: the network's sites that are not archived, spam or deleted,
 * minus the ones the network administrator excluded. Users in scope: users that
 * are not spam or deleted, minus super admins unless the network opted them in.
 *
 * @since 2.0.0
 */
final class Population {

	/**
	 * The network's settings.
	 *
	 * @var Settings
	 */
	private Settings $settings;

	/**
	 * The network.
	 *
	 * @var int
	 */
	private int $network_id;

	/**
	 * Super admin user IDs, once looked up.
	 *
	 * @var array<int, true>|null
	 */
	private ?array $super_admins = null;

	/**
	 * Sets up the population of a network.
	 *
	 * @since 2.0.0
	 *
	 * @param Settings $settings   The network's settings.
	 * @param int      $network_id The network.
	 */
	public function __construct( Settings $settings, int $network_id ) {
		$this->settings   = $settings;
		$this->network_id = $network_id;
	}

	/**
	 * The network this population belongs to.
	 *
	 * @since 2.0.0
	 */
	public function network_id(): int {
		return $this->network_id;
	}

	/**
	 * Sites of the network that are live (not archived, spam or deleted) and ready (core has
	 * created their tables), ascending.
	 *
	 * Read from the database every time, never from a cached site query: a long-running
	 * process (WP-CLI, a cron run) must see the sites other processes created meanwhile.
	 * A site still being created has its row before its tables; it is left out, since
	 * reading its options would fail, and would cache "no such option" for it.
	 *
	 * @since 2.0.0
	 * @since 2.0.1 Fresh from the database; sites still being created are left out.
	 *
	 * @param int[]|null $only Restrict to these sites; null for all.
	 * @return int[]
	 *
	 * @throws Database_Error When the sites cannot be read.
	 */
	public function live_sites( ?array $only = null ): array {
		global $wpdb;
		if ( array() === $only ) {
			return array();
		}
		$sites = array();
		foreach ( null === $only ? array( null ) : array_chunk( array_map( 'intval', $only ), Db::IN_LIST_MAX ) as $chunk ) {
			$restrict = null === $chunk ? '' : ' AND blog_id IN (' . implode( ',', $chunk ) . ')';
			$rows     = Db::rows( $wpdb->prepare( "SELECT blog_id, domain, path FROM {$wpdb->blogs} WHERE site_id = %d AND archived = 0 AND spam = 0 AND deleted = 0{$restrict} ORDER BY blog_id", $this->network_id ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- $restrict holds integers only.
			foreach ( $rows as list( $site_id, $domain, $path ) ) {
				$sites[ (int) $site_id ] = array( $domain, $path );
			}
		}
		ksort( $sites );
		// The rows first, the markers second: see Sites_Being_Created.
		return Sites_Being_Created::ready( $this->network_id, $sites );
	}

	/**
	 * Whether the network administrator excluded a site from every sync.
	 *
	 * @since 2.0.0
	 *
	 * @param int $site_id Site ID.
	 */
	public function is_excluded( int $site_id ): bool {
		return in_array( $site_id, $this->settings->excluded_site_ids(), true );
	}

	/**
	 * Whether a site is live, in this network and not excluded.
	 *
	 * @since 2.0.0
	 *
	 * @param int $site_id Site ID.
	 */
	public function site_in_scope( int $site_id ): bool {
		return ! $this->is_excluded( $site_id ) && array() !== $this->live_sites( array( $site_id ) );
	}

	/**
	 * Whether new memberships may get a default role that carries privileged
	 * capabilities (Site_Roles::PRIVILEGED_CAPABILITIES); off unless the network allows it.
	 *
	 * @since 2.0.1
	 */
	public function allows_privileged_default_roles(): bool {
		return $this->settings->is_on( 'privilegedDefaultRoles' );
	}

	/**
	 * Whether super admins are synced like everyone else.
	 *
	 * @since 2.0.0
	 */
	public function includes_super_admins(): bool {
		return $this->settings->is_on( 'includeSuperAdmins' );
	}

	/**
	 * Whether a user is a super admin of this network, as core's is_super_admin() decides.
	 *
	 * Like core's get_super_admins(), a `$super_admins` global (set in wp-config.php)
	 * replaces the network's `site_admins` option; logins match exactly, as core's do.
	 *
	 * @since 2.0.0
	 * @since 2.0.1 Honours the `$super_admins` global.
	 *
	 * @param int $user_id User ID.
	 */
	public function is_super_admin( int $user_id ): bool {
		return isset( $this->super_admins()[ $user_id ] );
	}

	/**
	 * The network's super admins, read once.
	 *
	 * @return array<int, true> User ID => true.
	 */
	private function super_admins(): array {
		global $super_admins;
		if ( null === $this->super_admins ) {
			$this->super_admins = array();
			$logins             = array_map( 'strval', isset( $super_admins ) ? (array) $super_admins : (array) get_network_option( $this->network_id, 'site_admins', array( 'admin' ) ) );
			if ( array() !== $logins ) {
				global $wpdb;
				// Their rows only: a WP_User would load every membership of an account that owns thousands of sites.
				$rows = Db::rows( $wpdb->prepare( "SELECT ID, user_login FROM {$wpdb->users} WHERE user_login IN (" . implode( ',', array_fill( 0, count( $logins ), '%s' ) ) . ')', $logins ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- One placeholder per login.
				foreach ( $rows as list( $id, $login ) ) {
					if ( in_array( (string) $login, $logins, true ) ) {
						$this->super_admins[ (int) $id ] = true;
					}
				}
			}
		}
		return $this->super_admins;
	}

	/**
	 * Why a user is out of scope, or null when they are in.
	 *
	 * @since 2.0.0
	 *
	 * @param int $user_id User ID.
	 * @return string|null One of the Report::SKIP_* reasons.
	 */
	public function user_skip_reason( int $user_id ): ?string {
		global $wpdb;
		// The row only: get_userdata() would load every membership of someone on thousands of sites.
		$row = Db::rows( $wpdb->prepare( "SELECT spam, deleted FROM {$wpdb->users} WHERE ID = %d", $user_id ) )[0] ?? null;
		if ( null === $row || ! empty( $row[0] ) || ! empty( $row[1] ) ) {
			return Report::SKIP_INACTIVE;
		}
		if ( ! $this->includes_super_admins() && $this->is_super_admin( $user_id ) ) {
			return Report::SKIP_SUPER_ADMIN;
		}
		return null;
	}

	/**
	 * The next users in scope by ascending ID: a page of the network's users that
	 * are not spam or deleted, with super admins either left in or counted out.
	 *
	 * @since 2.0.0
	 *
	 * @param int        $after_id Return users with a higher ID.
	 * @param int        $limit    How many at most.
	 * @param int[]|null $only     Restrict to these users; null for all.
	 * @return array{0: int[], 1: int, 2: int} [ user IDs in scope, super admins left out, last ID read (0 when done) ].
	 */
	public function next_users( int $after_id, int $limit, ?array $only = null ): array {
		global $wpdb;

		$restrict = '';
		if ( null !== $only ) {
			$only = array_values( array_filter( array_map( 'intval', $only ), static fn( $id ) => $id > $after_id ) );
			sort( $only );
			$only = array_slice( $only, 0, $limit );
			if ( array() === $only ) {
				return array( array(), 0, 0 );
			}
			$restrict = ' AND ID IN (' . implode( ',', $only ) . ')';
		}

		// Super admins left out would leave the page short of users (a network sync's first block
		// one short, and a block of one user after it): as many more rows are read as could be theirs.
		$leave_out = ! $this->includes_super_admins();
		$rows_read = $limit;
		if ( $leave_out ) {
			foreach ( array_keys( $this->super_admins() ) as $super_admin ) {
				$rows_read += $super_admin > $after_id ? 1 : 0;
			}
		}

		// $restrict holds integers only.
		$rows = Db::rows(
			$wpdb->prepare(
				"SELECT ID, spam, deleted FROM {$wpdb->users} WHERE ID > %d{$restrict} ORDER BY ID LIMIT %d", // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- $restrict holds integers only.
				$after_id,
				$rows_read
			)
		);
		if ( array() === $rows ) {
			return array( array(), 0, 0 );
		}

		$users        = array();
		$super_admins = 0;
		$last_id      = 0;
		foreach ( $rows as list( $id, $spam, $deleted ) ) {
			if ( count( $users ) === $limit ) {
				break;
			}
			$id      = (int) $id;
			$last_id = $id;
			if ( $spam || $deleted ) {
				continue;
			}
			if ( $leave_out && $this->is_super_admin( $id ) ) {
				++$super_admins;
				continue;
			}
			$users[] = $id;
		}
		return array( $users, $super_admins, $last_id );
	}
}
