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
	 * The user meta key under which the newest change of a user's role leaves its token.
	 */
	public const NEWEST_META_KEY = 'wpmus_role_change';

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
	 * @param string $token    What tells this change from a later one of the same user's role ('' for none).
	 */
	public function __construct(
		public readonly int $user_id,
		public readonly string $role,
		public readonly int $source,
		public readonly int $actor_id,
		public readonly bool $copied,
		public readonly bool $trusted,
		public readonly string $token = ''
	) {
	}

	/**
	 * Makes this change the newest of its user's role: the copy of any earlier one stops
	 * at its next block. Written under the write lock, so a block of an earlier copy is
	 * either written before it (and this change's copy comes after), or sees it and stops.
	 *
	 * @since 2.0.1
	 *
	 * @throws Database_Error When the database fails.
	 */
	public function become_newest(): void {
		if ( '' === $this->token ) {
			return;
		}
		Db::exclusively(
			function (): void {
				update_user_meta( $this->user_id, self::NEWEST_META_KEY, $this->token );
			}
		);
	}

	/**
	 * Whether no later change of the user's role was made since this one (read fresh, to
	 * call under the write lock).
	 *
	 * @since 2.0.1
	 *
	 * @throws Database_Error When the database fails.
	 */
	public function is_newest(): bool {
		global $wpdb;
		if ( '' === $this->token ) {
			return true;
		}
		$newest = Db::value( $wpdb->prepare( "SELECT meta_value FROM {$wpdb->usermeta} WHERE user_id = %d AND meta_key = %s ORDER BY umeta_id DESC LIMIT 1", $this->user_id, self::NEWEST_META_KEY ) );
		return null === $newest || $this->token === $newest;
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
		return new self( $user_id, $role, $source, $actor_id, $policy->copies_change_by( $actor_id, $user_id, $role, $source ), $policy->is_trusted( $actor_id ), wp_generate_uuid4() );
	}
}
