<?php
/**
 * Remembers who was taken off a site by a person.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Sync;

defined( 'ABSPATH' ) || exit;

/**
 * Keeps a marker (user meta, one row per site) when a person removes someone from a
 * site, so the automatic triggers never add them back: `wpmus_removed` when the site's
 * own administrator did it, `wpmus_removed_network` when anyone else did (a super
 * admin, WP-CLI, code with nobody logged in). A site's own sync may undo only the
 * first kind; only a network sync undoes the second.
 *
 * Core also removes memberships as housekeeping: when a site is deleted, and when
 * an invitation is activated (the new user leaves the main site). Those are not
 * decisions about a person and leave no marker.
 *
 * Every read and write of the markers goes through this class; the bulk engine reads
 * them in sets (from_site(), of_users(), written_between()) and drops those of the
 * removals it undoes (forget_undone()).
 *
 * @since 2.0.0
 */
final class Removals {

	public const META_KEY = 'wpmus_removed';

	/**
	 * Marker of a removal made by a network administrator (or with nobody logged in).
	 */
	public const NETWORK_META_KEY = 'wpmus_removed_network';

	/**
	 * Both markers.
	 */
	public const META_KEYS = array( self::META_KEY, self::NETWORK_META_KEY );

	/**
	 * How deep we are inside core housekeeping that removes memberships.
	 *
	 * @var int
	 */
	private int $housekeeping = 0;

	/**
	 * Hooks the bookkeeping into core.
	 *
	 * @since 2.0.0
	 */
	public function register(): void {
		add_action( 'remove_user_from_blog', array( $this, 'remember' ), 10, 2 );
		add_action( 'add_user_to_blog', array( $this, 'forget_on_join' ), 10, 3 );
		Membership_Engine::quiet_listener( array( $this, 'forget_on_join' ) );
		add_action( 'wp_delete_site', array( $this, 'forget_site' ) );

		foreach ( array( 'wp_uninitialize_site', 'wpmu_activate_user' ) as $housekeeping ) {
			add_action( $housekeeping, array( $this, 'begin_housekeeping' ), PHP_INT_MIN );
			add_action( $housekeeping, array( $this, 'end_housekeeping' ), PHP_INT_MAX );
		}
	}

	/**
	 * Marks the start of core housekeeping.
	 *
	 * @since 2.0.0
	 */
	public function begin_housekeeping(): void {
		++$this->housekeeping;
	}

	/**
	 * Marks the end of core housekeeping.
	 *
	 * @since 2.0.0
	 */
	public function end_housekeeping(): void {
		$this->housekeeping = max( 0, $this->housekeeping - 1 );
	}

	/**
	 * Records that a person removed a user from a site.
	 *
	 * @since 2.0.0
	 *
	 * @param int $user_id User ID.
	 * @param int $site_id Site ID.
	 */
	public function remember( $user_id, $site_id ): void {
		if ( $this->housekeeping > 0 || $this->was_removed( (int) $user_id, (int) $site_id ) ) {
			return;
		}
		add_user_meta( (int) $user_id, self::removed_by_site_admin( (int) $site_id ) ? self::META_KEY : self::NETWORK_META_KEY, (string) (int) $site_id );
	}

	/**
	 * Whether the person making a removal now is one of the site's own administrators
	 * (and not a super admin, WP-CLI or code with nobody logged in).
	 *
	 * @param int $site_id Site ID.
	 */
	private static function removed_by_site_admin( int $site_id ): bool {
		$actor = get_current_user_id();
		if ( 0 === $actor || is_super_admin( $actor ) || ( defined( 'WP_CLI' ) && WP_CLI ) ) {
			return false;
		}
		switch_to_blog( $site_id );
		try {
			return user_can( $actor, 'promote_users' );
		} finally {
			restore_current_blog();
		}
	}

	/**
	 * Drops the marker when someone joins a site again through core.
	 *
	 * @since 2.0.0
	 *
	 * @param int    $user_id User ID.
	 * @param string $role    Role.
	 * @param int    $site_id Site ID.
	 */
	public function forget_on_join( $user_id, $role, $site_id ): void {
		if ( Membership_Engine::is_running() ) {
			return; // The engine clears markers of the memberships it adds in bulk.
		}
		if ( $this->was_removed( (int) $user_id, (int) $site_id ) ) {
			foreach ( self::META_KEYS as $key ) {
				delete_user_meta( (int) $user_id, $key, (string) (int) $site_id );
			}
		}
	}

