<?php
/**
 * The members of a block's sites, read site by site.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Sync;

defined( 'ABSPATH' ) || exit;

/**
 * Who is a member of each of a block's sites, and who was removed from it, as sets
 * read once per block along the meta_key index: the cheapest way when a block holds
 * many users, since every site's members are read once for all of them.
 *
 * Before each write, the rows added since (by anyone) are read again under the write
 * lock (refresh()), so a set is never staler than the lock that guards the write.
 *
 * @since 2.0.1
 */
final class Members_By_Site implements Member_Lookup {

	/**
	 * Capabilities meta key => site ID, for the block's sites.
	 *
	 * @var array<string, int>
	 */
	private array $site_by_key;

	/**
	 * Site ID => capabilities meta key.
	 *
	 * @var array<int, string>
	 */
	private array $key_by_site;

	/**
	 * Site ID => members, read on first use.
	 *
	 * @var array<int, User_Set>
	 */
	private array $members = array();

	/**
	 * Marker key => site ID => people removed from the site, read on first use.
	 *
	 * @var array<string, array<int, User_Set>>
	 */
	private array $removed = array();

	/**
	 * The highest usermeta row ID the sets have seen; rows after it are read by refresh().
	 *
	 * @var int|null
	 */
	private ?int $mark = null;

	/**
	 * The row ID ranges after the mark that the block itself wrote, each [ first, last ],
	 * already in the sets; null when one of its writes could not be told apart from
	 * another writer's rows, and refresh() must read every row after the mark.
	 *
	 * @var array<int, array{0: int, 1: int}>|null
	 */
	private ?array $own_rows = array();

