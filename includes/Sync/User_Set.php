<?php
/**
 * A set of user IDs, one bit per user.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Sync;

defined( 'ABSPATH' ) || exit;

/**
 * Who is a member of a site (or was removed from it), as bits in pages of 65,536 users:
 * memory follows the users present, so one user with an ID near 2^31 costs one page,
 * not 256 MB of zeros. having() reads the users who have a user meta row.
 *
 * @since 2.0.1
 */
final class User_Set {

	/**
	 * Bytes per page (8 KB: 65,536 users).
	 */
	private const PAGE_BYTES = 8192;

	/**
	 * Page number => bits.
	 *
	 * @var array<int, string>
	 */
	private array $pages = array();

	/**
	 * The users who have a meta key (with a value, optionally), read page by page
	 * along the meta_key index.
	 *
	 * @since 2.0.1
	 *
	 * @param string      $key        Meta key.
	 * @param string|null $value      Meta value to match; null for any.
	 * @param bool        $skip_empty Whether an empty value counts as none.
	 *
	 * @throws Database_Error When a read fails: an empty answer must never pass for "nobody".
	 */
	public static function having( string $key, ?string $value = null, bool $skip_empty = false ): self {
		global $wpdb;

		$set   = new self();
		$after = 0;
		do {
			$sql  = null === $value
				? $wpdb->prepare( "SELECT umeta_id, user_id FROM {$wpdb->usermeta} WHERE meta_key = %s" . ( $skip_empty ? " AND meta_value <> ''" : '' ) . ' AND umeta_id > %d ORDER BY umeta_id LIMIT %d', $key, $after, Membership_Engine::ROWS_PER_PAGE ) // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared -- A literal clause, chosen by a flag.
				: $wpdb->prepare( "SELECT umeta_id, user_id FROM {$wpdb->usermeta} WHERE meta_key = %s AND meta_value = %s AND umeta_id > %d ORDER BY umeta_id LIMIT %d", $key, $value, $after, Membership_Engine::ROWS_PER_PAGE );
			$rows = Db::rows( $sql );
			foreach ( $rows as list( $umeta_id, $user_id ) ) {
				$set->add( (int) $user_id );
				$after = (int) $umeta_id;
			}
			$full_page = count( $rows ) === Membership_Engine::ROWS_PER_PAGE;
		} while ( $full_page );
		return $set;
	}

	/**
	 * Adds a user.
	 *
	 * @since 2.0.1
	 *
	 * @param int $id User ID.
	 */
	public function add( int $id ): void {
		$page = intdiv( $id, self::PAGE_BYTES * 8 );
		$bit  = $id % ( self::PAGE_BYTES * 8 );
		if ( ! isset( $this->pages[ $page ] ) ) {
			$this->pages[ $page ] = str_repeat( "\0", self::PAGE_BYTES );
		}
		$byte                          = $bit >> 3;
		$this->pages[ $page ][ $byte ] = chr( ord( $this->pages[ $page ][ $byte ] ) | ( 1 << ( $bit & 7 ) ) );
	}

	/**
	 * Whether a user is in the set.
	 *
	 * @since 2.0.1
	 *
	 * @param int $id User ID.
	 */
	public function has( int $id ): bool {
		$page = intdiv( $id, self::PAGE_BYTES * 8 );
		if ( ! isset( $this->pages[ $page ] ) ) {
			return false;
		}
		$bit = $id % ( self::PAGE_BYTES * 8 );
		return ( ord( $this->pages[ $page ][ $bit >> 3 ] ) & ( 1 << ( $bit & 7 ) ) ) !== 0;
	}

	/**
	 * Whether the set holds nobody.
	 *
	 * @since 2.0.1
	 */
	public function is_empty(): bool {
		return array() === $this->pages;
	}
}
