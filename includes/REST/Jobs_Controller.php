<?php
/**
 * REST resource for manual syncs (jobs).
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
use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Error;
use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Settings;
use WPM_User_Sync\Sync\Report;

defined( 'ABSPATH' ) || exit;

/**
 * `/jobs` for network administrators and `/site-jobs` for the site of the URL.
 *
 * See docs/jobs-api.md. A site job always targets the site the request was made
 * to (`/<site-path>/wp-json/...`); it takes no site parameter, so a site
 * administrator can never name another site.
 *
 * @since 2.0.0
 */
final class Jobs_Controller extends WP_REST_Controller {

	use Site_Ids_Argument;

	/**
	 * Seconds of work per step request, well under the 5 s a request may take.
	 */
	private const STEP_SECONDS = 1.5;

	/**
	 * At most this many sites are detailed in a preview.
	 */
	private const PREVIEW_SITES = 200;

	/**
	 * Whether this is the site-level resource.
	 *
	 * @var bool
	 */
	private bool $for_site;

	/**
	 * Sets up the network (`jobs`) or site (`site-jobs`) resource.
	 *
	 * @since 2.0.0
	 *
	 * @param bool $for_site True for `/site-jobs`.
	 */
	public function __construct( bool $for_site ) {
		$this->namespace = 'wpm-user-sync/v1';
		$this->rest_base = $for_site ? 'site-jobs' : 'jobs';
		$this->for_site  = $for_site;
	}

