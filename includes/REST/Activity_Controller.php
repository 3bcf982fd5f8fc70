<?php
/**
 * REST: the activity log, of the network or of the site of the URL, as JSON pages or a CSV file.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\REST;

use WP_REST_Controller;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;
use WPM_User_Sync\Activity\Activity_Filter;
use WPM_User_Sync\Activity\Activity_Store;
use WPM_User_Sync\Activity\Cause;
use WPM_User_Sync\Activity\Entry;
use WPM_User_Sync\Sync\Policy;

defined( 'ABSPATH' ) || exit;

/**
 * `GET /activity` and `GET /activity/export` (network administrators: the whole network),
 * `GET /site-activity` and `GET /site-activity/export` (the site of the URL: its
 * administrators and network administrators; only that site's entries). Read only: the
 * log is append-only, no route changes it.
 *
 * @since 2.1.0
 */
final class Activity_Controller extends WP_REST_Controller {

	/**
	 * Entries per page at most.
	 */
	private const MAX_PER_PAGE = 100;

	/**
	 * Whether the routes are the site of the URL's (`/site-activity`) rather than the network's.
	 *
	 * @var bool
	 */
	private bool $site_scoped;

	/**
	 * Sets up the network's routes or the site's.
	 *
	 * @since 2.1.0
	 *
	 * @param bool $site_scoped True for `/site-activity`, false for `/activity`.
	 */
	public function __construct( bool $site_scoped ) {
		$this->namespace   = 'wpm-user-sync/v1';
		$this->rest_base   = $site_scoped ? 'site-activity' : 'activity';
		$this->site_scoped = $site_scoped;
	}

