<?php
/**
 * The roles each site defines and the role a newcomer gets there.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Sync;

defined( 'ABSPATH' ) || exit;

/**
 * Reads a site's roles from its own options, without switching to it.
 *
 * Sites can define different roles (a plugin active on one site only, say), so
 * every decision about a role is made against the target site's own list.
 *
 * @since 2.0.0
 */
final class Site_Roles {

	/**
	 * Role definitions per site, for the life of this object.
	 *
	 * @var array<int, array<string, array{name: string, capabilities: array<string, bool>}>>
	 */
	private array $roles = array();

	/**
	 * Default role per site, for the life of this object: the policy and the engine both ask
	 * for it, and each answer costs a switch to the site.
	 *
	 * @var array<int, string>
	 */
	private array $default_roles = array();

	/**
	 * The roles a site defines: slug => [ name, capabilities ].
	 *
	 * @since 2.0.0
	 *
	 * @param int $site_id Site ID.
	 * @return array<string, array{name: string, capabilities: array<string, bool>}>
	 */
	public function roles( int $site_id ): array {
		if ( ! isset( $this->roles[ $site_id ] ) ) {
			global $wpdb;
			$roles                   = get_blog_option( $site_id, $wpdb->get_blog_prefix( $site_id ) . 'user_roles', array() );
			$this->roles[ $site_id ] = is_array( $roles ) ? $roles : array();
		}
		return $this->roles[ $site_id ];
	}

	/**
	 * Whether a site defines a role.
	 *
	 * @since 2.0.0
	 *
	 * @param int    $site_id Site ID.
	 * @param string $role    Role slug.
	 */
	public function exists( int $site_id, string $role ): bool {
		return isset( $this->roles( $site_id )[ $role ] );
	}

	/**
	 * The role a new member of a site gets: the site's default role when the
	 * site defines it, else subscriber.
	 *
	 * @since 2.0.0
	 *
	 * @param int $site_id Site ID.
	 */
	public function default_role( int $site_id ): string {
		if ( ! isset( $this->default_roles[ $site_id ] ) ) {
			$role                            = (string) get_blog_option( $site_id, 'default_role', '' );
			$this->default_roles[ $site_id ] = '' !== $role && $this->exists( $site_id, $role ) ? $role : 'subscriber';
		}
		return $this->default_roles[ $site_id ];
	}

	/**
	 * How many people are members of a site (one capabilities row each), read along
	 * the meta_key index without loading anyone.
	 *
	 * @since 2.0.0
	 *
	 * @param int $site_id Site ID.
	 */
	public static function member_count( int $site_id ): int {
		global $wpdb;
		return (int) $wpdb->get_var(
			$wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key = %s", $wpdb->get_blog_prefix( $site_id ) . 'capabilities' )
		);
	}

	/**
	 * The user level that core derives from a role's capabilities (level_0 … level_10),
	 * as `WP_User::update_user_level_from_caps()` would store it.
	 *
	 * @since 2.0.0
	 *
	 * @param int    $site_id Site ID.
	 * @param string $role    Role slug.
	 */
	public function user_level( int $site_id, string $role ): int {
		$level = 0;
		foreach ( $this->roles( $site_id )[ $role ]['capabilities'] ?? array() as $capability => $granted ) {
			if ( $granted && preg_match( '/^level_(10|[0-9])$/', (string) $capability, $match ) ) {
				$level = max( $level, (int) $match[1] );
			}
		}
		return $level;
	}

	/**
	 * Capabilities that let their holder manage other people or run code on a site:
	 * a role carrying any of them is only ever given by a super admin (or WP-CLI).
	 */
	public const PRIVILEGED_CAPABILITIES = array( 'promote_users', 'edit_users', 'manage_options', 'unfiltered_html' );

	/**
	 * Whether a role carries a privileged capability on a site.
	 *
	 * @since 2.0.1
	 *
	 * @param int    $site_id Site ID.
	 * @param string $role    Role slug.
	 */
	public function is_privileged( int $site_id, string $role ): bool {
		$capabilities = $this->roles( $site_id )[ $role ]['capabilities'] ?? array();
		foreach ( self::PRIVILEGED_CAPABILITIES as $capability ) {
			if ( ! empty( $capabilities[ $capability ] ) ) {
				return true;
			}
		}
		return false;
	}
}
