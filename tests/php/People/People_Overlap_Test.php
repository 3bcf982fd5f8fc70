<?php
/**
 * When a job about named people waits for another.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\People;

use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Types\Add_To_Sites;
use WPM_User_Sync\Jobs\Types\Remove_From_Sites;
use WPM_User_Sync\Tests\Support\TestCase;

final class People_Overlap_Test extends TestCase {

	private function job( string $type, ?array $sites, ?array $users ): Job {
		$job           = new Job( get_current_network_id(), null === $sites ? Job::KIND_NETWORK : Job::KIND_SITES, $sites, false, 1 );
		$job->type     = $type;
		$job->user_ids = $users;
		return $job;
	}

	public function test_a_sync_never_blocks_a_job_about_named_people(): void {
		$sync = $this->job( 'add_memberships', null, null );

		$this->assertFalse( $this->job( Add_To_Sites::NAME, array( 2 ), array( 5 ) )->overlaps( $sync ) );
		$this->assertFalse( $this->job( Remove_From_Sites::NAME, null, array( 5 ) )->overlaps( $sync ) );
	}

	public function test_jobs_about_named_people_meet_only_on_the_same_people_and_sites(): void {
		$adding = $this->job( Add_To_Sites::NAME, array( 2, 3 ), array( 5, 6 ) );

		$this->assertTrue( $this->job( Remove_From_Sites::NAME, array( 3 ), array( 6 ) )->overlaps( $adding ) );
		$this->assertTrue( $this->job( Remove_From_Sites::NAME, null, array( 5 ) )->overlaps( $adding ), 'Offboarding covers every site.' );
		$this->assertFalse( $this->job( Add_To_Sites::NAME, array( 2 ), array( 7 ) )->overlaps( $adding ), 'Other people.' );
		$this->assertFalse( $this->job( Remove_From_Sites::NAME, array( 4 ), array( 5 ) )->overlaps( $adding ), 'Other sites.' );
	}
}
