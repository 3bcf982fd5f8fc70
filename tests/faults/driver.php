<?php
/**
 * The PHP side of the faults stage (tests/faults/run.sh): every command is one real PHP
 * process that loads the stage's WordPress and does one thing through the plugin's public
 * API (the job runner, the engine, core's user and site functions), so that several of them
 * can run at the same moment, be killed, or lose their database.
 *
 * Usage: php tests/faults/driver.php <command> [arguments] [--option=value ...]
 * with WPMUS_WP_DIR (the WordPress of the stage) and WPMUS_FAULTS_DIR (markers, logs and
 * the network's description) in the environment. Commands:
 *
 *   setup USERS SITES      adds USERS accounts (with SQL, as bin/bench.php does) and sites
 *                          until the network has SITES; prints an application password of admin
 *   reset                  back to the base network: no memberships for the added accounts,
 *                          no jobs, no extra users or sites, nothing archived, triggers off
 *   prefill MOD            existing memberships on every base site for the added accounts whose
 *                          ID is not a multiple of MOD (as if an earlier sync had done part)
 *   settings NAME=on|off…  the plugin's settings (Settings::update)
 *   rows                   how many capabilities rows the network holds (a job's baseline)
 *   job-new KIND [SITES]   creates a job and previews it to the end; prints its ID
 *   job-step ID SECONDS    one step (SECONDS 0: exactly one block)
 *   job-run ID SECONDS     starts the job if it is ready, and steps it to the end; with
 *                          --pause=S between steps, --max=S in all, --running=FILE and
 *                          --done=FILE markers for the processes that race it, and
 *                          --after=FILE to run the first batch only once FILE exists
 *   engine-site SITE       the engine syncs every user to SITE (the new-site trigger's path)
 *   site-job SITE          a site job, previewed, then started and run to the end
 *   make-users HOW MAX     creates accounts (HOW: wpmu = wpmu_create_user, insert =
 *                          wp_insert_user) until MAX or until --until=FILE exists
 *   make-sites MAX         creates sites with wp_insert_site(), likewise; --syncing=FILE is
 *                          written when the first site's tables exist and its sync begins
 *   archive SITE           archives a site
 *   settle                 runs the plugin's pending WP-Cron events now
 *   check LABEL            checks the network (see wpmus_faults_check()); prints one line per
 *                          check, "ok" or "FAIL", with --job=ID --baseline=ROWS for a job that
 *                          ran alone, --previewed when its preview must match what it added,
 *                          --may-fail when a failed job with its reason in words is acceptable,
 *                          --sites=IDS to expect memberships on these sites only
 *
 * Commands that race others take --ready=FILE --go=FILE: they load WordPress and prepare,
 * write FILE (ready), and wait for the go file before they act.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Settings;
use WPM_User_Sync\Sync\Membership_Engine;
use WPM_User_Sync\Sync\Sync_Request;

$wpmus_faults_args = array();
$wpmus_faults_opts = array();
foreach ( array_slice( $argv, 1 ) as $wpmus_faults_arg ) {
	if ( preg_match( '/^--([a-z-]+)(?:=(.*))?$/', $wpmus_faults_arg, $wpmus_faults_m ) ) {
		$wpmus_faults_opts[ $wpmus_faults_m[1] ] = $wpmus_faults_m[2] ?? '1';
	} else {
		$wpmus_faults_args[] = $wpmus_faults_arg;
	}
}
$wpmus_faults_command = (string) array_shift( $wpmus_faults_args );
$wpmus_faults_dir     = (string) getenv( 'WPMUS_FAULTS_DIR' );
$wpmus_faults_wp      = (string) getenv( 'WPMUS_WP_DIR' );
if ( ! is_file( $wpmus_faults_wp . '/wp-load.php' ) || ! is_dir( $wpmus_faults_dir ) ) {
	fwrite( STDERR, "Set WPMUS_WP_DIR (a WordPress) and WPMUS_FAULTS_DIR (a directory).\n" );
	exit( 2 );
}

require $wpmus_faults_wp . '/wp-load.php';

if ( ! class_exists( Job_Runner::class ) ) {
	fwrite( STDERR, "WPM User Sync is not loaded in $wpmus_faults_wp (is it network-activated?).\n" );
	exit( 2 );
}

/**
 * Stops with a message.
 *
 * @param string $message What went wrong.
 */
function wpmus_faults_die( string $message ): void {
	fwrite( STDERR, $message . "\n" );
	exit( 1 );
}

/**
 * A number with thousands separators.
 *
 * @param int|float $n Number.
 */
function wpmus_faults_n( $n ): string {
	return number_format( (float) $n );
}

