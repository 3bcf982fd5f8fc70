<?php
/**
 * The job path under load: a network-wide "Sync from scratch" driven over HTTP the
 * way the Actions screen drives it (create, step the preview, start, step the run),
 * against the network that `bin/bench.php large` built. Run by bin/bench.sh.
 *
 * Usage: php bin/bench-jobs.php <wordpress-dir> <site URL>
 *
 * @package WPM_User_Sync
 */

require __DIR__ . '/cli-guard.php';

const WPMUS_JOBS_MAX_SECONDS = 45;
const WPMUS_JOBS_MAX_REQUEST = 2;
const WPMUS_JOBS_MAX_PEAK_MB = 64;

$_SERVER['REMOTE_ADDR'] = '127.0.0.1';
require $argv[1] . '/wp-load.php';
$wpmus_base = rtrim( $argv[2], '/' );

// The screen uses a cookie and a nonce; an application password (allowed on a 'local' site) is simpler here.
list( $wpmus_password ) = WP_Application_Passwords::create_new_application_password( 1, array( 'name' => 'bench ' . time() ) );
$wpmus_auth             = 'Basic ' . base64_encode( 'admin:' . $wpmus_password ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode

$wpmus_requests = array();

/**
 * One REST request; its time and the batch's peak memory are recorded. The peak comes in
 * the X-WPMUS-Peak-Memory header, which only the benchmark's instance adds
 * (bin/mu-plugins/bench/wpmus-bench-peak-memory.php, copied in by bin/bench.sh).
 *
 * @param string $path REST path.
 * @param array  $body JSON body.
 * @return array<string, mixed> The decoded answer.
 */
function wpmus_jobs_post( string $path, array $body = array() ): array {
	global $wpmus_base, $wpmus_auth, $wpmus_requests;
	$peak    = 0;
	$curl    = curl_init( $wpmus_base . '/wp-json/wpm-user-sync/v1' . $path );
	curl_setopt_array(
		$curl,
		array(
			CURLOPT_POST           => true,
			CURLOPT_POSTFIELDS     => wp_json_encode( (object) $body ),
			CURLOPT_HTTPHEADER     => array( 'Content-Type: application/json', 'Authorization: ' . $wpmus_auth ),
			CURLOPT_RETURNTRANSFER => true,
			CURLOPT_TIMEOUT        => 60,
			CURLOPT_HEADERFUNCTION => static function ( $curl, $header ) use ( &$peak ) {
				if ( 0 === stripos( $header, 'X-WPMUS-Peak-Memory:' ) ) {
					$peak = (int) trim( substr( $header, 21 ) );
				}
				return strlen( $header );
			},
		)
	);
	$start   = microtime( true );
	$answer  = curl_exec( $curl );
	$seconds = microtime( true ) - $start;
	$status  = curl_getinfo( $curl, CURLINFO_RESPONSE_CODE );
	$data    = json_decode( (string) $answer, true );
	if ( $status >= 300 || ! is_array( $data ) ) {
		fwrite( STDERR, "POST $path answered $status: " . substr( (string) $answer, 0, 500 ) . "\n" );
		exit( 1 );
	}
	$wpmus_requests[] = array( $seconds, $peak, $path, $data['status'] ?? '' );
	return $data;
}

printf( "\n== jobs: a network-wide sync through the REST batches, as the Actions screen runs it\n" );
$wpmus_start = microtime( true );
$wpmus_job   = wpmus_jobs_post( '/jobs', array( 'kind' => 'network' ) );
while ( 'previewing' === $wpmus_job['status'] ) {
	$wpmus_job = wpmus_jobs_post( "/jobs/{$wpmus_job['id']}/step" );
}
$wpmus_preview_seconds = microtime( true ) - $wpmus_start;
$wpmus_preview_count   = count( $wpmus_requests );
printf( "   preview: %s memberships to add on %d sites, in %.2f s (%d requests)\n", number_format( $wpmus_job['preview']['total'] ), $wpmus_job['preview']['siteCount'], $wpmus_preview_seconds, $wpmus_preview_count );

$wpmus_start = microtime( true );
$wpmus_job   = wpmus_jobs_post( "/jobs/{$wpmus_job['id']}/start" );
while ( 'running' === $wpmus_job['status'] ) {
	$wpmus_job = wpmus_jobs_post( "/jobs/{$wpmus_job['id']}/step" );
}
$wpmus_run_seconds = microtime( true ) - $wpmus_start;
if ( 'done' !== $wpmus_job['status'] ) {
	fwrite( STDERR, "The job ended as {$wpmus_job['status']}: {$wpmus_job['lastError']}\n" );
	exit( 1 );
}

global $wpdb;
$wpmus_rows = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key LIKE '{$wpdb->base_prefix}%capabilities'" );
$wpmus_max  = max( array_column( $wpmus_requests, 0 ) );
$wpmus_peak = max( array_column( $wpmus_requests, 1 ) ) / MB_IN_BYTES;
printf( "   run:     %s memberships added in %.2f s = %s/s (%d requests)\n", number_format( $wpmus_job['progress']['added'] ), $wpmus_run_seconds, number_format( $wpmus_job['progress']['added'] / max( 0.001, $wpmus_run_seconds ) ), count( $wpmus_requests ) - $wpmus_preview_count );
printf( "   slowest request %.2f s; highest peak memory of a batch %.1f MB; memberships in the database now: %s\n", $wpmus_max, $wpmus_peak, number_format( $wpmus_rows ) );
$wpmus_slowest = $wpmus_requests;
arsort( $wpmus_slowest );
foreach ( array_slice( $wpmus_slowest, 0, 5, true ) as $wpmus_index => list( $wpmus_seconds, , $wpmus_path, $wpmus_status ) ) {
	printf( "     request %d of %d: %s (then %s) %.2f s\n", $wpmus_index + 1, count( $wpmus_requests ), preg_replace( '/\d+/', 'N', $wpmus_path ), $wpmus_status, $wpmus_seconds );
}
printf( "\n== Targets (a report: a MISS does not fail the run)\n" );
printf( "  jobs: 1,000,000 memberships through REST batches < %d s   %.2f s   %s\n", WPMUS_JOBS_MAX_SECONDS, $wpmus_run_seconds, $wpmus_run_seconds < WPMUS_JOBS_MAX_SECONDS ? 'PASS' : 'MISS' );
printf( "  jobs: every batch request ≤ %d s                           %.2f s   %s\n", WPMUS_JOBS_MAX_REQUEST, $wpmus_max, $wpmus_max <= WPMUS_JOBS_MAX_REQUEST ? 'PASS' : 'MISS' );
printf( "  jobs: peak PHP memory of a batch < %d MB                   %.1f MB  %s\n", WPMUS_JOBS_MAX_PEAK_MB, $wpmus_peak, $wpmus_peak < WPMUS_JOBS_MAX_PEAK_MB ? 'PASS' : 'MISS' );

wpmus_cli_done();
