<?php
/**
 * Plugin Name: WPM User Sync fault injection (tests only)
 * Description: Makes one query of a process really fail, or holds a process at an exact point so that the faults stage can kill it or the database. Copied into the faults stage's own WordPress by tests/faults/run.sh; never shipped.
 *
 * It does nothing unless the PHP process was started with WPMUS_FAULT set:
 *
 *   fail-read:N           The Nth read of memberships in this process (a SELECT on the
 *                         usermeta table that names a `capabilities` key) really fails in
 *                         MariaDB: it is sent under a statement time limit that it cannot meet
 *                         (`SET STATEMENT max_statement_time=… FOR …`), and the server interrupts
 *                         it (error 1969), as a killed query or a lost replica would.
 *   pause-after-insert:N  After the Nth INSERT of memberships into the usermeta table, the next
 *                         query (whatever the code does next) waits: the process writes
 *                         $WPMUS_FAULTS_DIR/paused-<pid> and sleeps until
 *                         $WPMUS_FAULTS_DIR/resume exists (60 s at most), so that the test can
 *                         kill the process, or the database, right there.
 *
 * Each fault that fires is logged to $WPMUS_FAULTS_DIR/faults.log, with what MariaDB answered,
 * so that the stage can tell a scenario that passed from a fault that never happened.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

defined( 'ABSPATH' ) || exit;

( static function (): void {
	$spec = (string) getenv( 'WPMUS_FAULT' );
	if ( '' === $spec ) {
		return;
	}
	$dir = (string) getenv( 'WPMUS_FAULTS_DIR' );
	list( $mode, $nth ) = array_pad( explode( ':', $spec, 2 ), 2, '1' );
	$nth = max( 1, (int) $nth );

	$log = static function ( string $line ) use ( $dir ): void {
		if ( '' !== $dir ) {
			file_put_contents( $dir . '/faults.log', sprintf( "%s pid %d %s\n", gmdate( 'H:i:s' ), getmypid(), $line ), FILE_APPEND | LOCK_EX );
		}
	};
	$short = static fn( string $query ): string => substr( (string) preg_replace( '/\s+/', ' ', $query ), 0, 160 );

	$seen    = 0;
	$pending = null; // What to do at the next query: 'report' the faulted query's outcome, or 'pause'.

	add_filter(
		'query',
		static function ( $query ) use ( $mode, $nth, $dir, $log, $short, &$seen, &$pending ) {
			global $wpdb;
			$query = (string) $query;
			$table = preg_quote( $wpdb->usermeta, '/' );

			if ( 'report' === $pending ) {
				// The filter runs before wpdb flushes, so this is still the faulted query's outcome.
				$pending = null;
				$log( 'fail-read answered: ' . ( '' !== $wpdb->last_error ? 'error: ' . $wpdb->last_error : 'no error (the fault did not take)' ) );
			} elseif ( 'pause' === $pending ) {
				$pending = null;
				$log( 'pause-after-insert: holding before ' . $short( $query ) );
				if ( '' !== $dir ) {
					file_put_contents( $dir . '/paused-' . getmypid(), $short( $query ) );
				}
				$until = microtime( true ) + 60;
				while ( ( '' === $dir || ! file_exists( $dir . '/resume' ) ) && microtime( true ) < $until ) {
					usleep( 50000 );
				}
				$log( 'pause-after-insert: resumed' );
			}

			if ( 'fail-read' === $mode
				&& preg_match( '/^\s*SELECT\b.*\bFROM\s+`?' . $table . '`?(\s|$).*capabilities/is', $query ) ) {
				++$seen;
				if ( $seen === $nth ) {
					$log( "fail-read #$nth: " . $short( $query ) );
					$pending = 'report';
					// A one-row table that sleeps, joined to the query, under a 0.1 s limit: the server
					// interrupts it for certain (a bare 1 µs limit lets a fast query through now and then).
					return 'SET STATEMENT max_statement_time=0.1 FOR SELECT wpmus_faulted.* FROM (SELECT SLEEP(5)) AS wpmus_fault, ('
						. rtrim( trim( $query ), ';' ) . ') AS wpmus_faulted';
				}
			} elseif ( 'pause-after-insert' === $mode
				&& preg_match( '/^\s*INSERT\b.*?\bINTO\s+`?' . $table . '`?(\s|\().*capabilities/is', $query ) ) {
				++$seen;
				if ( $seen === $nth ) {
					$log( "pause-after-insert #$nth: after " . $short( $query ) );
					$pending = 'pause';
				}
			}
			return $query;
		},
		PHP_INT_MAX
	);

	register_shutdown_function(
		static function () use ( $log, &$pending ): void {
			global $wpdb;
			if ( 'report' === $pending ) {
				$log( 'fail-read answered: ' . ( '' !== $wpdb->last_error ? 'error: ' . $wpdb->last_error : 'no error (the fault did not take)' ) );
			}
		}
	);
} )();
