<?php
/**
 * How the engine finds who is already a member of a block's sites.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Sync;

defined( 'ABSPATH' ) || exit;

/**
 * One way of reading memberships. Two exist, for two shapes of work:
 * Members_By_Site reads each site's members once along the meta_key index (many
 * users), Members_By_User reads a few users' rows along the user_id index.
 *
 * @since 2.0.1
 */
interface Member_Lookup {

	/**
	 * The users who are not members of a site, each with the marker of a person's removal
	 * of them from it.
	 *
	 * @since 2.0.1
	 *
	 * @param int   $site_id       Site ID.
	 * @param int[] $users         Users, ascending.
	 * @param bool  $with_removals Whether removals matter (false: every marker is '').
	 * @return array<int, string> User ID => Removals::META_KEY, Removals::NETWORK_META_KEY, or '' when nobody removed them.
	 *
	 * @throws Database_Error When a read fails.
	 */
	public function missing( int $site_id, array $users, bool $with_removals ): array;
}
