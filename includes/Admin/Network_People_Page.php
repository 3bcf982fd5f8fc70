<?php
/**
 * Network Admin → WPM User Sync → People.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Admin;

use WPM_User_Sync\REST\Permission;

defined( 'ABSPATH' ) || exit;

/**
 * One person's sites (the "Sites…" row action of Network Admin → Users), and the
 * bulk actions of that screen: add to sites, remove from sites, remove from all sites.
 *
 * @since 2.1.0
 */
final class Network_People_Page extends Admin_Page {

	public const SLUG       = 'wpm-user-sync-people';
	public const CAPABILITY = 'manage_network_users';
	public const ENTRY      = 'network-users';

	/**
	 * The most people one job takes (the jobs route's limit).
	 */
	public const MAX_PEOPLE = 1000;

	/**
	 * The bulk actions the screen takes, as the address names them.
	 */
	public const ACTIONS = array( 'add', 'remove', 'remove-all' );

	/**
	 * {@inheritDoc}
	 */
	public function page_title(): string {
		return __( 'People across sites', 'wpm-user-sync' );
	}

	/**
	 * {@inheritDoc}
	 */
	public function menu_title(): string {
		return __( 'People', 'wpm-user-sync' );
	}

	/**
	 * {@inheritDoc}
	 */
	protected function denied_message(): string {
		return __( 'Sorry, only network administrators may add people to sites or remove them.', 'wpm-user-sync' );
	}

	/**
	 * {@inheritDoc}
	 */
	protected function preload_paths(): array {
		return array( '/wpm-user-sync/v1/jobs?per_page=20', '/wpm-user-sync/v1/roles' );
	}

	/**
	 * The address of the screen for one person, or for a bulk action on several.
	 *
	 * @since 2.1.0
	 *
	 * @param array<mixed> $user_ids The people, as IDs or their text.
	 * @param string       $action   One of ACTIONS, or '' for one person's sites.
	 */
	public static function url_for( array $user_ids, string $action = '' ): string {
		$ids = self::user_ids( $user_ids );
		$url = self::url( true );
		if ( '' === $action ) {
			return add_query_arg( 'user', (string) ( $ids[0] ?? 0 ), $url );
		}
		return add_query_arg(
			array(
				'action' => $action,
				'users'  => implode( ',', $ids ),
			),
			$url
		);
	}

	/**
	 * User IDs from what a form or an address holds: whole positive numbers only,
	 * each once, in their order, at most MAX_PEOPLE.
	 *
	 * @since 2.1.0
	 *
	 * @param array<mixed> $values IDs, or their text.
	 * @return int[]
	 */
	public static function user_ids( array $values ): array {
		$ids = array();
		foreach ( $values as $value ) {
			$text = is_int( $value ) ? (string) $value : ( is_string( $value ) ? trim( $value ) : '' );
			if ( ctype_digit( $text ) && (int) $text > 0 ) {
				$ids[ (int) $text ] = true;
			}
			if ( count( $ids ) >= self::MAX_PEOPLE ) {
				break;
			}
		}
		return array_keys( $ids );
	}

	/**
	 * {@inheritDoc}
	 *
	 * The people and the action come from the address; they only choose what the
	 * screen shows, and every change goes through the REST routes with their checks.
	 */
	protected function data(): array {
		// phpcs:disable WordPress.Security.NonceVerification.Recommended -- Read to choose what the screen shows; nothing is changed here.
		$user   = isset( $_GET['user'] ) ? absint( wp_unslash( $_GET['user'] ) ) : 0;
		$users  = isset( $_GET['users'] ) ? self::user_ids( explode( ',', sanitize_text_field( wp_unslash( $_GET['users'] ) ) ) ) : array();
		$action = isset( $_GET['action'] ) ? sanitize_key( wp_unslash( $_GET['action'] ) ) : '';
		// phpcs:enable WordPress.Security.NonceVerification.Recommended
		return array(
			'user'        => $user > 0 ? (string) $user : '',
			'users'       => implode( ',', $users ),
			'action'      => in_array( $action, self::ACTIONS, true ) ? $action : '',
			'activityUrl' => Network_Activity_Page::url( true ),
			'canChange'   => self::may_change_people() ? '1' : '',
		);
	}

	/**
	 * Whether the current user may add people to sites and remove them (super admins);
	 * others who manage the network's users see people's sites only.
	 *
	 * @since 2.1.0
	 */
	public static function may_change_people(): bool {
		return true === Permission::people_across_sites();
	}
}
