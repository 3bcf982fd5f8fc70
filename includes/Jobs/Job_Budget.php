<?php
/**
 * How long, and with how much memory, a batch of a job may work.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Jobs;

defined( 'ABSPATH' ) || exit;

/**
 * The time and memory a batch may spend, for each place work happens, all behind one
 * filter (`wpmus_job_budget`). A batch stops when either runs out; both are checked after
 * each unit of work, so a batch never outgrows PHP's memory limit, whatever the network's size.
 *
 * @since 2.0.1
 */
final class Job_Budget {

	/**
	 * A step that a screen asks for over REST; it must answer well under 5 s.
	 */
	public const STEP = 'step';

	/**
	 * A WP-Cron run carrying a running job on.
	 */
	public const CRON = 'cron';

	/**
	 * A step of `wp user-sync sync`.
	 */
	public const CLI = 'cli';

	/**
	 * The part of a new site's sync done while the site is created.
	 */
	public const NEW_SITE = 'new_site';

	/**
	 * The part of a new user's sync done while the account is created.
	 */
	public const NEW_USER = 'new_user';

	/**
	 * The part of a role change's copy done in the request that changed the role.
	 */
	public const ROLE_CHANGE = 'role_change';

	/**
	 * Seconds per context. A trigger adds at most about this much to the request it runs
	 * in, whatever the network's size: a new user or site, or a copied role, reaches the
	 * rest of a large network through a job (WP-Cron, or the next screen that asks).
	 */
	private const SECONDS = array(
		self::STEP        => 1.0,
		self::CRON        => 20.0,
		self::CLI         => 2.0,
		self::NEW_SITE    => 0.4,
		self::NEW_USER    => 0.4,
		self::ROLE_CHANGE => 0.6,
	);

	/**
	 * Seconds of work.
	 *
	 * @var float
	 */
	public readonly float $seconds;

	/**
	 * Bytes of memory (memory_get_usage( true )) beyond which the batch stops.
	 *
	 * @var int
	 */
	public readonly int $memory;

	/**
	 * Sets a budget.
	 *
	 * @since 2.0.1
	 *
	 * @param float    $seconds Seconds of work; INF for no limit.
	 * @param int|null $memory  Bytes; null for 90% of PHP's memory limit.
	 */
	public function __construct( float $seconds, ?int $memory = null ) {
		$this->seconds = max( 0.0, $seconds );
		$this->memory  = $memory ?? self::default_memory();
	}

	/**
	 * The budget of a place where jobs work.
	 *
	 * @since 2.0.1
	 *
	 * @param string   $context One of the constants: STEP, CRON, CLI, NEW_SITE, NEW_USER, ROLE_CHANGE.
	 * @param Job|null $job     The job the budget is for.
	 */
	public static function for( string $context, ?Job $job = null ): self {
		$defaults = array(
			'seconds' => self::SECONDS[ $context ] ?? self::SECONDS[ self::STEP ],
			'memory'  => self::default_memory(),
		);
		/**
		 * Filters how long, and with how much memory, a batch of a job may work.
		 *
		 * @since 2.0.1
		 *
		 * @param array{seconds: float, memory: int} $budget  Seconds of work (INF: until done) and bytes of memory
		 *                                                    (memory_get_usage( true )) beyond which the batch stops.
		 * @param string                             $context Where the batch runs: 'step' (a screen's REST request,
		 *                                                    1 s), 'cron' (20 s), 'cli' (2 s), 'new_site' (while a
		 *                                                    site is created, 0.4 s), 'new_user' (while an account is
		 *                                                    created, 0.4 s), 'role_change' (while a role is changed,
		 *                                                    0.6 s).
		 * @param Job|null                           $job     The job.
		 */
		$budget = apply_filters( 'wpmus_job_budget', $defaults, $context, $job );
		$budget = is_array( $budget ) ? $budget + $defaults : $defaults;
		return new self( (float) $budget['seconds'], (int) $budget['memory'] );
	}

	/**
	 * 90% of PHP's memory limit, in bytes, leaving room to save the job and answer.
	 *
	 * @since 2.0.1
	 */
	public static function default_memory(): int {
		$limit = wp_convert_hr_to_bytes( (string) ini_get( 'memory_limit' ) );
		return $limit > 0 ? (int) ( $limit * 0.9 ) : PHP_INT_MAX;
	}

	/**
	 * When a batch that starts now must stop (INF: never): the work stops after the unit
	 * that passes it, or that passes the memory budget.
	 *
	 * @since 2.0.1
	 */
	public function deadline(): float {
		return microtime( true ) + $this->seconds;
	}

	/**
	 * How long a batch of this budget keeps its job locked, if it dies without releasing it.
	 *
	 * @since 2.0.1
	 */
	public function lock_seconds(): int {
		return (int) ceil( min( $this->seconds, (float) HOUR_IN_SECONDS ) ) + Job_Lock::MARGIN;
	}
}
