<?php
/**
 * When the network's sites or users last changed.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Jobs;

defined( 'ABSPATH' ) || exit;

/**
 * Notes the time of every change that makes a preview's numbers wrong (a site created,
 * archived, deleted or excluded; a user created, deleted or marked spam), so a preview
 * made before it is refreshed before it is confirmed.
 *
 * @since 2.0.1
 */
final class Network_Changes {

	/**
	 * Network option holding the time of the last change (microtime).
	 */
	public const OPTION = 'wpmus_network_changed_at';

	/**
	 * Hooks the notes into core.
	 *
	 * @since 2.0.1
	 */
	public function register(): void {
		$site_hooks = array( 'wp_initialize_site', 'wp_update_site', 'wp_delete_site' );
		foreach ( $site_hooks as $hook ) {
			add_action(
				$hook,
				static function ( $site ): void {
					self::note( (int) $site->network_id );
				}
			);
		}
		$user_hooks = array( 'user_register', 'deleted_user', 'wpmu_delete_user', 'make_spam_user', 'make_ham_user' );
		foreach ( $user_hooks as $hook ) {
			add_action(
				$hook,
				static function (): void {
					self::note( get_current_network_id() );
				}
			);
		}
		add_action(
			'update_site_option_wpmus_excludedSites',
			static function ( $option, $value, $old_value, $network_id ): void {
				self::note( (int) $network_id );
			},
			10,
			4
		);
	}

	/**
	 * Notes a change now.
	 *
	 * @since 2.0.1
	 *
	 * @param int $network_id Network ID.
	 */
	public static function note( int $network_id ): void {
		update_network_option( $network_id, self::OPTION, (string) microtime( true ) );
	}

	/**
	 * A token of the network's state: it changes whenever a change is noted.
	 *
	 * @since 2.0.1
	 *
	 * @param int $network_id Network ID.
	 */
	public static function state( int $network_id ): string {
		return (string) get_network_option( $network_id, self::OPTION, '0' );
	}
}
