<?php
/**
 * A batch told to stop.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Jobs;

use RuntimeException;

defined( 'ABSPATH' ) || exit;

/**
 * Thrown inside a block's transaction when the job was cancelled meanwhile, or its
 * batch lost the job's lock: the block rolls back, and the batch ends.
 *
 * @since 2.0.1
 */
final class Job_Stopped extends RuntimeException {
}
