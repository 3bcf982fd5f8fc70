<?php
/**
 * When resumable work stops.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Sync;

defined( 'ABSPATH' ) || exit;

/**
 * Decides, after each block of resumable work, whether the next one still fits: it
 * stops once the deadline has passed, or when the next block — judged by the longest
 * so far — would end after it, or once memory has passed its budget. At least one
 * block is always done, so every run makes progress; and a request given a deadline
 * ends close to it instead of a whole block later.
 *
 * @since 2.0.1
 */
final class Pace {

	/**
	 * `microtime( true )` after which to stop; null: never.
	 *
	 * @var float|null
	 */
	private ?float $deadline;

	/**
	 * Bytes (memory_get_usage( true )) past which to stop; null: no limit.
	 *
	 * @var int|null
	 */
	private ?int $memory;

	/**
	 * When the current block began.
	 *
	 * @var float
	 */
	private float $block_began;

	/**
	 * The longest block so far, in seconds.
	 *
	 * @var float
	 */
	private float $longest = 0.0;

	/**
	 * Starts pacing a run; its first block begins now.
	 *
	 * @since 2.0.1
	 *
	 * @param float|null $deadline `microtime( true )` after which to stop; null: never.
	 * @param int|null   $memory   Bytes past which to stop; null: no limit.
	 */
	public function __construct( ?float $deadline, ?int $memory ) {
		$this->deadline    = $deadline;
		$this->memory      = $memory;
		$this->block_began = microtime( true );
	}

	/**
	 * Called after each block: whether to stop here. The next block begins now.
	 *
	 * @since 2.0.1
	 */
	public function must_stop(): bool {
		$now               = microtime( true );
		$this->longest     = max( $this->longest, $now - $this->block_began );
		$this->block_began = $now;
		if ( null !== $this->memory && memory_get_usage( true ) >= $this->memory ) {
			return true;
		}
		return null !== $this->deadline && $now + $this->longest >= $this->deadline;
	}
}