	/**
	 * Registers the list and the export.
	 *
	 * @since 2.1.0
	 */
	public function register_routes(): void {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_items' ),
					'permission_callback' => array( $this, 'get_items_permissions_check' ),
					'args'                => $this->get_collection_params(),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/export',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'export' ),
					'permission_callback' => array( $this, 'get_items_permissions_check' ),
					'args'                => $this->filter_params(),
				),
			)
		);
	}

	/**
	 * Network administrators (`manage_network_users`); on `/site-activity`, also the
	 * administrators of the site of the URL (`promote_users` there).
	 *
	 * @since 2.1.0
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|\WP_Error
	 */
	public function get_items_permissions_check( $request ) {
		$user_id = get_current_user_id();
		$policy  = Policy::for_network( get_current_network_id() );
		$network = $policy->may_run_network_sync( $user_id );
		if ( ! $this->site_scoped ) {
			return Permission::check( $network, __( 'Sorry, only network administrators may read the network\'s activity.', 'wpm-user-sync' ) );
		}
		$site = get_current_blog_id();
		return Permission::check(
			$network || isset( $policy->sites_managed_by( $user_id, array( $site ) )[ $site ] ),
			__( 'Sorry, only administrators of this site may read its activity.', 'wpm-user-sync' )
		);
	}

	/**
	 * A page of entries, newest first, with X-WP-Total and X-WP-TotalPages.
	 *
	 * @since 2.1.0
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response
	 */
	public function get_items( $request ) {
		$filter   = $this->filter( $request );
		$per_page = (int) $request['per_page'];
		$page     = (int) $request['page'];
		$store    = new Activity_Store();
		$total    = $store->count( $filter );
		$rows     = $store->list( $filter, $per_page, ( $page - 1 ) * $per_page );

		$items = array();
		foreach ( $this->items( $rows ) as $item ) {
			$items[] = $this->prepare_response_for_collection( $this->prepare_item_for_response( $item, $request ) );
		}
		$response = rest_ensure_response( $items );
		$response->header( 'X-WP-Total', (string) $total );
		$response->header( 'X-WP-TotalPages', (string) (int) ceil( $total / $per_page ) );
		return $response;
	}

	/**
	 * Shapes an entry for the response (the fields asked for).
	 *
	 * @since 2.1.0
	 *
	 * @param array<string, mixed> $item    An entry, as items() shapes it.
	 * @param WP_REST_Request      $request The request.
	 * @return WP_REST_Response
	 */
	public function prepare_item_for_response( $item, $request ) {
		$fields = $this->get_fields_for_response( $request );
		$data   = array_filter( $item, static fn( $name ) => rest_is_field_included( (string) $name, $fields ), ARRAY_FILTER_USE_KEY );
		return rest_ensure_response( $data );
	}

	/**
	 * The entries as a CSV file, streamed in batches when the response is served: memory
	 * stays flat whatever the number of rows.
	 *
	 * @since 2.1.0
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response
	 */
	public function export( $request ) {
		$filter   = $this->filter( $request );
		$response = new WP_REST_Response( null, 200 );
		$response->header( 'Content-Type', 'text/csv; charset=utf-8' );
		$response->header( 'Content-Disposition', 'attachment; filename="activity-' . gmdate( 'Y-m-d' ) . '.csv"' );
		$response->header( 'Cache-Control', 'no-store' );
		add_filter(
			'rest_pre_serve_request',
			function ( $served, $result ) use ( $response, $filter ) {
				if ( $result !== $response ) {
					return $served;
				}
				$this->write_csv( $filter, fopen( 'php://output', 'w' ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fopen -- The response body, streamed.
				return true;
			},
			10,
			2
		);
		return $response;
	}

	/**
	 * Writes the header row, then the entries a filter matches, a batch at a time.
	 *
	 * @since 2.1.0
	 *
	 * @param Activity_Filter $filter What to write.
	 * @param resource|false  $out    Where.
	 */
	public function write_csv( Activity_Filter $filter, $out ): void {
		if ( false === $out ) {
			return;
		}
		if ( function_exists( 'set_time_limit' ) ) {
			set_time_limit( 0 ); // A log of millions of rows takes longer than a page.
		}
		fputcsv( $out, array( 'date', 'kind', 'site_id', 'site_name', 'site_url', 'user_id', 'user_login', 'user_name', 'role_before', 'role_after', 'actor_id', 'actor_name', 'via', 'cause', 'job', 'detail' ), ',', '"', '' );
		( new Activity_Store() )->each(
			$filter,
			function ( array $rows ) use ( $out ): void {
				foreach ( $this->items( $rows ) as $item ) {
					fputcsv(
						$out,
						array_map(
							array( self::class, 'csv_cell' ),
							array( $item['date'], $item['kind'], $item['site']['id'], $item['site']['name'], $item['site']['url'], $item['user']['id'], $item['user']['login'], $item['user']['name'], $item['roleBefore'], $item['roleAfter'], $item['actor']['id'] ?? '', $item['actor']['name'] ?? '', $item['via'], $item['cause'], $item['job'], $item['detail'] )
						),
						',',
						'"',
						''
					);
				}
				flush();
			}
		);
	}

	/**
	 * A cell a spreadsheet cannot take for a formula: text that begins with =, +, -, @, a
	 * tab or a carriage return gets a leading apostrophe.
	 *
	 * @since 2.1.0
	 *
	 * @param mixed $value The value.
	 */
	public static function csv_cell( $value ): string {
		$text = null === $value ? '' : (string) $value;
		return '' !== $text && in_array( $text[0], array( '=', '+', '-', '@', "\t", "\r" ), true ) ? "'" . $text : $text;
	}

	/**
	 * Entries with names: sites and people read once per page, set-wise. A site or person
	 * deleted since has '' for a name.
	 *
	 * @param array<int, array<string, string|null>> $rows Entries with their events (Activity_Store).
	 * @return array<int, array<string, mixed>>
	 */
	private function items( array $rows ): array {
		$user_ids = array();
		$site_ids = array();
		foreach ( $rows as $row ) {
			$user_ids[ (int) $row['user_id'] ]  = true;
			$user_ids[ (int) $row['actor_id'] ] = true;
			$site_ids[ (int) $row['site_id'] ]  = true;
		}
		unset( $user_ids[0] );
		$people = array();
		if ( array() !== $user_ids ) {
			foreach ( get_users(
				array(
					'blog_id' => 0,
					'include' => array_keys( $user_ids ),
					'fields'  => array( 'ID', 'user_login', 'display_name' ),
				)
			) as $person ) {
				$people[ (int) $person->ID ] = array( (string) $person->user_login, (string) $person->display_name );
			}
		}
		$sites = array();
		foreach ( array_keys( $site_ids ) as $site_id ) {
			$site              = get_site( $site_id );
			$sites[ $site_id ] = array(
				'id'   => $site_id,
				'name' => $site ? html_entity_decode( (string) $site->blogname, ENT_QUOTES ) : '',
				'url'  => $site ? (string) $site->home : '',
			);
		}

		$items = array();
		foreach ( $rows as $row ) {
			$user_id  = (int) $row['user_id'];
			$actor_id = (int) $row['actor_id'];
			$items[]  = array(
				'id'         => (string) $row['id'],
				'date'       => gmdate( 'Y-m-d\TH:i:s\Z', (int) $row['created_at'] ),
				'kind'       => (string) $row['kind'],
				'site'       => $sites[ (int) $row['site_id'] ],
				'user'       => array(
					'id'    => $user_id,
					'login' => $people[ $user_id ][0] ?? '',
					'name'  => $people[ $user_id ][1] ?? '',
				),
				'roleBefore' => $row['role_before'],
				'roleAfter'  => $row['role_after'],
				'actor'      => 0 === $actor_id ? null : array(
					'id'   => $actor_id,
					'name' => $people[ $actor_id ][1] ?? '',
				),
				'via'        => (string) $row['via'],
				'cause'      => (string) $row['cause'],
				'job'        => null === $row['job_id'] ? null : (int) $row['job_id'],
				'detail'     => (string) $row['detail'],
			);
		}
		return $items;
	}

	/**
	 * The filter a request asks for, within the network of the URL (and its site, on `/site-activity`).
	 *
	 * @param WP_REST_Request $request The request.
	 */
	private function filter( WP_REST_Request $request ): Activity_Filter {
		$time = static function ( $value ): ?int {
			$parsed = is_string( $value ) && '' !== $value ? rest_parse_date( $value, true ) : false;
			return false === $parsed ? null : (int) $parsed;
		};
		return new Activity_Filter(
			get_current_network_id(),
			isset( $request['user'] ) ? (int) $request['user'] : null,
			$this->site_scoped ? get_current_blog_id() : ( isset( $request['site'] ) ? (int) $request['site'] : null ),
			isset( $request['kind'] ) ? (string) $request['kind'] : null,
			isset( $request['cause'] ) ? (string) $request['cause'] : null,
			$time( $request['after'] ),
			$time( $request['before'] )
		);
	}

	/**
	 * The filters: shape only (checked before the permission, they reveal nothing).
	 *
	 * @return array<string, array<string, mixed>>
	 */
	private function filter_params(): array {
		$params = array(
			'user'   => array(
				'description' => __( 'Only the changes of this user (ID).', 'wpm-user-sync' ),
				'type'        => 'integer',
				'minimum'     => 1,
			),
			'site'   => array(
				'description' => __( 'Only the changes on this site (ID).', 'wpm-user-sync' ),
				'type'        => 'integer',
				'minimum'     => 1,
			),
			'kind'   => array(
				'description' => __( 'Only this kind of change.', 'wpm-user-sync' ),
				'type'        => 'string',
				'enum'        => Entry::KINDS,
			),
			'cause'  => array(
				'description' => __( 'Only changes with this cause.', 'wpm-user-sync' ),
				'type'        => 'string',
				'enum'        => Cause::CAUSES,
			),
			'after'  => array(
				'description' => __( 'Only changes made at or after this time (ISO 8601; UTC unless it says otherwise).', 'wpm-user-sync' ),
				'type'        => 'string',
				'format'      => 'date-time',
			),
			'before' => array(
				'description' => __( 'Only changes made before this time (ISO 8601; UTC unless it says otherwise).', 'wpm-user-sync' ),
				'type'        => 'string',
				'format'      => 'date-time',
			),
		);
		if ( $this->site_scoped ) {
			unset( $params['site'] ); // Always the site of the URL.
		}
		return $params;
	}

	/**
	 * The list's parameters: the filters, a page and its size.
	 *
	 * @since 2.1.0
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public function get_collection_params() {
		return $this->filter_params() + array(
			'page'     => array(
				'description' => __( 'Page of the list, from 1.', 'wpm-user-sync' ),
				'type'        => 'integer',
				'default'     => 1,
				'minimum'     => 1,
			),
			'per_page' => array(
				'description' => __( 'Entries per page.', 'wpm-user-sync' ),
				'type'        => 'integer',
				'default'     => 50,
				'minimum'     => 1,
				'maximum'     => self::MAX_PER_PAGE,
			),
		);
	}

	/**
	 * The schema of an entry.
	 *
	 * @since 2.1.0
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema() {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}
		$nullable_string = array( 'string', 'null' );
		$this->schema    = array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'wpmus-activity',
			'type'       => 'object',
			'properties' => array(
				'id'         => array(
					'description' => __( 'The entry\'s ID: its event, site and user ("12-3-45").', 'wpm-user-sync' ),
					'type'        => 'string',
				),
				'date'       => array(
					'description' => __( 'When the change was made (ISO 8601, UTC).', 'wpm-user-sync' ),
					'type'        => 'string',
					'format'      => 'date-time',
				),
				'kind'       => array(
					'description' => __( 'What changed.', 'wpm-user-sync' ),
					'type'        => 'string',
					'enum'        => Entry::KINDS,
				),
				'site'       => array(
					'description' => __( 'The site; name and URL are empty when it was deleted since.', 'wpm-user-sync' ),
					'type'        => 'object',
					'properties'  => array(
						'id'   => array( 'type' => 'integer' ),
						'name' => array( 'type' => 'string' ),
						'url'  => array( 'type' => 'string' ),
					),
				),
				'user'       => array(
					'description' => __( 'The person whose membership changed; login and name are empty when the account was deleted since.', 'wpm-user-sync' ),
					'type'        => 'object',
					'properties'  => array(
						'id'    => array( 'type' => 'integer' ),
						'login' => array( 'type' => 'string' ),
						'name'  => array( 'type' => 'string' ),
					),
				),
				'roleBefore' => array(
					'description' => __( 'The role before (comma-separated when several); null when none.', 'wpm-user-sync' ),
					'type'        => $nullable_string,
				),
				'roleAfter'  => array(
					'description' => __( 'The role after; null when none.', 'wpm-user-sync' ),
					'type'        => $nullable_string,
				),
				'actor'      => array(
					'description' => __( 'Who made the change (for a job: who started it); null when nobody was logged in.', 'wpm-user-sync' ),
					'type'        => array( 'object', 'null' ),
					'properties'  => array(
						'id'   => array( 'type' => 'integer' ),
						'name' => array( 'type' => 'string' ),
					),
				),
				'via'        => array(
					'description' => __( 'Through what the change came.', 'wpm-user-sync' ),
					'type'        => 'string',
					'enum'        => Cause::VIA,
				),
				'cause'      => array(
					'description' => __( 'Why: the trigger or kind of job, or core for changes made through WordPress itself.', 'wpm-user-sync' ),
					'type'        => 'string',
					'enum'        => Cause::CAUSES,
				),
				'job'        => array(
					'description' => __( 'The job that made the change; null when none.', 'wpm-user-sync' ),
					'type'        => array( 'integer', 'null' ),
				),
				'detail'     => array(
					'description' => __( 'Where: the screen, REST route, command or hook.', 'wpm-user-sync' ),
					'type'        => 'string',
				),
			),
		);
		return $this->add_additional_fields_schema( $this->schema );
	}
}
