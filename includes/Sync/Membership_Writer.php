<?php
/**
 * Writes a block's memberships with SQL and forgets what caches held about them.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Sync;

use WPM_User_Sync\Activity\Activity_Log;

defined( 'ABSPATH' ) || exit;

/**
 * The engine's writes: a block's memberships as few INSERTs of their capabilities
 * and user_level rows, a primary site for those who lack one, the
 * removal markers of removals undone, and the caches that held the old state.
 *
 * Writes run under the write lock, in the block's transaction (Db::exclusively()), and
 * the activity log records them there, set-wise.
 *
 * @since 2.0.1
 */
final class Membership_Writer {

	/**
	 * Gives users without a primary site one.
	 *
	 * @var Primary_Sites
	 */
	private Primary_Sites $primary_sites;

	/**
	 * Sets up the writer (it reads and writes nothing yet).
	 *
	 * @since 2.0.1
	 */
	public function __construct() {
		$this->primary_sites = new Primary_Sites();
	}

	/**
	 * Writes a block's memberships. Runs under the write lock, in the block's transaction.
	 *
	 * Sites that lack the same users are written together, as one INSERT … SELECT of those
	 * users times those sites' rows, both given as tables of values: a network sync's block
	 * (the same thousand users missing on each of its sites) is one statement that sends
	 * each user ID and each site's rows once, not a row per pair (the database parses a
	 * third less). Servers without tables of values get one multi-row INSERT per group.
	 *
	 * @since 2.0.1
	 *
	 * @param Site_Block                                                  $block    Sites.
	 * @param array<int, array<int, bool>>                                $pairs    Site ID => [ user ID => whether a removal marker goes ].
	 * @param bool                                                        $few      Whether the block holds a handful of users.
	 * @param callable(array<int, array<int, bool>>, int, int): void|null $inserted Told, right after each
	 *                                                INSERT and before anything else is written, the
	 *                                                pairs it wrote, the first row ID it got and how
	 *                                                many rows it wrote.
	 *
	 * @throws Database_Error When the database refuses a write.
	 */
	public function write( Site_Block $block, array $pairs, bool $few, ?callable $inserted = null ): void {
		global $wpdb;

		$groups   = array();
		$undone   = array();
		$user_ids = array();
		$roles    = array();
		foreach ( $pairs as $site_id => $users ) {
			$roles[ $site_id ] = (string) $block->role( $site_id );
			$groups[ implode( ',', array_keys( $users ) ) ][ $site_id ] = $users;
			foreach ( $users as $user_id => $was_removed ) {
				if ( $was_removed ) {
					$undone[] = array( $user_id, $site_id );
				}
				$user_ids[ $user_id ] ??= $site_id;
			}
		}

		foreach ( $groups as $group ) {
			$meta = array();
			foreach ( array_keys( $group ) as $site_id ) {
				foreach ( $block->membership_meta( $site_id ) as $key => $value ) {
					$meta[] = $wpdb->prepare( '%s,%s', $key, $value );
				}
			}
			// A membership is both rows or neither. Keys and values were escaped above.
			$rows = Db::write( self::insert_sql( array_keys( reset( $group ) ), $meta, Db::value_table_row() ) );
			if ( null !== $inserted ) {
				$inserted( $group, (int) $wpdb->insert_id, $rows );
			}
		}

		$this->primary_sites->give( $user_ids, $few, count( $pairs ) > 1 );
		Removals::forget_undone( $undone );
		Activity_Log::memberships_added( $roles, $groups );
	}

	/**
	 * The INSERT of every user times every row of meta.
	 *
	 * @since 2.0.1
	 *
	 * @param int[]       $user_ids Users.
	 * @param string[]    $meta     Escaped "'key','value'" pairs.
	 * @param string|null $row      How the server writes a row of a table of values (Db::value_table_row()),
	 *                              or null for a plain multi-row INSERT.
	 */
	public static function insert_sql( array $user_ids, array $meta, ?string $row ): string {
		global $wpdb;
		if ( null === $row ) {
			$rows = array();
			foreach ( $user_ids as $user_id ) {
				foreach ( $meta as $key_and_value ) {
					$rows[] = "($user_id,$key_and_value)";
				}
			}
			return "INSERT INTO {$wpdb->usermeta} (user_id, meta_key, meta_value) VALUES " . implode( ',', $rows );
		}
		return "INSERT INTO {$wpdb->usermeta} (user_id, meta_key, meta_value)
			WITH u (id) AS (VALUES $row(" . implode( "), $row(", $user_ids ) . ")),
				m (k, v) AS (VALUES $row(" . implode( "), $row(", $meta ) . '))
			SELECT u.id, m.k, m.v FROM u JOIN m';
	}

	/**
	 * Forgets the cached user meta and site user counts a block's write changed.
	 *
	 * @since 2.0.1
	 *
	 * @param array<int, array<int, bool>> $pairs Site ID => [ user ID => … ].
	 */
	public function clean_caches( array $pairs ): void {
		$user_ids = array();
		foreach ( $pairs as $users ) {
			$user_ids += $users;
		}
		wp_cache_delete_multiple( array_keys( $user_ids ), 'user_meta' );
		foreach ( array_keys( $pairs ) as $site_id ) {
			wp_cache_delete( $site_id . '_user_count', 'blog-details' );
		}
		wp_cache_set_users_last_changed();
	}
}
