<?php
/**
 * REST resource of the network's health: drift, reconcile and the background runner.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\REST;

use WP_Error;
use WP_REST_Controller;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;
use WPM_User_Sync\Health\Drift;
use WPM_User_Sync\Health\Reconcile;
use WPM_User_Sync\Health\Runner_Health;
use WPM_User_Sync\Jobs\Job_Error;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * `GET /wpm-user-sync/v1/health`: whether the runner runs, which jobs have stalled, the drift
 * and the reconcile; `POST /wpm-user-sync/v1/drift`: starts a drift check now. Network
 * administrators (`manage_network_users`) only.
 *
 * @since 2.2.0
 */
final class Health_Controller extends WP_REST_Controller {

	/**
	 * Sets up the controller.
	 *
	 * @since 2.2.0
	 */
	public function __construct() {
		$this->namespace = 'wpm-user-sync/v1';
		$this->rest_base = 'health';
	}

	/**
	 * Registers the routes.
	 *
	 * @since 2.2.0
	 */
	public function register_routes(): void {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_item' ),
					'permission_callback' => array( $this, 'get_item_permissions_check' ),
					'args'                => array(),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/drift',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'check_drift' ),
					'permission_callback' => array( $this, 'get_item_permissions_check' ),
					'args'                => array(),
				),
			)
		);
	}

	/**
	 * Only people who run the network's syncs may see its health or start a check.
	 *
	 * @since 2.2.0
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function get_item_permissions_check( $request ) {
		return Permission::network_sync();
	}

	/**
	 * The network's health.
	 *
	 * @since 2.2.0
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response
	 */
	public function get_item( $request ) {
		$network_id = get_current_network_id();
		$store      = new Job_Store();
		$reconcile  = new Reconcile( $network_id, $store );
		$last       = $reconcile->last_run();
		return rest_ensure_response(
			array(
				'cron'        => array(
					'lastRun'  => $this->date( Runner_Health::last_run( $network_id ) ),
					'ok'       => Runner_Health::is_running( $network_id ),
					'disabled' => Runner_Health::cron_disabled(),
					'helpUrl'  => Runner_Health::help_url(),
				),
				'stalledJobs' => array_map(
					fn( array $job ): array => array(
						'id'        => $job['id'],
						'typeLabel' => $job['typeLabel'],
						'since'     => $this->date( $job['since'] ),
					),
					Runner_Health::stalled_jobs( $network_id )
				),
				'drift'       => $this->drift( new Drift( $network_id, $store ) ),
				'reconcile'   => array(
					'schedule' => $reconcile->schedule(),
					'lastRun'  => null === $last ? null : array(
						'job'        => $last['job'],
						'added'      => $last['added'],
						'status'     => $last['status'],
						'finishedAt' => $this->date( $last['finishedAt'] ),
					),
					'next'     => $this->date( $reconcile->next() ),
				),
			)
		);
	}

	/**
	 * Starts a drift check: `202` with the drift as `GET /health` gives it; `409
	 * wpmus_drift_running` while a check runs; `503 wpmus_drift_busy` while another
	 * request starts one.
	 *
	 * @since 2.2.0
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function check_drift( $request ) {
		$drift = new Drift( get_current_network_id(), new Job_Store() );
		try {
			$drift->start();
		} catch ( Job_Error $refused ) {
			return new WP_Error( $refused->reason, $refused->getMessage(), array( 'status' => 'wpmus_drift_busy' === $refused->reason ? 503 : 409 ) );
		}
		$response = rest_ensure_response( $this->drift( $drift ) );
		$response->set_status( 202 );
		return $response;
	}

	/**
	 * The drift as the routes give it; null before the first check.
	 *
	 * @param Drift $drift The network's drift.
	 * @return array<string, mixed>|null
	 */
	private function drift( Drift $drift ): ?array {
		$result  = $drift->result();
		$running = $drift->running();
		if ( null === $result && null === $running ) {
			return null;
		}
		return array(
			'missing'    => $result['missing'] ?? null,
			'sites'      => $result['sites'] ?? null,
			'checkedAt'  => $this->date( $result['checkedAt'] ?? null ),
			'job'        => $result['job'] ?? null,
			'running'    => null !== $running,
			'runningJob' => $running,
		);
	}

	/**
	 * A Unix time as ISO 8601 in UTC.
	 *
	 * @param int|null $timestamp Unix time.
	 */
	private function date( ?int $timestamp ): ?string {
		return null === $timestamp ? null : gmdate( 'Y-m-d\TH:i:s\Z', $timestamp );
	}

	/**
	 * The health's schema.
	 *
	 * @since 2.2.0
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}
		$date         = static fn( string $description ): array => array(
			'description' => $description,
			'type'        => array( 'string', 'null' ),
			'format'      => 'date-time',
		);
		$count        = static fn( string $description ): array => array(
			'description' => $description,
			'type'        => array( 'integer', 'null' ),
		);
		$this->schema = array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'wpmus-health',
			'type'       => 'object',
			'context'    => array( 'view' ),
			'readonly'   => true,
			'properties' => array(
				'cron'        => array(
					'description' => __( 'The background runner: WP-Cron, or `wp user-sync run` from a system cron.', 'wpm-user-sync' ),
					'type'        => 'object',
					'properties'  => array(
						'lastRun'  => $date( __( 'When the plugin\'s background work last ran.', 'wpm-user-sync' ) ),
						'ok'       => array(
							'description' => __( 'Whether it ran within the last hour.', 'wpm-user-sync' ),
							'type'        => 'boolean',
						),
						'disabled' => array(
							'description' => __( 'Whether WP-Cron is switched off (DISABLE_WP_CRON).', 'wpm-user-sync' ),
							'type'        => 'boolean',
						),
						'helpUrl'  => array(
							'description' => __( 'Where the instructions for running the jobs from system cron are.', 'wpm-user-sync' ),
							'type'        => 'string',
							'format'      => 'uri',
						),
					),
				),
				'stalledJobs' => array(
					'description' => __( 'Running jobs that have not moved for 10 minutes, oldest first (at most 20).', 'wpm-user-sync' ),
					'type'        => 'array',
					'items'       => array(
						'type'       => 'object',
						'properties' => array(
							'id'        => array(
								'description' => __( 'The job\'s number.', 'wpm-user-sync' ),
								'type'        => 'integer',
							),
							'typeLabel' => array(
								'description' => __( 'The job\'s work, in words.', 'wpm-user-sync' ),
								'type'        => 'string',
							),
							'since'     => $date( __( 'When it last moved.', 'wpm-user-sync' ) ),
						),
					),
				),
				'drift'       => array(
					'description' => __( 'Memberships the network\'s rules expect but are missing; null before the first check.', 'wpm-user-sync' ),
					'type'        => array( 'object', 'null' ),
					'properties'  => array(
						'missing'    => $count( __( 'Memberships missing, at the last check.', 'wpm-user-sync' ) ),
						'sites'      => $count( __( 'Sites they are missing on.', 'wpm-user-sync' ) ),
						'checkedAt'  => $date( __( 'When the last check ended.', 'wpm-user-sync' ) ),
						'job'        => $count( __( 'The last check\'s job number.', 'wpm-user-sync' ) ),
						'running'    => array(
							'description' => __( 'Whether a check is under way.', 'wpm-user-sync' ),
							'type'        => 'boolean',
						),
						'runningJob' => $count( __( 'The job number of the check under way.', 'wpm-user-sync' ) ),
					),
				),
				'reconcile'   => array(
					'description' => __( 'Reconcile automatically: the network sync on a schedule.', 'wpm-user-sync' ),
					'type'        => 'object',
					'properties'  => array(
						'schedule' => array(
							'description' => __( 'never, daily or weekly.', 'wpm-user-sync' ),
							'type'        => 'string',
							'enum'        => Settings::definition( 'reconcile' )->choices,
						),
						'lastRun'  => array(
							'description' => __( 'The last run; null before the first one.', 'wpm-user-sync' ),
							'type'        => array( 'object', 'null' ),
							'properties'  => array(
								'job'        => $count( __( 'Its job number.', 'wpm-user-sync' ) ),
								'added'      => $count( __( 'Memberships it added.', 'wpm-user-sync' ) ),
								'status'     => array(
									'description' => __( 'Its status, as for jobs.', 'wpm-user-sync' ),
									'type'        => 'string',
								),
								'finishedAt' => $date( __( 'When it ended; null while it runs.', 'wpm-user-sync' ) ),
							),
						),
						'next'     => $date( __( 'When the next run is due; null when the schedule is never.', 'wpm-user-sync' ) ),
					),
				),
			),
		);
		return $this->add_additional_fields_schema( $this->schema );
	}
}
