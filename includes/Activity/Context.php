<?php
/**
 * What is making changes right now: a job, a REST route, a screen, WP-CLI, WP-Cron or code.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Activity;

use WPM_User_Sync\Jobs\Job;

defined( 'ABSPATH' ) || exit;

/**
 * Answers "who, via what, why" for a change being made now (Cause). A job's work carries
 * the job (Job_Runner fires `wpmus_job_work` around each of its steps): its number, its
 * trigger or type as the cause, and the person behind it as the actor. Everything else is
 * core's: the person logged in, and where the request came through.
 *
 * @since 2.1.0
 */
final class Context {

	/**
	 * The jobs at work, innermost last.
	 *
	 * @var Job[]
	 */
	private static array $jobs = array();

	/**
	 * The REST requests being served, innermost last: "METHOD /route".
	 *
	 * @var string[]
	 */
	private static array $routes = array();

	/**
	 * Hooks what tells the context apart.
	 *
	 * @since 2.1.0
	 */
	public static function register(): void {
		add_action( 'wpmus_job_work', array( self::class, 'job_work' ), 10, 2 );
		add_filter( 'rest_request_before_callbacks', array( self::class, 'rest_begins' ), PHP_INT_MIN, 3 );
		add_filter( 'rest_request_after_callbacks', array( self::class, 'rest_ends' ), PHP_INT_MAX, 3 );
	}

	/**
	 * A job's step begins or ends.
	 *
	 * @since 2.1.0
	 *
	 * @param Job  $job    The job.
	 * @param bool $begins Whether it begins.
	 */
	public static function job_work( $job, $begins ): void {
		if ( $begins && $job instanceof Job ) {
			self::$jobs[] = $job;
		} elseif ( ! $begins ) {
			array_pop( self::$jobs );
		}
	}

	/**
	 * A REST request's callback is about to run.
	 *
	 * @since 2.1.0
	 *
	 * @param mixed            $response The response so far; returned unchanged.
	 * @param mixed            $handler  The route's handler.
	 * @param \WP_REST_Request $request  The request.
	 * @return mixed
	 */
	public static function rest_begins( $response, $handler, $request ) {
		self::$routes[] = $request instanceof \WP_REST_Request ? $request->get_method() . ' ' . $request->get_route() : 'REST';
		return $response;
	}

	/**
	 * A REST request's callback ran.
	 *
	 * @since 2.1.0
	 *
	 * @param mixed            $response The response; returned unchanged.
	 * @param mixed            $handler  The route's handler.
	 * @param \WP_REST_Request $request  The request.
	 * @return mixed
	 */
	public static function rest_ends( $response, $handler, $request ) {
		array_pop( self::$routes );
		return $response;
	}

	/**
	 * The cause of a change made now.
	 *
	 * @since 2.1.0
	 *
	 * @param string $otherwise The cause when no job is at work (Cause::CORE for core's paths).
	 */
	public static function now( string $otherwise = Cause::CORE ): Cause {
		list( $via, $detail ) = self::where();
		$job                  = end( self::$jobs );
		if ( $job instanceof Job ) {
			return new Cause( $job->created_by, $via, self::cause_of( $job ), $job->id > 0 ? $job->id : null, $detail );
		}
		return new Cause( get_current_user_id(), $via, $otherwise, null, $detail );
	}

	/**
	 * A job's cause: the trigger that made it, or its type.
	 *
	 * @param Job $job The job.
	 */
	private static function cause_of( Job $job ): string {
		if ( Job::ORIGIN_PERSON !== $job->origin && in_array( $job->origin, Cause::CAUSES, true ) ) {
			return $job->origin;
		}
		return in_array( $job->type, array( Cause::ADD_TO_SITES, Cause::REMOVE_FROM_SITES, Cause::UNDO ), true ) ? $job->type : Cause::SYNC;
	}

	/**
	 * Through what the change comes, and a short detail of where.
	 *
	 * @return array{0: string, 1: string}
	 */
	private static function where(): array {
		global $pagenow, $wp_current_filter;
		if ( defined( 'WP_CLI' ) && WP_CLI ) {
			return array( 'cli', self::command() );
		}
		$hook = is_array( $wp_current_filter ) && isset( $wp_current_filter[0] ) ? (string) $wp_current_filter[0] : '';
		if ( wp_doing_cron() ) {
			return array( 'cron', $hook );
		}
		$route = end( self::$routes );
		if ( false !== $route ) {
			return array( 'rest', $route );
		}
		if ( defined( 'REST_REQUEST' ) && REST_REQUEST ) {
			return array( 'rest', '' );
		}
		if ( isset( $_SERVER['REQUEST_METHOD'] ) ) {
			return array( 'web', is_string( $pagenow ) ? $pagenow : '' );
		}
		return array( 'code', $hook );
	}

	/**
	 * The WP-CLI command being run, without its options: "wp user-sync sync".
	 */
	private static function command(): string {
		$words = array();
		foreach ( array_slice( (array) ( $GLOBALS['argv'] ?? array() ), 1 ) as $word ) {
			if ( is_string( $word ) && '' !== $word && '-' !== $word[0] ) {
				$words[] = $word;
			}
			if ( count( $words ) >= 3 ) {
				break;
			}
		}
		return 'wp ' . implode( ' ', $words );
	}
}
