<?php
/**
 * What a sync is asked to do.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Sync;

defined( 'ABSPATH' ) || exit;

/**
 * "Add the missing memberships of these users on these sites."
 *
 * @since 2.0.0
 */
final class Sync_Request {

	/**
	 * Users to sync; null for every user in scope.
	 *
	 * @var int[]|null
	 */
	public readonly ?array $user_ids;

	/**
	 * Sites to sync; null for every site in scope.
	 *
	 * @var int[]|null
	 */
	public readonly ?array $site_ids;

	/**
	 * Whether people a person removed from a site may be added back.
	 *
	 * @var bool
	 */
	public readonly bool $add_removed;

	/**
	 * Describes a sync.
	 *
	 * @since 2.0.0
	 *
	 * @param int[]|null $user_ids    Users; null for all in scope.
	 * @param int[]|null $site_ids    Sites; null for all in scope.
	 * @param bool       $add_removed Add back people a person removed (manual syncs only).
	 */
	public function __construct( ?array $user_ids = null, ?array $site_ids = null, bool $add_removed = false ) {
		$this->user_ids    = null === $user_ids ? null : self::ids( $user_ids );
		$this->site_ids    = null === $site_ids ? null : self::ids( $site_ids );
		$this->add_removed = $add_removed;
	}

	/**
	 * Sorted, unique, positive IDs.
	 *
	 * @param array<mixed> $ids IDs.
	 * @return int[]
	 */
	private static function ids( array $ids ): array {
		$ids = array_unique( array_filter( array_map( 'intval', $ids ), static fn( int $id ) => $id > 0 ) );
		sort( $ids );
		return $ids;
	}
}
