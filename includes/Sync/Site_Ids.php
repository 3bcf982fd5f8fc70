<?php
/**
 * Lists of site IDs, as every way in receives them.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Sync;

use WPM_User_Sync\Short_List;

defined( 'ABSPATH' ) || exit;

/**
 * The one reading of a list of site IDs: its size limit, its normal form, its
 * typed form (WP-CLI) and whether its sites belong to a network.
 *
 * @since 2.0.1
 */
final class Site_Ids {

	/**
	 * Most site IDs one list may hold: a network's excluded sites, a job's sites.
	 */
	public const MAX = 10000;

	/**
	 * The normal form of a list of site IDs: positive integers, each once, ascending.
	 *
	 * @since 2.0.1
	 *
	 * @param array<mixed> $ids IDs, already checked to be whole numbers.
	 * @return int[]
	 */
	public static function normalise( array $ids ): array {
		$ids = array_values( array_unique( array_filter( array_map( 'intval', $ids ), static fn( int $id ): bool => $id > 0 ) ) );
		sort( $ids );
		return $ids;
	}

	/**
	 * Site IDs from a list typed by a person, separated by commas or spaces.
	 *
	 * Stricter than wp_parse_id_list(), whose absint() reads "-3" as site 3 and
	 * wraps a number beyond 64 bits into another ID.
	 *
	 * @since 2.0.1
	 *
	 * @param string $typed IDs as typed; "" for none.
	 * @return int[] In normal form.
	 *
	 * @throws \InvalidArgumentException Naming what is not a site ID, or when there are too many.
	 */
	public static function parse( string $typed ): array {
		$items = wp_parse_list( $typed );
		if ( count( $items ) > self::MAX ) {
			throw new \InvalidArgumentException(
				sprintf(
					/* translators: 1: Largest number of site IDs, 2: Number of site IDs given. */
					__( 'Give at most %1$s site IDs; %2$s were given.', 'wpm-user-sync' ),
					number_format_i18n( self::MAX ),
					number_format_i18n( count( $items ) )
				)
			);
		}
		$ids = array();
		$bad = array();
		foreach ( $items as $item ) {
			// Digits only (no sign, no exponent), leading zeros allowed, and within PHP's integers.
			$id = preg_match( '/^[0-9]+$/', $item ) ? filter_var( ltrim( $item, '0' ), FILTER_VALIDATE_INT, array( 'options' => array( 'min_range' => 1 ) ) ) : false;
			if ( false === $id ) {
				$bad[] = $item;
			} else {
				$ids[] = $id;
			}
		}
		if ( array() !== $bad ) {
			throw new \InvalidArgumentException(
				sprintf(
					/* translators: 1: Comma-separated values as typed, 2: The largest site ID possible. */
					__( 'Not site IDs: %1$s. A site ID is a whole number from 1 to %2$s.', 'wpm-user-sync' ),
					Short_List::of( $bad ),
					number_format_i18n( PHP_INT_MAX )
				)
			);
		}
		return self::normalise( $ids );
	}

	/**
	 * Which of these site IDs are not sites of a network (in any status).
	 *
	 * @since 2.0.1
	 *
	 * @param int   $network_id Network.
	 * @param int[] $site_ids   Site IDs.
	 * @return int[] Ascending.
	 */
	public static function foreign( int $network_id, array $site_ids ): array {
		$site_ids = self::normalise( $site_ids );
		if ( array() === $site_ids ) {
			return array();
		}
		$known = get_sites(
			array(
				'network_id' => $network_id,
				'site__in'   => $site_ids,
				'fields'     => 'ids',
				'number'     => count( $site_ids ),
			)
		);
		return array_values( array_diff( $site_ids, array_map( 'intval', $known ) ) );
	}

	/**
	 * What is wrong with a list of sites for a network, in words, or null when all are its sites.
	 *
	 * Tells which sites exist: ask only once the caller may know.
	 *
	 * @since 2.0.1
	 *
	 * @param int   $network_id Network.
	 * @param int[] $site_ids   Site IDs.
	 */
	public static function foreign_problem( int $network_id, array $site_ids ): ?string {
		$foreign = self::foreign( $network_id, $site_ids );
		if ( array() === $foreign ) {
			return null;
		}
		return sprintf(
			/* translators: %s: Site IDs, e.g. "99, 100, 101 and 2,997 more". */
			__( 'These sites do not exist in this network: %s.', 'wpm-user-sync' ),
			Short_List::of( $foreign )
		);
	}
}
