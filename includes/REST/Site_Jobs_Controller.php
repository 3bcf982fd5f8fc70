<?php
/**
 * REST resource for a site's own syncs: `/site-jobs`.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\REST;

use WP_Error;
use WP_REST_Request;
use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Types\Add_Memberships;
use WPM_User_Sync\Jobs\Types\Undo;

defined( 'ABSPATH' ) || exit;

/**
 * `/site-jobs`: the syncs of the site the request was made to (`/<site-path>/wp-json/...`),
 * for its administrators. It takes no site parameter, so a site administrator can never
 * name another site; its history is that site's own. See docs/jobs-api.md.
 *
 * @since 2.0.1
 */
final class Site_Jobs_Controller extends Jobs_Controller {

	/**
	 * Sets up the resource.
	 *
	 * @since 2.0.1
	 */
	public function __construct() {
		parent::__construct();
		$this->rest_base = 'site-jobs';
	}

	/**
	 * Who may sync the site of the URL: `promote_users` there, while the network lets site
	 * administrators sync (super admins always may).
	 *
	 * @since 2.0.0
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function permissions_check( $request ) {
		return Permission::site_sync();
	}

	/**
	 * The site's own history.
	 *
	 * @since 2.0.1
	 */
	protected function scope(): int {
		return get_current_blog_id();
	}

	/**
	 * One site's own sync.
	 *
	 * @since 2.0.1
	 *
	 * @return string[]
	 */
	protected function kinds(): array {
		return array( Job::KIND_SITE );
	}

	/**
	 * `addRemoved`; `type` and `job` to undo one of the site's own syncs.
	 *
	 * @since 2.0.1
	 * @since 2.2.0 `type` and `job`.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	protected function create_args(): array {
		return array(
			'addRemoved' => array(
				'description' => __( 'Also add back people whom this site\'s administrators removed by hand.', 'wpm-user-sync' ),
				'type'        => 'boolean',
				'default'     => false,
			),
			'type'       => array(
				'description' => __( 'The work: add_memberships (sync the site, the default) or undo (take back what the finished job "job" of this site\'s history changed).', 'wpm-user-sync' ),
				'type'        => 'string',
				'enum'        => array( Add_Memberships::NAME, Undo::NAME ),
				'default'     => Add_Memberships::NAME,
			),
			'job'        => self::undo_job_arg(),
		);
	}

	/**
	 * Always the site of the URL.
	 *
	 * @since 2.0.1
	 *
	 * @param WP_REST_Request $request The request.
	 * @return array{0: string, 1: int[]|null}
	 */
	protected function job_to_create( WP_REST_Request $request ) {
		return array( Job::KIND_SITE, array( get_current_blog_id() ) );
	}
}
