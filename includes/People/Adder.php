<?php
/**
 * Adds named people to sites.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\People;

use WP_User;
use WPM_User_Sync\Sync\Pace;
use WPM_User_Sync\Sync\Removals;
use WPM_User_Sync\Sync\Report;

defined( 'ABSPATH' ) || exit;

/**
 * The work of an add_to_sites job: the job's users join its sites (the sites listed,
 * or every live site not excluded) with the role asked for, or each site's default role
 * as syncs give it (Policy::newcomer_role()). A member already is skipped
 * (`already_member`), unless a role was asked for that they do not have: then their role
 * becomes it (noted `role_changed`). An explicit add undoes a removal (noted `was_removed`):
 * core's `add_user_to_blog` drops the marker. Counts are memberships added or changed.
 *
 * Trust: a role the job's author could not give by hand on a site is skipped there
 * (`not_allowed`), and a privileged role (Site_Roles::PRIVILEGED_CAPABILITIES) only a super
 * admin or WP-CLI gives (`privileged_role`).
 *
 * @since 2.1.0
 */
final class Adder extends People_Work {

	/**
	 * How many explicit role changes are being written right now: they are not copied
	 * to the person's other sites (the author chose the sites).
	 *
	 * @var int
	 */
	private static int $changing_roles = 0;

	/**
	 * User ID => whether the account is spam or deleted, read once per step.
	 *
	 * @var array<int, bool>
	 */
	private array $inactive = array();

	/**
	 * Whether an explicit role change of a people job is being written.
	 *
	 * @since 2.1.0
	 */
	public static function is_changing_roles(): bool {
		return self::$changing_roles > 0;
	}

	/**
	 * Adds, or counts, from the cursor until the deadline.
	 *
	 * @since 2.1.0
	 *
	 * @param array<string, int>|null                         $cursor     Where to resume; null to start.
	 * @param float                                           $deadline   When to stop, after a unit.
	 * @param int                                             $memory     Memory past which to stop, after a unit.
	 * @param bool                                            $dry_run    Count only.
	 * @param callable(Report, array<string, int>): void|null $checkpoint Progress recorder of the run.
	 */
	public function step( ?array $cursor, float $deadline, int $memory, bool $dry_run, ?callable $checkpoint ): Report {
		$sites = $this->job->site_ids ?? $this->policy->live_sites();
		return $this->walk_sites( $sites, $cursor, new Pace( $deadline, $memory ), $dry_run, $checkpoint );
	}

	/**
	 * Adds some users to one site, or counts it.
	 *
	 * @since 2.1.0
	 *
	 * @param int    $site_id  The site.
	 * @param int[]  $user_ids The users, ascending.
	 * @param Report $done     Where to count.
	 * @param bool   $dry_run  Count only.
	 */
	protected function on_site( int $site_id, array $user_ids, Report $done, bool $dry_run ): void {
		$site_skip = $this->site_skip_reason( $site_id );
		if ( null !== $site_skip ) {
			$done->skip( $site_id, $site_skip, count( $user_ids ) );
			return;
		}
		$asked = People_Args::role( $this->job );
		$role  = $asked ?? $this->roles->default_role( $site_id );

		$current = Memberships::roles_of( $user_ids, $site_id );
		$removed = Removals::of_users( $user_ids );
		foreach ( $user_ids as $user_id ) {
			$roles = $current[ $user_id ] ?? null;
			if ( null !== $roles && ( null === $asked || array( $asked ) === $this->held_roles( $site_id, $roles ) ) ) {
				$done->skip( $site_id, Report::SKIP_ALREADY_MEMBER );
				continue;
			}
			$refusal = $this->user_refusal( $user_id, $site_id, $role );
			if ( null !== $refusal ) {
				$done->skip( $site_id, $refusal );
				continue;
			}
			if ( null !== $roles ) {
				// As for a removal: a site never loses its last administrator to a job.
				if ( Memberships::ADMINISTRATOR !== $role && Memberships::is_last_administrator( $user_id, $site_id, $roles ) ) {
					$done->skip( $site_id, Report::SKIP_LAST_ADMINISTRATOR );
					continue;
				}
				if ( ! $dry_run ) {
					$this->change_role( $user_id, $site_id, $role );
				}
				$done->add( $site_id, 1 );
				$done->note( $site_id, Report::NOTE_ROLE_CHANGED );
				continue;
			}
			if ( ! $dry_run && true !== add_user_to_blog( $site_id, $user_id, $role ) ) {
				$done->skip( $site_id, Report::SKIP_VETOED );
				continue;
			}
			$done->add( $site_id, 1 );
			foreach ( Removals::META_KEYS as $key ) {
				if ( isset( $removed[ $key ][ $site_id ][ $user_id ] ) ) {
					$done->note( $site_id, Report::NOTE_WAS_REMOVED );
					break;
				}
			}
		}
	}

	/**
	 * The roles among granted capabilities, as the site defines them.
	 *
	 * @param int      $site_id The site.
	 * @param string[] $granted Granted roles and capabilities.
	 * @return string[]
	 */
	private function held_roles( int $site_id, array $granted ): array {
		return array_values( array_filter( $granted, fn( string $name ): bool => $this->roles->exists( $site_id, $name ) ) );
	}

	/**
	 * Why nobody joins a site (a Report::SKIP_* reason), or null when people may.
	 *
	 * @param int $site_id The site.
	 */
	private function site_skip_reason( int $site_id ): ?string {
		if ( array() === $this->policy->live_sites( array( $site_id ) ) ) {
			return Report::SKIP_SITE_INACTIVE;
		}
		// Every site: as syncs, not those the network excludes. A site named is asked for.
		if ( null === $this->job->site_ids && $this->policy->is_excluded( $site_id ) ) {
			return Report::SKIP_EXCLUDED;
		}
		$this->roles->load( array( $site_id ) );
		$asked = People_Args::role( $this->job );
		if ( null === $asked ) {
			return $this->policy->newcomer_skip_reason( $site_id );
		}
		if ( ! $this->roles->exists( $site_id, $asked ) ) {
			return Report::SKIP_ROLE;
		}
		if ( ! People_Args::trusted( $this->job ) && $this->roles->is_privileged( $site_id, $asked ) ) {
			return Report::SKIP_PRIVILEGED;
		}
		return null;
	}

	/**
	 * Why one user does not get the role on a site (a Report::SKIP_* reason), or null.
	 *
	 * @param int    $user_id The user.
	 * @param int    $site_id The site.
	 * @param string $role    The role.
	 */
	private function user_refusal( int $user_id, int $site_id, string $role ): ?string {
		$this->inactive[ $user_id ] ??= Report::SKIP_INACTIVE === $this->population->user_skip_reason( $user_id );
		if ( $this->inactive[ $user_id ] ) {
			return Report::SKIP_INACTIVE;
		}
		if ( null !== People_Args::role( $this->job ) && ! People_Args::trusted( $this->job )
			&& ! $this->policy->may_give_role( $this->job->created_by, $user_id, $role, $site_id ) ) {
			return Report::SKIP_PERMISSION;
		}
		return null;
	}

	/**
	 * Gives a member another role on a site, as core does (`WP_User::set_role()`, on the
	 * site), without the change being copied elsewhere.
	 *
	 * @param int    $user_id The user.
	 * @param int    $site_id The site.
	 * @param string $role    The role.
	 */
	private function change_role( int $user_id, int $site_id, string $role ): void {
		switch_to_blog( $site_id );
		++self::$changing_roles;
		try {
			( new WP_User( $user_id ) )->set_role( $role );
		} finally {
			--self::$changing_roles;
			restore_current_blog();
		}
	}
}
