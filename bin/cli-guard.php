<?php
/**
 * For the command-line scripts in bin/: wp_die() ends a run with status 0, so any
 * end before the script calls wpmus_cli_done() is turned into a failure.
 *
 * @package WPM_User_Sync
 */

$GLOBALS['wpmus_cli_done'] = false;

register_shutdown_function(
	static function (): void {
		if ( ! $GLOBALS['wpmus_cli_done'] ) {
			fwrite( STDERR, "Stopped before the end; see the instance's debug.log.\n" );
			exit( 1 );
		}
	}
);

/**
 * Marks the script as finished.
 */
function wpmus_cli_done(): void {
	$GLOBALS['wpmus_cli_done'] = true;
}
