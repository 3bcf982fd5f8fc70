<?php
/**
 * Benchmarks the bulk membership engine against version 1.3's approach, one
 * `add_user_to_blog()` per missing pair, on a network built for the purpose.
 *
 * Usage (bin/bench.sh provisions the instance and runs this):
 *   php -d memory_limit=256M bin/bench.php <wordpress-dir> [small] [large]
 *
 * Users are written with multi-row INSERTs (one password hash for all; creating
 * them one by one through wpmu_create_user() would spend minutes hashing) and get
 * no user meta: an account that belongs to no site has no membership rows, and
 * nickname and the other profile rows play no part in syncing. Sites are real
 * sites, made by wp_insert_site() with their tables.
 *
 * Every timed run happens in a PHP process of its own, which loads WordPress,
 * resets the peak memory, then runs; so its time and memory are its own and not
 * those of the runs before it. Every timed run starts from the same state: what a
 * run wrote is taken out again with SQL (every user meta row added after a
 * snapshot, and the primary sites as they were).
 *
 * @package WPM_User_Sync
 */

use WPM_User_Sync\Settings;
use WPM_User_Sync\Sync\Membership_Engine;
use WPM_User_Sync\Sync\Population;
use WPM_User_Sync\Sync\Report;
use WPM_User_Sync\Sync\Site_Roles;
use WPM_User_Sync\Sync\Sync_Request;

require __DIR__ . '/cli-guard.php';

const WPMUS_BENCH_SCENARIOS = array(
	'small' => array(
		'users'  => 2000,
		'sites'  => 20,
		'sample' => null, // 1.3's loop on every pair.
	),
	'large' => array(
		'users'  => 10000,
		'sites'  => 100,
		'sample' => 5000, // 1.3's loop on this many pairs, then extrapolated.
	),
);
const WPMUS_BENCH_MIN_SPEEDUP = 100;
const WPMUS_BENCH_MAX_SECONDS = 30;
const WPMUS_BENCH_MAX_PEAK_MB = 64;

$wpmus_wp_dir = $argv[1] ?? '';
if ( ! is_file( $wpmus_wp_dir . '/wp-load.php' ) ) {
	fwrite( STDERR, "Usage: php bin/bench.php <wordpress-dir> [small] [large]\n" );
	exit( 1 );
}
// A timed run, in a process of its own (see wpmus_bench_child()): --run <approach> <site IDs> <users>.
$wpmus_child  = '--run' === ( $argv[2] ?? '' ) ? array_slice( $argv, 3 ) : null;
$wpmus_chosen = null === $wpmus_child ? array_slice( $argv, 2 ) : array();
foreach ( $wpmus_chosen as $wpmus_name ) {
	if ( ! isset( WPMUS_BENCH_SCENARIOS[ $wpmus_name ] ) ) {
		fwrite( STDERR, "Unknown scenario '$wpmus_name' (known: " . implode( ', ', array_keys( WPMUS_BENCH_SCENARIOS ) ) . ").\n" );
		exit( 1 );
	}
}
// Smaller networks first: the larger one is built by adding to it.
$wpmus_chosen = array() === $wpmus_chosen
	? array_keys( WPMUS_BENCH_SCENARIOS )
	: array_values( array_intersect( array_keys( WPMUS_BENCH_SCENARIOS ), $wpmus_chosen ) );

// Sites made from the command line are logged with the client's address, which a command line lacks.
$_SERVER['REMOTE_ADDR'] = '127.0.0.1';
define( 'WP_ADMIN', false );
require $wpmus_wp_dir . '/wp-load.php';

if ( ! class_exists( Membership_Engine::class ) ) {
	fwrite( STDERR, "WPM User Sync is not loaded in $wpmus_wp_dir (is it network-activated?).\n" );
	exit( 1 );
}

/**
 * Prints a line.
 *
 * @param string $format  printf format.
 * @param mixed  ...$args Values.
 */
function wpmus_bench_say( string $format, ...$args ): void {
	vprintf( $format . "\n", $args );
	flush();
}

