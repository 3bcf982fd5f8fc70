<?php
/**
 * What the job tests share: a runner, two sites and 17 users, in blocks small enough
 * that a job takes many batches.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Jobs;

use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Tests\Support\TestCase;

abstract class Job_Test_Case extends TestCase {

	protected Job_Runner $runner;
	protected Job_Store $store;

	/**
	 * Sites of the tests.
	 *
	 * @var int[]
	 */
	protected array $sites;

	protected function setUp(): void {
		parent::setUp();
		// Small blocks, so that a job takes many batches.
		add_filter( 'wpmus_engine_users_per_block', array( $this, 'small_blocks' ) );
		$this->store  = new Job_Store();
		$this->runner = new Job_Runner( get_current_network_id(), $this->store );
		$this->sites  = array( $this->create_site(), $this->create_site() );
		$this->create_users_fast( 17 );
	}

	protected function tearDown(): void {
		remove_filter( 'wpmus_engine_users_per_block', array( $this, 'small_blocks' ) );
		wp_clear_scheduled_hook( Job_Runner::CRON_HOOK );
		parent::tearDown();
	}

	public function small_blocks(): int {
		return 4;
	}
}
