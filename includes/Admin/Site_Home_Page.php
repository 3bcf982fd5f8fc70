<?php
/**
 * Site Admin → WPM User Sync → Home.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Admin;

defined( 'ABSPATH' ) || exit;

/**
 * What a site administrator can do here, with a link to Actions.
 *
 * @since 2.0.0
 */
final class Site_Home_Page extends Admin_Page {

	/**
	 * The 1.3 page slug.
	 */
	public const SLUG       = 'wpmus-sitehome';
	public const CAPABILITY = 'promote_users';
	public const ENTRY      = 'site-home';

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
		return __( 'Sorry, only administrators of this site may open WPM User Sync.', 'wpm-user-sync' );
	}

	/**
	 * {@inheritDoc}
	 */
	protected function data(): array {
		return array( 'actionsUrl' => Site_Actions_Page::url( false ) );
	}
}
