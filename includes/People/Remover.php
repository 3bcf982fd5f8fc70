<?php
/**
 * Removes named people from sites.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\People;

use WPM_User_Sync\Sync\Database_Error;
use WPM_User_Sync\Sync\Pace;
use WPM_User_Sync\Sync\Report;
use WPM_User_Sync\Sync\Site_Ids;

defined( 'ABSPATH' ) || exit;

/**
 * The work of a remove_from_sites job: the job's users leave the sites listed, or every
 * site of the network they belong to (offboarding; the account stays), through core's
 * `remove_user_from_blog( $user, $site, $reassign )`, which leaves the removal marker
 * (Removals) that keeps triggers and syncs from adding them back.
 *
 * Their content goes to the person the job names, for all sites or per site, where that
 * person is a member; elsewhere it stays theirs (noted `inheritor_not_member`), as it does
 * when nobody is named. Protected, and skipped with the reason: super admins
 * (`super_admin`), the last administrator of a site (`last_administrator`), and on a site
 * listed, someone who is not a member (`not_member`). Counts are memberships removed.
 *
 * Offboarding reads each user's memberships from their capabilities rows, a block at a
 * time (Memberships::next()), with the cursor `{ user, row }`: memory stays flat for an
 * account on 10,000 sites.
 *
 * @since 2.1.0
 */
final class Remover extends People_Work {

	/**
	 * Memberships of one person per unit of work, when offboarding.
	 */
	public const SITES_PER_UNIT = 50;

	/**
	 * Removes, or counts, from the cursor until the deadline.
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
		$pace = new Pace( $deadline, $memory );
		if ( null !== $this->job->site_ids ) {
			return $this->walk_sites( $this->job->site_ids, $cursor, $pace, $dry_run, $checkpoint );
		}
		return $this->offboard( $cursor, $pace, $dry_run, $checkpoint );
	}

	/**
	 * Removes some users from one site listed, or counts it.
	 *
	 * @since 2.1.0
	 *
	 * @param int    $site_id  The site.
	 * @param int[]  $user_ids The users, ascending.
	 * @param Report $done     Where to count.
	 * @param bool   $dry_run  Count only.
	 */
	protected function on_site( int $site_id, array $user_ids, Report $done, bool $dry_run ): void {
		$current = Memberships::roles_of( $user_ids, $site_id );
		foreach ( $user_ids as $user_id ) {
			if ( ! isset( $current[ $user_id ] ) ) {
				$done->skip( $site_id, $this->population->is_super_admin( $user_id ) ? Report::SKIP_SUPER_ADMIN : Report::SKIP_NOT_MEMBER );
				continue;
			}
			$this->remove( $user_id, $site_id, $current[ $user_id ], $done, $dry_run );
		}
	}

	/**
	 * Every site of the network each user belongs to, a block of their memberships at a time.
	 *
	 * @param array<string, int>|null                         $cursor     `{ user, row }`: the last user and membership row done.
	 * @param Pace                                            $pace       When to stop.
	 * @param bool                                            $dry_run    Count only.
	 * @param callable(Report, array<string, int>): void|null $checkpoint Progress recorder of the run.
	 *
	 * @throws Database_Error When the database fails.
	 */
	private function offboard( ?array $cursor, Pace $pace, bool $dry_run, ?callable $checkpoint ): Report {
		$report     = new Report();
		$after_user = (int) ( $cursor['user'] ?? 0 );
		$after_row  = (int) ( $cursor['row'] ?? 0 );
		/**
		 * Filters how many memberships of one person an offboarding works on per unit of work.
		 *
		 * @since 2.1.0
		 *
		 * @param int $sites_per_unit Memberships per unit. Default 50.
		 */
		$per_unit = max( 1, (int) apply_filters( 'wpmus_people_sites_per_unit', self::SITES_PER_UNIT ) );
		foreach ( (array) $this->job->user_ids as $user_id ) {
			if ( $user_id < $after_user ) {
				continue;
			}
			$row = $user_id === $after_user ? $after_row : 0;
			while ( true ) {
				if ( $pace->must_stop() ) {
					$report->cursor = array(
						'user' => $after_user,
						'row'  => $after_row,
					);
					return $report;
				}
				$block = Memberships::next( $user_id, $row, $per_unit );
				if ( array() === $block ) {
					break;
				}
				$row  = (int) array_key_last( $block );
				$next = array(
					'user' => $user_id,
					'row'  => $row,
				);
				$this->unit( fn( Report $done ) => $this->leave( $user_id, $block, $done, $dry_run ), array( $user_id ), $report, $dry_run, $checkpoint, $next );
				$after_user = $user_id;
				$after_row  = $row;
				$pace->block_done();
			}
		}
		$report->cursor = null;
		return $report;
	}

	/**
	 * Removes one user from a block of their memberships, those of this network, or counts it.
	 *
	 * @param int                                    $user_id The user.
	 * @param array<int, array{0: int, 1: string[]}> $block   Row ID => [ site ID, granted roles ].
	 * @param Report                                 $done    Where to count.
	 * @param bool                                   $dry_run Count only.
	 *
	 * @throws Database_Error When the database fails.
	 */
	private function leave( int $user_id, array $block, Report $done, bool $dry_run ): void {
		$site_ids = array_filter( array_column( $block, 0 ) );
		$foreign  = array_flip( Site_Ids::foreign( $this->job->network_id, $site_ids ) );
		foreach ( $block as list( $site_id, $roles ) ) {
			if ( $site_id > 0 && ! isset( $foreign[ $site_id ] ) ) {
				$this->remove( $user_id, $site_id, $roles, $done, $dry_run );
			}
		}
	}

	/**
	 * Removes a member from a site unless they are protected there, or counts it.
	 *
	 * @param int      $user_id The user.
	 * @param int      $site_id The site.
	 * @param string[] $roles   Their granted roles there.
	 * @param Report   $done    Where to count.
	 * @param bool     $dry_run Count only.
	 *
	 * @throws Database_Error When the database fails.
	 */
	private function remove( int $user_id, int $site_id, array $roles, Report $done, bool $dry_run ): void {
		if ( $this->population->is_super_admin( $user_id ) ) {
			$done->skip( $site_id, Report::SKIP_SUPER_ADMIN );
			return;
		}
		if ( Memberships::is_last_administrator( $user_id, $site_id, $roles ) ) {
			$done->skip( $site_id, Report::SKIP_LAST_ADMINISTRATOR );
			return;
		}
		$heir = People_Args::inheritor( $this->job, $site_id );
		if ( null !== $heir && array() === Memberships::roles_of( array( $heir ), $site_id ) ) {
			$done->note( $site_id, Report::NOTE_INHERITOR_NOT_MEMBER );
			$heir = null;
		}
		if ( ! $dry_run ) {
			remove_user_from_blog( $user_id, $site_id, $heir ?? 0 );
		}
		$done->add( $site_id, 1 );
	}
}
