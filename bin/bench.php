<?php
/**
 * Benchmarks the bulk membership engine against version 1.3's approach, one
 * `add_user_to_blog()` per missing pair, and against the set-based floor, one
 * `INSERT … SELECT` per site, on a network built for the purpose.
 *
 * Usage (bin/bench.sh provisions the instance and runs this):
 *   php -d memory_limit=256M bin/bench.php <wordpress-dir> [small] [large] [10m]
 *
 * Users are written with multi-row INSERTs (one password hash for all; creating
 * them one by one through wpmu_create_user() would spend minutes hashing) and get
 * no user meta: an account that belongs to no site has no membership rows, and
 * nickname and the other profile rows play no part in syncing. The sites of small
 * and large are real sites, made by wp_insert_site() with their tables; those of
 * 10m are cloned with SQL from three real ones (see wpmus_bench_cloned_sites()).
 *
 * Every timed run happens in a PHP process of its own, which loads WordPress,
 * resets the peak memory, then runs; so its time and memory are its own and not
 * those of the runs before it. Every timed run starts from the same state: what a
 * run wrote is taken out again with SQL (every user meta row added after a
 * snapshot, and the primary sites as they were; where the set-based floor is
 * timed too, the user meta table is put back from a copy instead, so that every
 * run writes into an equally fresh table, and since deleting 20 million rows
 * takes longer than the runs).
 *
 * @package WPM_User_Sync
 */

use WPM_User_Sync\Settings;
use WPM_User_Sync\Sync\Membership_Engine;
use WPM_User_Sync\Sync\Report;
use WPM_User_Sync\Sync\Site_Roles;
use WPM_User_Sync\Sync\Sync_Request;

require __DIR__ . '/cli-guard.php';

const WPMUS_BENCH_SCENARIOS = array(
	'small' => array(
		'users'  => 2000,
		'sites'  => 20,
		'sample' => null, // 1.3's loop on every pair.
		'floor'  => true, // What 1.3 could be beaten by at most, on this machine.
		'repeat' => 3, // The floor and the engine take half a second: the median of three, so one hiccup of the machine does not pass for their time.
	),
	'large' => array(
		'users'       => 10000,
		'sites'       => 100,
		'sample'      => 5000, // 1.3's loop on this many pairs, then extrapolated.
		'floor'       => true, // The set-based floor is measured too.
		'max_seconds' => 30,
	),
	'10m'   => array(
		'users'       => 10000,
		'sites'       => 1000,
		'sample'      => 5000,
		'floor'       => true,
		'max_seconds' => 180,
		'kept'        => true, // Its network stays between runs (bin/bench.sh gives it an instance of its own).
	),
);
const WPMUS_BENCH_MIN_SPEEDUP   = 100;
const WPMUS_BENCH_MAX_PEAK_MB   = 64;
const WPMUS_BENCH_MAX_VS_FLOOR  = 1.3;
const WPMUS_BENCH_MAX_LOG_COST  = 1.3;
const WPMUS_BENCH_SNAPSHOT      = 'wpmus_bench_usermeta_base';
const WPMUS_BENCH_DEFAULT_CHOSE = array( 'small', 'large' );

