<?php
/**
 * What the runner does besides carrying jobs on.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Health;

use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Jobs\Job_Watch;

defined( 'ABSPATH' ) || exit;

/**
 * The network's due work, at each tick of the five-minute watch (WP-Cron) and of
 * `wp user-sync run`: records that the runner runs, starts the daily drift check and the
 * reconcile when due; and lists the work waiting for a runner (running jobs, a check under way).
 *
 * @since 2.2.0
 */
final class Background_Work {

	/**
	 * Running jobs listed at most, the newest first (as Job_Runner's watch does).
	 */
	private const PENDING_LISTED = 100;

	/**
	 * The network.
	 *
	 * @var int
	 */
	private int $network_id;

	/**
	 * Where jobs are kept.
	 *
	 * @var Job_Store
	 */
	private Job_Store $store;

	/**
	 * Sets up the work of a network.
	 *
	 * @since 2.2.0
	 *
	 * @param int       $network_id Network ID.
	 * @param Job_Store $store      Job storage.
	 */
	public function __construct( int $network_id, Job_Store $store ) {
		$this->network_id = $network_id;
		$this->store      = $store;
	}

	/**
	 * Hooks the tick to the watch's WP-Cron event (on each network's main site).
	 *
	 * @since 2.2.0
	 */
	public static function register(): void {
		add_action(
			Job_Watch::HOOK,
			static function (): void {
				( new self( get_current_network_id(), new Job_Store() ) )->tick();
			}
		);
	}

	/**
	 * Records the run, then starts what is due.
	 *
	 * @since 2.2.0
	 *
	 * @return array{drift: Job|null, reconcile: Job|null} What it started.
	 */
	public function tick(): array {
		Runner_Health::record( $this->network_id );
		return array(
			'drift'     => ( new Drift( $this->network_id, $this->store ) )->run_due(),
			'reconcile' => ( new Reconcile( $this->network_id, $this->store ) )->run_due(),
		);
	}

	/**
	 * The work waiting for a runner: running jobs (the newest PENDING_LISTED) and the drift
	 * check under way, by job ID.
	 *
	 * @since 2.2.0
	 *
	 * @return int[]
	 */
	public function pending(): array {
		$pending = array_keys( $this->store->running( $this->network_id, self::PENDING_LISTED ) );
		$check   = ( new Drift( $this->network_id, $this->store ) )->running();
		if ( null !== $check ) {
			$pending[] = $check;
		}
		return $pending;
	}
}