/**
 * The network as setup left it: the last account of the base network and its sites.
 *
 * @return array{maxUser: int, firstUser: int, sites: int[]}
 */
function wpmus_faults_state(): array {
	global $wpmus_faults_dir;
	$state = json_decode( (string) @file_get_contents( $wpmus_faults_dir . '/state.json' ), true ); // phpcs:ignore WordPress.PHP.NoSilencedErrors
	if ( ! is_array( $state ) ) {
		wpmus_faults_die( 'The faults network is not set up (run the setup command first).' );
	}
	return $state;
}

/**
 * Writes a marker file and waits for the go file: the barrier of processes that race.
 *
 * @param array<string, string> $opts Options (ready, go).
 */
function wpmus_faults_barrier( array $opts ): void {
	if ( ! isset( $opts['ready'], $opts['go'] ) ) {
		return;
	}
	touch( $opts['ready'] );
	$until = microtime( true ) + 60;
	while ( ! file_exists( $opts['go'] ) ) {
		if ( microtime( true ) > $until ) {
			wpmus_faults_die( 'Nobody said go within 60 s.' );
		}
		usleep( 2000 );
	}
}

/**
 * The job runner of the network.
 */
function wpmus_faults_runner(): Job_Runner {
	return new Job_Runner( get_current_network_id(), new Job_Store() );
}

/**
 * A job, or the end.
 *
 * @param int $id Job ID.
 */
function wpmus_faults_job( int $id ): Job {
	$job = wpmus_faults_runner()->find( $id );
	if ( ! $job ) {
		wpmus_faults_die( "There is no job $id." );
	}
	return $job;
}

/**
 * One line about a job.
 *
 * @param Job $job The job.
 */
function wpmus_faults_describe( Job $job ): string {
	return sprintf(
		'job %d (%s): %s, previewed %s, added %s%s',
		$job->id,
		$job->kind,
		$job->status,
		wpmus_faults_n( $job->preview->added() ),
		wpmus_faults_n( $job->result->added() ),
		null === $job->last_error || '' === $job->last_error ? '' : ', last error: ' . $job->last_error
	);
}

/**
 * What changes when a step does something.
 *
 * @param Job $job The job.
 */
function wpmus_faults_fingerprint( Job $job ): string {
	return $job->status . '|' . wp_json_encode( $job->cursor ) . '|' . $job->preview->added() . '|' . $job->result->added();
}

/**
 * Steps a job until it waits for confirmation or ends, starting it when it is ready if asked.
 *
 * A step that changes nothing (another batch, or a crashed one, holds the job's lock) is
 * followed by a short wait, and the job is read again; the time spent so is reported.
 *
 * @param Job                   $job     The job.
 * @param float                 $seconds Budget of each step.
 * @param bool                  $start   Start the job once previewed, and run it.
 * @param array<string, string> $opts    pause, max, running, done.
 * @return Job
 */
function wpmus_faults_drive( Job $job, float $seconds, bool $start, array $opts ): Job {
	$runner   = wpmus_faults_runner();
	$deadline = microtime( true ) + (float) ( $opts['max'] ?? 120 );
	$waited   = false;
	$steps    = 0;
	$idle     = 0.0;
	$began    = microtime( true );
	while ( $steps < 5000 ) {
		if ( Job::READY === $job->status && $start ) {
			$job = $runner->start( $job );
			if ( isset( $opts['running'] ) ) {
				touch( $opts['running'] );
			}
			continue;
		}
		if ( ! in_array( $job->status, array( Job::PREVIEWING, Job::RUNNING ), true ) ) {
			break;
		}
		if ( Job::RUNNING === $job->status && isset( $opts['after'] ) && ! $waited ) {
			// Runs its first batch only once what it must race has begun (bounded: it runs anyway after 30 s).
			$waited = true;
			$until  = microtime( true ) + 30;
			while ( ! file_exists( $opts['after'] ) && microtime( true ) < $until ) {
				usleep( 5000 );
			}
		}
		if ( microtime( true ) > $deadline ) {
			fwrite( STDERR, sprintf( "Gave up after %.0f s: %s\n", microtime( true ) - $began, wpmus_faults_describe( $job ) ) );
			break;
		}
		$before = wpmus_faults_fingerprint( $job );
		$job    = $runner->step( $job, $seconds );
		++$steps;
		if ( wpmus_faults_fingerprint( $job ) === $before ) {
			// Nothing moved: a lock is held. Wait, and read the job again (someone else may have moved it on).
			usleep( 500000 );
			$idle += 0.5;
			$job   = $runner->find( $job->id ) ?? $job;
		} elseif ( isset( $opts['pause'] ) ) {
			usleep( (int) ( (float) $opts['pause'] * 1e6 ) );
		}
	}
	printf( "%s after %d steps in %.1f s (%.1f s waiting for a lock)\n", wpmus_faults_describe( $job ), $steps, microtime( true ) - $began, $idle );
	if ( isset( $opts['done'] ) ) {
		touch( $opts['done'] );
	}
	return $job;
}

