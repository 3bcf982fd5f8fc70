<?php
/**
 * What the two jobs resources share.
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
use WPM_User_Sync\Jobs\Job_Budget;
use WPM_User_Sync\Jobs\Job_Error;
use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Jobs\Job_Types;
use WPM_User_Sync\Jobs\Types\Add_To_Sites;
use WPM_User_Sync\Jobs\Types\Remove_From_Sites;
use WPM_User_Sync\Jobs\Types\Undo;
use WPM_User_Sync\People\People_Args;
use WPM_User_Sync\Sync\Policy;
use WPM_User_Sync\Sync\Report;
use WPM_User_Sync\Undo\Undoable;
use WPM_User_Sync\Undo\Undoer;

defined( 'ABSPATH' ) || exit;

/**
 * The routes, the response and the schema of a jobs resource: `/jobs` for network
 * administrators (Network_Jobs_Controller) and `/site-jobs` for the site of the URL
 * (Site_Jobs_Controller). Each resource says who may use it, which history it shows,
 * and what a new job takes. See docs/jobs-api.md.
 *
 * @since 2.0.0
 * @since 2.0.1 The base of one controller per resource.
 */
abstract class Jobs_Controller extends WP_REST_Controller {

	use Site_Ids_Argument;

	/**
	 * At most this many sites are detailed in a preview.
	 */
	private const PREVIEW_SITES = 200;

	/**
	 * At most this many people are named in an undo's "changed since".
	 */
	private const CHANGED_BY = 20;

	/**
	 * What can be done to a job: `POST /<resource>/<id>/<action>`.
	 */
	private const ACTIONS = array( 'step', 'start', 'refresh', 'cancel' );

	/**
	 * Sets up the resource.
	 *
	 * @since 2.0.1
	 */
	public function __construct() {
		$this->namespace = 'wpm-user-sync/v1';
	}

	/**
	 * Whether the current user may use this resource.
	 *
	 * @since 2.0.1
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	abstract public function permissions_check( $request );

	/**
	 * The history this resource shows: 0 for the network's, a site ID for that site's own.
	 *
	 * @since 2.0.1
	 */
	abstract protected function scope(): int;

	/**
	 * The kinds of job (Job::KIND_*) of this resource.
	 *
	 * @since 2.0.1
	 *
	 * @return string[]
	 */
	abstract protected function kinds(): array;

	/**
	 * The fields `POST /<resource>` takes, as route arguments.
	 *
	 * @since 2.0.1
	 *
	 * @return array<string, array<string, mixed>>
	 */
	abstract protected function create_args(): array;

	/**
	 * The kind and sites of the job a request asks for, or why not (400).
	 *
	 * @since 2.0.1
	 *
	 * @since 2.1.0 May name a job type, its users and arguments (jobs about named people).
	 *
	 * @param WP_REST_Request $request The request (allowed).
	 * @return array{0: string, 1: int[]|null, 2?: array{type: string, users: int[], args: array<string, mixed>}}|WP_Error
	 */
	abstract protected function job_to_create( WP_REST_Request $request );

	/**
	 * The `job` field of `POST /<resource>`: the number of the job an undo takes back.
	 *
	 * @since 2.2.0
	 *
	 * @return array<string, mixed>
	 */
	protected static function undo_job_arg(): array {
		return array(
			'description' => __( 'For type undo: the number of the finished job to take back.', 'wpm-user-sync' ),
			'type'        => 'integer',
			'minimum'     => 1,
		);
	}

