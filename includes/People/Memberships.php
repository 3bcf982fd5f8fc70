<?php
/**
 * Reads the memberships of named people.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\People;

use WPM_User_Sync\Sync\Database_Error;
use WPM_User_Sync\Sync\Db;

defined( 'ABSPATH' ) || exit;

/**
 * Who is a member of which site, with which roles, read from the capabilities rows of
 * user meta (one per membership) without loading users or sites: an account on 10,000
 * sites has 10,000 such rows, which are read in blocks.
 *
 * @since 2.1.0
 */
final class Memberships {

	/**
	 * The role whose last holder on a site is never removed from it.
	 */
	public const ADMINISTRATOR = 'administrator';

	/**
	 * The roles (and other capabilities granted) of some users on one site; non-members are absent.
	 *
	 * @since 2.1.0
	 *
	 * @param int[] $user_ids Users (at most Db::IN_LIST_MAX).
	 * @param int   $site_id  Site.
	 * @return array<int, string[]> User ID => granted roles and capabilities.
	 *
	 * @throws Database_Error When the rows cannot be read.
	 */
	public static function roles_of( array $user_ids, int $site_id ): array {
		global $wpdb;
		if ( array() === $user_ids ) {
			return array();
		}
		$rows  = Db::rows(
			$wpdb->prepare(
				"SELECT user_id, meta_value FROM {$wpdb->usermeta} WHERE meta_key = %s AND user_id IN (" . implode( ',', array_map( 'intval', $user_ids ) ) . ')', // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared -- The IDs are cast to integers.
				self::capabilities_key( $site_id )
			)
		);
		$roles = array();
		foreach ( $rows as list( $user_id, $value ) ) {
			$roles[ (int) $user_id ] = self::granted( (string) $value );
		}
		return $roles;
	}

	/**
	 * The next block of a user's memberships, in the order they were written: the rows
	 * after a row already seen. Sites of other networks are in it too.
	 *
	 * @since 2.1.0
	 *
	 * @param int $user_id   The user.
	 * @param int $after_row The last row seen (umeta_id); 0 to start.
	 * @param int $limit     Rows at most.
	 * @return array<int, array{0: int, 1: string[]}> Row ID => [ site ID, granted roles and capabilities ].
	 *
	 * @throws Database_Error When the rows cannot be read.
	 */
	public static function next( int $user_id, int $after_row, int $limit ): array {
		global $wpdb;
		$rows   = Db::rows(
			$wpdb->prepare(
				"SELECT umeta_id, meta_key, meta_value FROM {$wpdb->usermeta} WHERE user_id = %d AND umeta_id > %d AND meta_key LIKE %s ORDER BY umeta_id LIMIT %d",
				$user_id,
				$after_row,
				$wpdb->esc_like( $wpdb->base_prefix ) . '%capabilities',
				$limit
			)
		);
		$blocks = array();
		foreach ( $rows as list( $row_id, $key, $value ) ) {
			$site_id = self::site_of_key( (string) $key );
			// A key that only looks like one (another plugin's) still moves the reader on.
			$blocks[ (int) $row_id ] = array( $site_id ?? 0, null === $site_id ? array() : self::granted( (string) $value ) );
		}
		return $blocks;
	}

	/**
	 * The IDs of every site a user has a membership row on, ascending (any network).
	 *
	 * @since 2.1.0
	 *
	 * @param int $user_id The user.
	 * @return int[]
	 *
	 * @throws Database_Error When the rows cannot be read.
	 */
	public static function site_ids( int $user_id ): array {
		global $wpdb;
		$keys  = Db::col( $wpdb->prepare( "SELECT meta_key FROM {$wpdb->usermeta} WHERE user_id = %d AND meta_key LIKE %s", $user_id, $wpdb->esc_like( $wpdb->base_prefix ) . '%capabilities' ) );
		$sites = array_values( array_filter( array_map( array( self::class, 'site_of_key' ), $keys ) ) );
		sort( $sites );
		return $sites;
	}

	/**
	 * Whether a user is an administrator of a site and nobody else is.
	 *
	 * @since 2.1.0
	 *
	 * @param int      $user_id The user.
	 * @param int      $site_id The site.
	 * @param string[] $roles   The user's granted roles there.
	 *
	 * @throws Database_Error When the rows cannot be read.
	 */
	public static function is_last_administrator( int $user_id, int $site_id, array $roles ): bool {
		global $wpdb;
		if ( ! in_array( self::ADMINISTRATOR, $roles, true ) ) {
			return false;
		}
		$others = Db::value(
			$wpdb->prepare(
				"SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key = %s AND user_id <> %d AND meta_value LIKE %s",
				self::capabilities_key( $site_id ),
				$user_id,
				'%' . $wpdb->esc_like( serialize( self::ADMINISTRATOR ) . 'b:1;' ) . '%' // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize -- Matches the format core stores.
			)
		);
		return 0 === (int) $others;
	}

	/**
	 * The capabilities key of a site's memberships.
	 *
	 * @since 2.1.0
	 *
	 * @param int $site_id Site ID.
	 */
	public static function capabilities_key( int $site_id ): string {
		global $wpdb;
		return $wpdb->get_blog_prefix( $site_id ) . 'capabilities';
	}

	/**
	 * The site of a capabilities key, or null when the key is not one.
	 *
	 * @param string $key A meta key.
	 */
	private static function site_of_key( string $key ): ?int {
		global $wpdb;
		if ( $wpdb->base_prefix . 'capabilities' === $key ) {
			return 1;
		}
		if ( preg_match( '/^' . preg_quote( $wpdb->base_prefix, '/' ) . '(\d+)_capabilities$/', $key, $match ) ) {
			return (int) $match[1];
		}
		return null;
	}

	/**
	 * The roles and capabilities a stored capabilities value grants.
	 *
	 * @param string $value The stored value.
	 * @return string[]
	 */
	private static function granted( string $value ): array {
		$capabilities = maybe_unserialize( $value );
		return is_array( $capabilities ) ? array_map( 'strval', array_keys( array_filter( $capabilities ) ) ) : array();
	}
}