	/**
	 * Drops every marker of a deleted site.
	 *
	 * @since 2.0.0
	 *
	 * @param \WP_Site $site The deleted site.
	 */
	public function forget_site( $site ): void {
		global $wpdb;
		$user_ids = $wpdb->get_col(
			$wpdb->prepare( "SELECT user_id FROM {$wpdb->usermeta} WHERE meta_key IN (%s, %s) AND meta_value = %s", self::META_KEY, self::NETWORK_META_KEY, (string) $site->id )
		);
		if ( array() === $user_ids ) {
			return;
		}
		$wpdb->query(
			$wpdb->prepare( "DELETE FROM {$wpdb->usermeta} WHERE meta_key IN (%s, %s) AND meta_value = %s", self::META_KEY, self::NETWORK_META_KEY, (string) $site->id )
		);
		wp_cache_delete_multiple( array_map( 'intval', $user_ids ), 'user_meta' );
	}

	/**
	 * Whether a person removed a user from a site (and they have not joined since).
	 *
	 * @since 2.0.0
	 *
	 * @param int $user_id User ID.
	 * @param int $site_id Site ID.
	 */
	public function was_removed( int $user_id, int $site_id ): bool {
		foreach ( self::META_KEYS as $key ) {
			if ( in_array( (string) $site_id, get_user_meta( $user_id, $key ), true ) ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The people removed from a site by one kind of removal, read along the meta_key index.
	 *
	 * @since 2.0.1
	 *
	 * @param int    $site_id Site ID.
	 * @param string $key     self::META_KEY or self::NETWORK_META_KEY.
	 *
	 * @throws Database_Error When the read fails.
	 */
	public static function from_site( int $site_id, string $key ): User_Set {
		return User_Set::having( $key, (string) $site_id );
	}

	/**
	 * The removals of a few users, read along the user_id index.
	 *
	 * @since 2.0.1
	 *
	 * @param int[] $user_ids Users.
	 * @return array<string, array<int, array<int, true>>> Marker key => site ID => [ user ID => true ].
	 *
	 * @throws Database_Error When the read fails.
	 */
	public static function of_users( array $user_ids ): array {
		global $wpdb;
		if ( array() === $user_ids ) {
			return array();
		}
		$rows    = Db::rows(
			$wpdb->prepare(
				"SELECT user_id, meta_key, meta_value FROM {$wpdb->usermeta} WHERE user_id IN (" . implode( ',', array_map( 'intval', $user_ids ) ) . ') AND meta_key IN (%s, %s)', // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared -- The IDs are cast to integers.
				self::META_KEY,
				self::NETWORK_META_KEY
			)
		);
		$removed = array();
		foreach ( $rows as list( $user_id, $key, $site_id ) ) {
			$removed[ $key ][ (int) $site_id ][ (int) $user_id ] = true;
		}
		return $removed;
	}

	/**
	 * The removals recorded in a range of user meta rows: what was written since a reader
	 * last looked.
	 *
	 * @since 2.0.1
	 *
	 * @param int $after_row The last row already seen (umeta_id).
	 * @param int $last_row  The last row to read.
	 * @return array<int, array{0: int, 1: string, 2: int}> [ user ID, marker key, site ID ] each.
	 *
	 * @throws Database_Error When the read fails.
	 */
	public static function written_between( int $after_row, int $last_row ): array {
		global $wpdb;
		$rows = Db::rows(
			$wpdb->prepare(
				"SELECT user_id, meta_key, meta_value FROM {$wpdb->usermeta} WHERE umeta_id > %d AND umeta_id <= %d AND meta_key IN (%s, %s)",
				$after_row,
				$last_row,
				self::META_KEY,
				self::NETWORK_META_KEY
			)
		);
		return array_map( static fn( array $row ): array => array( (int) $row[0], (string) $row[1], (int) $row[2] ), $rows );
	}

	/**
	 * Drops the markers of removals a sync has just undone, with the memberships it wrote
	 * (under the write lock, in the same transaction).
	 *
	 * @since 2.0.1
	 *
	 * @param array<int, array{0: int, 1: int}> $pairs [ user ID, site ID ] each.
	 *
	 * @throws Database_Error When the database refuses the write.
	 */
	public static function forget_undone( array $pairs ): void {
		global $wpdb;
		if ( array() === $pairs ) {
			return;
		}
		$clauses = array();
		foreach ( $pairs as list( $user_id, $site_id ) ) {
			$clauses[] = $wpdb->prepare( '(user_id = %d AND meta_value = %s)', $user_id, (string) $site_id );
		}
		Db::write( $wpdb->prepare( "DELETE FROM {$wpdb->usermeta} WHERE meta_key IN (%s, %s) AND (", self::META_KEY, self::NETWORK_META_KEY ) . implode( ' OR ', $clauses ) . ')' ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- $clauses holds clauses prepared above.
	}
}
