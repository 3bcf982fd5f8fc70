<?php
/**
 * Records every membership added or removed and every role changed.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Activity;

use WP_User;
use WPM_User_Sync\Sync\Database_Error;
use WPM_User_Sync\Sync\Membership_Engine;
use WPM_User_Sync\Sync\Role_Replicator;

defined( 'ABSPATH' ) || exit;

/**
 * The log's recorder. Two ways in, each change recorded once:
 *
 * - the plugin's set-wise writers (Membership_Writer, Role_Replicator) call
 *   memberships_added() and roles_changed() inside each block's transaction: an event, its
 *   sites and its users, three INSERTs per block whatever its size (Activity_Store), and a
 *   block that rolls back leaves no entry;
 * - core's paths, used by people and other code, are heard through `set_user_role` (a
 *   membership given, or a role changed) and `remove_user_from_blog`, one entry each. While
 *   the plugin's writers run, those hooks are theirs, already recorded: they are ignored,
 *   and declared quiet (Membership_Engine::quiet_listener()) so that listening here never
 *   makes the engine fire core's hooks pair by pair.
 *
 * @since 2.1.0
 */
final class Activity_Log {

	/**
	 * Hooks the recorder into core and the job pipeline.
	 *
	 * @since 2.1.0
	 */
	public static function register(): void {
		Context::register();
		// Early: the change itself comes before what listeners make of it (a copy to other sites).
		add_action( 'set_user_role', array( self::class, 'role_set' ), 1, 3 );
		Membership_Engine::quiet_listener( array( self::class, 'role_set' ) );
		add_action( 'remove_user_from_blog', array( self::class, 'removing' ), 10, 2 );
		add_action( 'init', array( Activity_Store::class, 'install' ) );
		Retention::register();
	}

	/**
	 * Records a block of memberships the engine wrote, in its transaction.
	 *
	 * @since 2.1.0
	 *
	 * @param array<int, string>                               $roles  Site ID => the role given there.
	 * @param array<int|string, array<int, array<int, mixed>>> $groups Sites that gained the same users: each site ID => [ user ID => … ].
	 *
	 * @throws Database_Error When the database refuses the write: the block rolls back.
	 */
	public static function memberships_added( array $roles, array $groups ): void {
		$grids = array();
		$first = 0;
		foreach ( $groups as $group ) {
			$grids[] = array( array_keys( (array) reset( $group ) ), array_intersect_key( $roles, $group ) );
			$first   = $first ? $first : (int) array_key_first( $group );
		}
		if ( array() !== $grids ) {
			( new Activity_Store() )->record_added( self::network_of( $first ), Context::now( Cause::SYNC ), $grids );
		}
	}

	/**
	 * Records a block of role changes a replication wrote, in its transaction.
	 *
	 * @since 2.1.0
	 *
	 * @param int                  $user_id   The user.
	 * @param string               $role      The role they have now.
	 * @param array<int, string[]> $old_roles Site ID => the roles they had there.
	 *
	 * @throws Database_Error When the database refuses the write: the block rolls back.
	 */
	public static function roles_changed( int $user_id, string $role, array $old_roles ): void {
		$entries = array();
		foreach ( $old_roles as $site_id => $roles ) {
			$entries[] = new Entry( Entry::ROLE_CHANGED, (int) $site_id, $user_id, self::roles_text( $roles ), $role );
		}
		self::record( Context::now( Cause::ROLE_CHANGE ), $entries, (int) array_key_first( $old_roles ) );
	}

	/**
	 * Records memberships removed, or added, set-wise, by code of the plugin that writes them
	 * itself (in its transaction when it has one).
	 *
	 * @since 2.1.0
	 *
	 * @param Entry[] $entries The changes, all on sites of one network.
	 * @param string  $cause   The cause when no job is at work (Cause::CAUSES).
	 *
	 * @throws Database_Error When the database refuses the write.
	 */
	public static function changes( array $entries, string $cause ): void {
		if ( array() !== $entries ) {
			self::record( Context::now( $cause ), $entries, $entries[0]->site_id );
		}
	}

