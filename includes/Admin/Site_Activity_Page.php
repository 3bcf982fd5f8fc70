<?php
/**
 * Site Admin → WPM User Sync → Activity.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Admin;

defined( 'ABSPATH' ) || exit;

/**
 * Every change of membership and role on this site, filtered, paged and exported.
 *
 * @since 2.1.0
 */
final class Site_Activity_Page extends Admin_Page {

	public const SLUG       = 'wpmus-siteactivity';
	public const CAPABILITY = 'promote_users';
	public const ENTRY      = 'activity';

	/**
	 * Whether the site's Actions screen is there, whose history the jobs link to.
	 *
	 * @var bool
	 */
	private bool $with_actions;

	/**
	 * Sets the page up.
	 *
	 * @since 2.1.0
	 *
	 * @param bool $with_actions Whether the site's Actions screen is in the menu too.
	 */
	public function __construct( bool $with_actions = true ) {
		$this->with_actions = $with_actions;
	}

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
		return __( 'Sorry, only administrators of this site may see its activity.', 'wpm-user-sync' );
	}

	/**
	 * {@inheritDoc}
	 */
	protected function data(): array {
		return array(
			'scope'      => 'site',
			'exportUrl'  => get_rest_url( get_current_blog_id(), 'wpm-user-sync/v1/site-activity/export' ),
			'historyUrl' => $this->with_actions ? Site_Actions_Page::url( false ) : '',
		);
	}
}
