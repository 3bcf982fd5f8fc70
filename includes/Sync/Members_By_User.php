<?php
/**
 * The memberships of a few users, read user by user.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Sync;

defined( 'ABSPATH' ) || exit;

/**
 * Which of a block's sites a handful of users belong to, and which they were removed
 * from, read along the user_id index: cheaper than reading every member of every site
 * when a block holds a few people (a new user, a short list).
 *
 * Read afresh for each block, under the write lock when the block writes.
 *
 * @since 2.0.1
 */
final class Members_By_User implements Member_Lookup {

	/**
	 * Site ID => [ user ID => true ] for the users' memberships.
	 *
	 * @var array<int, array<int, true>>
	 */
	private array $members;

	/**
	 * Marker key => site ID => [ user ID => true ] for the users' removals.
	 *
	 * @var array<string, array<int, array<int, true>>>
	 */
	private array $removed;

	/**
	 * Holds what was read.
	 *
	 * @param array<int, array<int, true>>                $members Site ID => members.
	 * @param array<string, array<int, array<int, true>>> $removed Marker key => site ID => people removed.
	 */
	private function __construct( array $members, array $removed ) {
		$this->members = $members;
		$this->removed = $removed;
	}

	/**
	 * Reads the memberships and removals of a few users on a block's sites.
	 *
	 * @since 2.0.1
	 *
	 * @param int[]      $users Users.
	 * @param Site_Block $block Sites.
	 *
	 * @throws Database_Error When a read fails.
	 */
	public static function read( array $users, Site_Block $block ): self {
		global $wpdb;

		$site_by_key  = $block->capabilities_keys();
		$keys         = array_keys( $site_by_key );
		$placeholders = implode( ',', array_fill( 0, count( $keys ), '%s' ) );
		$rows         = Db::rows(
			$wpdb->prepare(
				"SELECT user_id, meta_key FROM {$wpdb->usermeta} WHERE user_id IN (" . implode( ',', array_map( 'intval', $users ) ) . ") AND meta_key IN ($placeholders)", // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- The IDs are cast to integers; the keys go through placeholders.
				$keys
			)
		);

		$members = array();
		foreach ( $rows as list( $user_id, $key ) ) {
			$members[ $site_by_key[ $key ] ][ (int) $user_id ] = true;
		}
		return new self( $members, Removals::of_users( $users ) );
	}

	/**
	 * {@inheritDoc}
	 *
	 * @since 2.0.1
	 *
	 * @param int   $site_id       Site ID.
	 * @param int[] $users         Users, ascending.
	 * @param bool  $with_removals Whether removals matter.
	 * @return array<int, string>
	 */
	public function missing( int $site_id, array $users, bool $with_removals ): array {
		$members = $this->members[ $site_id ] ?? array();
		$by_site = $with_removals ? $this->removed[ Removals::META_KEY ][ $site_id ] ?? array() : array();
		$by_net  = $with_removals ? $this->removed[ Removals::NETWORK_META_KEY ][ $site_id ] ?? array() : array();

		$missing = array();
		foreach ( $users as $user_id ) {
			if ( isset( $members[ $user_id ] ) ) {
				continue;
			}
			$missing[ $user_id ] = isset( $by_net[ $user_id ] ) ? Removals::NETWORK_META_KEY : ( isset( $by_site[ $user_id ] ) ? Removals::META_KEY : '' );
		}
		return $missing;
	}
}