	/**
	 * Core set a user's role on the current site: a membership given (they had no role
	 * there) or a role changed.
	 *
	 * @since 2.1.0
	 *
	 * @param int      $user_id   User ID.
	 * @param string   $role      The role now; '' for none.
	 * @param string[] $old_roles The roles before.
	 */
	public static function role_set( $user_id, $role, $old_roles ): void {
		if ( Membership_Engine::is_running() || Role_Replicator::is_running() ) {
			return; // Recorded set-wise by the writer.
		}
		$old_roles = array_values( array_map( 'strval', (array) $old_roles ) );
		$role      = (string) $role;
		if ( array() === $old_roles ) {
			if ( '' === $role || self::in_wpmu_create_user() ) {
				return;
			}
			$entry = new Entry( Entry::ADDED, get_current_blog_id(), (int) $user_id, null, $role );
		} else {
			if ( array( $role ) === $old_roles ) {
				return;
			}
			$entry = new Entry( Entry::ROLE_CHANGED, get_current_blog_id(), (int) $user_id, self::roles_text( $old_roles ), '' === $role ? null : $role );
		}
		self::record_quietly( $entry );
	}

	/**
	 * Core is about to remove a user from a site (the action fires before the rows go, on
	 * that site): their roles there are read now.
	 *
	 * @since 2.1.0
	 *
	 * @param int $user_id User ID.
	 * @param int $site_id Site ID.
	 */
	public static function removing( $user_id, $site_id ): void {
		global $wpdb;
		$user_id = (int) $user_id;
		$site_id = (int) $site_id;
		$stored  = get_user_meta( $user_id, $wpdb->get_blog_prefix( $site_id ) . 'capabilities', true );
		if ( ! is_array( $stored ) ) {
			return; // Not a member: core removes nothing.
		}
		$user = new WP_User( $user_id, '', $site_id );
		self::record_quietly( new Entry( Entry::REMOVED, $site_id, $user_id, self::roles_text( $user->roles ), null ) );
	}

	/**
	 * Records one change of core's path. A failure must not break the person's action.
	 *
	 * @param Entry $entry The change.
	 */
	private static function record_quietly( Entry $entry ): void {
		try {
			self::record( Context::now(), array( $entry ), $entry->site_id );
		} catch ( Database_Error $error ) {
			return; // The change itself stands; the log misses it (the database said why, in its own log).
		}
	}

	/**
	 * Writes an event and its entries, on the network of a site.
	 *
	 * @param Cause   $cause   Who, via what, why.
	 * @param Entry[] $entries The changes.
	 * @param int     $site_id A site of the network.
	 *
	 * @throws Database_Error When the database refuses the write.
	 */
	private static function record( Cause $cause, array $entries, int $site_id ): void {
		( new Activity_Store() )->record( self::network_of( $site_id ), $cause, $entries );
	}

	/**
	 * The network of a site (the current one when the site is gone).
	 *
	 * @param int $site_id Site ID.
	 */
	private static function network_of( int $site_id ): int {
		$site = get_site( $site_id );
		return $site ? (int) $site->network_id : get_current_network_id();
	}

	/**
	 * Roles as stored in the log: comma-separated, null for none.
	 *
	 * @param array<int|string, mixed> $roles Role names.
	 */
	private static function roles_text( array $roles ): ?string {
		$roles = array_filter( array_map( 'strval', array_values( $roles ) ), static fn( string $role ): bool => '' !== $role );
		return array() === $roles ? null : implode( ',', $roles );
	}

	/**
	 * Whether core's wpmu_create_user() is creating the account: it gives the new user the
	 * current site's default role, then takes every role away before anyone sees it ("newly
	 * created users have no roles or caps until they are added to a blog") — no membership
	 * to record. Asked only when a role is first set, so rarely.
	 */
	private static function in_wpmu_create_user(): bool {
		foreach ( debug_backtrace( DEBUG_BACKTRACE_IGNORE_ARGS ) as $frame ) { // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_debug_backtrace -- Core's function announces nothing we could listen to before it takes the role away.
			if ( 'wpmu_create_user' === $frame['function'] && ! isset( $frame['class'] ) ) {
				return true;
			}
		}
		return false;
	}
}
