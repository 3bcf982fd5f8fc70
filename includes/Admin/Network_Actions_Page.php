<?php
/**
 * Network Admin → WPM User Sync → Actions.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Admin;

defined( 'ABSPATH' ) || exit;

/**
 * The manual syncs of the network: from scratch, or of selected sites; and their history.
 *
 * @since 2.0.0
 */
final class Network_Actions_Page extends Admin_Page {

	/**
	 * The 1.3 page slug.
	 */
	public const SLUG       = 'wpmus-networksyncactions';
	public const CAPABILITY = 'manage_network_users';
	public const ENTRY      = 'network-actions';

	/**
	 * {@inheritDoc}
	 */
	public function page_title(): string {
		return __( 'WPM User Sync Actions', 'wpm-user-sync' );
	}

	/**
	 * {@inheritDoc}
	 */
	public function menu_title(): string {
		return __( 'Actions', 'wpm-user-sync' );
	}

	/**
	 * {@inheritDoc}
	 */
	protected function denied_message(): string {
		return __( 'Sorry, only network administrators may run network-wide syncs.', 'wpm-user-sync' );
	}

	/**
	 * {@inheritDoc}
	 */
	protected function preload_paths(): array {
		return array( '/wpm-user-sync/v1/jobs?per_page=20', '/wpm-user-sync/v1/sites?per_page=10' );
	}

	/**
	 * {@inheritDoc}
	 */
	protected function data(): array {
		return array( 'optionsUrl' => Network_Options_Page::url( true ) );
	}
}
