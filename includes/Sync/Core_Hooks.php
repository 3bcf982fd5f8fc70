<?php
/**
 * What core's add_user_to_blog() promises other code, kept by the bulk writer.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Sync;

defined( 'ABSPATH' ) || exit;

/**
 * Asks and tells other code what `add_user_to_blog()` would: the `can_add_user_to_blog`
 * filter may veto a membership before it is written; `clean_user_cache`, `set_user_role`
 * and `add_user_to_blog` fire once it is, on the site itself.
 *
 * A bulk run adds up to millions of memberships. Where nobody listens but quiet
 * listeners (see quiet()), the filter and the actions are not called at all.
 *
 * @since 2.0.1
 */
final class Core_Hooks {

	/**
	 * Listeners that do nothing while the engine runs. Core's
	 * `wp_cache_set_users_last_changed` is one: the writer calls it once per block.
	 *
	 * @var array<int, callable>
	 */
	private static array $quiet_listeners = array( 'wp_cache_set_users_last_changed' );

	/**
	 * Declares a listener of `set_user_role`, `add_user_to_blog` or `can_add_user_to_blog`
	 * that does nothing while the engine runs (a filter declared here never vetoes).
	 *
	 * @since 2.0.1
	 *
	 * @param callable $listener The listener, as it was hooked.
	 */
	public static function quiet( callable $listener ): void {
		self::$quiet_listeners[] = $listener;
	}

	/**
	 * Whether a veto is possible: someone other than the quiet listeners filters
	 * `can_add_user_to_blog`.
	 *
	 * @since 2.0.1
	 */
	public static function may_veto(): bool {
		return self::is_heard( 'can_add_user_to_blog' );
	}

	/**
	 * Asks `can_add_user_to_blog` about each pair, as `add_user_to_blog()` would, on the site itself.
	 *
	 * @since 2.0.1
	 *
	 * @param int              $site_id Site ID.
	 * @param string           $role    Role the users would get.
	 * @param array<int, bool> $added   User ID => whether a person had removed them.
	 * @param Report           $report  Where to count vetoes.
	 * @return array<int, bool> The pairs allowed.
	 */
	public static function veto( int $site_id, string $role, array $added, Report $report ): array {
		switch_to_blog( $site_id );
		try {
			foreach ( array_keys( $added ) as $user_id ) {
				/** This filter is documented in wp-includes/ms-functions.php */
				if ( true !== apply_filters( 'can_add_user_to_blog', true, $user_id, $role, $site_id ) ) { // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- Core's own hook, fired as core fires it.
					unset( $added[ $user_id ] );
					$report->skip( $site_id, Report::SKIP_VETOED );
				}
			}
		} finally {
			restore_current_blog();
		}
		return $added;
	}

	/**
	 * Fires the actions `add_user_to_blog()` fires, once a block is written: `clean_user_cache`
	 * once per user, and on each site `set_user_role` and `add_user_to_blog` for each membership.
	 *
	 * @since 2.0.1
	 *
	 * @param Site_Block                   $block Sites.
	 * @param array<int, array<int, bool>> $pairs Site ID => [ user ID => … ].
	 */
	public static function announce( Site_Block $block, array $pairs ): void {
		if ( has_action( 'clean_user_cache' ) ) {
			foreach ( array_unique( array_merge( ...array_map( 'array_keys', array_values( $pairs ) ) ) ) as $user_id ) {
				$user = get_userdata( $user_id );
				if ( $user ) {
					/** This action is documented in wp-includes/user.php */
					do_action( 'clean_user_cache', $user_id, $user ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- Core's own hook, fired as core fires it.
				}
			}
		}
		if ( ! self::is_heard( 'set_user_role' ) && ! self::is_heard( 'add_user_to_blog' ) ) {
			return;
		}
		foreach ( $pairs as $site_id => $users ) {
			$role = (string) $block->role( $site_id );
			switch_to_blog( $site_id );
			try {
				foreach ( array_keys( $users ) as $user_id ) {
					/** This action is documented in wp-includes/class-wp-user.php */
					do_action( 'set_user_role', $user_id, $role, array() ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- Core's own hook, fired as core fires it.
					/** This action is documented in wp-includes/ms-functions.php */
					do_action( 'add_user_to_blog', $user_id, $role, $site_id ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- Core's own hook, fired as core fires it.
				}
			} finally {
				restore_current_blog();
			}
		}
	}

	/**
	 * Fires the actions `WP_User::set_role()` fires, once a role change is written on
	 * several sites: on each site, `remove_user_role` for each old role, `add_user_role`
	 * and `set_user_role`.
	 *
	 * @since 2.0.1
	 *
	 * @param int                  $user_id   The user.
	 * @param string               $role      The role they have now.
	 * @param array<int, string[]> $old_roles Site ID => the roles they had there.
	 */
	public static function announce_role_changes( int $user_id, string $role, array $old_roles ): void {
		if ( ! self::is_heard( 'set_user_role' ) && ! self::is_heard( 'add_user_role' ) && ! self::is_heard( 'remove_user_role' ) ) {
			return;
		}
		foreach ( $old_roles as $site_id => $roles ) {
			switch_to_blog( $site_id );
			try {
				foreach ( $roles as $old_role ) {
					if ( $old_role !== $role ) {
						/** This action is documented in wp-includes/class-wp-user.php */
						do_action( 'remove_user_role', $user_id, $old_role ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- Core's own hook, fired as core fires it.
					}
				}
				if ( ! in_array( $role, $roles, true ) ) {
					/** This action is documented in wp-includes/class-wp-user.php */
					do_action( 'add_user_role', $user_id, $role ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- Core's own hook, fired as core fires it.
				}
				/** This action is documented in wp-includes/class-wp-user.php */
				do_action( 'set_user_role', $user_id, $role, $roles ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- Core's own hook, fired as core fires it.
			} finally {
				restore_current_blog();
			}
		}
	}

	/**
	 * Whether a hook has a listener other than the quiet ones.
	 *
	 * WordPress answers "is anything hooked?" (`has_action( $hook )`) and "is this callback
	 * hooked?" (`has_action( $hook, $callback )`), but has no function that lists or counts
	 * a hook's callbacks; the plugin's own listeners are always hooked, so the first answer
	 * is always yes. The callbacks are read from the hook's `WP_Hook` object, whose
	 * `callbacks` property is public; this is the one place that does so.
	 *
	 * @param string $hook Hook name.
	 */
	private static function is_heard( string $hook ): bool {
		global $wp_filter;
		if ( ! has_action( $hook ) ) {
			return false;
		}
		foreach ( $wp_filter[ $hook ]->callbacks as $callbacks ) {
			foreach ( $callbacks as $callback ) {
				if ( ! in_array( $callback['function'], self::$quiet_listeners, true ) ) {
					return true;
				}
			}
		}
		return false;
	}
}
