<?php
/**
 * Network Admin → WPM User Sync → Activity.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Admin;

defined( 'ABSPATH' ) || exit;

/**
 * Every change of membership and role on the network's sites, filtered, paged and exported.
 *
 * @since 2.1.0
 */
final class Network_Activity_Page extends Admin_Page {

	public const SLUG       = 'wpm-user-sync-activity';
	public const CAPABILITY = 'manage_network_users';
	public const ENTRY      = 'activity';

	/**
	 * {@inheritDoc}
	 */
	public function page_title(): string {
		return __( 'Activity', 'wpm-user-sync' );
	}

	/**
	 * {@inheritDoc}
	 */
	public function menu_title(): string {
		return __( 'Activity', 'wpm-user-sync' );
	}

	/**
	 * {@inheritDoc}
	 */
	protected function denied_message(): string {
		return __( 'Sorry, only network administrators may see the activity of the whole network.', 'wpm-user-sync' );
	}

	/**
	 * {@inheritDoc}
	 */
	protected function data(): array {
		return array(
			'scope'      => 'network',
			'exportUrl'  => rest_url( 'wpm-user-sync/v1/activity/export' ),
			'historyUrl' => Network_Actions_Page::url( true ),
		);
	}
}
