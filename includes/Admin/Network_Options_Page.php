<?php
/**
 * Network Admin → WPM User Sync → Options.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Admin;

defined( 'ABSPATH' ) || exit;

/**
 * The triggers and who is synced.
 *
 * @since 2.0.0
 */
final class Network_Options_Page extends Admin_Page {

	/**
	 * The 1.3 page slug, kept so bookmarks and links keep working.
	 */
	public const SLUG       = 'wpmus-networksyncoptions';
	public const CAPABILITY = 'manage_network_options';
	public const ENTRY      = 'network-options';

	/**
	 * {@inheritDoc}
	 */
	public function page_title(): string {
		return __( 'WPM User Sync Options', 'wpm-user-sync' );
	}

	/**
	 * {@inheritDoc}
	 */
	public function menu_title(): string {
		return __( 'Options', 'wpm-user-sync' );
	}

	/**
	 * {@inheritDoc}
	 */
	protected function denied_message(): string {
		return __( 'Sorry, you are not allowed to manage the WPM User Sync options.', 'wpm-user-sync' );
	}

	/**
	 * {@inheritDoc}
	 */
	protected function preload_paths(): array {
		return array( '/wpm-user-sync/v1/settings', '/wpm-user-sync/v1/roles' );
	}
}
