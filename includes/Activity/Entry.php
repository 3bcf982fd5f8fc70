<?php
/**
 * One change of one membership.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Activity;

defined( 'ABSPATH' ) || exit;

/**
 * A membership added or removed, or a role changed: on which site, for whom, the role
 * before and after (null where there was none).
 *
 * @since 2.1.0
 */
final class Entry {

	public const ADDED        = 'added';
	public const REMOVED      = 'removed';
	public const ROLE_CHANGED = 'role_changed';

	/**
	 * The kinds of change, as the REST API names them.
	 */
	public const KINDS = array( self::ADDED, self::REMOVED, self::ROLE_CHANGED );

	/**
	 * Sets up an entry.
	 *
	 * @since 2.1.0
	 *
	 * @param string      $kind        One of KINDS.
	 * @param int         $site_id     Site ID.
	 * @param int         $user_id     User ID.
	 * @param string|null $role_before Role (or roles, comma-separated) before; null for none.
	 * @param string|null $role_after  Role after; null for none.
	 */
	public function __construct(
		public readonly string $kind,
		public readonly int $site_id,
		public readonly int $user_id,
		public readonly ?string $role_before,
		public readonly ?string $role_after
	) {
	}
}
