<?php
/**
 * Site Admin → WPM User Sync → Actions.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Admin;

defined( 'ABSPATH' ) || exit;

/**
 * "Sync from scratch" for this site, and the site's sync history.
 *
 * @since 2.0.0
 */
final class Site_Actions_Page extends Admin_Page {

	/**
	 * The 1.3 page slug.
	 */
	public const SLUG       = 'wpmus-sitesyncactions';
	public const CAPABILITY = 'promote_users';
	public const ENTRY      = 'site-actions';

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
		return __( 'Sorry, only administrators of this site may sync it.', 'wpm-user-sync' );
	}

	/**
	 * {@inheritDoc}
	 */
	protected function preload_paths(): array {
		return array( '/wpm-user-sync/v1/site-jobs?per_page=20' );
	}
}