	/**
	 * Registers the routes.
	 *
	 * @since 2.0.0
	 */
	public function register_routes(): void {
		$context = array( 'context' => $this->get_context_param( array( 'default' => 'view' ) ) );
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_items' ),
					'permission_callback' => array( $this, 'permissions_check' ),
					'args'                => $this->get_collection_params(),
				),
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'create_item' ),
					'permission_callback' => array( $this, 'permissions_check' ),
					'validate_callback'   => array( $this, 'validate_known_fields' ),
					'args'                => $this->create_args(),
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
					'args'                => $context,
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/(?P<id>\d+)/(?P<action>' . implode( '|', self::ACTIONS ) . ')',
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
	 * The list's parameters: context, page and per_page.
	 *
	 * @since 2.0.1
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public function get_collection_params() {
		return array(
			'context'  => $this->get_context_param( array( 'default' => 'view' ) ),
			'page'     => array(
				'description' => __( 'Page of the list.', 'wpm-user-sync' ),
				'type'        => 'integer',
				'minimum'     => 1,
				'default'     => 1,
			),
			'per_page' => array(
				'description' => __( 'How many jobs to list.', 'wpm-user-sync' ),
				'type'        => 'integer',
				'minimum'     => 1,
				'maximum'     => Job_Store::HISTORY,
				'default'     => 20,
			),
		);
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
		$known = array_keys( $this->create_args() );
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
	 * Lists jobs, newest first, with the collection headers.
	 *
	 * @since 2.0.0
	 * @since 2.0.1 Pages, X-WP-Total and X-WP-TotalPages.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response
	 */
	public function get_items( $request ) {
		$store    = new Job_Store();
		$per_page = (int) $request['per_page'];
		$page     = (int) $request['page'];
		$total    = $store->count( get_current_network_id(), array(), $this->scope() );
		$pages    = (int) ceil( $total / $per_page );
		$jobs     = $page > $pages ? array() : $store->list( get_current_network_id(), $per_page, array(), $this->scope(), ( $page - 1 ) * $per_page );

		$data = array();
		foreach ( $jobs as $job ) {
			$data[] = $this->prepare_response_for_collection( $this->prepare_item_for_response( $job, $request ) );
		}
		$response = rest_ensure_response( $data );
		$response->header( 'X-WP-Total', (string) $total );
		$response->header( 'X-WP-TotalPages', (string) $pages );

		$base = add_query_arg( urlencode_deep( $request->get_query_params() ), rest_url( $this->namespace . '/' . $this->rest_base ) );
		if ( $page > 1 && $page <= $pages ) {
			$response->link_header( 'prev', add_query_arg( 'page', $page - 1, $base ) );
		}
		if ( $page < $pages ) {
			$response->link_header( 'next', add_query_arg( 'page', $page + 1, $base ) );
		}
		return $response;
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
		if ( Undo::NAME === $request['type'] ) {
			return $this->create_undo( $request );
		}
		if ( $request->has_param( 'job' ) ) {
			return new WP_Error( 'wpmus_job_is_for_undo', __( '"job" names the job to undo: set "type" to undo.', 'wpm-user-sync' ), array( 'status' => 400 ) );
		}
		$asked = $this->job_to_create( $request );
		if ( $asked instanceof WP_Error ) {
			return $asked;
		}
		list( $kind, $sites ) = $asked;
		$people               = $asked[2] ?? null;
		$job                  = null === $people
			? $this->runner()->create( $kind, $sites, (bool) $request['addRemoved'], get_current_user_id() )
			: $this->runner()->create( $kind, $sites, false, get_current_user_id(), $people['type'], $people['users'], $people['args'] );

		$response = $this->prepare_item_for_response( $job, $request );
		$response->set_status( 201 );
		$response->header( 'Location', rest_url( $this->namespace . '/' . $this->rest_base . '/' . $job->id ) );
		return $response;
	}

	/**
	 * Creates the job that undoes another of this resource's history (`{ "type": "undo",
	 * "job": <number> }`), in preview: 404 for a job this resource does not show, 400 for
	 * one that cannot be undone, 403 when undoing it needs a super admin.
	 *
	 * @since 2.2.0
	 *
	 * @param WP_REST_Request $request The request (allowed).
	 * @return WP_REST_Response|WP_Error
	 */
	private function create_undo( WP_REST_Request $request ) {
		$sent  = array_keys( (array) $request->get_json_params() + $request->get_body_params() );
		$extra = array_values( array_diff( $sent, array( 'type', 'job' ) ) );
		if ( array() !== $extra ) {
			return new WP_Error(
				'wpmus_undo_takes_only_job',
				/* translators: %s: Comma-separated field names. */
				sprintf( __( 'A job of type undo takes only "job" (the number of the job to undo), not: %s.', 'wpm-user-sync' ), self::some_items( $extra ) ),
				array( 'status' => 400 )
			);
		}
		if ( ! $request->has_param( 'job' ) ) {
			return new WP_Error( 'wpmus_no_job', __( 'Name the job to undo: "job": <job number>.', 'wpm-user-sync' ), array( 'status' => 400 ) );
		}
		$target = $this->find( (int) $request['job'] );
		if ( ! $target instanceof Job ) {
			return $target;
		}
		$problem = Undoable::problem( $target );
		if ( null !== $problem ) {
			return new WP_Error( 'wpmus_job_not_undoable', $problem, array( 'status' => 400 ) );
		}
		if ( Undoable::needs_super_admin( $target ) ) {
			$refusal = Permission::people_across_sites();
			if ( true !== $refusal ) {
				return $refusal;
			}
		}
		$user_id = get_current_user_id();
		$job     = Undoable::create( $this->runner(), $target, $user_id, Policy::for_network( get_current_network_id() )->is_trusted( $user_id ) );

		$response = $this->prepare_item_for_response( $job, $request );
		$response->set_status( 201 );
		$response->header( 'Location', rest_url( $this->namespace . '/' . $this->rest_base . '/' . $job->id ) );
		return $response;
	}

	/**
	 * Whether the current user may undo a job of this resource: finished, of a type that
	 * can be undone, and, for jobs about named people, only a super admin.
	 *
	 * @param Job $job The job.
	 */
	private function may_undo( Job $job ): bool {
		return null === Undoable::problem( $job ) && ( ! Undoable::needs_super_admin( $job ) || true === Permission::people_across_sites() );
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
		return $job instanceof Job ? $this->prepare_item_for_response( $job, $request ) : $job;
	}

	/**
	 * Steps, starts, refreshes or cancels a job.
	 *
	 * @since 2.0.0
	 * @since 2.0.1 No X-WPMUS-Peak-Memory header (bin/bench.sh measures it on its own instance).
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function act( WP_REST_Request $request ) {
		$job = $this->find( (int) $request['id'] );
		if ( ! $job instanceof Job ) {
			return $job;
		}
		// A super admin's trust is judged when a preview is made (people jobs, trusted undos):
		// only a super admin may act on it.
		if ( in_array( $job->type, Job::ABOUT_NAMED_PEOPLE, true ) || Undoable::is_about_people( $job ) || Undoable::trusted( $job ) ) {
			$refusal = Permission::people_across_sites();
			if ( true !== $refusal ) {
				return $refusal;
			}
		}
		$runner = $this->runner();
		try {
			switch ( $request['action'] ) {
				case 'step':
					$job = $runner->step( $job, Job_Budget::for( Job_Budget::STEP, $job ) );
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
		return $this->prepare_item_for_response( $job, $request );
	}

	/**
	 * A job as docs/jobs-api.md describes it: only the fields asked for (`_fields`) and
	 * shown in the request's context, with links to itself, its list and what can be
	 * done to it now.
	 *
	 * @since 2.0.1
	 *
	 * @param Job             $item    The job.
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response
	 */
	public function prepare_item_for_response( $item, $request ) {
		$job    = $item;
		$fields = $this->get_fields_for_response( $request );
		$data   = array();
		foreach ( $this->fields( $job ) as $name => $value ) {
			if ( rest_is_field_included( $name, $fields ) ) {
				$data[ $name ] = $value();
			}
		}
		$context = is_string( $request['context'] ) && '' !== $request['context'] ? $request['context'] : 'view';
		$data    = $this->add_additional_fields_to_object( $data, $request );
		$data    = $this->filter_response_by_context( $data, $context );

		$response = rest_ensure_response( $data );
		if ( rest_is_field_included( '_links', $fields ) ) {
			$response->add_links( $this->prepare_links( $job ) );
		}
		return $response;
	}

	/**
	 * Each field of a job's response and how to get it, so fields not asked for cost nothing.
	 *
	 * @param Job $job The job.
	 * @return array<string, callable(): mixed>
	 */
	private function fields( Job $job ): array {
		return array(
			'id'          => static fn() => $job->id,
			'type'        => static fn() => $job->type,
			'typeLabel'   => static fn() => self::type_label( $job ),
			'kind'        => static fn() => $job->kind,
			'sites'       => static fn() => $job->site_ids,
			'addRemoved'  => static fn() => $job->add_removed,
			'users'       => static fn() => in_array( $job->type, Job::ABOUT_NAMED_PEOPLE, true ) ? $job->user_ids : null,
			'role'        => static fn() => Add_To_Sites::NAME === $job->type ? People_Args::role( $job ) : null,
			'reassign'    => static fn() => Remove_From_Sites::NAME === $job->type ? People_Args::reassign( $job ) : null,
			'status'      => static fn() => $job->status,
			'preview'     => fn() => array(
				'complete'  => Job::PREVIEWING !== $job->status,
				'total'     => $job->preview->added(),
				'skipped'   => $this->skipped_totals( $job->preview ),
				'noted'     => $this->noted_totals( $job->preview ),
				'sites'     => $this->preview_sites( $job->preview ),
				'siteCount' => null === $job->site_ids ? count( $job->preview->sites() ) : count( $job->site_ids ),
			),
			'progress'    => fn() => array(
				'added'   => $job->result->added(),
				'total'   => $job->preview->added(),
				'skipped' => $this->skipped_totals( $job->result ),
				'noted'   => $this->noted_totals( $job->result ),
			),
			'createdBy'   => static function () use ( $job ): array {
				$creator = get_userdata( $job->created_by );
				return array(
					'id'   => $job->created_by,
					'name' => $creator ? $creator->display_name : '',
				);
			},
			'createdAt'   => fn() => $this->date( $job->created_at ),
			'startedAt'   => fn() => $this->date( $job->started_at ),
			'finishedAt'  => fn() => $this->date( $job->finished_at ),
			'lastError'   => static fn() => $job->last_error,
			'origin'      => static fn() => Job::ORIGIN_PERSON === $job->origin ? 'person' : $job->origin,
			'previewedAt' => fn() => $this->date( $job->previewed_at ),
			'stale'       => fn() => $this->runner()->is_stale( $job ),
			'waiting'     => static fn() => null === $job->waiting ? null : array( 'seconds' => $job->waiting ),
			'undoes'      => static fn() => Undoable::undoes( $job ),
			'changedBy'   => static fn() => Undo::NAME === $job->type ? self::changed_by( $job->preview ) : null,
		);
	}

	/**
	 * Links to the job, its list, and the actions that make sense in its state.
	 *
	 * @param Job $job The job.
	 * @return array<string, array<string, mixed>>
	 */
	private function prepare_links( Job $job ): array {
		$base  = $this->namespace . '/' . $this->rest_base;
		$links = array(
			'self'       => array( 'href' => rest_url( $base . '/' . $job->id ) ),
			'collection' => array( 'href' => rest_url( $base ) ),
		);
		$ready = Job::READY === $job->status;
		$can   = array(
			'step'    => in_array( $job->status, array( Job::PREVIEWING, Job::RUNNING ), true ),
			'start'   => $ready && ! $this->runner()->is_stale( $job ),
			'refresh' => $ready,
			'cancel'  => ! $job->is_finished(),
		);
		foreach ( array_keys( array_filter( $can ) ) as $action ) {
			$links[ 'wp:action-' . $action ] = array( 'href' => rest_url( $base . '/' . $job->id . '/' . $action ) );
		}
		if ( $this->may_undo( $job ) ) {
			// POST { "type": "undo", "job": <id> } to the collection.
			$links['wp:action-undo'] = array( 'href' => rest_url( $base ) );
		}
		return $links;
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
		$ok = $job && $job->scope() === $this->scope();
		return $ok ? $job : new WP_Error( 'wpmus_job_not_found', __( 'There is no such sync.', 'wpm-user-sync' ), array( 'status' => 404 ) );
	}

	/**
	 * The job pipeline of the current network.
	 */
	private function runner(): Job_Runner {
		return new Job_Runner( get_current_network_id(), new Job_Store() );
	}

	/**
	 * The job's work in words; its stored name when this version does not know it.
	 *
	 * @param Job $job The job.
	 */
	private static function type_label( Job $job ): string {
		try {
			return Job_Types::get( $job->type )->label();
		} catch ( Job_Error $unknown ) {
			return $job->type;
		}
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
	 * Notes on pairs done (Report::NOTE_*), all sites together.
	 *
	 * @param Report $report A report.
	 * @return object Note => count (an object, so JSON has `{}` when there are none).
	 */
	private function noted_totals( Report $report ): object {
		$totals = array();
		foreach ( $report->notes() as $notes ) {
			foreach ( self::without_actors( $notes ) as $note => $count ) {
				$totals[ $note ] = ( $totals[ $note ] ?? 0 ) + $count;
			}
		}
		return (object) $totals;
	}

	/**
	 * Notes without who changed what an undo skips (given apart, as changedBy).
	 *
	 * @param array<string, int> $notes Note => count.
	 * @return array<string, int>
	 */
	private static function without_actors( array $notes ): array {
		return array_filter( $notes, static fn( $note ): bool => ! str_starts_with( (string) $note, Undoer::NOTE_CHANGED_BY ), ARRAY_FILTER_USE_KEY );
	}

	/**
	 * Who changed what an undo skips as changed since: the people with the most pairs first.
	 *
	 * @param Report $report An undo's preview.
	 * @return array<int, array{id: int, name: string, count: int}>
	 */
	private static function changed_by( Report $report ): array {
		$counts = Undoer::changed_by( $report );
		$people = array();
		foreach ( array_slice( $counts, 0, self::CHANGED_BY, true ) as $actor => $count ) {
			$user     = $actor > 0 ? get_userdata( $actor ) : false;
			$people[] = array(
				'id'    => $actor,
				'name'  => $user ? $user->display_name : '',
				'count' => $count,
			);
		}
		return $people;
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
				'noted'   => (object) self::without_actors( $report->notes()[ $site_id ] ?? array() ),
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
		$every_context = array( 'view', 'edit', 'embed' );
		$full          = array( 'view', 'edit' );
		$counts        = array(
			'description'          => __( 'Pairs skipped, by reason (see docs/jobs-api.md).', 'wpm-user-sync' ),
			'type'                 => 'object',
			'additionalProperties' => array( 'type' => 'integer' ),
		);
		$notes         = array(
			'description'          => __( 'What some of the pairs done were, by note: was_removed, role_changed, inheritor_not_member (see docs/jobs-api.md).', 'wpm-user-sync' ),
			'type'                 => 'object',
			'additionalProperties' => array( 'type' => 'integer' ),
		);
		$date          = static fn( string $description, bool $nullable = true ): array => array(
			'description' => $description,
			'type'        => $nullable ? array( 'string', 'null' ) : 'string',
			'format'      => 'date-time',
			'context'     => $full,
			'readonly'    => true,
		);
		$creatable     = $this->create_args();

		$this->schema = array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'wpmus-job',
			'type'       => 'object',
			'properties' => array(
				'id'          => array(
					'description' => __( 'Job number.', 'wpm-user-sync' ),
					'type'        => 'integer',
					'context'     => $every_context,
					'readonly'    => true,
				),
				'type'        => array(
					'description' => __( 'What work the job does: add_memberships (add the missing memberships), copy_role (copy a role change to the user\'s other sites), add_to_sites (add named people to sites), remove_from_sites (remove named people from sites) or undo (take back what another job changed, where nobody changed it since).', 'wpm-user-sync' ),
					'type'        => 'string',
					'enum'        => array_keys( Job_Types::all() ),
					'context'     => $every_context,
					'readonly'    => ! isset( $creatable['type'] ),
				),
				'typeLabel'   => array(
					'description' => __( 'The work, in words.', 'wpm-user-sync' ),
					'type'        => 'string',
					'context'     => $every_context,
					'readonly'    => true,
				),
				'kind'        => array(
					'description' => __( 'Where the job works: network (every site), sites (the sites listed) or site (one site\'s own sync).', 'wpm-user-sync' ),
					'type'        => 'string',
					'enum'        => $this->kinds(),
					'context'     => $every_context,
					'readonly'    => ! isset( $creatable['kind'] ),
				),
				'sites'       => array(
					'description' => __( 'The sites; null for the whole network.', 'wpm-user-sync' ),
					'type'        => array( 'array', 'null' ),
					'items'       => array( 'type' => 'integer' ),
					'maxItems'    => self::max_site_ids(),
					'context'     => $full,
					'readonly'    => ! isset( $creatable['sites'] ),
				),
				'addRemoved'  => array(
					'description' => __( 'Whether people removed by hand are added back.', 'wpm-user-sync' ),
					'type'        => 'boolean',
					'context'     => $full,
				),
				'users'       => array(
					'description' => __( 'The people a job of type add_to_sites or remove_from_sites is about (user IDs); null for other types.', 'wpm-user-sync' ),
					'type'        => array( 'array', 'null' ),
					'items'       => array( 'type' => 'integer' ),
					'context'     => $full,
					'readonly'    => ! isset( $creatable['users'] ),
				),
				'role'        => array(
					'description' => __( 'The role an add_to_sites job gives; null for each site\'s default role, and for other types.', 'wpm-user-sync' ),
					'type'        => array( 'string', 'null' ),
					'context'     => $full,
					'readonly'    => ! isset( $creatable['role'] ),
				),
				'reassign'    => array(
					'description' => __( 'Who inherits the content of the people a remove_from_sites job removes: { "to": <user ID> } or { "perSite": { "<site ID>": <user ID> } }; null when it stays theirs, and for other types.', 'wpm-user-sync' ),
					'type'        => array( 'object', 'null' ),
					'context'     => $full,
					'readonly'    => ! isset( $creatable['reassign'] ),
				),
				'status'      => array(
					'description' => __( 'previewing, ready, running, done, cancelled or failed.', 'wpm-user-sync' ),
					'type'        => 'string',
					'enum'        => array( Job::PREVIEWING, Job::READY, Job::RUNNING, Job::DONE, Job::CANCELLED, Job::FAILED ),
					'context'     => $every_context,
					'readonly'    => true,
				),
				'preview'     => array(
					'description' => __( 'What the sync would add and skip.', 'wpm-user-sync' ),
					'type'        => 'object',
					'context'     => $full,
					'readonly'    => true,
					'properties'  => array(
						'complete'  => array(
							'description' => __( 'Whether the preview is finished.', 'wpm-user-sync' ),
							'type'        => 'boolean',
						),
						'total'     => array(
							'description' => __( 'Memberships to add.', 'wpm-user-sync' ),
							'type'        => 'integer',
						),
						'skipped'   => $counts,
						'noted'     => $notes,
						'sites'     => array(
							'description' => __( 'The sites with the most to add or skip first (at most 200).', 'wpm-user-sync' ),
							'type'        => 'array',
							'items'       => array(
								'type'       => 'object',
								'properties' => array(
									'id'      => array(
										'description' => __( 'Site ID.', 'wpm-user-sync' ),
										'type'        => 'integer',
									),
									'name'    => array(
										'description' => __( 'Site name, plain text.', 'wpm-user-sync' ),
										'type'        => 'string',
									),
									'url'     => array(
										'description' => __( 'Site address.', 'wpm-user-sync' ),
										'type'        => 'string',
									),
									'toAdd'   => array(
										'description' => __( 'Memberships to add on the site.', 'wpm-user-sync' ),
										'type'        => 'integer',
									),
									'skipped' => $counts,
									'noted'   => $notes,
								),
							),
						),
						'siteCount' => array(
							'description' => __( 'Sites in the job.', 'wpm-user-sync' ),
							'type'        => 'integer',
						),
					),
				),
				'progress'    => array(
					'description' => __( 'What the run added and skipped so far.', 'wpm-user-sync' ),
					'type'        => 'object',
					'context'     => $full,
					'readonly'    => true,
					'properties'  => array(
						'added'   => array(
							'description' => __( 'Memberships added so far.', 'wpm-user-sync' ),
							'type'        => 'integer',
						),
						'total'   => array(
							'description' => __( 'Memberships the preview found to add.', 'wpm-user-sync' ),
							'type'        => 'integer',
						),
						'skipped' => $counts,
						'noted'   => $notes,
					),
				),
				'createdBy'   => array(
					'description' => __( 'Who started the sync.', 'wpm-user-sync' ),
					'type'        => 'object',
					'context'     => $full,
					'readonly'    => true,
					'properties'  => array(
						'id'   => array(
							'description' => __( 'User ID; 0 for WP-Cron or code with nobody logged in.', 'wpm-user-sync' ),
							'type'        => 'integer',
						),
						'name' => array(
							'description' => __( 'Display name.', 'wpm-user-sync' ),
							'type'        => 'string',
						),
					),
				),
				'createdAt'   => $date( __( 'When the job was created.', 'wpm-user-sync' ), false ),
				'startedAt'   => $date( __( 'When the run started.', 'wpm-user-sync' ) ),
				'finishedAt'  => $date( __( 'When the job ended.', 'wpm-user-sync' ) ),
				'lastError'   => array(
					'description' => __( 'The last error, in words.', 'wpm-user-sync' ),
					'type'        => array( 'string', 'null' ),
					'context'     => $full,
					'readonly'    => true,
				),
				'origin'      => array(
					'description' => __( 'person: someone asked for it; new_site, new_user or role_change: the part of a trigger\'s work that did not fit in the request that triggered it, or that the database refused there.', 'wpm-user-sync' ),
					'type'        => 'string',
					'enum'        => array( 'person', Job::ORIGIN_NEW_SITE, Job::ORIGIN_NEW_USER, Job::ORIGIN_ROLE_CHANGE, Job::ORIGIN_DRIFT, Job::ORIGIN_RECONCILE ),
					'context'     => $full,
					'readonly'    => true,
				),
				'previewedAt' => $date( __( 'When the preview finished.', 'wpm-user-sync' ) ),
				'stale'       => array(
					'description' => __( 'Whether the preview must be refreshed before it is confirmed: it is more than 10 minutes old, or sites or users changed since it was made.', 'wpm-user-sync' ),
					'type'        => 'boolean',
					'context'     => $full,
					'readonly'    => true,
				),
				'waiting'     => array(
					'description' => __( 'Set when a step could not work because another batch of this job holds it (usually one that was interrupted): about how many seconds until it is released.', 'wpm-user-sync' ),
					'type'        => array( 'object', 'null' ),
					'context'     => $full,
					'readonly'    => true,
					'properties'  => array(
						'seconds' => array(
							'description' => __( 'Seconds until the job is released.', 'wpm-user-sync' ),
							'type'        => 'integer',
						),
					),
				),
				'undoes'      => array(
					'description' => __( 'For a job of type undo: the number of the job it takes back; null for other types.', 'wpm-user-sync' ),
					'type'        => array( 'integer', 'null' ),
					'context'     => $full,
					'readonly'    => true,
				),
				'changedBy'   => array(
					'description' => __( 'For a job of type undo: who changed, since the job it takes back, the memberships and roles it skips as changed_since, with how many (the most first, at most 20; id 0 for changes made with nobody logged in); null for other types.', 'wpm-user-sync' ),
					'type'        => array( 'array', 'null' ),
					'context'     => $full,
					'readonly'    => true,
					'items'       => array(
						'type'       => 'object',
						'properties' => array(
							'id'    => array(
								'description' => __( 'User ID; 0 for nobody logged in.', 'wpm-user-sync' ),
								'type'        => 'integer',
							),
							'name'  => array(
								'description' => __( 'Display name.', 'wpm-user-sync' ),
								'type'        => 'string',
							),
							'count' => array(
								'description' => __( 'Memberships and roles they changed.', 'wpm-user-sync' ),
								'type'        => 'integer',
							),
						),
					),
				),
			),
		);
		return $this->add_additional_fields_schema( $this->schema );
	}
}