/**
 * Seconds since a hrtime( true ) reading.
 *
 * @param int|float $start Start.
 */
function wpmus_bench_since( $start ): float {
	return ( hrtime( true ) - $start ) / 1e9;
}

/**
 * A number with thousands separators.
 *
 * @param int|float $n        Number.
 * @param int       $decimals Decimals.
 */
function wpmus_bench_n( $n, int $decimals = 0 ): string {
	return number_format( (float) $n, $decimals, '.', ',' );
}

/**
 * Megabytes, for printing.
 *
 * @param int $bytes Bytes.
 */
function wpmus_bench_mb( int $bytes ): string {
	return sprintf( '%.1f', $bytes / 1048576 );
}

/**
 * Prints the machine's load: timings taken while other work runs on it are not comparable.
 */
function wpmus_bench_load(): void {
	$load  = sys_getloadavg();
	$cores = is_readable( '/proc/cpuinfo' ) ? substr_count( (string) file_get_contents( '/proc/cpuinfo' ), "\nprocessor" ) + 1 : 0;
	if ( is_array( $load ) ) {
		wpmus_bench_say( 'Load average (1, 5, 15 min): %.2f, %.2f, %.2f on %s cores.', $load[0], $load[1], $load[2], $cores ?: '?' );
	}
}

/**
 * A run's CPU time, for printing.
 *
 * @param array{php_cpu: float, db_cpu: float|null} $run Figures of a run.
 */
function wpmus_bench_cpu_text( array $run ): string {
	return sprintf( 'CPU: PHP %.2f s', $run['php_cpu'] ) . ( null === $run['db_cpu'] ? '' : sprintf( ', MariaDB %.2f s', $run['db_cpu'] ) );
}

/**
 * Users the engine syncs, ascending: the network's users in scope, as the domain decides
 * (Population: not spam, not deleted, super admins left out unless the network opts them in).
 *
 * @return int[]
 *
 * @throws RuntimeException When the users cannot be read (a Database_Error).
 */
function wpmus_bench_users_in_scope(): array {
	$network_id = get_current_network_id();
	$population = new Population( new Settings( $network_id ), $network_id );
	$users      = array();
	$after      = 0;
	do {
		list( $page, , $after ) = $population->next_users( $after, Membership_Engine::USERS_PER_BLOCK );
		array_push( $users, ...$page );
	} while ( 0 !== $after );
	return $users;
}

/**
 * Adds accounts until the network has $wanted users in scope, 1,000 per INSERT.
 *
 * @param int $wanted Users in scope wanted.
 * @return int How many accounts were added.
 *
 * @throws RuntimeException When the database refuses the rows.
 */