/**
 * Capabilities and user_level meta keys of a site.
 *
 * @param int $site_id Site.
 * @return array{0: string, 1: string}
 */
function wpmus_faults_keys( int $site_id ): array {
	global $wpdb;
	$prefix = $wpdb->get_blog_prefix( $site_id );
	return array( $prefix . 'capabilities', $prefix . 'user_level' );
}

/**
 * Every site of the network, whatever its status.
 *
 * @return int[]
 */
function wpmus_faults_all_sites(): array {
	return array_map( 'intval', get_sites( array( 'fields' => 'ids', 'number' => 0, 'network_id' => get_current_network_id() ) ) );
}

/**
 * IDs of the network's super admins, as SQL (they are out of scope).
 */
function wpmus_faults_supers_sql(): string {
	$ids = array( 0 );
	foreach ( get_super_admins() as $login ) {
		$user = get_user_by( 'login', $login );
		if ( $user ) {
			$ids[] = (int) $user->ID;
		}
	}
	return implode( ',', $ids );
}

/**
 * Counts of capabilities rows in the network.
 */
function wpmus_faults_rows(): int {
	global $wpdb;
	$keys = array();
	foreach ( wpmus_faults_all_sites() as $site_id ) {
		$keys[] = $wpdb->prepare( '%s', wpmus_faults_keys( $site_id )[0] );
	}
	return (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key IN (" . implode( ',', $keys ) . ')' ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
}

/**
 * "1,234 on site 5; 12 on site 7" from site => count, worst first, at most five sites.
 *
 * @param array<int, int> $counts Site ID => count.
 * @param callable        $first  Formats the first (largest) entry: fn( int $count, int $site_id ): string.
 */
function wpmus_faults_per_site( array $counts, callable $first ): string {
	arsort( $counts );
	$parts = array();
	foreach ( array_slice( $counts, 0, 5, true ) as $site_id => $count ) {
		$parts[] = array() === $parts ? $first( $count, $site_id ) : wpmus_faults_n( $count ) . ' on site ' . $site_id;
	}
	if ( count( $counts ) > 5 ) {
		$parts[] = sprintf( 'and %d more %s', count( $counts ) - 5, 6 === count( $counts ) ? 'site' : 'sites' );
	}
	return implode( '; ', $parts );
}

/**
 * Checks the network after a scenario; prints "  ok   …" or "  FAIL …" per check.
 *
 * - No user has two capabilities rows on a site, and every capabilities row has exactly one
 *   user_level row beside it (and no user_level row is alone).
 * - Every expected membership exists: every user in scope (not spam, not deleted, not a super
 *   admin) on every site in scope (not archived, spam or deleted), or on --sites; and none of
 *   them holds an empty role (`a:0:{}`).
 * - No user has two primary_blog or two source_domain rows, and every user in scope who
 *   belongs to a site has a primary site.
 * - With --job: the job ended done (or, with --may-fail, failed with its reason in words);
 *   with --baseline, what it reports as added equals the rows it created; with --previewed, its
 *   preview announced exactly that many.
 *
 * @param string                $label Scenario, for the messages.
 * @param array<string, string> $opts  Options.
 */
function wpmus_faults_check( string $label, array $opts ): void {
	global $wpdb;
	$lines  = array();
	$report = static function ( bool $ok, string $good, string $bad ) use ( &$lines, $label ): void {
		$lines[] = ( $ok ? '  ok   ' : '  FAIL ' ) . $label . ': ' . ( $ok ? $good : $bad );
	};
	$supers = wpmus_faults_supers_sql();
	$scope  = "u.spam = 0 AND u.deleted = 0 AND u.ID NOT IN ($supers)";
	$live   = array_map(
		'intval',
		get_sites(
			array(
				'fields'     => 'ids',
				'number'     => 0,
				'archived'   => 0,
				'spam'       => 0,
				'deleted'    => 0,
				'network_id' => get_current_network_id(),
			)
		)
	);
	$live     = array_values( array_diff( $live, ( new Settings( get_current_network_id() ) )->excluded_site_ids() ) );
	$expected = isset( $opts['sites'] ) ? array_map( 'intval', explode( ',', $opts['sites'] ) ) : $live;

	$dups      = array();
	$levels    = array();
	$missing   = array();
	$roleless  = array();
	$caps_keys = array();
	// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- $scope holds integers.
	foreach ( wpmus_faults_all_sites() as $site_id ) {
		list( $caps, $level ) = wpmus_faults_keys( $site_id );
		$caps_keys[]          = $wpdb->prepare( '%s', $caps );

		$n = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM (SELECT user_id FROM {$wpdb->usermeta} WHERE meta_key = %s GROUP BY user_id HAVING COUNT(*) > 1) d", $caps ) );
		if ( $n > 0 ) {
			$dups[ $site_id ] = $n;
		}
		$n = (int) $wpdb->get_var(
			$wpdb->prepare(
				"SELECT COUNT(*) FROM (SELECT user_id, SUM(meta_key = %s) AS c, SUM(meta_key = %s) AS l FROM {$wpdb->usermeta}
				WHERE meta_key IN (%s, %s) GROUP BY user_id HAVING c <> l) d",
				$caps,
				$level,
				$caps,
				$level
			)
		);
		if ( $n > 0 ) {
			$levels[ $site_id ] = $n;
		}
		if ( in_array( $site_id, $expected, true ) ) {
			$n = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->users} u WHERE $scope AND NOT EXISTS (SELECT 1 FROM {$wpdb->usermeta} m WHERE m.user_id = u.ID AND m.meta_key = %s)", $caps ) );
			if ( $n > 0 ) {
				$missing[ $site_id ] = $n;
			}
			$n = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(DISTINCT m.user_id) FROM {$wpdb->usermeta} m JOIN {$wpdb->users} u ON u.ID = m.user_id WHERE $scope AND m.meta_key = %s AND m.meta_value = 'a:0:{}'", $caps ) );
			if ( $n > 0 ) {
				$roleless[ $site_id ] = $n;
			}
		}
	}

	$report(
		array() === $dups,
		'no user has two capabilities rows on a site',
		wpmus_faults_per_site( $dups, static fn( int $n, int $site ) => sprintf( '%s users have two or more %s rows on site %d', wpmus_faults_n( $n ), wpmus_faults_keys( $site )[0], $site ) )
	);
	$report(
		array() === $levels,
		'every capabilities row has exactly one user_level row',
		wpmus_faults_per_site( $levels, static fn( int $n, int $site ) => sprintf( '%s users have not as many %s rows as %s rows on site %d', wpmus_faults_n( $n ), wpmus_faults_keys( $site )[1], wpmus_faults_keys( $site )[0], $site ) )
	);
	// A job that failed, and was allowed to, may leave work undone: a new job completes it (see run.sh).
	$job_failed = isset( $opts['job'], $opts['may-fail'] ) && Job::FAILED === wpmus_faults_job( (int) $opts['job'] )->status;
	$report(
		array() === $missing || $job_failed,
		sprintf( 'every user in scope is a member of the %d sites expected', count( $expected ) ) . ( $job_failed && array() !== $missing ? ' (or the job failed: not yet)' : '' ),
		wpmus_faults_per_site( $missing, static fn( int $n, int $site ) => sprintf( '%s users in scope are missing from site %d', wpmus_faults_n( $n ), $site ) )
	);
	$report(
		array() === $roleless,
		'no membership has an empty role',
		wpmus_faults_per_site( $roleless, static fn( int $n, int $site ) => sprintf( '%s users have an empty role (a:0:{}) on site %d', wpmus_faults_n( $n ), $site ) )
	);

	$twice = array();
	foreach ( array( 'primary_blog', 'source_domain' ) as $key ) {
		$n = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM (SELECT user_id FROM {$wpdb->usermeta} WHERE meta_key = %s GROUP BY user_id HAVING COUNT(*) > 1) d", $key ) );
		if ( $n > 0 ) {
			$twice[] = sprintf( '%s users have two or more %s rows', wpmus_faults_n( $n ), $key );
		}
	}
	$report( array() === $twice, 'no user has two primary_blog or source_domain rows', implode( '; ', $twice ) );

	$homeless = (int) $wpdb->get_var(
		"SELECT COUNT(DISTINCT m.user_id) FROM {$wpdb->usermeta} m JOIN {$wpdb->users} u ON u.ID = m.user_id
		WHERE $scope AND m.meta_key IN (" . implode( ',', $caps_keys ) . ")
		AND NOT EXISTS (SELECT 1 FROM {$wpdb->usermeta} p WHERE p.user_id = m.user_id AND p.meta_key = 'primary_blog' AND p.meta_value NOT IN ('', '0'))"
	);
	// phpcs:enable
	$report( 0 === $homeless, 'every member has a primary site', sprintf( '%s users belong to sites but have no primary_blog', wpmus_faults_n( $homeless ) ) );

	if ( isset( $opts['job'] ) ) {
		$job    = wpmus_faults_job( (int) $opts['job'] );
		$failed = Job::FAILED === $job->status;
		if ( $failed && isset( $opts['may-fail'] ) ) {
			$words = null !== $job->last_error && '' !== trim( $job->last_error );
			$report( $words, 'the job failed and says why: ' . $job->last_error, sprintf( 'job %d failed without saying why', $job->id ) );
		} else {
			$report( Job::DONE === $job->status, sprintf( 'job %d ended done', $job->id ), wpmus_faults_describe( $job ) . ' (it should have ended done)' );
		}
		if ( isset( $opts['baseline'] ) ) {
			$created = wpmus_faults_rows() - (int) $opts['baseline'];
			$added   = $job->result->added();
			$report(
				$created === $added,
				sprintf( 'job %d reports the %s memberships it created', $job->id, wpmus_faults_n( $created ) ),
				sprintf( 'job %d reports %s memberships added, but %s capabilities rows were created', $job->id, wpmus_faults_n( $added ), wpmus_faults_n( $created ) )
			);
			if ( isset( $opts['previewed'] ) && ! $failed ) {
				$report(
					$job->preview->added() === $created,
					sprintf( 'job %d created what its preview announced', $job->id ),
					sprintf( 'job %d previewed %s memberships to add, and %s were created', $job->id, wpmus_faults_n( $job->preview->added() ), wpmus_faults_n( $created ) )
				);
			}
		}
	}
	echo implode( "\n", $lines ), "\n";
}

