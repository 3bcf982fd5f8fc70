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
 * Reads a site's roles without switching to it.
 *
 * Sites can define different roles (a plugin active on one site only, say), so every
 * decision about a role is made against the target site's own list. What the decisions
 * need of a site — its default role, and for each role its user level, whether it is
 * privileged and whether it lets its holder promote people — is kept as a digest in the
 * network's site meta (`wpmus_roles`), so that a block of thousands of sites is one
 * indexed query instead of a switch to each site and two options read there (which also
 * filled the object cache with every site's options). The digest is written again when
 * a site's `default_role` or `{prefix}user_roles` option changes, and made from the
 * site's options table, with SQL, for a site that has none yet.
 *
 * The digest is what sites store: a role that code adds without saving it, or a filter
 * on those options, is not in it.
 *
 * @since 2.0.0
 * @since 2.0.1 Reads digests from site meta.
 */
final class Site_Roles {

	/**
	 * The site meta key of a site's digest.
	 */
	public const INDEX_KEY = 'wpmus_roles';

	/**
	 * Capabilities that let their holder manage other people or run code on a site:
	 * a role carrying any of them is only ever given by a super admin (or WP-CLI).
	 */
	public const PRIVILEGED_CAPABILITIES = array( 'promote_users', 'edit_users', 'manage_options', 'unfiltered_html' );

	/**
	 * Sites whose digests are made with one query (a UNION of their options tables).
	 */
	private const SITES_PER_QUERY = 200;

	/**
	 * In a role's digest: the user level (0-10) is in the low bits, then these flags.
	 */
	private const PRIVILEGED = 16;
	private const PROMOTES   = 32;
	private const LEVEL      = 15;

	/**
	 * Digests of the sites loaded last (see load()): site ID => [ 'default' => raw
	 * default_role, 'roles' => [ slug => user level | PRIVILEGED | PROMOTES ] ]. One
	 * integer per role keeps a block of thousands of sites small in memory.
	 *
	 * @var array<int, array{default: string, roles: array<string, int>}>
	 */
	private array $digests = array();

	/**
	 * Full role definitions per site, for the life of this object (roles()).
	 *
	 * @var array<int, array<string, array{name: string, capabilities: array<string, bool>}>>
	 */
	private array $roles = array();

	/**
	 * Keeps the digests current: hooked once by the plugin.
	 *
	 * @since 2.0.1
	 */
	public static function register(): void {
		add_action( 'added_option', array( self::class, 'option_changed' ) );
		add_action( 'updated_option', array( self::class, 'option_changed' ) );
		add_action( 'deleted_option', array( self::class, 'option_changed' ) );
	}

	/**
	 * Writes the current site's digest again when an option it is made of changed.
	 *
	 * @since 2.0.1
	 *
	 * @param string $option Option name.
	 */
	public static function option_changed( $option ): void {
		global $wpdb;
		$option = (string) $option;
		if ( 'default_role' !== $option && $wpdb->get_blog_prefix() . 'user_roles' !== $option ) {
			return;
		}
		if ( ! is_site_meta_supported() ) {
			return;
		}
		// As stored, read now from the table (not from this request's cache or filters), as make() reads it.
		$site_id = get_current_blog_id();
		update_site_meta( $site_id, self::INDEX_KEY, wp_json_encode( self::stored_digests( array( $site_id ) )[ $site_id ] ) );
	}

	/**
	 * Forgets every site's digest (the plugin is deactivated: roles may change unseen until
	 * it is active again, when each digest is made again as it is needed).
	 *
	 * @since 2.0.1
	 */
	public static function forget_all(): void {
		if ( is_multisite() && is_site_meta_supported() ) {
			delete_metadata( 'blog', 0, self::INDEX_KEY, '', true );
		}
	}

	/**
	 * Reads the digests of a block of sites, making those that are missing; the sites of
	 * the block before are forgotten, so memory stays flat however many blocks a run has.
	 *
	 * @since 2.0.1
	 *
	 * @param int[] $site_ids Sites.
	 *
	 * @throws Database_Error When the digests or the sites' options cannot be read.
	 */
	public function load( array $site_ids ): void {
		$this->digests = array();
		$this->read( $site_ids );
	}

	/**
	 * Reads digests into $digests, making the missing ones.
	 *
	 * @param int[] $site_ids Sites.
	 *
	 * @throws Database_Error When the digests or the sites' options cannot be read.
	 */
	private function read( array $site_ids ): void {
		global $wpdb;
		$site_ids = array_values( array_unique( array_map( 'intval', $site_ids ) ) );
		if ( array() === $site_ids ) {
			return;
		}
		if ( is_site_meta_supported() ) {
			foreach ( array_chunk( $site_ids, Db::IN_LIST_MAX ) as $chunk ) {
				// The newest row wins, should two requests have made one at the same moment.
				$rows       = Db::rows(
					$wpdb->prepare( "SELECT blog_id, meta_value FROM {$wpdb->blogmeta} WHERE meta_key = %s AND blog_id IN (" . implode( ',', $chunk ) . ') ORDER BY meta_id', self::INDEX_KEY ) // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared -- Integers.
				);
				$unreadable = array();
				foreach ( $rows as list( $site_id, $json ) ) {
					$digest = self::digest_from_json( (string) $json );
					if ( null === $digest ) {
						$unreadable[] = (int) $site_id;
					} else {
						$this->digests[ (int) $site_id ] = $digest;
					}
				}
				$unreadable = array_diff( $unreadable, array_keys( $this->digests ) );
				if ( array() !== $unreadable ) {
					// Damaged, or of another shape: made again below.
					Db::write( $wpdb->prepare( "DELETE FROM {$wpdb->blogmeta} WHERE meta_key = %s AND blog_id IN (" . implode( ',', $unreadable ) . ')', self::INDEX_KEY ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared -- Integers.
				}
			}
		}
		$missing = array_values( array_diff( $site_ids, array_keys( $this->digests ) ) );
		foreach ( array_chunk( $missing, self::SITES_PER_QUERY ) as $chunk ) {
			$this->make( $chunk );
		}
	}

	/**
	 * Makes the digests of sites that have none, from their options tables, and stores
	 * them unless another request stored one meanwhile.
	 *
	 * @param int[] $site_ids Sites.
	 *
	 * @throws Database_Error When the options cannot be read.
	 */
	private function make( array $site_ids ): void {
		global $wpdb;
		$values = array();
		foreach ( self::stored_digests( $site_ids ) as $site_id => $digest ) {
			$this->digests[ $site_id ] = $digest;
			$values[]                  = $wpdb->prepare( 'SELECT %d AS blog_id, %s AS meta_value', $site_id, wp_json_encode( $digest ) );
		}
		if ( ! is_site_meta_supported() ) {
			return;
		}
		// Only where none exists: a digest written by a change of the options is newer than what was read here.
		$made = implode( ' UNION ALL ', $values );
		Db::write( $wpdb->prepare( "INSERT INTO {$wpdb->blogmeta} (blog_id, meta_key, meta_value) SELECT made.blog_id, %s, made.meta_value FROM ({$made}) AS made WHERE NOT EXISTS ( SELECT 1 FROM {$wpdb->blogmeta} AS stored WHERE stored.blog_id = made.blog_id AND stored.meta_key = %s )", self::INDEX_KEY, self::INDEX_KEY ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared -- Each part of $made was prepared above.
		wp_cache_delete_multiple( $site_ids, 'blog_meta' );
	}

	/**
	 * The digests of sites made from their options tables, read with SQL (one query).
	 *
	 * @param int[] $site_ids Sites.
	 * @return array<int, array{default: string, roles: array<string, int>}>
	 *
	 * @throws Database_Error When the options cannot be read.
	 */
	private static function stored_digests( array $site_ids ): array {
		global $wpdb;
		$selects = array();
		foreach ( $site_ids as $site_id ) {
			$prefix    = $wpdb->get_blog_prefix( $site_id );
			$selects[] = $wpdb->prepare( "SELECT %d AS site, option_name, option_value FROM {$prefix}options WHERE option_name IN ('default_role', %s)", $site_id, $prefix . 'user_roles' ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- A table name from core.
		}
		$options = array();
		foreach ( Db::rows( implode( ' UNION ALL ', $selects ) ) as list( $site_id, $name, $value ) ) {
			$options[ (int) $site_id ][ 'default_role' === $name ? 'default' : 'roles' ] = maybe_unserialize( (string) $value );
		}
		$digests = array();
		foreach ( $site_ids as $site_id ) {
			$digests[ $site_id ] = self::digest_of( $options[ $site_id ]['default'] ?? '', $options[ $site_id ]['roles'] ?? array() );
		}
		return $digests;
	}

	/**
	 * A digest as stored, or null when it is not one (a site then gets its digest made again).
	 *
	 * @param string $json Stored value.
	 * @return array{default: string, roles: array<string, int>}|null
	 */
	private static function digest_from_json( string $json ): ?array {
		$stored = json_decode( $json, true );
		if ( ! is_array( $stored ) || ! is_string( $stored['default'] ?? null ) || ! is_array( $stored['roles'] ?? null ) ) {
			return null;
		}
		$roles = array();
		foreach ( $stored['roles'] as $slug => $bits ) {
			if ( ! is_int( $bits ) ) {
				return null;
			}
			$roles[ (string) $slug ] = $bits;
		}
		return array(
			'default' => $stored['default'],
			'roles'   => $roles,
		);
	}

	/**
	 * A site's digest from its two options, as stored.
	 *
	 * @param mixed $default_role The `default_role` option.
	 * @param mixed $roles        The `{prefix}user_roles` option.
	 * @return array{default: string, roles: array<string, int>}
	 */
	private static function digest_of( $default_role, $roles ): array {
		$digest = array(
			'default' => is_string( $default_role ) ? $default_role : '',
			'roles'   => array(),
		);
		foreach ( is_array( $roles ) ? $roles : array() as $slug => $role ) {
			$capabilities = is_array( $role ) && isset( $role['capabilities'] ) && is_array( $role['capabilities'] ) ? $role['capabilities'] : array();
			$level        = 0;
			$privileged   = false;
			foreach ( $capabilities as $capability => $granted ) {
				if ( ! $granted ) {
					continue;
				}
				if ( preg_match( '/^level_(10|[0-9])$/', (string) $capability, $match ) ) {
					$level = max( $level, (int) $match[1] );
				}
				$privileged = $privileged || in_array( $capability, self::PRIVILEGED_CAPABILITIES, true );
			}
			$digest['roles'][ (string) $slug ] = $level | ( $privileged ? self::PRIVILEGED : 0 ) | ( empty( $capabilities['promote_users'] ) ? 0 : self::PROMOTES );
		}
		return $digest;
	}

	/**
	 * A site's digest, read now when it was not loaded.
	 *
	 * @param int $site_id Site ID.
	 * @return array{default: string, roles: array<string, int>}
	 */
	private function digest( int $site_id ): array {
		if ( ! isset( $this->digests[ $site_id ] ) ) {
			$this->read( array( $site_id ) );
		}
		return $this->digests[ $site_id ];
	}

	/**
	 * The roles a site defines: slug => [ name, capabilities ] (the full definitions, read
	 * through WordPress; for screens and settings, not for bulk work).
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
		return isset( $this->digest( $site_id )['roles'][ $role ] );
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
		$role = $this->digest( $site_id )['default'];
		return '' !== $role && $this->exists( $site_id, $role ) ? $role : 'subscriber';
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
		return ( $this->digest( $site_id )['roles'][ $role ] ?? 0 ) & self::LEVEL;
	}

	/**
	 * Whether a role carries a privileged capability on a site.
	 *
	 * @since 2.0.1
	 *
	 * @param int    $site_id Site ID.
	 * @param string $role    Role slug.
	 */
	public function is_privileged( int $site_id, string $role ): bool {
		return 0 !== ( ( $this->digest( $site_id )['roles'][ $role ] ?? 0 ) & self::PRIVILEGED );
	}

	/**
	 * Whether a role lets its holder promote people on a site (`promote_users`).
	 *
	 * @since 2.0.1
	 *
	 * @param int    $site_id Site ID.
	 * @param string $role    Role slug.
	 */
	public function promotes( int $site_id, string $role ): bool {
		return 0 !== ( ( $this->digest( $site_id )['roles'][ $role ] ?? 0 ) & self::PROMOTES );
	}
}
