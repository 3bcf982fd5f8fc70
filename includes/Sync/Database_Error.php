<?php
/**
 * A database failure during a sync.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Sync;

use RuntimeException;

defined( 'ABSPATH' ) || exit;

/**
 * Thrown when the database fails a read or a write of a sync; the block it happened in
 * wrote nothing, so running the same work again is safe.
 *
 * @since 2.0.1
 */
final class Database_Error extends RuntimeException {
}
