<?php
/**
 * What is wrong with a request about named people, in words.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\People;

use WPM_User_Sync\Short_List;
use WPM_User_Sync\Sync\Db;
use WPM_User_Sync\Sync\Site_Ids;
use WPM_User_Sync\Sync\Site_Roles;

defined( 'ABSPATH' ) || exit;

/**
 * The checks of an add or a removal of named people that need the network (do these
 * people, sites and roles exist?), shared by the REST API and WP-CLI. They tell what
 * exists: ask only once the caller may know.
 *
 * @since 2.1.0
 */
final class People_Check {

	/**
	 * Most people one job names.
	 */
	public const MAX_USERS = 1000;

	/**
	 * The users of these IDs that do not exist, ascending.
	 *
	 * @since 2.1.0
	 *
	 * @param int[] $user_ids User IDs.
	 * @return int[]
	 */
	public static function unknown_users( array $user_ids ): array {
		global $wpdb;
		$user_ids = Site_Ids::normalise( $user_ids );
		$known    = array();
		foreach ( array_chunk( $user_ids, Db::IN_LIST_MAX ) as $chunk ) {
			$known = array_merge( $known, array_map( 'intval', $wpdb->get_col( "SELECT ID FROM {$wpdb->users} WHERE ID IN (" . implode( ',', $chunk ) . ')' ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared -- Integers only (normalised).
		}
		return array_values( array_diff( $user_ids, $known ) );
	}

	/**
	 * What is wrong with the people named, in words, or null.
	 *
	 * @since 2.1.0
	 *
	 * @param int[] $user_ids User IDs.
	 */
	public static function users_problem( array $user_ids ): ?string {
		if ( array() === $user_ids ) {
			return __( 'Name at least one person.', 'wpm-user-sync' );
		}
		if ( count( $user_ids ) > self::MAX_USERS ) {
			/* translators: 1: Largest number of people, 2: Number of people named. */
			return sprintf( __( 'A job takes at most %1$s people; this one names %2$s.', 'wpm-user-sync' ), number_format_i18n( self::MAX_USERS ), number_format_i18n( count( $user_ids ) ) );
		}
		$unknown = self::unknown_users( $user_ids );
		if ( array() === $unknown ) {
			return null;
		}
		/* translators: %s: User IDs, e.g. "99, 100, 101 and 2 more". */
		return sprintf( __( 'These users do not exist: %s.', 'wpm-user-sync' ), Short_List::of( $unknown ) );
	}

	/**
	 * What is wrong with a role asked for, in words, or null: it must be a role of one of
	 * the sites named, or of the main site when the job is about every site.
	 *
	 * @since 2.1.0
	 *
	 * @param int        $network_id Network.
	 * @param string     $role       Role slug.
	 * @param int[]|null $site_ids   The sites named; null for every site.
	 */
	public static function role_problem( int $network_id, string $role, ?array $site_ids ): ?string {
		$roles = new Site_Roles();
		foreach ( array_chunk( $site_ids ?? array( get_main_site_id( $network_id ) ), Db::IN_LIST_MAX ) as $chunk ) {
			$roles->load( $chunk );
			foreach ( $chunk as $site_id ) {
				if ( $roles->exists( $site_id, $role ) ) {
					return null;
				}
			}
		}
		return sprintf(
			/* translators: %s: Role slug. */
			null === $site_ids ? __( 'The main site has no role "%s".', 'wpm-user-sync' ) : __( 'None of the sites named has a role "%s".', 'wpm-user-sync' ),
			Short_List::of( array( $role ) )
		);
	}

	/**
	 * What is wrong with who inherits content, in words, or null: people who exist and are
	 * not among those removed, on sites of the network.
	 *
	 * @since 2.1.0
	 *
	 * @param int                  $network_id Network.
	 * @param int[]                $user_ids   The people removed.
	 * @param int|null             $to         One person for all sites.
	 * @param array<int, int>|null $per_site   Site ID => person.
	 */
	public static function reassign_problem( int $network_id, array $user_ids, ?int $to, ?array $per_site ): ?string {
		if ( null !== $to && null !== $per_site ) {
			return __( 'Name one person who inherits the content on every site ("to"), or one per site ("perSite"), not both.', 'wpm-user-sync' );
		}
		$heirs = null === $to ? array_values( (array) $per_site ) : array( $to );
		if ( array() === $heirs ) {
			return null === $per_site ? null : __( 'Name at least one site and who inherits the content there.', 'wpm-user-sync' );
		}
		$leaving = array_values( array_intersect( Site_Ids::normalise( $heirs ), $user_ids ) );
		if ( array() !== $leaving ) {
			/* translators: %s: User IDs. */
			return sprintf( __( 'The content cannot go to someone who is being removed: %s.', 'wpm-user-sync' ), Short_List::of( $leaving ) );
		}
		$unknown = self::unknown_users( $heirs );
		if ( array() !== $unknown ) {
			/* translators: %s: User IDs. */
			return sprintf( __( 'These users, named to inherit the content, do not exist: %s.', 'wpm-user-sync' ), Short_List::of( $unknown ) );
		}
		return null === $per_site ? null : Site_Ids::foreign_problem( $network_id, array_keys( $per_site ) );
	}
}