	/**
	 * Registers the routes.
	 *
	 * @since 2.0.0
	 */
	public function register_routes(): void {
		$create_args = array(
			'addRemoved' => array(
				'description' => __( 'Also add back people whom someone removed from a site by hand.', 'wpm-user-sync' ),
				'type'        => 'boolean',
				'default'     => false,
			),
		);
		if ( ! $this->for_site ) {
			$create_args['kind']  = array(
				'description' => __( 'network: every site; sites: the sites listed in "sites".', 'wpm-user-sync' ),
				'type'        => 'string',
				'enum'        => array( Job::KIND_NETWORK, Job::KIND_SITES ),
				'required'    => true,
			);
			$create_args['sites'] = array(
				'description'       => __( 'The sites to sync, for kind "sites".', 'wpm-user-sync' ),
				'type'              => 'array',
				'items'             => array(
					'type'    => 'integer',
					'minimum' => 1,
				),
				'maxItems'          => self::max_site_ids(),
				// Shape only: whether the sites exist is checked after the permission check.
				'validate_callback' => array( $this, 'validate_site_ids' ),
			);
		}

		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_items' ),
					'permission_callback' => array( $this, 'permissions_check' ),
					'args'                => array(
						'per_page' => array(
							'description' => __( 'How many jobs to list.', 'wpm-user-sync' ),
							'type'        => 'integer',
							'minimum'     => 1,
							'maximum'     => Job_Store::HISTORY,
							'default'     => 20,
						),
					),
				),
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'create_item' ),
					'permission_callback' => array( $this, 'permissions_check' ),
					'validate_callback'   => array( $this, 'validate_known_fields' ),
					'args'                => $create_args,
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/(?P<id>\d+)',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_item' ),
					'permission_callback' => array( $this, 'permissions_check' ),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/(?P<id>\d+)/(?P<action>step|start|cancel|refresh)',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'act' ),
					'permission_callback' => array( $this, 'permissions_check' ),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * Network jobs: `manage_network_users`. Site jobs: `promote_users` on the site of
	 * the URL, while the network lets site administrators sync.
	 *
	 * @since 2.0.0
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function permissions_check( $request ) {
		if ( ! $this->for_site ) {
			return Permission::check(
				current_user_can( 'manage_network_users' ),
				__( 'Sorry, only network administrators may run network-wide syncs.', 'wpm-user-sync' )
			);
		}
		$allowed = Permission::check(
			current_user_can( 'promote_users' ),
			__( 'Sorry, only administrators of this site may sync it.', 'wpm-user-sync' )
		);
		if ( true === $allowed && ! is_super_admin() && ! ( new Settings() )->is_on( 'allowSiteSync' ) ) {
			return new WP_Error(
				'wpmus_site_sync_disabled',
				__( 'The network administrator has switched off syncing by site administrators.', 'wpm-user-sync' ),
				array( 'status' => 403 )
			);
		}
		return $allowed;
	}

	/**
	 * Refuses a body that is not a JSON object of fields the route knows (a site
	 * job takes no site). Core refuses null for a field, as the field is typed.
	 *
	 * Runs before the permission check, so it looks at the shape of the body only.
	 *
	 * @since 2.0.0
	 * @since 2.0.1 Also refuses a body that is not an object; names a few unknown fields only.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public function validate_known_fields( WP_REST_Request $request ) {
		$known = $this->for_site ? array( 'addRemoved' ) : array( 'kind', 'sites', 'addRemoved' );
		$json  = $request->get_json_params();
		if ( null !== $json && ( ! is_array( $json ) || ( array() !== $json && array_is_list( $json ) ) ) ) {
			return new WP_Error(
				'wpmus_invalid_body',
				sprintf(
					/* translators: %s: Comma-separated field names. */
					__( 'Send the sync to create as a JSON object with: %s.', 'wpm-user-sync' ),
					implode( ', ', $known )
				),
				array( 'status' => 400 )
			);
		}

		$fields  = (array) $json + $request->get_body_params();
		$unknown = array_diff( array_keys( $fields ), $known );
		if ( array() !== $unknown ) {
			return new WP_Error(
				'wpmus_unknown_field',
				sprintf(
					/* translators: 1: Comma-separated unknown names, 2: Comma-separated known names. */
					__( 'Unknown field: %1$s. This route takes: %2$s.', 'wpm-user-sync' ),
					self::some_items( $unknown ),
					implode( ', ', $known )
				),
				array( 'status' => 400 )
			);
		}
		return true;
	}

	/**
	 * Lists jobs, newest first.
	 *
	 * @since 2.0.0
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response
	 */
	public function get_items( $request ) {
		$jobs = ( new Job_Store() )->list(
			get_current_network_id(),
			(int) $request['per_page'],
			array(),
			$this->for_site ? get_current_blog_id() : 0
		);
		return rest_ensure_response( array_map( fn( Job $job ) => $this->job_data( $job ), $jobs ) );
	}

	/**
	 * Creates a job, in preview.
	 *
	 * @since 2.0.0
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function create_item( $request ) {
		if ( $this->for_site ) {
			$kind  = Job::KIND_SITE;
			$sites = array( get_current_blog_id() );
		} else {
			$kind = (string) $request['kind'];
			if ( Job::KIND_NETWORK === $kind && $request->has_param( 'sites' ) ) {
				return new WP_Error(
					'wpmus_network_takes_no_sites',
					__( 'A sync of kind "network" covers every site: leave "sites" out, or use kind "sites" to sync only the sites listed.', 'wpm-user-sync' ),
					array( 'status' => 400 )
				);
			}
			// Validated as positive integers that fit in PHP: intval, unlike absint, changes none.
			$sites = Job::KIND_NETWORK === $kind ? null : array_values( array_unique( array_map( 'intval', (array) ( $request['sites'] ?? array() ) ) ) );
			if ( array() === $sites ) {
				return new WP_Error( 'wpmus_no_sites', __( 'Select at least one site to sync.', 'wpm-user-sync' ), array( 'status' => 400 ) );
			}
			$unknown = null === $sites ? null : $this->unknown_sites_error( $sites, 'sites' );
			if ( null !== $unknown ) {
				return $unknown;
			}
		}
		$job = $this->runner()->create( $kind, $sites, (bool) $request['addRemoved'], get_current_user_id() );

		$response = rest_ensure_response( $this->job_data( $job ) );
		$response->set_status( 201 );
		return $response;
	}

	/**
	 * Returns one job.
	 *
	 * @since 2.0.0
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_item( $request ) {
		$job = $this->find( (int) $request['id'] );
		return $job instanceof Job ? rest_ensure_response( $this->job_data( $job ) ) : $job;
	}

	/**
	 * Steps, starts or cancels a job.
	 *
	 * @since 2.0.0
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function act( WP_REST_Request $request ) {
		$job = $this->find( (int) $request['id'] );
		if ( ! $job instanceof Job ) {
			return $job;
		}
		$runner = $this->runner();
		try {
			switch ( $request['action'] ) {
				case 'step':
					$job = $runner->step( $job, self::STEP_SECONDS );
					break;
				case 'start':
					$job = $runner->start( $job );
					break;
				case 'refresh':
					$job = $runner->refresh( $job );
					break;
				default:
					$job = $runner->cancel( $job );
			}
		} catch ( Job_Error $error ) {
			return new WP_Error( $error->reason, $error->getMessage(), array( 'status' => 'wpmus_job_busy' === $error->reason ? 503 : 409 ) );
		}
		$response = rest_ensure_response( $this->job_data( $job ) );
		// What the batch cost, for benchmarks and for anyone tuning a large network.
		$response->header( 'X-WPMUS-Peak-Memory', (string) memory_get_peak_usage( true ) );
		return $response;
	}

	/**
	 * A job this resource may show, or a 404.
	 *
	 * @param int $id Job ID.
	 * @return Job|WP_Error
	 */
	private function find( int $id ) {
		$job = $this->runner()->find( $id );
		// Each history is its own: the network's jobs under /jobs, a site's own under that site's /site-jobs.
		$ok = $job && $job->scope() === ( $this->for_site ? get_current_blog_id() : 0 );
		return $ok ? $job : new WP_Error( 'wpmus_job_not_found', __( 'There is no such sync.', 'wpm-user-sync' ), array( 'status' => 404 ) );
	}

	/**
	 * The runner of the current network.
	 */
	private function runner(): Job_Runner {
		return new Job_Runner( get_current_network_id(), new Job_Store() );
	}

	/**
	 * A job as docs/jobs-api.md describes it.
	 *
	 * @param Job $job The job.
	 * @return array<string, mixed>
	 */
	private function job_data( Job $job ): array {
		$creator = get_userdata( $job->created_by );
		$runner  = $this->runner();
		return array(
			'id'          => $job->id,
			'kind'        => $job->kind,
			'sites'       => $job->site_ids,
			'addRemoved'  => $job->add_removed,
			'status'      => $job->status,
			'preview'     => array(
				'complete'  => Job::PREVIEWING !== $job->status,
				'total'     => $job->preview->added(),
				'skipped'   => $this->skipped_totals( $job->preview ),
				'sites'     => $this->preview_sites( $job->preview ),
				'siteCount' => null === $job->site_ids ? count( $job->preview->sites() ) : count( $job->site_ids ),
			),
			'progress'    => array(
				'added'   => $job->result->added(),
				'total'   => $job->preview->added(),
				'skipped' => $this->skipped_totals( $job->result ),
			),
			'createdBy'   => array(
				'id'   => $job->created_by,
				'name' => $creator ? $creator->display_name : '',
			),
			'createdAt'   => $this->date( $job->created_at ),
			'startedAt'   => $this->date( $job->started_at ),
			'finishedAt'  => $this->date( $job->finished_at ),
			'lastError'   => $job->last_error,
			'origin'      => Job::ORIGIN_PERSON === $job->origin ? 'person' : $job->origin,
			'previewedAt' => $this->date( $job->previewed_at ),
			'stale'       => $runner->is_stale( $job ),
			'waiting'     => null === $job->waiting ? null : array( 'seconds' => $job->waiting ),
		);
	}

	/**
	 * Skips by reason, all sites together.
	 *
	 * @param Report $report A report.
	 * @return object Reason => count (an object, so JSON has `{}` when there are none).
	 */
	private function skipped_totals( Report $report ): object {
		$totals = array();
		foreach ( $report->sites() as $counts ) {
			foreach ( $counts['skipped'] as $reason => $count ) {
				$totals[ $reason ] = ( $totals[ $reason ] ?? 0 ) + $count;
			}
		}
		return (object) $totals;
	}

	/**
	 * The preview's sites, those with the most to do first, with their names.
	 *
	 * @param Report $report The preview.
	 * @return array<int, array<string, mixed>>
	 */
	private function preview_sites( Report $report ): array {
		$sites = $report->sites();
		uksort(
			$sites,
			static fn( int $a, int $b ) => ( $sites[ $b ]['added'] + array_sum( $sites[ $b ]['skipped'] ) ) <=> ( $sites[ $a ]['added'] + array_sum( $sites[ $a ]['skipped'] ) ) ?: $a <=> $b // phpcs:ignore WordPress.PHP.DisallowShortTernary.Found -- Ties (0) fall through to the site ID.
		);
		$data = array();
		foreach ( array_slice( $sites, 0, self::PREVIEW_SITES, true ) as $site_id => $counts ) {
			$site = get_site( $site_id );
			// Core stores site names HTML-escaped; the API gives plain text, escaped once by whoever shows it.
			$data[] = array(
				'id'      => $site_id,
				'name'    => $site ? wp_specialchars_decode( (string) $site->blogname, ENT_QUOTES ) : '',
				'url'     => $site ? (string) $site->siteurl : '',
				'toAdd'   => $counts['added'],
				'skipped' => (object) $counts['skipped'],
			);
		}
		return $data;
	}

	/**
	 * ISO 8601 in UTC, or null.
	 *
	 * @param int|null $timestamp Unix time.
	 */
	private function date( ?int $timestamp ): ?string {
		return null === $timestamp ? null : gmdate( 'Y-m-d\TH:i:s\Z', $timestamp );
	}

	/**
	 * The job's schema.
	 *
	 * @since 2.0.0
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}
		$counts       = array(
			'type'                 => 'object',
			'additionalProperties' => array( 'type' => 'integer' ),
		);
		$this->schema = array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'wpmus-job',
			'type'       => 'object',
			'properties' => array(
				'id'          => array(
					'description' => __( 'Job number.', 'wpm-user-sync' ),
					'type'        => 'integer',
					'readonly'    => true,
				),
				'kind'        => array(
					'description' => __( 'network, sites or site.', 'wpm-user-sync' ),
					'type'        => 'string',
					'enum'        => array( Job::KIND_NETWORK, Job::KIND_SITES, Job::KIND_SITE ),
				),
				'sites'       => array(
					'description' => __( 'The sites; null for the whole network.', 'wpm-user-sync' ),
					'type'        => array( 'array', 'null' ),
					'items'       => array( 'type' => 'integer' ),
					'maxItems'    => self::max_site_ids(),
				),
				'addRemoved'  => array(
					'description' => __( 'Whether people removed by hand are added back.', 'wpm-user-sync' ),
					'type'        => 'boolean',
				),
				'status'      => array(
					'description' => __( 'previewing, ready, running, done, cancelled or failed.', 'wpm-user-sync' ),
					'type'        => 'string',
					'readonly'    => true,
				),
				'preview'     => array(
					'description' => __( 'What the sync would add and skip.', 'wpm-user-sync' ),
					'type'        => 'object',
					'readonly'    => true,
					'properties'  => array(
						'complete'  => array( 'type' => 'boolean' ),
						'total'     => array( 'type' => 'integer' ),
						'skipped'   => $counts,
						'sites'     => array( 'type' => 'array' ),
						'siteCount' => array( 'type' => 'integer' ),
					),
				),
				'progress'    => array(
					'description' => __( 'What the run added and skipped so far.', 'wpm-user-sync' ),
					'type'        => 'object',
					'readonly'    => true,
					'properties'  => array(
						'added'   => array( 'type' => 'integer' ),
						'total'   => array( 'type' => 'integer' ),
						'skipped' => $counts,
					),
				),
				'createdBy'   => array(
					'description' => __( 'Who started the sync.', 'wpm-user-sync' ),
					'type'        => 'object',
					'readonly'    => true,
				),
				'createdAt'   => array(
					'type'     => 'string',
					'format'   => 'date-time',
					'readonly' => true,
				),
				'startedAt'   => array(
					'type'     => array( 'string', 'null' ),
					'readonly' => true,
				),
				'finishedAt'  => array(
					'type'     => array( 'string', 'null' ),
					'readonly' => true,
				),
				'lastError'   => array(
					'type'     => array( 'string', 'null' ),
					'readonly' => true,
				),
				'origin'      => array(
					'description' => __( 'person: someone asked for it; new_site: the part of a new site\'s sync that did not fit in the request that created it.', 'wpm-user-sync' ),
					'type'        => 'string',
					'enum'        => array( 'person', 'new_site', 'new_user' ),
					'readonly'    => true,
				),
				'previewedAt' => array(
					'description' => __( 'When the preview finished.', 'wpm-user-sync' ),
					'type'        => array( 'string', 'null' ),
					'readonly'    => true,
				),
				'stale'       => array(
					'description' => __( 'Whether the preview must be refreshed before it is confirmed: it is more than 10 minutes old, or sites or users changed since it was made.', 'wpm-user-sync' ),
					'type'        => 'boolean',
					'readonly'    => true,
				),
				'waiting'     => array(
					'description' => __( 'Set when a step could not work because another batch of this job holds it (usually one that was interrupted): about how many seconds until it is released.', 'wpm-user-sync' ),
					'type'        => array( 'object', 'null' ),
					'readonly'    => true,
					'properties'  => array(
						'seconds' => array( 'type' => 'integer' ),
					),
				),
			),
		);
		return $this->add_additional_fields_schema( $this->schema );
	}
}
