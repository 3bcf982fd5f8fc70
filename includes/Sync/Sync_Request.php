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
	 * Never add back people a person removed from a site.
	 */
	public const KEEP_REMOVED = '';

	/**
	 * Add back people the site's own administrators removed; never those a network administrator removed.
	 */
	public const ADD_REMOVED_BY_SITE = 'site';

	/**
	 * Add back everyone a person removed.
	 */
	public const ADD_REMOVED_ALL = 'all';

	/**
	 * Which removals may be undone: one of the constants above.
	 *
	 * @var string
	 */
	public readonly string $add_removed;

	/**
	 * Describes a sync.
	 *
	 * @since 2.0.0
	 *
	 * @param int[]|null  $user_ids    Users; null for all in scope.
	 * @param int[]|null  $site_ids    Sites; null for all in scope.
	 * @param bool|string $add_removed Add back people a person removed (manual syncs only): true
	 *                                 or ADD_REMOVED_ALL for every removal, ADD_REMOVED_BY_SITE for
	 *                                 those made by the site's own administrators.
	 */
	public function __construct( ?array $user_ids = null, ?array $site_ids = null, bool|string $add_removed = false ) {
		$this->user_ids    = null === $user_ids ? null : self::ids( $user_ids );
		$this->site_ids    = null === $site_ids ? null : self::ids( $site_ids );
		$this->add_removed = match ( $add_removed ) {
			true, self::ADD_REMOVED_ALL => self::ADD_REMOVED_ALL,
			self::ADD_REMOVED_BY_SITE   => self::ADD_REMOVED_BY_SITE,
			default                     => self::KEEP_REMOVED,
		};
	}

	/**
	 * Whether a person's removal of a user from a site may be undone by this sync.
	 *
	 * @since 2.0.1
	 *
	 * @param bool $by_network Whether a network administrator made the removal.
	 */
	public function may_undo_removal( bool $by_network ): bool {
		return self::ADD_REMOVED_ALL === $this->add_removed
			|| ( self::ADD_REMOVED_BY_SITE === $this->add_removed && ! $by_network );
	}

	/**
	 * Sorted, unique, positive IDs: the normal form of site IDs, which user IDs share.
	 *
	 * @param array<mixed> $ids IDs.
	 * @return int[]
	 */
	private static function ids( array $ids ): array {
		return Site_Ids::normalise( $ids );
	}
}
