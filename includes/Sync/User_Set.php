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
	 * @param bool        $skip_empty Whether an empty value ('' or '0', as PHP reads it) counts as none.
	 *
	 * @throws Database_Error When a read fails: an empty answer must never pass for "nobody".
	 */
	public static function having( string $key, ?string $value = null, bool $skip_empty = false ): self {
		global $wpdb;

		$set   = new self();
		$after = 0;
		do {
			$sql  = null === $value
				? $wpdb->prepare( "SELECT umeta_id, user_id FROM {$wpdb->usermeta} WHERE meta_key = %s" . ( $skip_empty ? " AND meta_value NOT IN ('', '0')" : '' ) . ' AND umeta_id > %d ORDER BY umeta_id LIMIT %d', $key, $after, Membership_Engine::ROWS_PER_PAGE ) // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared -- A literal clause, chosen by a flag.
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
	 * Of some users, those not in the set. Where they lie close together (a block of a
	 * network sync), the bytes from the lowest to the highest are looked at, not each user:
	 * a stretch with nobody in it (most of a sync, where a site's few members leave the
	 * rest of the block missing) is skipped whole.
	 *
	 * @since 2.2.0
	 *
	 * @param int[] $users Users.
	 * @return int[] Those not in the set, in the order given.
	 */
	public function without( array $users ): array {
		if ( array() === $users ) {
			return array();
		}
		$first = min( $users );
		$last  = max( $users );
		// A byte holds 8 IDs: for users spread thin, asking user by user reads less.
		if ( $last - $first > 64 * count( $users ) ) {
			return array_values( array_filter( $users, fn( int $id ): bool => ! $this->has( $id ) ) );
		}
		$present = $this->among( array_flip( $users ), $first, $last );
		if ( array() === $present ) {
			return $users;
		}
		return array_values( array_filter( $users, static fn( int $id ): bool => ! isset( $present[ $id ] ) ) );
	}

	/**
	 * Which of some users, from one ID to another, are in the set.
	 *
	 * @param array<int, int> $wanted User ID => anything.
	 * @param int             $first  Lowest ID.
	 * @param int             $last   Highest ID.
	 * @return array<int, true> User ID => true.
	 */
	private function among( array $wanted, int $first, int $last ): array {
		$present   = array();
		$page_bits = self::PAGE_BYTES * 8;
		$last_page = intdiv( $last, $page_bits );
		for ( $page = intdiv( $first, $page_bits ); $page <= $last_page; $page++ ) {
			if ( ! isset( $this->pages[ $page ] ) ) {
				continue;
			}
			$bits = $this->pages[ $page ];
			$base = $page * $page_bits;
			$byte = max( 0, $first - $base ) >> 3;
			$end  = min( $page_bits - 1, $last - $base ) >> 3;
			while ( $byte <= $end ) {
				// Skip the bytes that hold nobody.
				$byte += strspn( $bits, "\0", $byte, $end - $byte + 1 );
				if ( $byte > $end ) {
					break;
				}
				$value = ord( $bits[ $byte ] );
				for ( $bit = 0; $bit < 8; $bit++ ) {
					$id = $base + ( $byte << 3 ) + $bit;
					if ( ( $value & ( 1 << $bit ) ) && isset( $wanted[ $id ] ) ) {
						$present[ $id ] = true;
					}
				}
				++$byte;
			}
		}
		return $present;
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
