<?php
/**
 * Why a job cannot do what was asked.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Jobs;

use RuntimeException;

defined( 'ABSPATH' ) || exit;

/**
 * A refusal with a code (`wpmus_job_*`) and a message for a network administrator.
 *
 * @since 2.0.0
 */
final class Job_Error extends RuntimeException {

	/**
	 * Machine-readable reason.
	 *
	 * @var string
	 */
	public readonly string $reason;

	/**
	 * Describes the refusal.
	 *
	 * @since 2.0.0
	 *
	 * @param string $reason  Machine-readable reason, e.g. `wpmus_job_conflict`.
	 * @param string $message In words.
	 */
	public function __construct( string $reason, string $message ) {
		parent::__construct( $message );
		$this->reason = $reason;
	}
}
