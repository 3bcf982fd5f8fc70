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
	 * The place of work it was given for (one of the constants), or '' when set by hand.
	 *
	 * @var string
	 */
	public readonly string $context;

	/**
	 * Seconds that triggers worked in this request, by context: every trigger of one kind
	 * in a request shares its budget.
	 *
	 * @var array<string, float>
	 */
	private static array $spent_in_request = array();

	/**
	 * Sets a budget.
	 *
	 * @since 2.0.1
	 * @since 2.2.0 The context.
	 *
	 * @param float    $seconds Seconds of work; INF for no limit.
	 * @param int|null $memory  Bytes; null for 90% of PHP's memory limit.
	 * @param string   $context The place of work (one of the constants), or ''.
	 */
	public function __construct( float $seconds, ?int $memory = null, string $context = '' ) {
		$this->seconds = max( 0.0, $seconds );
		$this->memory  = $memory ?? self::default_memory();
		$this->context = $context;
	}

	/**
	 * What is left of a trigger's budget in this request, or null when triggers of its kind
	 * spent it all. A request that changes fifty roles at once (core's bulk "Change role
	 * to…") or creates many accounts adds one budget to its time, not fifty: what does not
	 * fit goes on as jobs. The first trigger does at least one unit of work, as any batch;
	 * WP-CLI has no request to keep short.
	 *
	 * @since 2.2.0
	 */
	public function left_in_request(): ?self {
		$spent = self::$spent_in_request[ $this->context ] ?? 0.0;
		if ( '' === $this->context || 0.0 === $spent || ( defined( 'WP_CLI' ) && WP_CLI ) ) {
			return $this;
		}
		return $spent < $this->seconds ? new self( $this->seconds - $spent, $this->memory, $this->context ) : null;
	}

	/**
	 * Counts seconds a trigger worked in this request against its context's budget.
	 *
	 * @since 2.2.0
	 *
	 * @param float $seconds Seconds worked.
	 */
	public function spend_in_request( float $seconds ): void {
		if ( '' !== $this->context ) {
			self::$spent_in_request[ $this->context ] = ( self::$spent_in_request[ $this->context ] ?? 0.0 ) + $seconds;
		}
	}

	/**
	 * Starts counting afresh, as a new request does.
	 *
	 * @internal For tests, each of which stands for a request of its own.
	 * @since 2.2.0
	 */
	public static function forget_request(): void {
		self::$spent_in_request = array();
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
		return new self( (float) $budget['seconds'], (int) $budget['memory'], $context );
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