$wpmus_wp_dir = $argv[1] ?? '';
if ( ! is_file( $wpmus_wp_dir . '/wp-load.php' ) ) {
	fwrite( STDERR, "Usage: php bin/bench.php <wordpress-dir> [small] [large] [10m]\n" );
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
$wpmus_chosen = array_values( array_intersect( array_keys( WPMUS_BENCH_SCENARIOS ), array() === $wpmus_chosen ? WPMUS_BENCH_DEFAULT_CHOSE : $wpmus_chosen ) );

// Runs without the activity log (see includes/Activity/Activity_Store.php::is_on()): the engine's
// second run, and 1.3's loop, which had no log to write.
if ( null !== $wpmus_child && in_array( $wpmus_child[0] ?? '', array( 'engine-without-log', 'one-pair' ), true ) ) {
	define( 'WPMUS_ACTIVITY_LOG', false );
}

// Sites made from the command line are logged with the client's address, which a command line lacks.
$_SERVER['REMOTE_ADDR'] = '127.0.0.1';
define( 'WP_ADMIN', false );
require $wpmus_wp_dir . '/wp-load.php';
require __DIR__ . '/bench-lib.php';

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
	for ( $n = count( $sites ) + 1; $n <= $wanted; $n++ ) {
		$site_id = wp_insert_site(
			array(
				'domain'  => get_network()->domain,
				'path'    => sprintf( '/bench-%03d/', $n ),
				'title'   => sprintf( 'Bench %03d', $n ),
				'user_id' => 1,
				'options' => array( 'default_role' => WPMUS_BENCH_DEFAULT_ROLES[ $n % 3 ] ),
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
 * Membership rows on some sites: how many memberships, how many user_level rows, a
 * checksum of every capabilities, user_level and primary site row, to tell two outcomes
 * apart, and one of the capabilities and user_level rows alone (the set-based floor
 * gives no primary sites).
 *
 * The rows are read in one pass over the table (its meta_key index would cost a random
 * read per row once the table outgrows the buffer pool, as at 20 million rows).
 *
 * @param int[] $site_ids Sites.
 * @return array{memberships: int, levels: int, checksum: string, membership_checksum: string}
 */
function wpmus_bench_state( array $site_ids ): array {
	global $wpdb;
	$caps   = array();
	$levels = array();
	foreach ( $site_ids as $site_id ) {
		$caps[]   = $wpdb->prepare( '%s', $wpdb->get_blog_prefix( $site_id ) . 'capabilities' );
		$levels[] = $wpdb->prepare( '%s', $wpdb->get_blog_prefix( $site_id ) . 'user_level' );
	}
	$caps   = implode( ',', $caps );
	$levels = implode( ',', $levels );
	$crc    = "CRC32(CONCAT_WS('|', user_id, meta_key, meta_value))";
	// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the keys are escaped above.
	$row = $wpdb->get_row(
		"SELECT COUNT(*) AS n, COALESCE(SUM($crc), 0) AS s,
			COALESCE(SUM(meta_key IN ($caps)), 0) AS memberships, COALESCE(SUM(meta_key IN ($levels)), 0) AS levels,
			COALESCE(SUM(IF(meta_key IN ('primary_blog','source_domain'), 0, $crc)), 0) AS ms
		FROM {$wpdb->usermeta} IGNORE INDEX (meta_key)
		WHERE meta_key IN ($caps) OR meta_key IN ($levels) OR meta_key IN ('primary_blog','source_domain')",
		ARRAY_A
	);
	// phpcs:enable
	return array(
		'memberships'         => (int) $row['memberships'],
		'levels'              => (int) $row['levels'],
		'checksum'            => $row['n'] . ':' . $row['s'],
		'membership_checksum' => ( $row['memberships'] + $row['levels'] ) . ':' . $row['ms'],
	);
}

/**
 * What to go back to after a timed run: the last user meta row, and the primary sites;
 * or a copy of the whole user meta table (wpmus_bench_restore() then swaps a copy of it
 * in rather than deleting what the runs added: faster on a large table, and the next run
 * finds a table as fresh as the last one did).
 *
 * @param bool $as_table Whether to copy the table.
 * @return array{max: int, primary: array<int, array<string, string>>, table: bool}
 *
 * @throws RuntimeException When the database refuses the copy.
 */
function wpmus_bench_snapshot( bool $as_table ): array {
	global $wpdb;
	if ( $as_table ) {
		$copy = $wpdb->base_prefix . WPMUS_BENCH_SNAPSHOT;
		wpmus_bench_sql( "DROP TABLE IF EXISTS $copy" );
		wpmus_bench_sql( "CREATE TABLE $copy LIKE {$wpdb->usermeta}" );
		wpmus_bench_sql( "INSERT INTO $copy SELECT * FROM {$wpdb->usermeta}" );
	}
	return array(
		'max'     => (int) $wpdb->get_var( "SELECT COALESCE(MAX(umeta_id), 0) FROM {$wpdb->usermeta}" ),
		'primary' => $as_table ? array() : $wpdb->get_results( "SELECT umeta_id, user_id, meta_key, meta_value FROM {$wpdb->usermeta} WHERE meta_key IN ('primary_blog','source_domain')", ARRAY_A ),
		'table'   => $as_table,
	);
}

/**
 * Takes out everything a run wrote, with SQL, and flushes the object cache.
 *
 * @param array{max: int, primary: array<int, array<string, string>>, table: bool} $snapshot From wpmus_bench_snapshot().
 * @return float Seconds it took.
 *
 * @throws RuntimeException When the database refuses to put the copy back.
 */
function wpmus_bench_restore( array $snapshot ): float {
	global $wpdb;
	$start = hrtime( true );
	if ( $snapshot['table'] ) {
		wpmus_bench_restore_table();
	} else {
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->usermeta} WHERE umeta_id > %d", $snapshot['max'] ) );
		$wpdb->query( "DELETE FROM {$wpdb->usermeta} WHERE meta_key IN ('primary_blog','source_domain')" );
		foreach ( array_chunk( $snapshot['primary'], 1000 ) as $chunk ) {
			$rows = array_map( static fn( $r ) => $wpdb->prepare( '(%d,%d,%s,%s)', $r['umeta_id'], $r['user_id'], $r['meta_key'], $r['meta_value'] ), $chunk );
			$wpdb->query( "INSERT INTO {$wpdb->usermeta} (umeta_id, user_id, meta_key, meta_value) VALUES " . implode( ',', $rows ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		}
	}
	wp_cache_flush();
	return wpmus_bench_since( $start );
}

/**
 * Puts the user meta table back as wpmus_bench_snapshot() copied it: a new table filled
 * from the copy takes its place in one RENAME, and the old one is dropped.
 *
 * @throws RuntimeException When the database refuses a step.
 */
function wpmus_bench_restore_table(): void {
	global $wpdb;
	$copy = $wpdb->base_prefix . WPMUS_BENCH_SNAPSHOT;
	$new  = $wpdb->base_prefix . 'wpmus_bench_usermeta_new';
	$old  = $wpdb->base_prefix . 'wpmus_bench_usermeta_old';
	wpmus_bench_sql( "DROP TABLE IF EXISTS $new, $old" );
	wpmus_bench_sql( "CREATE TABLE $new LIKE $copy" );
	wpmus_bench_sql( "INSERT INTO $new SELECT * FROM $copy" );
	wpmus_bench_sql( "RENAME TABLE {$wpdb->usermeta} TO $old, $new TO {$wpdb->usermeta}" );
	wpmus_bench_sql( "DROP TABLE $old" );
}

/**
 * The size of the user meta table's file (InnoDB, a file per table), in bytes; 0 when unknown.
 */
function wpmus_bench_usermeta_bytes(): int {
	global $wpdb;
	$file = $wpdb->get_var( 'SELECT @@datadir' ) . DB_NAME . '/' . $wpdb->usermeta . '.ibd';
	return is_readable( $file ) ? (int) filesize( $file ) : 0;
}

/**
 * Version 1.3's approach, as its "Sync specific site" action wrote it
 * (wpmus_sync_NetworkSiteFromScratch()): for each site, for each user not yet a member,
 * add_user_to_blog() with the site's default role read by get_blog_option() for that pair.
 * Its list of users is read before the clock starts (1.3 read it with get_users() in the
 * same request), which favours 1.3 a little.
 *
 * @param int[] $site_ids Sites.
 * @param int[] $user_ids Users.
 * @return int Memberships added.
 *
 * @throws RuntimeException When core refuses a membership.
 */
function wpmus_bench_one_pair( array $site_ids, array $user_ids ): int {
	$added = 0;
	foreach ( $site_ids as $site_id ) {
		foreach ( $user_ids as $user_id ) {
			if ( ! is_user_member_of_blog( $user_id, $site_id ) ) {
				if ( true !== add_user_to_blog( $site_id, $user_id, get_blog_option( $site_id, 'default_role', 'subscriber' ) ) ) {
					throw new RuntimeException( "add_user_to_blog( $site_id, $user_id ) failed." );
				}
				++$added;
			}
		}
	}
	return $added;
}

/**
 * The set-based floor: the capabilities and user_level rows the engine writes, as one
 * `INSERT … SELECT` per site from wp_users (not spam, not deleted, super admins left out:
 * the users in scope), with the site's default role serialized and its user level. It
 * writes no primary site, and does not look for memberships that exist (none do: the
 * runs start from sites whose only member is their owner, a super admin). The roles and
 * levels are read before the clock starts. Runs in this process: it is SQL alone.
 *
 * @param int[] $site_ids Sites.
 * @return array{added: int, seconds: float, db_cpu: float|null}
 *
 * @throws RuntimeException When the database refuses a statement.
 */
function wpmus_bench_floor( array $site_ids ): array {
	global $wpdb;
	$roles = new Site_Roles();
	$super = array( 0 );
	foreach ( get_super_admins() as $login ) {
		$user    = get_user_by( 'login', $login );
		$super[] = $user ? $user->ID : 0;
	}
	$super = implode( ',', $super );
	$sql   = array();
	foreach ( $site_ids as $site_id ) {
		$role   = $roles->default_role( $site_id );
		$prefix = $wpdb->get_blog_prefix( $site_id );
		$sql[]  = $wpdb->prepare(
			"INSERT INTO {$wpdb->usermeta} (user_id, meta_key, meta_value)
			SELECT u.ID, k.meta_key, k.meta_value FROM {$wpdb->users} u
			JOIN (SELECT %s AS meta_key, %s AS meta_value UNION ALL SELECT %s, %s) k
			WHERE u.spam = 0 AND u.deleted = 0 AND u.ID NOT IN ($super)", // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- $super holds integers.
			$prefix . 'capabilities',
			serialize( array( $role => true ) ), // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize -- The format core stores.
			$prefix . 'user_level',
			(string) $roles->user_level( $site_id, $role )
		);
	}
	$added = 0;
	$cpu   = wpmus_bench_cpu();
	$start = hrtime( true );
	foreach ( $sql as $statement ) {
		$added += intdiv( wpmus_bench_sql( $statement ), 2 );
	}
	$seconds = wpmus_bench_since( $start );
	$after   = wpmus_bench_cpu();
	wp_cache_flush();
	return array(
		'added'   => $added,
		'seconds' => $seconds,
		'db_cpu'  => null === $after[1] ? null : $after[1] - $cpu[1],
	);
}

/**
 * Of several runs, the one of median time (the upper middle one of an even number).
 *
 * @param array<int, array{seconds: float}> $runs Runs.
 * @return array{seconds: float}
 */
function wpmus_bench_median( array $runs ): array {
	usort( $runs, static fn( array $a, array $b ): int => $a['seconds'] <=> $b['seconds'] );
	return $runs[ intdiv( count( $runs ), 2 ) ];
}

/**
 * Several runs' times for printing, as " (median of 0.45, 0.47, 0.52 s)"; nothing for one run.
 *
 * @param array<int, array{seconds: float}> $runs Runs, in the order they ran.
 */
function wpmus_bench_runs_text( array $runs ): string {
	if ( count( $runs ) < 2 ) {
		return '';
	}
	return ' (median of ' . implode( ', ', array_map( static fn( array $run ): string => sprintf( '%.2f', $run['seconds'] ), $runs ) ) . ' s)';
}

/**
 * One timed run, in this (fresh) process: prints its figures as one JSON line.
 *
 * @param string[] $args [ 'one-pair'|'engine'|'engine-without-log', comma-separated site IDs, users (0: all in scope) ].
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
 * @param string $approach 'one-pair', 'engine' or 'engine-without-log'.
 * @param int[]  $site_ids Sites.
 * @param int    $users    How many users in scope, from the lowest ID; 0 for all.
 * @return array{added: int, seconds: float, php_cpu: float, db_cpu: float|null, base: int, peak: int, done: bool, super: int}
 *
 * @throws RuntimeException When the run fails.
 */
function wpmus_bench_child( string $approach, array $site_ids, int $users = 0 ): array {
	global $wpmus_wp_dir;
	return wpmus_bench_process( array( __FILE__, $wpmus_wp_dir, '--run', $approach, implode( ',', $site_ids ), (string) $users ), (string) ini_get( 'memory_limit' ) );
}

/**
 * How many entries the activity log holds.
 */
function wpmus_bench_activity_entries(): int {
	return ( new WPM_User_Sync\Activity\Activity_Store() )->count( new WPM_User_Sync\Activity\Activity_Filter( get_current_network_id() ) );
}

/**
 * Empties the activity log, so that each run starts from the same table.
 */
function wpmus_bench_clear_activity(): void {
	global $wpdb;
	foreach ( array( WPM_User_Sync\Activity\Activity_Store::events_table(), WPM_User_Sync\Activity\Activity_Store::sites_table(), WPM_User_Sync\Activity\Activity_Store::users_table() ) as $table ) {
		$wpdb->query( "TRUNCATE TABLE $table" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- The plugin's own tables.
	}
}

/**
 * Makes sure a kept network starts clean: memberships left by a run that was cut short
 * are taken out by putting back the copy of the user meta table the run started from.
 *
 * @param int[]                                                    $site_ids Sites.
 * @param array{memberships: int, levels: int, checksum: string, membership_checksum: string} $state State now.
 * @return array{memberships: int, levels: int, checksum: string, membership_checksum: string} State then.
 *
 * @throws RuntimeException When there is no copy to put back.
 */
function wpmus_bench_tidy( array $site_ids, array $state ): array {
	global $wpdb;
	if ( count( $site_ids ) === $state['memberships'] ) {
		return $state;
	}
	if ( ! $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->base_prefix . WPMUS_BENCH_SNAPSHOT ) ) ) {
		throw new RuntimeException( 'The kept network holds memberships of an earlier run and no copy of its user meta to go back to: run it again with --rebuild.' );
	}
	$start = hrtime( true );
	wpmus_bench_restore_table();
	wp_cache_flush();
	wpmus_bench_say( '   tidy:   memberships left by an earlier run taken out (user meta put back from its copy) in %.2f s', wpmus_bench_since( $start ) );
	return wpmus_bench_state( $site_ids );
}

/**
 * Runs one scenario and returns its table rows and target checks.
 *
 * @param string                                                                                        $name     Scenario name.
 * @param array{users: int, sites: int, sample: int|null, floor?: bool, max_seconds?: int, kept?: bool} $scenario Its size.
 * @return array{rows: array<int, array<int, string>>, targets: array<int, array{0: string, 1: string, 2: bool}>}
 *
 * @throws RuntimeException When a run fails or the runs disagree.
 */
function wpmus_bench_scenario( string $name, array $scenario ): array {
	$sampled = null !== $scenario['sample'];
	$kept    = ! empty( $scenario['kept'] );
	wpmus_bench_say( '' );
	wpmus_bench_say( '== %s: %s users × %s sites', $name, wpmus_bench_n( $scenario['users'] ), wpmus_bench_n( $scenario['sites'] ) );

	$start    = hrtime( true );
	$accounts = wpmus_bench_add_users( $scenario['users'] );
	$users    = wpmus_bench_users_in_scope();
	wpmus_bench_say( '   users:  %s accounts added with multi-row INSERTs in %.2f s; %s users in scope, the demo seed\'s included', wpmus_bench_n( $accounts ), wpmus_bench_since( $start ), wpmus_bench_n( count( $users ) ) );
	$start = hrtime( true );
	if ( $kept ) {
		$sites = wpmus_bench_cloned_sites( 'bench', $scenario['sites'] );
		wpmus_bench_say( '   sites:  %s sites ready (IDs %d-%d, owned by the super admin; 3 made by wp_insert_site(), the others cloned with SQL, without content tables) in %.2f s', wpmus_bench_n( count( $sites ) ), $sites[0], end( $sites ), wpmus_bench_since( $start ) );
	} else {
		$sites = wpmus_bench_sites( $scenario['sites'] );
		wpmus_bench_say( '   sites:  %d sites ready (IDs %d-%d, owned by the super admin) in %.2f s', count( $sites ), $sites[0], end( $sites ), wpmus_bench_since( $start ) );
	}

	wp_cache_flush();
	$before = wpmus_bench_state( $sites );
	if ( $kept ) {
		$before = wpmus_bench_tidy( $sites, $before );
	}
	if ( count( $sites ) !== $before['memberships'] ) {
		throw new RuntimeException( "Expected only the sites' owner as a member before the runs; found {$before['memberships']} memberships." );
	}
	// Where the engine is compared with the floor, each starts from a table built afresh: after a
	// DELETE of millions of rows, InnoDB's purge would still be at work during the next run.
	$snapshot = wpmus_bench_snapshot( $kept || ! empty( $scenario['floor'] ) );
	$expected = count( $users ) * count( $sites );
	wpmus_bench_say( '   to add: %s memberships (every user in scope on every site)', wpmus_bench_n( $expected ) );

	// (a) 1.3: one pair at a time, on every pair or on a sample of the users.
	$sample    = $sampled ? (int) ceil( $scenario['sample'] / count( $sites ) ) : 0;
	$old       = wpmus_bench_child( 'one-pair', $sites, $sample );
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
	wpmus_bench_say( '   reset:  %s in %.2f s', $snapshot['table'] ? 'the user meta table put back from its copy' : 'memberships taken out again with SQL', $seconds );

	// (b) The set-based floor, where the scenario measures it.
	$repeat      = $scenario['repeat'] ?? 1;
	$floor       = null;
	$floor_state = $before;
	if ( ! empty( $scenario['floor'] ) ) {
		$floors = array();
		$bytes  = 0;
		for ( $i = 0; $i < $repeat; $i++ ) {
			$floors[]    = wpmus_bench_floor( $sites );
			$floor       = end( $floors );
			$floor_state = wpmus_bench_state( $sites );
			if ( $expected !== $floor['added'] || $floor_state['memberships'] - $before['memberships'] !== $expected || $floor_state['levels'] !== $floor_state['memberships'] ) {
				throw new RuntimeException( "The set-based floor wrote {$floor['added']} memberships ({$floor_state['memberships']} capabilities and {$floor_state['levels']} user_level rows in the database); $expected were missing." );
			}
			$bytes   = wpmus_bench_usermeta_bytes();
			$seconds = wpmus_bench_restore( $snapshot );
		}
		$floor = wpmus_bench_median( $floors );
		wpmus_bench_say(
			'   floor:  %s memberships as one INSERT … SELECT per site in %.2f s%s = %s/s%s; the user meta table then takes %s MB on disk',
			wpmus_bench_n( $floor['added'] ),
			$floor['seconds'],
			wpmus_bench_runs_text( $floors ),
			wpmus_bench_n( $floor['added'] / $floor['seconds'] ),
			null === $floor['db_cpu'] ? '' : sprintf( ' (CPU: MariaDB %.2f s)', $floor['db_cpu'] ),
			wpmus_bench_n( $bytes / 1048576 )
		);
		wpmus_bench_say( '   reset:  %s in %.2f s', $snapshot['table'] ? 'the user meta table put back from its copy' : 'memberships taken out again with SQL', $seconds );
	}

	// (c) The engine, on every pair, with the activity log (emptied first, so that every run starts alike).
	$news = array();
	for ( $i = 0; $i < $repeat; $i++ ) {
		if ( $i > 0 ) {
			wpmus_bench_restore( $snapshot );
		}
		wpmus_bench_clear_activity();
		$news[] = wpmus_bench_child( 'engine', $sites );
		$new    = end( $news );
		$after  = wpmus_bench_state( $sites );
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
		$logged = wpmus_bench_activity_entries();
		if ( null !== $floor && $logged < $expected ) {
			throw new RuntimeException( "The engine's run left $logged activity entries; $expected memberships were added." );
		}
	}
	$new      = wpmus_bench_median( $news );
	$new_rate = $new['added'] / $new['seconds'];
	wpmus_bench_say(
		'   engine: %s memberships in %.2f s%s = %s/s (%s); peak memory %s MB (%s MB with WordPress loaded, before the run)',
		wpmus_bench_n( $new['added'] ),
		$new['seconds'],
		wpmus_bench_runs_text( $news ),
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
	if ( null !== $floor ) {
		$same = $floor_state['membership_checksum'] === $after['membership_checksum'];
		wpmus_bench_say( '   check:  the floor and the engine wrote %s capabilities and user_level rows (the floor writes no primary site: those rows are not compared)', $same ? 'identical' : 'DIFFERENT' );
		if ( ! $same ) {
			throw new RuntimeException( "The floor and the engine left different capabilities and user_level rows ({$floor_state['membership_checksum']} vs {$after['membership_checksum']})." );
		}
	}
	$seconds = wpmus_bench_restore( $snapshot );
	wpmus_bench_say( '   reset:  %s in %.2f s', $snapshot['table'] ? 'the user meta table put back from its copy' : 'memberships taken out again with SQL', $seconds );

	// (d) The engine without the activity log, where the floor is measured: what the log costs.
	$unlogged = null;
	if ( null !== $floor ) {
		wpmus_bench_clear_activity();
		$unloggeds = array();
		for ( $i = 0; $i < $repeat; $i++ ) {
			$unloggeds[] = wpmus_bench_child( 'engine-without-log', $sites );
			$unlogged    = end( $unloggeds );
			if ( $expected !== $unlogged['added'] || 0 !== wpmus_bench_activity_entries() || wpmus_bench_state( $sites )['membership_checksum'] !== $after['membership_checksum'] ) {
				throw new RuntimeException( 'The engine without the log did not write the same memberships, or wrote activity entries.' );
			}
			$seconds = wpmus_bench_restore( $snapshot );
		}
		$unlogged = wpmus_bench_median( $unloggeds );
		wpmus_bench_say( '   no log: the engine without the activity log: %s memberships in %.2f s%s (%s); with the log %.2f s = %.2f×', wpmus_bench_n( $unlogged['added'] ), $unlogged['seconds'], wpmus_bench_runs_text( $unloggeds ), wpmus_bench_cpu_text( $unlogged ), $new['seconds'], $new['seconds'] / $unlogged['seconds'] );
		wpmus_bench_say( '   reset:  %s in %.2f s', $snapshot['table'] ? 'the user meta table put back from its copy' : 'memberships taken out again with SQL', $seconds );
	}

	$speedup = $old_total / $new['seconds'];
	if ( null !== $floor ) {
		// No writer of these rows beats the floor by much: it bounds what any speed-up over 1.3 can be here.
		wpmus_bench_say( '   bound:  the set-based floor is %s× faster than 1.3, the engine %s×', wpmus_bench_n( $old_total / $floor['seconds'], 1 ), wpmus_bench_n( $speedup, 1 ) );
	}
	$rows    = array(
		array( $name, '1.3, one pair at a time' . ( $sampled ? ' (EXTRAPOLATED)' : '' ), wpmus_bench_n( $expected ), wpmus_bench_n( $old_total, 2 ), wpmus_bench_n( $old_rate ), wpmus_bench_mb( $old['peak'] ) ),
	);
	if ( null !== $floor ) {
		$rows[] = array( $name, 'set-based floor (INSERT … SELECT per site)', wpmus_bench_n( $floor['added'] ), wpmus_bench_n( $floor['seconds'], 2 ), wpmus_bench_n( $floor['added'] / $floor['seconds'] ), '-' );
	}
	$rows[] = array( $name, 'engine' . ( null === $unlogged ? '' : ' (activity log on)' ), wpmus_bench_n( $new['added'] ), wpmus_bench_n( $new['seconds'], 2 ), wpmus_bench_n( $new_rate ), wpmus_bench_mb( $new['peak'] ) );
	if ( null !== $unlogged ) {
		$rows[] = array( $name, 'engine, activity log off', wpmus_bench_n( $unlogged['added'] ), wpmus_bench_n( $unlogged['seconds'], 2 ), wpmus_bench_n( $unlogged['added'] / $unlogged['seconds'] ), wpmus_bench_mb( $unlogged['peak'] ) );
	}
	$targets = array(
		array( "$name: engine ≥ " . WPMUS_BENCH_MIN_SPEEDUP . '× faster than 1.3' . ( $sampled ? ' (extrapolated)' : '' ), wpmus_bench_n( $speedup, 1 ) . '×', $speedup >= WPMUS_BENCH_MIN_SPEEDUP ),
	);
	if ( isset( $scenario['max_seconds'] ) ) {
		$targets[] = array( "$name: engine < {$scenario['max_seconds']} s", sprintf( '%.2f s', $new['seconds'] ), $new['seconds'] < $scenario['max_seconds'] );
	}
	if ( null !== $floor ) {
		$ratio     = $new['seconds'] / $floor['seconds'];
		$targets[] = array( "$name: engine ≤ " . WPMUS_BENCH_MAX_VS_FLOOR . '× the set-based floor (' . sprintf( '%.2f s', $floor['seconds'] ) . ')', sprintf( '%.2f×', $ratio ), $ratio <= WPMUS_BENCH_MAX_VS_FLOOR );
	}
	if ( null !== $unlogged ) {
		$ratio     = $new['seconds'] / $unlogged['seconds'];
		$targets[] = array( "$name: engine with the activity log ≤ " . WPMUS_BENCH_MAX_LOG_COST . '× without it (' . sprintf( '%.2f s', $unlogged['seconds'] ) . ')', sprintf( '%.2f×', $ratio ), $ratio <= WPMUS_BENCH_MAX_LOG_COST );
	}
	if ( $sampled ) {
		$targets[] = array( "$name: engine peak memory < " . WPMUS_BENCH_MAX_PEAK_MB . ' MB', wpmus_bench_mb( $new['peak'] ) . ' MB', $new['peak'] < WPMUS_BENCH_MAX_PEAK_MB * 1048576 );
	}
	return array(
		'rows'    => $rows,
		'targets' => $targets,
	);
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
wpmus_bench_targets( $wpmus_targets );

wpmus_cli_done();
