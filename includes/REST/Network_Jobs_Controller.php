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
use WPM_User_Sync\Jobs\Types\Add_Memberships;
use WPM_User_Sync\Jobs\Types\Add_To_Sites;
use WPM_User_Sync\Jobs\Types\Remove_From_Sites;
use WPM_User_Sync\Jobs\Types\Undo;
use WPM_User_Sync\People\People_Args;
use WPM_User_Sync\People\People_Check;
use WPM_User_Sync\Sync\Policy;
use WPM_User_Sync\Sync\Site_Ids;

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
	 * `kind`, `sites` and `addRemoved`; for jobs about named people, `type`, `users`, `role`
	 * and `reassign`.
	 *
	 * @since 2.0.1
	 * @since 2.1.0 `type`, `users`, `role` and `reassign`.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	protected function create_args(): array {
		return array(
			'kind'       => array(
				'description' => __( 'network: every site; sites: the sites listed in "sites".', 'wpm-user-sync' ),
				'type'        => 'string',
				'enum'        => $this->kinds(),
				// Required for every type but undo (job_to_create() says so): an undo works where the job it undoes did.
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
			'type'       => array(
				'description' => __( 'The work: add_memberships (add every missing membership, the default), add_to_sites (add the people in "users"), remove_from_sites (remove them; with kind "network", from every site they belong to) or undo (take back what the finished job "job" changed).', 'wpm-user-sync' ),
				'type'        => 'string',
				'enum'        => array( Add_Memberships::NAME, Add_To_Sites::NAME, Remove_From_Sites::NAME, Undo::NAME ),
				'default'     => Add_Memberships::NAME,
			),
			'job'        => self::undo_job_arg(),
			'users'      => array(
				'description'       => __( 'The people to add or remove (user IDs), for types add_to_sites and remove_from_sites.', 'wpm-user-sync' ),
				'type'              => 'array',
				'items'             => array(
					'type'    => 'integer',
					'minimum' => 1,
				),
				'minItems'          => 1,
				'maxItems'          => People_Check::MAX_USERS,
				'validate_callback' => array( $this, 'validate_list' ),
			),
			'role'       => array(
				'description' => __( 'For add_to_sites: the role to give (a role slug); left out, each site\'s default role.', 'wpm-user-sync' ),
				'type'        => 'string',
				'minLength'   => 1,
				'maxLength'   => 100,
			),
			'reassign'   => array(
				'description'          => __( 'For remove_from_sites: who inherits the content of the people removed, where they are a member: { "to": <user ID> } for every site, or { "perSite": { "<site ID>": <user ID> } }. Left out, the content stays attributed to them.', 'wpm-user-sync' ),
				'type'                 => 'object',
				'properties'           => array(
					'to'      => array(
						'type'    => 'integer',
						'minimum' => 1,
					),
					'perSite' => array(
						'type'                 => 'object',
						'patternProperties'    => array(
							'^[1-9][0-9]{0,18}$' => array(
								'type'    => 'integer',
								'minimum' => 1,
							),
						),
						'additionalProperties' => false,
					),
				),
				'additionalProperties' => false,
				'validate_callback'    => array( $this, 'validate_reassign' ),
			),
		);
	}

	/**
	 * Accepts `reassign` by its shape, counting its sites before validating any.
	 *
	 * @since 2.1.0
	 *
	 * @param mixed           $value   The submitted value.
	 * @param WP_REST_Request $request The request.
	 * @param string          $param   The parameter's name.
	 * @return true|WP_Error
	 */
	public function validate_reassign( $value, $request, $param ) {
		$per_site = is_array( $value ) ? ( $value['perSite'] ?? null ) : null;
		if ( is_array( $per_site ) && count( $per_site ) > self::max_site_ids() ) {
			return self::invalid_param(
				$param,
				sprintf(
					/* translators: 1: Largest number of sites, 2: Number of sites sent. */
					__( 'reassign.perSite takes at most %1$s sites; this request has %2$s.', 'wpm-user-sync' ),
					number_format_i18n( self::max_site_ids() ),
					number_format_i18n( count( $per_site ) )
				)
			);
		}
		return rest_validate_request_arg( $value, $request, $param );
	}

	/**
	 * Every site, or the sites listed, which must exist in this network; for a job about
	 * named people, the people, the role and who inherits content too.
	 *
	 * @since 2.0.1
	 * @since 2.1.0 Jobs about named people.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return array{0: string, 1: int[]|null, 2?: array{type: string, users: int[], args: array<string, mixed>}}|WP_Error
	 */
	protected function job_to_create( WP_REST_Request $request ) {
		if ( ! $request->has_param( 'kind' ) ) {
			return new WP_Error(
				'rest_missing_callback_param',
				/* translators: %s: Parameter name. */
				sprintf( __( 'Missing parameter(s): %s', 'wpm-user-sync' ), 'kind' ),
				array(
					'status' => 400,
					'params' => array( 'kind' ),
				)
			);
		}
		$type  = (string) $request['type'];
		$where = $this->where( $request, Add_Memberships::NAME === $type ? __( 'Select at least one site to sync.', 'wpm-user-sync' ) : __( 'Select at least one site.', 'wpm-user-sync' ) );
		if ( $where instanceof WP_Error || Add_Memberships::NAME === $type ) {
			$misplaced = array_values( array_filter( array( 'users', 'role', 'reassign' ), array( $request, 'has_param' ) ) );
			if ( ! $where instanceof WP_Error && array() !== $misplaced ) {
				return self::invalid_param(
					$misplaced[0],
					/* translators: %s: Field name. */
					sprintf( __( '"%s" is for jobs about named people: set "type" to add_to_sites or remove_from_sites.', 'wpm-user-sync' ), $misplaced[0] )
				);
			}
			return $where;
		}
		return $this->people_job( $request, $type, $where );
	}

	/**
	 * The job about named people a request asks for, or why not (400).
	 *
	 * @param WP_REST_Request                 $request The request (allowed).
	 * @param string                          $type    add_to_sites or remove_from_sites.
	 * @param array{0: string, 1: int[]|null} $where   Kind and sites.
	 * @return array{0: string, 1: int[]|null, 2: array{type: string, users: int[], args: array<string, mixed>}}|WP_Error
	 */
	private function people_job( WP_REST_Request $request, string $type, array $where ) {
		$refusal = Permission::people_across_sites();
		if ( true !== $refusal ) {
			return $refusal;
		}
		$adding   = Add_To_Sites::NAME === $type;
		$problems = array();
		$refused  = array(
			'addRemoved' => (bool) $request['addRemoved'],
			'role'       => ! $adding && null !== $request['role'],
			'reassign'   => $adding && null !== $request['reassign'],
		);
		foreach ( array_keys( array_filter( $refused ) ) as $field ) {
			/* translators: 1: Field name, 2: Job type. */
			$problems[ $field ] = sprintf( __( 'A job of type %2$s takes no "%1$s".', 'wpm-user-sync' ), $field, $type );
		}
		$users   = Site_Ids::normalise( (array) $request['users'] );
		$problem = People_Check::users_problem( $users );
		if ( null !== $problem ) {
			$problems['users'] = $problem;
		}
		$network_id = get_current_network_id();
		$role       = null === $request['role'] ? null : (string) $request['role'];
		if ( $adding && null !== $role ) {
			$problem = People_Check::role_problem( $network_id, $role, $where[1] );
			if ( null !== $problem ) {
				$problems['role'] = $problem;
			}
		}
		$reassign = (array) $request['reassign'];
		$to       = isset( $reassign['to'] ) ? (int) $reassign['to'] : null;
		$per_site = isset( $reassign['perSite'] ) ? array_map( 'intval', (array) $reassign['perSite'] ) : null;
		if ( ! $adding && null !== $request['reassign'] ) {
			$problem = null === $to && null === $per_site
				? __( 'Name who inherits the content: "to" for every site, or "perSite".', 'wpm-user-sync' )
				: People_Check::reassign_problem( $network_id, $users, $to, $per_site );
			if ( null !== $problem ) {
				$problems['reassign'] = $problem;
			}
		}
		if ( array() !== $problems ) {
			return self::invalid_params( $problems );
		}
		$trusted = Policy::for_network( $network_id )->is_trusted( get_current_user_id() );
		return array(
			$where[0],
			$where[1],
			array(
				'type'  => $type,
				'users' => $users,
				'args'  => $adding ? People_Args::for_add( $role, $trusted ) : People_Args::for_remove( $to, $per_site ),
			),
		);
	}

	/**
	 * The kind and sites a request asks for: every site, or the sites listed, which must
	 * exist in this network.
	 *
	 * @param WP_REST_Request $request  The request (allowed).
	 * @param string          $no_sites What to say when kind "sites" lists none.
	 * @return array{0: string, 1: int[]|null}|WP_Error
	 */
	private function where( WP_REST_Request $request, string $no_sites ) {
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
			return new WP_Error( 'wpmus_no_sites', $no_sites, array( 'status' => 400 ) );
		}
		return $this->unknown_sites_error( $sites, 'sites' ) ?? array( $kind, $sites );
	}
}