// Jobs are driven as a network administrator would drive them from the screen.
wp_set_current_user( 1 );
$wpmus_faults_network = get_current_network_id();
$wpmus_faults_done    = false;

register_shutdown_function(
	static function () use ( &$wpmus_faults_done, $wpmus_faults_command ): void {
		if ( ! $wpmus_faults_done ) {
			fwrite( STDERR, "driver $wpmus_faults_command (pid " . getmypid() . ") stopped before the end.\n" );
			exit( 1 );
		}
	}
);

switch ( $wpmus_faults_command ) {
	case 'setup':
		$wpmus_faults_users = (int) ( $wpmus_faults_args[0] ?? 3000 );
		$wpmus_faults_sites = (int) ( $wpmus_faults_args[1] ?? 12 );
		$wpmus_faults_first = 1 + (int) $wpdb->get_var( "SELECT MAX(ID) FROM {$wpdb->users}" );
		$wpmus_faults_hash  = wp_hash_password( 'password' );
		$wpmus_faults_now   = current_time( 'mysql', true );
		for ( $wpmus_faults_i = 0; $wpmus_faults_i < $wpmus_faults_users; $wpmus_faults_i += 1000 ) {
			$wpmus_faults_rows = array();
			for ( $wpmus_faults_j = $wpmus_faults_i; $wpmus_faults_j < min( $wpmus_faults_users, $wpmus_faults_i + 1000 ); $wpmus_faults_j++ ) {
				$wpmus_faults_login  = sprintf( 'fault-%05d', $wpmus_faults_j + 1 );
				$wpmus_faults_rows[] = $wpdb->prepare( '(%s,%s,%s,%s,%s,%s)', $wpmus_faults_login, $wpmus_faults_hash, $wpmus_faults_login, $wpmus_faults_login . '@example.com', $wpmus_faults_now, $wpmus_faults_login );
			}
			if ( false === $wpdb->query( "INSERT INTO {$wpdb->users} (user_login, user_pass, user_nicename, user_email, user_registered, display_name) VALUES " . implode( ',', $wpmus_faults_rows ) ) ) { // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
				wpmus_faults_die( 'Could not add users: ' . $wpdb->last_error );
			}
		}
		// Every site defines the role newcomers get, so every user in scope is expected on every site.
		$wpmus_faults_roles = array( 'subscriber', 'contributor', 'author' );
		foreach ( wpmus_faults_all_sites() as $wpmus_faults_site ) {
			if ( '' === (string) get_blog_option( $wpmus_faults_site, 'default_role', '' ) ) {
				update_blog_option( $wpmus_faults_site, 'default_role', 'subscriber' );
			}
		}
		for ( $wpmus_faults_k = count( wpmus_faults_all_sites() ) + 1; $wpmus_faults_k <= $wpmus_faults_sites; $wpmus_faults_k++ ) {
			$wpmus_faults_site = wp_insert_site(
				array(
					'domain'  => get_network()->domain,
					'path'    => sprintf( '/fault-%02d/', $wpmus_faults_k ),
					'title'   => sprintf( 'Fault %02d', $wpmus_faults_k ),
					'user_id' => 1,
					'options' => array( 'default_role' => $wpmus_faults_roles[ $wpmus_faults_k % 3 ] ),
				)
			);
			if ( is_wp_error( $wpmus_faults_site ) ) {
				wpmus_faults_die( 'Could not create a site: ' . $wpmus_faults_site->get_error_message() );
			}
		}
		list( $wpmus_faults_password ) = WP_Application_Passwords::create_new_application_password( 1, array( 'name' => 'faults ' . time() ) );
		file_put_contents(
			$wpmus_faults_dir . '/state.json',
			wp_json_encode(
				array(
					'firstUser' => $wpmus_faults_first,
					'maxUser'   => (int) $wpdb->get_var( "SELECT MAX(ID) FROM {$wpdb->users}" ),
					'lastMeta'  => (int) $wpdb->get_var( "SELECT MAX(umeta_id) FROM {$wpdb->usermeta}" ),
					'sites'     => wpmus_faults_all_sites(),
				)
			)
		);
		fwrite( STDERR, sprintf( "Network: %s users, %d sites.\n", wpmus_faults_n( (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->users}" ) ), count( wpmus_faults_all_sites() ) ) );
		echo $wpmus_faults_password, "\n";
		break;

	case 'reset':
		$wpmus_faults_state = wpmus_faults_state();
		( new Settings( $wpmus_faults_network ) )->update(
			array(
				'newUserSync'   => false,
				'newSiteSync'   => false,
				'roleSync'      => false,
				'excludedSites' => array(),
			)
		);
		if ( $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', Job_Store::table() ) ) ) {
			$wpdb->query( 'DELETE FROM ' . Job_Store::table() ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		}
		$wpmus_faults_cron = _get_cron_array();
		foreach ( $wpmus_faults_cron as $wpmus_faults_time => $wpmus_faults_hooks ) {
			foreach ( array_keys( $wpmus_faults_hooks ) as $wpmus_faults_hook ) {
				if ( str_starts_with( (string) $wpmus_faults_hook, 'wpmus_' ) ) {
					unset( $wpmus_faults_cron[ $wpmus_faults_time ][ $wpmus_faults_hook ] );
				}
			}
			if ( array() === $wpmus_faults_cron[ $wpmus_faults_time ] ) {
				unset( $wpmus_faults_cron[ $wpmus_faults_time ] );
			}
		}
		_set_cron_array( $wpmus_faults_cron );
		foreach ( array_diff( wpmus_faults_all_sites(), $wpmus_faults_state['sites'] ) as $wpmus_faults_site ) {
			wp_delete_site( $wpmus_faults_site );
		}
		foreach ( $wpmus_faults_state['sites'] as $wpmus_faults_site ) {
			if ( get_site( $wpmus_faults_site )->archived ) {
				wp_update_site( $wpmus_faults_site, array( 'archived' => 0 ) );
			}
		}
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->usermeta} WHERE user_id > %d", $wpmus_faults_state['maxUser'] ) );
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->users} WHERE ID > %d", $wpmus_faults_state['maxUser'] ) );
		// Every membership row written since setup, whoever it belongs to (a scenario may double the demo users' too).
		$wpdb->query(
			$wpdb->prepare(
				"DELETE FROM {$wpdb->usermeta} WHERE umeta_id > %d
				AND (meta_key LIKE %s OR meta_key LIKE %s OR meta_key IN ('primary_blog', 'source_domain', 'wpmus_removed'))",
				$wpmus_faults_state['lastMeta'],
				$wpdb->esc_like( $wpdb->base_prefix ) . '%capabilities',
				$wpdb->esc_like( $wpdb->base_prefix ) . '%user\\_level'
			)
		);
		$wpdb->query( "ALTER TABLE {$wpdb->users} AUTO_INCREMENT = 1" );
		wp_cache_flush();
		break;

	case 'prefill':
		$wpmus_faults_state = wpmus_faults_state();
		$wpmus_faults_mod   = max( 2, (int) ( $wpmus_faults_args[0] ?? 3 ) );
		foreach ( $wpmus_faults_state['sites'] as $wpmus_faults_site ) {
			list( $wpmus_faults_caps, $wpmus_faults_level ) = wpmus_faults_keys( $wpmus_faults_site );
			// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared
			$wpdb->query(
				$wpdb->prepare(
					"INSERT INTO {$wpdb->usermeta} (user_id, meta_key, meta_value)
					SELECT ID, %s, %s FROM {$wpdb->users} WHERE ID >= %d AND ID <= %d AND ID %% %d <> 0
					UNION ALL SELECT ID, %s, '0' FROM {$wpdb->users} WHERE ID >= %d AND ID <= %d AND ID %% %d <> 0",
					$wpmus_faults_caps,
					serialize( array( 'subscriber' => true ) ), // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize
					$wpmus_faults_state['firstUser'],
					$wpmus_faults_state['maxUser'],
					$wpmus_faults_mod,
					$wpmus_faults_level,
					$wpmus_faults_state['firstUser'],
					$wpmus_faults_state['maxUser'],
					$wpmus_faults_mod
				)
			);
		}
		$wpdb->query(
			$wpdb->prepare(
				"INSERT INTO {$wpdb->usermeta} (user_id, meta_key, meta_value)
				SELECT ID, 'primary_blog', %s FROM {$wpdb->users} WHERE ID >= %d AND ID <= %d AND ID %% %d <> 0
				UNION ALL SELECT ID, 'source_domain', %s FROM {$wpdb->users} WHERE ID >= %d AND ID <= %d AND ID %% %d <> 0",
				(string) get_main_site_id(),
				$wpmus_faults_state['firstUser'],
				$wpmus_faults_state['maxUser'],
				$wpmus_faults_mod,
				get_network()->domain,
				$wpmus_faults_state['firstUser'],
				$wpmus_faults_state['maxUser'],
				$wpmus_faults_mod
			)
		);
		// phpcs:enable
		break;

	case 'settings':
		$wpmus_faults_changes = array();
		foreach ( $wpmus_faults_args as $wpmus_faults_arg ) {
			list( $wpmus_faults_name, $wpmus_faults_value ) = explode( '=', $wpmus_faults_arg, 2 );
			$wpmus_faults_changes[ $wpmus_faults_name ]     = 'on' === $wpmus_faults_value;
		}
		( new Settings( $wpmus_faults_network ) )->update( $wpmus_faults_changes );
		break;

	case 'rows':
		echo wpmus_faults_rows(), "\n";
		break;

	case 'job-new':
		$wpmus_faults_kind  = (string) ( $wpmus_faults_args[0] ?? Job::KIND_NETWORK );
		$wpmus_faults_sites = isset( $wpmus_faults_args[1] ) ? array_map( 'intval', explode( ',', $wpmus_faults_args[1] ) ) : null;
		$wpmus_faults_job   = wpmus_faults_runner()->create( $wpmus_faults_kind, $wpmus_faults_sites, false, 1 );
		ob_start();
		$wpmus_faults_job = wpmus_faults_drive( $wpmus_faults_job, 0.2, false, $wpmus_faults_opts );
		fwrite( STDERR, (string) ob_get_clean() );
		if ( Job::READY !== $wpmus_faults_job->status ) {
			wpmus_faults_die( 'The preview did not end ready: ' . wpmus_faults_describe( $wpmus_faults_job ) );
		}
		echo $wpmus_faults_job->id, "\n";
		break;

	case 'job-step':
		$wpmus_faults_job = wpmus_faults_job( (int) ( $wpmus_faults_args[0] ?? 0 ) );
		if ( Job::READY === $wpmus_faults_job->status ) {
			$wpmus_faults_job = wpmus_faults_runner()->start( $wpmus_faults_job );
		}
		$wpmus_faults_job = wpmus_faults_runner()->step( $wpmus_faults_job, (float) ( $wpmus_faults_args[1] ?? 0 ) );
		echo wpmus_faults_describe( $wpmus_faults_job ), "\n";
		break;

	case 'job-run':
		$wpmus_faults_job = wpmus_faults_job( (int) ( $wpmus_faults_args[0] ?? 0 ) );
		wpmus_faults_drive( $wpmus_faults_job, (float) ( $wpmus_faults_args[1] ?? 0.2 ), true, $wpmus_faults_opts );
		break;

	case 'engine-site':
		$wpmus_faults_site = (int) ( $wpmus_faults_args[0] ?? 0 );
		wpmus_faults_barrier( $wpmus_faults_opts );
		$wpmus_faults_report = Membership_Engine::for_network( $wpmus_faults_network )->run( new Sync_Request( null, array( $wpmus_faults_site ) ) );
		printf( "engine on site %d: added %s\n", $wpmus_faults_site, wpmus_faults_n( $wpmus_faults_report->added() ) );
		break;

	case 'site-job':
		$wpmus_faults_site = (int) ( $wpmus_faults_args[0] ?? 0 );
		$wpmus_faults_job  = wpmus_faults_runner()->create( Job::KIND_SITE, array( $wpmus_faults_site ), false, 1 );
		ob_start();
		$wpmus_faults_job = wpmus_faults_drive( $wpmus_faults_job, 5.0, false, array() );
		ob_end_clean();
		wpmus_faults_barrier( $wpmus_faults_opts );
		try {
			wpmus_faults_drive( $wpmus_faults_job, 5.0, true, $wpmus_faults_opts );
		} catch ( \WPM_User_Sync\Jobs\Job_Error $wpmus_faults_error ) {
			// Another job on the same site is running: refusing is a correct answer.
			printf( "site job %d on site %d refused to start: %s\n", $wpmus_faults_job->id, $wpmus_faults_site, $wpmus_faults_error->getMessage() );
		}
		break;

	case 'make-users':
		$wpmus_faults_how  = (string) ( $wpmus_faults_args[0] ?? 'wpmu' );
		$wpmus_faults_max  = (int) ( $wpmus_faults_args[1] ?? 10 );
		$wpmus_faults_made = 0;
		$wpmus_faults_tag  = $wpmus_faults_how . getmypid();
		while ( $wpmus_faults_made < $wpmus_faults_max && ! ( isset( $wpmus_faults_opts['until'] ) && file_exists( $wpmus_faults_opts['until'] ) ) ) {
			$wpmus_faults_login = sprintf( 'made%s%03d', $wpmus_faults_tag, $wpmus_faults_made );
			$wpmus_faults_user  = 'wpmu' === $wpmus_faults_how
				? wpmu_create_user( $wpmus_faults_login, 'password', $wpmus_faults_login . '@example.com' )
				: wp_insert_user(
					array(
						'user_login' => $wpmus_faults_login,
						'user_pass'  => 'password',
						'user_email' => $wpmus_faults_login . '@example.com',
					)
				);
			if ( ! $wpmus_faults_user || is_wp_error( $wpmus_faults_user ) ) {
				wpmus_faults_die( "Could not create $wpmus_faults_login: " . ( is_wp_error( $wpmus_faults_user ) ? $wpmus_faults_user->get_error_message() : 'wpmu_create_user() failed' ) );
			}
			++$wpmus_faults_made;
		}
		printf( "created %d users with %s\n", $wpmus_faults_made, 'wpmu' === $wpmus_faults_how ? 'wpmu_create_user()' : 'wp_insert_user()' );
		break;

	case 'make-sites':
		$wpmus_faults_max  = (int) ( $wpmus_faults_args[0] ?? 1 );
		$wpmus_faults_made = 0;
		if ( isset( $wpmus_faults_opts['syncing'] ) ) {
			// Tells the racing job the moment core has made the site's tables and the plugin's sync (priority 50) begins.
			add_action( 'wp_initialize_site', static fn() => touch( $wpmus_faults_opts['syncing'] ), 49 );
		}
		while ( $wpmus_faults_made < $wpmus_faults_max && ! ( isset( $wpmus_faults_opts['until'] ) && file_exists( $wpmus_faults_opts['until'] ) ) ) {
			$wpmus_faults_site = wp_insert_site(
				array(
					'domain'  => get_network()->domain,
					'path'    => sprintf( '/made-%d-%d/', getmypid(), $wpmus_faults_made ),
					'title'   => 'Made during a job',
					'user_id' => 1,
				)
			);
			if ( is_wp_error( $wpmus_faults_site ) ) {
				wpmus_faults_die( 'Could not create a site: ' . $wpmus_faults_site->get_error_message() );
			}
			++$wpmus_faults_made;
		}
		printf( "created %d sites with wp_insert_site()\n", $wpmus_faults_made );
		break;

	case 'archive':
		wp_update_site( (int) ( $wpmus_faults_args[0] ?? 0 ), array( 'archived' => 1 ) );
		break;

	case 'settle':
		for ( $wpmus_faults_round = 0; $wpmus_faults_round < 20; $wpmus_faults_round++ ) {
			$wpmus_faults_ran = 0;
			foreach ( _get_cron_array() as $wpmus_faults_time => $wpmus_faults_hooks ) {
				foreach ( $wpmus_faults_hooks as $wpmus_faults_hook => $wpmus_faults_events ) {
					if ( ! str_starts_with( (string) $wpmus_faults_hook, 'wpmus_' ) ) {
						continue;
					}
					foreach ( $wpmus_faults_events as $wpmus_faults_event ) {
						wp_unschedule_event( $wpmus_faults_time, $wpmus_faults_hook, $wpmus_faults_event['args'] );
						do_action_ref_array( $wpmus_faults_hook, $wpmus_faults_event['args'] );
						++$wpmus_faults_ran;
					}
				}
			}
			if ( 0 === $wpmus_faults_ran ) {
				break;
			}
		}
		break;

	case 'check':
		wpmus_faults_check( (string) ( $wpmus_faults_args[0] ?? 'check' ), $wpmus_faults_opts );
		break;

	default:
		wpmus_faults_die( "Unknown command '$wpmus_faults_command' (see the top of tests/faults/driver.php)." );
}

$wpmus_faults_done = true;
