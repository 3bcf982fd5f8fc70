<?php
/**
 * What a job about named people carries beyond its users and sites.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\People;

use WPM_User_Sync\Jobs\Job;

defined( 'ABSPATH' ) || exit;

/**
 * The one reading and writing of the arguments of add_to_sites and remove_from_sites jobs
 * (Job::$args): the role asked for, and who inherits the content of the people removed.
 * The users are the job's own (Job::$user_ids).
 *
 * @since 2.1.0
 */
final class People_Args {

	/**
	 * The role to give (add_to_sites); absent: each site's default role.
	 */
	private const ROLE = 'role';

	/**
	 * One person who inherits the content on every site where they are a member (remove_from_sites).
	 */
	private const REASSIGN_TO = 'reassign_to';

	/**
	 * Site ID => the person who inherits the content there (remove_from_sites).
	 */
	private const REASSIGN_PER_SITE = 'reassign_per_site';

	/**
	 * Whether the person who asked was trusted like the network's operator when they asked.
	 */
	private const TRUSTED = 'trusted';

	/**
	 * The arguments of an add: a role, or null for each site's default role.
	 *
	 * @since 2.1.0
	 *
	 * @param string|null $role    Role slug; null for each site's default role.
	 * @param bool        $trusted Whether whoever asked is trusted like the network's operator
	 *                             (a super admin, or WP-CLI: Policy::is_trusted()), judged when
	 *                             they ask, so that WP-Cron carrying the job on later judges alike.
	 * @return array<string, mixed>
	 */
	public static function for_add( ?string $role, bool $trusted ): array {
		$args = array( self::TRUSTED => $trusted );
		if ( null !== $role ) {
			$args[ self::ROLE ] = $role;
		}
		return $args;
	}

	/**
	 * Whether the person who asked for an add was trusted like the network's operator.
	 *
	 * @since 2.1.0
	 *
	 * @param Job $job The job.
	 */
	public static function trusted( Job $job ): bool {
		return true === ( $job->args[ self::TRUSTED ] ?? false );
	}

	/**
	 * The arguments of a removal: who inherits the content, if anyone.
	 *
	 * @since 2.1.0
	 *
	 * @param int|null             $to       One person for every site; null for none.
	 * @param array<int, int>|null $per_site Site ID => person; null for none.
	 * @return array<string, mixed>
	 */
	public static function for_remove( ?int $to, ?array $per_site ): array {
		if ( null !== $to ) {
			return array( self::REASSIGN_TO => $to );
		}
		if ( null !== $per_site ) {
			$map = array();
			foreach ( $per_site as $site_id => $user_id ) {
				$map[ (string) (int) $site_id ] = (int) $user_id;
			}
			return array( self::REASSIGN_PER_SITE => $map );
		}
		return array();
	}

	/**
	 * The role an add gives, or null for each site's default role.
	 *
	 * @since 2.1.0
	 *
	 * @param Job $job The job.
	 */
	public static function role( Job $job ): ?string {
		$role = $job->args[ self::ROLE ] ?? null;
		return is_string( $role ) && '' !== $role ? $role : null;
	}

	/**
	 * Who inherits the content of the people a removal takes off a site, or null when it stays theirs.
	 *
	 * @since 2.1.0
	 *
	 * @param Job $job     The job.
	 * @param int $site_id The site.
	 */
	public static function inheritor( Job $job, int $site_id ): ?int {
		if ( isset( $job->args[ self::REASSIGN_TO ] ) ) {
			return (int) $job->args[ self::REASSIGN_TO ];
		}
		$per_site = $job->args[ self::REASSIGN_PER_SITE ] ?? array();
		$heir     = is_array( $per_site ) ? ( $per_site[ (string) $site_id ] ?? null ) : null;
		return null === $heir ? null : (int) $heir;
	}

	/**
	 * Who inherits content, in the shape of the REST API: `{ to }`, `{ perSite }`, or null.
	 *
	 * @since 2.1.0
	 *
	 * @param Job $job The job.
	 * @return array<string, mixed>|null
	 */
	public static function reassign( Job $job ): ?array {
		if ( isset( $job->args[ self::REASSIGN_TO ] ) ) {
			return array( 'to' => (int) $job->args[ self::REASSIGN_TO ] );
		}
		if ( isset( $job->args[ self::REASSIGN_PER_SITE ] ) && is_array( $job->args[ self::REASSIGN_PER_SITE ] ) ) {
			return array( 'perSite' => (object) array_map( 'intval', $job->args[ self::REASSIGN_PER_SITE ] ) );
		}
		return null;
	}
}
