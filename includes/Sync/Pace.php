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
 * Decides, before each block of resumable work but the first, whether it still fits: not
 * once the deadline has passed, nor when the block — judged by the longest so far — would
 * end after it, nor once memory has passed its budget. The first block is always done, so
 * every run makes progress; a run given a deadline ends close to it instead of a whole
 * block later; and a run whose last block is done is done, not stopped.
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
	 * Blocks done.
	 *
	 * @var int
	 */
	private int $blocks = 0;

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
	 * Called after each block: the next one begins now.
	 *
	 * @since 2.0.1
	 */
	public function block_done(): void {
		$now               = microtime( true );
		$this->longest     = max( $this->longest, $now - $this->block_began );
		$this->block_began = $now;
		++$this->blocks;
	}

	/**
	 * Called before a block: whether to stop instead of doing it.
	 *
	 * @since 2.0.1
	 */
	public function must_stop(): bool {
		if ( 0 === $this->blocks ) {
			return false;
		}
		if ( null !== $this->memory && memory_get_usage( true ) >= $this->memory ) {
			return true;
		}
		return null !== $this->deadline && microtime( true ) + $this->longest >= $this->deadline;
	}
}
