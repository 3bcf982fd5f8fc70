<?php
/**
 * A role change to copy.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Sync;

defined( 'ABSPATH' ) || exit;

/**
 * A role given to a user on one site, with what the trust rules decided about its
 * author when it was made: whether the change is copied at all, and whether its author
 * is trusted like the network's operator. Both depend on the request that made it (a
 * super admin, WP-CLI, code opting in), so a copy that goes on in the background keeps
 * them instead of asking again where nobody is logged in.
 *
 * @since 2.0.1
 */
final class Role_Change {

	/**
	 * Describes a change.
	 *
	 * @since 2.0.1
	 *
	 * @param int    $user_id  Whose role changed.
	 * @param string $role     The new role.
	 * @param int    $source   The site where it changed.
	 * @param int    $actor_id Who changed it; 0 when nobody was logged in.
	 * @param bool   $copied   Whether a change by this author is copied at all (Policy::copies_change_by()).
	 * @param bool   $trusted  Whether its author is trusted like the network's operator (Policy::is_trusted()).
	 */
	public function __construct(
		public readonly int $user_id,
		public readonly string $role,
		public readonly int $source,
		public readonly int $actor_id,
		public readonly bool $copied,
		public readonly bool $trusted
	) {
	}

	/**
	 * A change made in this request, judged by the network's rules now.
	 *
	 * @since 2.0.1
	 *
	 * @param Policy $policy   The network's rules.
	 * @param int    $user_id  Whose role changed.
	 * @param string $role     The new role.
	 * @param int    $source   The site where it changed.
	 * @param int    $actor_id Who changed it; 0 when nobody was logged in.
	 */
	public static function made_now( Policy $policy, int $user_id, string $role, int $source, int $actor_id ): self {
		return new self( $user_id, $role, $source, $actor_id, $policy->copies_change_by( $actor_id, $user_id, $role, $source ), $policy->is_trusted( $actor_id ) );
	}
}
