<?php
/**
 * REST resource for network-wide syncs: `/jobs`.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\REST;

use WP_Error;
use WP_REST_Request;
use WPM_User_Sync\Jobs\Job;

defined( 'ABSPATH' ) || exit;

/**
 * `/jobs`: the network's syncs — every site, or the sites listed — for network
 * administrators (`manage_network_users`). See docs/jobs-api.md.
 *
 * @since 2.0.1
 */
final class Network_Jobs_Controller extends Jobs_Controller {

	/**
	 * Sets up the resource.
	 *
	 * @since 2.0.1
	 */
	public function __construct() {
		parent::__construct();
		$this->rest_base = 'jobs';
	}

	/**
	 * Network administrators only: `manage_network_users`.
	 *
	 * @since 2.0.0
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function permissions_check( $request ) {
		return Permission::network_sync();
	}

	/**
	 * The network's history.
	 *
	 * @since 2.0.1
	 */
	protected function scope(): int {
		return 0;
	}

	/**
	 * Every site, or the sites listed.
	 *
	 * @since 2.0.1
	 *
	 * @return string[]
	 */
	protected function kinds(): array {
		return array( Job::KIND_NETWORK, Job::KIND_SITES );
	}

	/**
	 * `kind`, `sites` and `addRemoved`.
	 *
	 * @since 2.0.1
	 *
	 * @return array<string, array<string, mixed>>
	 */
	protected function create_args(): array {
		return array(
			'kind'       => array(
				'description' => __( 'network: every site; sites: the sites listed in "sites".', 'wpm-user-sync' ),
				'type'        => 'string',
				'enum'        => $this->kinds(),
				'required'    => true,
			),
			'sites'      => array(
				'description'       => __( 'The sites to sync, for kind "sites".', 'wpm-user-sync' ),
				'type'              => 'array',
				'items'             => array(
					'type'    => 'integer',
					'minimum' => 1,
				),
				'maxItems'          => self::max_site_ids(),
				// Shape only: whether the sites exist is checked after the permission check.
				'validate_callback' => array( $this, 'validate_site_ids' ),
			),
			'addRemoved' => array(
				'description' => __( 'Also add back people whom someone removed from a site by hand.', 'wpm-user-sync' ),
				'type'        => 'boolean',
				'default'     => false,
			),
		);
	}

	/**
	 * Every site, or the sites listed, which must exist in this network.
	 *
	 * @since 2.0.1
	 *
	 * @param WP_REST_Request $request The request.
	 * @return array{0: string, 1: int[]|null}|WP_Error
	 */
	protected function job_to_create( WP_REST_Request $request ) {
		$kind = (string) $request['kind'];
		if ( Job::KIND_NETWORK === $kind ) {
			if ( $request->has_param( 'sites' ) ) {
				return new WP_Error(
					'wpmus_network_takes_no_sites',
					__( 'A sync of kind "network" covers every site: leave "sites" out, or use kind "sites" to sync only the sites listed.', 'wpm-user-sync' ),
					array( 'status' => 400 )
				);
			}
			return array( $kind, null );
		}
		$sites = self::requested_site_ids( $request['sites'] ?? array() );
		if ( array() === $sites ) {
			return new WP_Error( 'wpmus_no_sites', __( 'Select at least one site to sync.', 'wpm-user-sync' ), array( 'status' => 400 ) );
		}
		return $this->unknown_sites_error( $sites, 'sites' ) ?? array( $kind, $sites );
	}
}