	/**
	 * Sets up the lookup of a block; nothing is read until asked.
	 *
	 * @since 2.0.1
	 *
	 * @param Site_Block $block The block's sites.
	 */
	public function __construct( Site_Block $block ) {
		$this->site_by_key = $block->capabilities_keys();
		$this->key_by_site = array_flip( $this->site_by_key );
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
	 *
	 * @throws Database_Error When a read fails.
	 */
	public function missing( int $site_id, array $users, bool $with_removals ): array {
		$missing = array_fill_keys( $this->members( $site_id )->without( $users ), '' );
		if ( ! $with_removals || array() === $missing ) {
			return $missing;
		}

		$by_site = $this->removed( $site_id, Removals::META_KEY );
		$by_net  = $this->removed( $site_id, Removals::NETWORK_META_KEY );
		if ( $by_site->is_empty() && $by_net->is_empty() ) {
			return $missing;
		}
		foreach ( array_keys( $missing ) as $user_id ) {
			if ( $by_net->has( $user_id ) ) {
				$missing[ $user_id ] = Removals::NETWORK_META_KEY;
			} elseif ( $by_site->has( $user_id ) ) {
				$missing[ $user_id ] = Removals::META_KEY;
			}
		}
		return $missing;
	}

	/**
	 * Adds to the sets what was written since they were read. Called under the write
	 * lock, so that nothing the block is about to write can have been written by another.
	 *
	 * @since 2.0.1
	 *
	 * @throws Database_Error When the read fails.
	 */
	public function refresh(): void {
		if ( null === $this->mark ) {
			return;
		}
		$last = self::last_row_id();
		if ( $last > $this->mark ) {
			$this->read_rows_between( $this->mark, $last );
		}
		$this->mark     = max( $this->mark, $last );
		$this->own_rows = array();
	}

	/**
	 * Takes in rows the block itself just wrote, under the write lock, right after their
	 * INSERT: when that INSERT's rows are the newest, they fill the IDs from the first it got
	 * to the newest (a statement's IDs only grow, and no other row came after them), so
	 * the sets add its pairs and refresh() skips that range — a network sync's blocks
	 * are not read back (half of what it would otherwise read). When another row came
	 * after them, refresh() reads everything after the mark instead.
	 *
	 * @since 2.0.1
	 *
	 * @param array<int, array<int, bool>> $pairs Site ID => [ user ID => … ] the INSERT wrote.
	 * @param int                          $first The first row ID it got.
	 * @param int                          $count How many rows it wrote.
	 *
	 * @throws Database_Error When the read fails.
	 */
	public function took_own_rows( array $pairs, int $first, int $count ): void {
		if ( null === $this->mark || null === $this->own_rows ) {
			return;
		}
		$last = $first + $count - 1;
		if ( $count < 1 || $first <= $this->mark || self::last_row_id() !== $last ) {
			$this->own_rows = null;
			return;
		}
		foreach ( $pairs as $site_id => $users ) {
			if ( isset( $this->members[ $site_id ] ) ) {
				foreach ( array_keys( $users ) as $user_id ) {
					$this->members[ $site_id ]->add( $user_id );
				}
			}
		}
		$this->own_rows[] = array( $first, $last );
	}

	/**
	 * Adds to the sets the memberships and removals written after one row ID up to
	 * another, less the block's own rows.
	 *
	 * @param int $after The mark.
	 * @param int $last  The newest row ID.
	 *
	 * @throws Database_Error When the read fails.
	 */
	private function read_rows_between( int $after, int $last ): void {
		global $wpdb;
		$ranges = array();
		$from   = $after + 1;
		foreach ( $this->own_rows ?? array() as list( $first, $own_last ) ) {
			if ( $first > $from ) {
				$ranges[] = $wpdb->prepare( 'umeta_id BETWEEN %d AND %d', $from, $first - 1 );
			}
			$from = $own_last + 1;
		}
		if ( $from <= $last ) {
			$ranges[] = $wpdb->prepare( 'umeta_id BETWEEN %d AND %d', $from, $last );
		}
		if ( array() !== $ranges ) {
			$keys = array_keys( $this->site_by_key );
			$rows = Db::rows(
				$wpdb->prepare(
					"SELECT user_id, meta_key FROM {$wpdb->usermeta} WHERE (" . implode( ' OR ', $ranges ) . ') AND meta_key IN (' . implode( ',', array_fill( 0, count( $keys ), '%s' ) ) . ')', // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared -- Ranges prepared above, and a list of placeholders, one per value.
					$keys
				)
			);
			foreach ( $rows as list( $user_id, $key ) ) {
				if ( isset( $this->members[ $this->site_by_key[ $key ] ] ) ) {
					$this->members[ $this->site_by_key[ $key ] ]->add( (int) $user_id );
				}
			}
		}
		if ( array() !== $this->removed ) {
			foreach ( Removals::written_between( $after, $last ) as list( $user_id, $key, $site_id ) ) {
				if ( isset( $this->removed[ $key ][ $site_id ] ) ) {
					$this->removed[ $key ][ $site_id ]->add( $user_id );
				}
			}
		}
	}

	/**
	 * The members of a site, read once per block.
	 *
	 * @param int $site_id Site ID.
	 *
	 * @throws Database_Error When the read fails.
	 */
	private function members( int $site_id ): User_Set {
		$this->mark                       ??= self::last_row_id();
		return $this->members[ $site_id ] ??= User_Set::having( $this->key_by_site[ $site_id ] );
	}

	/**
	 * The people removed from a site, by the kind of marker, read once per block.
	 *
	 * @param int    $site_id Site ID.
	 * @param string $key     Removals::META_KEY or Removals::NETWORK_META_KEY.
	 *
	 * @throws Database_Error When the read fails.
	 */
	private function removed( int $site_id, string $key ): User_Set {
		$this->mark                               ??= self::last_row_id();
		return $this->removed[ $key ][ $site_id ] ??= Removals::from_site( $site_id, $key );
	}

	/**
	 * The newest usermeta row's ID.
	 *
	 * @throws Database_Error When the read fails.
	 */
	private static function last_row_id(): int {
		global $wpdb;
		return (int) Db::value( "SELECT MAX(umeta_id) FROM {$wpdb->usermeta}" );
	}
}
