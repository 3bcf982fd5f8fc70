<?php
/**
 * Network Admin → WPM User Sync → Home.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Admin;

use WPM_User_Sync\Jobs\Job_Store;

defined( 'ABSPATH' ) || exit;

/**
 * What the plugin does, the triggers at a glance and the last syncs; its concepts; about it.
 *
 * @since 2.0.0
 */
final class Network_Home_Page extends Admin_Page {

	public const SLUG       = 'wpmus-networkhome';
	public const CAPABILITY = 'manage_network_users';
	public const ENTRY      = 'network-home';

	/**
	 * {@inheritDoc}
	 */
	public function page_title(): string {
		return __( 'WPM User Sync', 'wpm-user-sync' );
	}

	/**
	 * {@inheritDoc}
	 */
	public function menu_title(): string {
		return __( 'Home', 'wpm-user-sync' );
	}

	/**
	 * {@inheritDoc}
	 */
	protected function denied_message(): string {
		return __( 'Sorry, only network administrators may open WPM User Sync.', 'wpm-user-sync' );
	}

	/**
	 * {@inheritDoc}
	 */
	protected function preload_paths(): array {
		return array( '/wpm-user-sync/v1/settings', '/wpm-user-sync/v1/jobs?per_page=5', '/wpm-user-sync/v1/health' );
	}

	/**
	 * {@inheritDoc}
	 */
	protected function data(): array {
		return array(
			'optionsUrl' => Network_Options_Page::url( true ),
			'actionsUrl' => Network_Actions_Page::url( true ),
			'version'    => WPMUS_VERSION,
			'jobsTable'  => class_exists( Job_Store::class ) ? Job_Store::table() : '',
		);
	}
}
