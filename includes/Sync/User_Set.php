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
 * not 256 MB of zeros.
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
}