function wpmus_bench_add_users( int $wanted ): int {
	global $wpdb;
	$missing = $wanted - count( wpmus_bench_users_in_scope() );
	if ( $missing <= 0 ) {
		return 0;
	}
	$hash = wp_hash_password( 'password' );
	$next = 1 + (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->users} WHERE user_login LIKE 'bench-%'" );
	$now  = current_time( 'mysql', true );
	for ( $done = 0; $done < $missing; $done += 1000 ) {
		$rows = array();
		for ( $i = $done; $i < min( $missing, $done + 1000 ); $i++ ) {
			$login  = sprintf( 'bench-%05d', $next + $i );
			$rows[] = $wpdb->prepare( '(%s,%s,%s,%s,%s,%s)', $login, $hash, $login, $login . '@example.com', $now, $login );
		}
		$written = $wpdb->query( "INSERT INTO {$wpdb->users} (user_login, user_pass, user_nicename, user_email, user_registered, display_name) VALUES " . implode( ',', $rows ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		if ( false === $written ) {
			throw new RuntimeException( 'Could not add users: ' . $wpdb->last_error );
		}
	}
	wp_cache_set_users_last_changed();
	return $missing;
}

/**
 * The benchmark's sites, created until there are $wanted, ascending by ID.
 * Their default roles vary (subscriber, contributor, author), as on a real network.
 *
 * @param int $wanted Sites wanted.
 * @return int[]
 *
 * @throws RuntimeException When WordPress cannot create a site.
 */
function wpmus_bench_sites( int $wanted ): array {
	global $wpdb;
	$sites = array_map( 'intval', $wpdb->get_col( "SELECT blog_id FROM {$wpdb->blogs} WHERE path LIKE '/bench-%' ORDER BY blog_id" ) );
	$roles = array( 'subscriber', 'contributor', 'author' );
	for ( $n = count( $sites ) + 1; $n <= $wanted; $n++ ) {
		$site_id = wp_insert_site(
			array(
				'domain'  => get_network()->domain,
				'path'    => sprintf( '/bench-%03d/', $n ),
				'title'   => sprintf( 'Bench %03d', $n ),
				'user_id' => 1,
				'options' => array( 'default_role' => $roles[ $n % 3 ] ),
			)
		);
		if ( is_wp_error( $site_id ) ) {
			throw new RuntimeException( 'Could not create a site: ' . $site_id->get_error_message() );
		}
		$sites[] = (int) $site_id;
	}
	return array_slice( $sites, 0, $wanted );
}

/**
 * Membership rows on some sites: how many memberships, how many user_level rows,
 * and a checksum of every capabilities, user_level and primary site row, to tell
 * two outcomes apart.
 *
 * @param int[] $site_ids Sites.
 * @return array{memberships: int, levels: int, checksum: string}
 */
function wpmus_bench_state( array $site_ids ): array {
	global $wpdb;
	$caps   = array();
	$levels = array();
	foreach ( $site_ids as $site_id ) {
		$caps[]   = $wpdb->get_blog_prefix( $site_id ) . 'capabilities';
		$levels[] = $wpdb->get_blog_prefix( $site_id ) . 'user_level';
	}
	$in = static fn( array $keys ) => implode( ',', array_map( static fn( $k ) => $wpdb->prepare( '%s', $k ), $keys ) );
	// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the keys are escaped by $in.
	$memberships = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key IN ({$in( $caps )})" );
	$level_rows  = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key IN ({$in( $levels )})" );
	$checksum    = $wpdb->get_row(
		"SELECT COUNT(*) AS n, COALESCE(SUM(CRC32(CONCAT_WS('|', user_id, meta_key, meta_value))), 0) AS s FROM {$wpdb->usermeta}
		WHERE meta_key IN ({$in( array_merge( $caps, $levels, array( 'primary_blog', 'source_domain' ) ) )})",
		ARRAY_A
	);
	// phpcs:enable
	return array(
		'memberships' => $memberships,
		'levels'      => $level_rows,
		'checksum'    => $checksum['n'] . ':' . $checksum['s'],
	);
}

/**
 * What to go back to after a timed run: the last user meta row, and the primary sites.
 *
 * @return array{max: int, primary: array<int, array<string, string>>}
 */
function wpmus_bench_snapshot(): array {
	global $wpdb;
	return array(
		'max'     => (int) $wpdb->get_var( "SELECT COALESCE(MAX(umeta_id), 0) FROM {$wpdb->usermeta}" ),
		'primary' => $wpdb->get_results( "SELECT umeta_id, user_id, meta_key, meta_value FROM {$wpdb->usermeta} WHERE meta_key IN ('primary_blog','source_domain')", ARRAY_A ),
	);
}

/**
 * Takes out everything a run wrote, with SQL, and flushes the object cache.
 *
 * @param array{max: int, primary: array<int, array<string, string>>} $snapshot From wpmus_bench_snapshot().
 * @return float Seconds it took.
 */
function wpmus_bench_restore( array $snapshot ): float {
	global $wpdb;
	$start = hrtime( true );
	$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->usermeta} WHERE umeta_id > %d", $snapshot['max'] ) );
	$wpdb->query( "DELETE FROM {$wpdb->usermeta} WHERE meta_key IN ('primary_blog','source_domain')" );
	foreach ( array_chunk( $snapshot['primary'], 1000 ) as $chunk ) {
		$rows = array_map( static fn( $r ) => $wpdb->prepare( '(%d,%d,%s,%s)', $r['umeta_id'], $r['user_id'], $r['meta_key'], $r['meta_value'] ), $chunk );
		$wpdb->query( "INSERT INTO {$wpdb->usermeta} (umeta_id, user_id, meta_key, meta_value) VALUES " . implode( ',', $rows ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
	}
	wp_cache_flush();
	return wpmus_bench_since( $start );
}

/**
 * Version 1.3's approach: for each site, for each user not yet a member, add_user_to_blog().
 *
 * @param int[] $site_ids Sites.
 * @param int[] $user_ids Users.
 * @return int Memberships added.
 *
 * @throws RuntimeException When core refuses a membership.
 */
function wpmus_bench_one_pair( array $site_ids, array $user_ids ): int {
	$added = 0;
	$roles = new Site_Roles();
	foreach ( $site_ids as $site_id ) {
		// The role the engine gives (the site's default, or subscriber), so that both write the same rows.
		$role = $roles->default_role( $site_id );
		foreach ( $user_ids as $user_id ) {
			if ( ! is_user_member_of_blog( $user_id, $site_id ) ) {
				if ( true !== add_user_to_blog( $site_id, $user_id, $role ) ) {
					throw new RuntimeException( "add_user_to_blog( $site_id, $user_id ) failed." );
				}
				++$added;
			}
		}
	}
	return $added;
}

/**
 * CPU seconds used so far by this process and by the database server (when
 * bin/bench.sh names its process), to tell work from waiting on a busy machine.
 *
 * @return array{0: float, 1: float|null} [ PHP, MariaDB or null ].
 */
function wpmus_bench_cpu(): array {
	$usage = getrusage();
	$php   = $usage['ru_utime.tv_sec'] + $usage['ru_stime.tv_sec'] + ( $usage['ru_utime.tv_usec'] + $usage['ru_stime.tv_usec'] ) / 1e6;
	$db    = null;
	$pid   = (int) getenv( 'WPMUS_BENCH_DB_PID' );
	$stat  = $pid > 0 && is_readable( "/proc/$pid/stat" ) ? (string) file_get_contents( "/proc/$pid/stat" ) : '';
	if ( '' !== $stat ) {
		// Fields after "pid (name) ": utime and stime are the 12th and 13th, in clock ticks (100 a second on Linux).
		$fields = explode( ' ', substr( $stat, strrpos( $stat, ')' ) + 2 ) );
		$db     = ( (int) $fields[11] + (int) $fields[12] ) / 100;
	}
	return array( $php, $db );
}

/**
 * One timed run, in this (fresh) process: prints its figures as one JSON line.
 *
 * @param string[] $args [ 'one-pair'|'engine', comma-separated site IDs, users (0: all in scope) ].
 */
function wpmus_bench_run( array $args ): void {
	list( $approach, $site_ids, $users ) = $args + array( '', '', '0' );
	$site_ids = array_map( 'intval', explode( ',', $site_ids ) );

	$user_ids = 'one-pair' === $approach ? wpmus_bench_users_in_scope() : array();
	if ( (int) $users > 0 ) {
		$user_ids = array_slice( $user_ids, 0, (int) $users );
	}
	gc_collect_cycles();
	$base = memory_get_usage( true );
	memory_reset_peak_usage();
	$cpu   = wpmus_bench_cpu();
	$start = hrtime( true );
	if ( 'one-pair' === $approach ) {
		$added  = wpmus_bench_one_pair( $site_ids, $user_ids );
		$report = null;
	} else {
		$report = Membership_Engine::for_network( get_current_network_id() )->run( new Sync_Request( null, $site_ids ) );
		$added  = $report->added();
	}
	$seconds = wpmus_bench_since( $start );
	$after   = wpmus_bench_cpu();
	echo wp_json_encode(
		array(
			'added'   => $added,
			'seconds' => $seconds,
			'php_cpu' => $after[0] - $cpu[0],
			'db_cpu'  => null === $after[1] ? null : $after[1] - $cpu[1],
			'base'    => $base,
			'peak'    => memory_get_peak_usage( true ),
			'done'    => null === $report || $report->is_done(),
			'super'   => null === $report ? 0 : $report->skipped( Report::SKIP_SUPER_ADMIN ),
		)
	), "\n";
}

/**
 * Starts a timed run in a new PHP process, with this one's memory limit, and returns its figures.
 *
 * @param string $approach 'one-pair' or 'engine'.
 * @param int[]  $site_ids Sites.
 * @param int    $users    How many users in scope, from the lowest ID; 0 for all.
 * @return array{added: int, seconds: float, php_cpu: float, db_cpu: float|null, base: int, peak: int, done: bool, super: int}
 *
 * @throws RuntimeException When the run fails.
 */
function wpmus_bench_child( string $approach, array $site_ids, int $users = 0 ): array {
	global $wpmus_wp_dir;
	$command = implode(
		' ',
		array_map(
			'escapeshellarg',
			array( PHP_BINARY, '-d', 'memory_limit=' . ini_get( 'memory_limit' ), __FILE__, $wpmus_wp_dir, '--run', $approach, implode( ',', $site_ids ), (string) $users )
		)
	);
	$output = array();
	exec( $command, $output, $status ); // Its errors go to our stderr.
	$figures = json_decode( (string) end( $output ), true );
	if ( 0 !== $status || ! is_array( $figures ) ) {
		throw new RuntimeException( "The $approach run failed (exit status $status): " . implode( "\n", $output ) );
	}
	return $figures;
}

/**
 * Runs one scenario and returns its table rows and target checks.
 *
 * @param string                                          $name     Scenario name.
 * @param array{users: int, sites: int, sample: int|null} $scenario Its size.
 * @return array{rows: array<int, array<int, string>>, targets: array<int, array{0: string, 1: string, 2: bool}>}
 *
 * @throws RuntimeException When a run fails or the runs disagree.
 */
function wpmus_bench_scenario( string $name, array $scenario ): array {
	$sampled = null !== $scenario['sample'];
	wpmus_bench_say( '' );
	wpmus_bench_say( '== %s: %s users × %s sites', $name, wpmus_bench_n( $scenario['users'] ), $scenario['sites'] );

	$start    = hrtime( true );
	$accounts = wpmus_bench_add_users( $scenario['users'] );
	$users    = wpmus_bench_users_in_scope();
	wpmus_bench_say( '   users:  %s accounts added with multi-row INSERTs in %.2f s; %s users in scope, the demo seed\'s included', wpmus_bench_n( $accounts ), wpmus_bench_since( $start ), wpmus_bench_n( count( $users ) ) );
	$start = hrtime( true );
	$sites = wpmus_bench_sites( $scenario['sites'] );
	wpmus_bench_say( '   sites:  %d sites ready (IDs %d-%d, owned by the super admin) in %.2f s', count( $sites ), $sites[0], end( $sites ), wpmus_bench_since( $start ) );

	wp_cache_flush();
	$snapshot = wpmus_bench_snapshot();
	$before   = wpmus_bench_state( $sites );
	if ( count( $sites ) !== $before['memberships'] ) {
		throw new RuntimeException( "Expected only the sites' owner as a member before the runs; found {$before['memberships']} memberships." );
	}
	$expected = count( $users ) * count( $sites );
	wpmus_bench_say( '   to add: %s memberships (every user in scope on every site)', wpmus_bench_n( $expected ) );

	// (a) 1.3: one pair at a time, on every pair or on a sample of the users.
	$sample = $sampled ? (int) ceil( $scenario['sample'] / count( $sites ) ) : 0;
	$old    = wpmus_bench_child( 'one-pair', $sites, $sample );
	$old_state = wpmus_bench_state( $sites );
	if ( $old_state['memberships'] - $before['memberships'] !== $old['added'] || ( $sampled ? $sample * count( $sites ) : $expected ) !== $old['added'] ) {
		throw new RuntimeException( "1.3's loop: {$old['added']} added, the database holds " . ( $old_state['memberships'] - $before['memberships'] ) . ' new memberships.' );
	}
	$old_rate  = $old['added'] / $old['seconds'];
	$old_total = $sampled ? $expected / $old_rate : $old['seconds'];
	if ( $sampled ) {
		wpmus_bench_say(
			'   1.3:    sample of %s memberships (%d users × %d sites) in %.2f s = %s/s (%s) -> EXTRAPOLATED to %s: %s s (%.1f min)',
			wpmus_bench_n( $old['added'] ),
			$sample,
			count( $sites ),
			$old['seconds'],
			wpmus_bench_n( $old_rate ),
			wpmus_bench_cpu_text( $old ),
			wpmus_bench_n( $expected ),
			wpmus_bench_n( $old_total ),
			$old_total / 60
		);
	} else {
		wpmus_bench_say( '   1.3:    %s memberships in %.2f s = %s/s (%s); peak memory %s MB', wpmus_bench_n( $old['added'] ), $old['seconds'], wpmus_bench_n( $old_rate ), wpmus_bench_cpu_text( $old ), wpmus_bench_mb( $old['peak'] ) );
	}
	$seconds = wpmus_bench_restore( $snapshot );
	if ( wpmus_bench_state( $sites ) !== $before ) {
		throw new RuntimeException( "The state after taking 1.3's memberships out differs from the state before." );
	}
	wpmus_bench_say( '   reset:  memberships taken out again with SQL in %.2f s', $seconds );

	// (b) The engine, on every pair.
	$new      = wpmus_bench_child( 'engine', $sites );
	$after    = wpmus_bench_state( $sites );
	$new_rate = $new['added'] / $new['seconds'];
	if ( ! $new['done'] ) {
		throw new RuntimeException( 'The engine did not finish the request.' );
	}
	if ( $after['memberships'] - $before['memberships'] !== $new['added'] ) {
		throw new RuntimeException( "The engine's report says {$new['added']} added; the database holds " . ( $after['memberships'] - $before['memberships'] ) . ' new memberships.' );
	}
	if ( $expected !== $new['added'] ) {
		throw new RuntimeException( "The engine added {$new['added']} memberships; $expected were missing." );
	}
	if ( $after['levels'] !== $after['memberships'] ) {
		throw new RuntimeException( 'The engine wrote capabilities rows without user_level rows, or the other way round.' );
	}
	wpmus_bench_say(
		'   engine: %s memberships in %.2f s = %s/s (%s); peak memory %s MB (%s MB with WordPress loaded, before the run)',
		wpmus_bench_n( $new['added'] ),
		$new['seconds'],
		wpmus_bench_n( $new_rate ),
		wpmus_bench_cpu_text( $new ),
		wpmus_bench_mb( $new['peak'] ),
		wpmus_bench_mb( $new['base'] )
	);
	if ( $sampled ) {
		wpmus_bench_say( '   check:  the report and the database agree: %s added (every missing pair), %s super-admin pairs skipped', wpmus_bench_n( $new['added'] ), wpmus_bench_n( $new['super'] ) );
	} else {
		$same = $old_state === $after;
		wpmus_bench_say(
			'   check:  both added %s memberships; the report agrees (%s super-admin pairs skipped); capabilities, user_level and primary site rows %s',
			wpmus_bench_n( $new['added'] ),
			wpmus_bench_n( $new['super'] ),
			$same ? 'identical' : 'DIFFER'
		);
		if ( ! $same ) {
			throw new RuntimeException( "1.3's loop and the engine left different rows ({$old_state['checksum']} vs {$after['checksum']})." );
		}
	}
	$seconds = wpmus_bench_restore( $snapshot );
	wpmus_bench_say( '   reset:  memberships taken out again with SQL in %.2f s', $seconds );

	$speedup = $old_total / $new['seconds'];
	$rows    = array(
		array( $name, '1.3, one pair at a time' . ( $sampled ? ' (EXTRAPOLATED)' : '' ), wpmus_bench_n( $expected ), wpmus_bench_n( $old_total, 2 ), wpmus_bench_n( $old_rate ), wpmus_bench_mb( $old['peak'] ) ),
		array( $name, 'engine', wpmus_bench_n( $new['added'] ), wpmus_bench_n( $new['seconds'], 2 ), wpmus_bench_n( $new_rate ), wpmus_bench_mb( $new['peak'] ) ),
	);
	$targets = array(
		array( "$name: engine ≥ " . WPMUS_BENCH_MIN_SPEEDUP . '× faster than 1.3' . ( $sampled ? ' (extrapolated)' : '' ), wpmus_bench_n( $speedup, 1 ) . '×', $speedup >= WPMUS_BENCH_MIN_SPEEDUP ),
	);
	if ( $sampled ) {
		$targets[] = array( "$name: engine < " . WPMUS_BENCH_MAX_SECONDS . ' s', sprintf( '%.2f s', $new['seconds'] ), $new['seconds'] < WPMUS_BENCH_MAX_SECONDS );
		$targets[] = array( "$name: engine peak memory < " . WPMUS_BENCH_MAX_PEAK_MB . ' MB', wpmus_bench_mb( $new['peak'] ) . ' MB', $new['peak'] < WPMUS_BENCH_MAX_PEAK_MB * 1048576 );
	}
	return array(
		'rows'    => $rows,
		'targets' => $targets,
	);
}

/**
 * Prints rows as a table with aligned columns.
 *
 * @param array<int, array<int, string>> $rows  Rows; the first is the header.
 * @param int[]                          $right Columns aligned right.
 */
function wpmus_bench_table( array $rows, array $right = array() ): void {
	$widths = array();
	foreach ( $rows as $row ) {
		foreach ( $row as $i => $cell ) {
			$widths[ $i ] = max( $widths[ $i ] ?? 0, mb_strlen( $cell ) );
		}
	}
	foreach ( $rows as $row ) {
		$cells = array();
		foreach ( $row as $i => $cell ) {
			$pad     = str_repeat( ' ', $widths[ $i ] - mb_strlen( $cell ) );
			$cells[] = in_array( $i, $right, true ) ? $pad . $cell : $cell . $pad;
		}
		wpmus_bench_say( '  %s', rtrim( implode( '   ', $cells ) ) );
	}
}

if ( null !== $wpmus_child ) {
	wpmus_bench_run( $wpmus_child );
	wpmus_cli_done();
	exit( 0 );
}

// The triggers stay out of the way: a new site or user would otherwise be synced as it is made.
( new Settings( get_current_network_id() ) )->update(
	array(
		'newSiteSync' => false,
		'newUserSync' => false,
		'roleSync'    => false,
	)
);

wpmus_bench_say( 'Each timed run is a PHP process of its own (memory_limit %s); its peak memory is memory_get_peak_usage( true ), WordPress included.', ini_get( 'memory_limit' ) );
wpmus_bench_load();

$wpmus_rows    = array( array( 'scenario', 'approach', 'memberships', 'seconds', 'per second', 'peak MB' ) );
$wpmus_targets = array();
try {
	foreach ( $wpmus_chosen as $wpmus_name ) {
		$wpmus_result  = wpmus_bench_scenario( $wpmus_name, WPMUS_BENCH_SCENARIOS[ $wpmus_name ] );
		$wpmus_rows    = array_merge( $wpmus_rows, $wpmus_result['rows'] );
		$wpmus_targets = array_merge( $wpmus_targets, $wpmus_result['targets'] );
	}
} catch ( RuntimeException $wpmus_error ) {
	fwrite( STDERR, 'Benchmark failed: ' . $wpmus_error->getMessage() . "\n" );
	wpmus_cli_done(); // Reported; the shutdown check need not say it again.
	exit( 1 );
}

wpmus_bench_load();
wpmus_bench_say( '' );
wpmus_bench_say( '== Results' );
wpmus_bench_table( $wpmus_rows, array( 2, 3, 4, 5 ) );
wpmus_bench_say( '' );
wpmus_bench_say( '== Targets (a report: a MISS does not fail the run)' );
wpmus_bench_table( array_map( static fn( $t ) => array( $t[0], $t[1], $t[2] ? 'PASS' : 'MISS' ), $wpmus_targets ), array( 1 ) );

wpmus_cli_done();
