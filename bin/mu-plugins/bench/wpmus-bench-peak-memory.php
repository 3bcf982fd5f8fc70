<?php
/**
 * Benchmark instance only (copied in by bin/bench.sh, never shipped, not copied into the
 * other instances): every answer of the plugin's REST API says how much memory its request
 * took at its peak, so bin/bench-jobs.php can report what one batch of a job costs.
 *
 * @package WPM_User_Sync
 */

add_filter(
	'rest_post_dispatch',
	static function ( $response, $server, $request ) {
		if ( $response instanceof WP_REST_Response && str_starts_with( (string) $request->get_route(), '/wpm-user-sync/v1/' ) ) {
			$response->header( 'X-WPMUS-Peak-Memory', (string) memory_get_peak_usage( true ) );
		}
		return $response;
	},
	10,
	3
);
