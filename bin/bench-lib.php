<?php
/**
 * What the benchmark scripts share (bin/bench.php, bin/bench-wide.php): printing, timing,
 * timed runs in PHP processes of their own, and building a large network fast.
 *
 * Users are written with multi-row INSERTs (one password hash for all: creating them one by
 * one through wpmu_create_user() would spend minutes hashing) and get no user meta. Sites are
 * either real (wp_insert_site()) or, for networks of thousands, cloned with SQL from three
 * real ones: see wpmus_bench_cloned_sites().
 *
 * Required once WordPress is loaded; ends the script when the plugin is not active there.
 *
 * @package WPM_User_Sync
 */

use WPM_User_Sync\Settings;
use WPM_User_Sync\Sync\Membership_Engine;
use WPM_User_Sync\Sync\Population;

if ( ! class_exists( Membership_Engine::class ) ) {
	fwrite( STDERR, 'WPM User Sync is not loaded in ' . ABSPATH . " (is it network-activated?).\n" );
	exit( 1 );
}

/**
 * The default roles that the benchmark's sites take in turn, as on a real network.
 */
const WPMUS_BENCH_DEFAULT_ROLES = array( 'subscriber', 'contributor', 'author' );

/**
 * Sites cloned per round of wpmus_bench_cloned_sites(): each round ends with their rows in
 * wp_blogs, so an interrupted build leaves whole sites only.
 */
const WPMUS_BENCH_CLONE_ROUND = 500;

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
 * A run's CPU time, for printing.
 *
 * @param array{php_cpu: float, db_cpu: float|null} $run Figures of a run.
 */
function wpmus_bench_cpu_text( array $run ): string {
	return sprintf( 'CPU: PHP %.2f s', $run['php_cpu'] ) . ( null === $run['db_cpu'] ? '' : sprintf( ', MariaDB %.2f s', $run['db_cpu'] ) );
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

/**
 * Prints the target checks as PASS/MISS lines.
 *
 * @param array<int, array{0: string, 1: string, 2: bool}> $targets [ what, measured, met ].
 */
function wpmus_bench_targets( array $targets ): void {
	wpmus_bench_say( '' );
	wpmus_bench_say( '== Targets (a report: a MISS does not fail the run)' );
	wpmus_bench_table( array_map( static fn( $t ) => array( $t[0], $t[1], $t[2] ? 'PASS' : 'MISS' ), $targets ), array( 1 ) );
}

/**
 * Runs a PHP script in a process of its own, with the given memory limit, and returns the
 * JSON object that it prints as its last line. Its errors go to this process's stderr.
 *
 * @param string[] $args         Script and arguments.
 * @param string   $memory_limit memory_limit of the process.
 * @param float    $timeout      Seconds after which the process is killed.
 * @return array<string, mixed> When it was killed at the timeout: [ 'stopped' => the most
 *                              memory it held (peak resident set size, bytes; 0 if unknown) ].
 *
 * @throws RuntimeException When the process fails or prints no JSON.
 */
function wpmus_bench_process( array $args, string $memory_limit, float $timeout = INF ): array {
	$process = proc_open(
		array_merge( array( PHP_BINARY, '-d', 'memory_limit=' . $memory_limit ), $args ),
		// No descriptor 2: the process writes its errors to ours. Handing it STDERR would give it a
		// file position of its own, and its errors would overwrite our output in a log file.
		array(
			0 => array( 'file', '/dev/null', 'r' ),
			1 => array( 'pipe', 'w' ),
		),
		$pipes
	);
	if ( ! is_resource( $process ) ) {
		throw new RuntimeException( 'Could not start PHP for ' . implode( ' ', $args ) );
	}
	$output   = '';
	$deadline = microtime( true ) + $timeout;
	stream_set_blocking( $pipes[1], false );
	while ( ! feof( $pipes[1] ) ) {
		if ( microtime( true ) > $deadline ) {
			$status = '/proc/' . proc_get_status( $process )['pid'] . '/status';
			$rss    = is_readable( $status ) && preg_match( '/^VmHWM:\s+(\d+) kB/m', (string) file_get_contents( $status ), $match ) ? 1024 * (int) $match[1] : 0;
			proc_terminate( $process, 9 );
			fclose( $pipes[1] );
			proc_close( $process );
			return array( 'stopped' => $rss );
		}
		$read   = array( $pipes[1] );
		$write  = null;
		$except = null;
		if ( stream_select( $read, $write, $except, 1 ) ) {
			$output .= (string) fread( $pipes[1], 65536 );
		}
	}
	fclose( $pipes[1] );
	$status  = proc_close( $process );
	$lines   = explode( "\n", trim( $output ) );
	$figures = json_decode( (string) end( $lines ), true );
	if ( 0 !== $status || ! is_array( $figures ) ) {
		throw new RuntimeException( sprintf( '%s failed (exit status %d): %s', implode( ' ', array_slice( $args, 0, 4 ) ), $status, substr( trim( $output ), -2000 ) ) );
	}
	return $figures;
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
 * The table that lists the sites of wpmus_bench_cloned_sites() with their default role:
 * the ground truth for SQL checks, without reading ten thousand options tables.
 */
function wpmus_bench_sites_table(): string {
	global $wpdb;
	return $wpdb->base_prefix . 'wpmus_bench_sites';
}

/**
 * Runs a statement of the build; a refusal ends the benchmark.
 *
 * @param string $sql SQL.
 * @return int Rows affected.
 *
 * @throws RuntimeException When the database refuses it.
 */
function wpmus_bench_sql( string $sql ): int {
	global $wpdb;
	$result = $wpdb->query( $sql ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- The callers build it from integers and prepared values.
	if ( false === $result ) {
		throw new RuntimeException( 'The database refused: ' . $wpdb->last_error . ' in ' . substr( $sql, 0, 300 ) );
	}
	return (int) $result;
}

/**
 * Sites whose path is "/$name-NNNNN/", made until there are $wanted, ascending by ID.
 * Their default roles take turns (WPMUS_BENCH_DEFAULT_ROLES), as bin/bench.php's do.
 *
 * The first three are real sites (wp_insert_site(), with the plugin's triggers as they are
 * set), one for each default role. The others are cloned from the one with their role,
 * with SQL, as wp_insert_site() would leave them for everything a sync reads: a row in
 * wp_blogs, an options table copied from the template's with siteurl, home, blogname and
 * the roles' option ({prefix}user_roles) rewritten, the template's blogmeta rows, and the
 * super admin as the site's administrator. Left out: the content tables (posts, comments,
 * terms, links and their meta), which no sync reads; at 10,000 sites they would take
 * 10 GB. No hook fires for a clone (wp_initialize_site, add_option_*).
 *
 * Resumable: each round of WPMUS_BENCH_CLONE_ROUND sites writes its wp_blogs rows last,
 * and a round that was cut short is made again from the start.
 *
 * @param string        $name     Path prefix, e.g. "wide".
 * @param int           $wanted   Sites wanted.
 * @param callable|null $progress Called with ( sites made, wanted ) after each round.
 * @return int[]
 *
 * @throws RuntimeException When WordPress cannot create a site or the database refuses a clone.
 */
function wpmus_bench_cloned_sites( string $name, int $wanted, ?callable $progress = null ): array {
	global $wpdb;
	$table = wpmus_bench_sites_table();
	wpmus_bench_sql( "CREATE TABLE IF NOT EXISTS $table (blog_id bigint(20) unsigned NOT NULL PRIMARY KEY, template bigint(20) unsigned NOT NULL, role varchar(60) NOT NULL) " . $wpdb->get_charset_collate() );
	$like  = '/' . $wpdb->esc_like( $name ) . '-%';
	$sites = array_map( 'intval', $wpdb->get_col( $wpdb->prepare( "SELECT blog_id FROM {$wpdb->blogs} WHERE path LIKE %s ORDER BY blog_id", $like ) ) );
	$path  = static fn( int $n ) => sprintf( '/%s-%05d/', $name, $n );
	$title = static fn( int $n ) => sprintf( '%s %05d', ucfirst( $name ), $n );
	$role  = static fn( int $n ) => WPMUS_BENCH_DEFAULT_ROLES[ $n % count( WPMUS_BENCH_DEFAULT_ROLES ) ];

	// The templates: real sites.
	$templates = min( $wanted, count( WPMUS_BENCH_DEFAULT_ROLES ) );
	for ( $n = count( $sites ) + 1; $n <= $templates; $n++ ) {
		$site_id = wp_insert_site(
			array(
				'domain'  => get_network()->domain,
				'path'    => $path( $n ),
				'title'   => $title( $n ),
				'user_id' => 1,
				'options' => array( 'default_role' => $role( $n ) ),
			)
		);
		if ( is_wp_error( $site_id ) ) {
			throw new RuntimeException( 'Could not create a site: ' . $site_id->get_error_message() );
		}
		$sites[] = (int) $site_id;
		wpmus_bench_sql( $wpdb->prepare( "REPLACE INTO $table (blog_id, template, role) VALUES (%d, %d, %s)", $site_id, $site_id, $role( $n ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- $table is ours.
	}
	$templates = array();
	foreach ( array_slice( $sites, 0, count( WPMUS_BENCH_DEFAULT_ROLES ) ) as $site_id ) {
		$templates[ (string) get_blog_option( $site_id, 'default_role' ) ] = $site_id;
	}

	$network = get_network();
	$scheme  = wp_parse_url( network_home_url(), PHP_URL_SCHEME );
	$owner   = array(
		'capabilities' => serialize( array( 'administrator' => true ) ), // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize -- The format core stores.
		'user_level'   => '10',
	);
	for ( $made = count( $sites ); $made < $wanted; $made = $last ) {
		$first = $made + 1;
		$last  = min( $wanted, $first + WPMUS_BENCH_CLONE_ROUND - 1 );
		// IDs above every site's, so nothing left of a round that was cut short is anyone's.
		$next  = 1 + (int) $wpdb->get_var( "SELECT MAX(blog_id) FROM {$wpdb->blogs}" );
		$blogs = array();
		$meta  = array();
		$known = array();
		$ids   = array();
		for ( $n = $first; $n <= $last; $n++ ) {
			$id       = $next + $n - $first;
			$template = $templates[ $role( $n ) ];
			$from     = $wpdb->get_blog_prefix( $template );
			$to       = $wpdb->get_blog_prefix( $id );
			$url      = $scheme . '://' . $network->domain . untrailingslashit( $path( $n ) );
			wpmus_bench_sql( "DROP TABLE IF EXISTS {$to}options" );
			wpmus_bench_sql( "CREATE TABLE {$to}options LIKE {$from}options" );
			wpmus_bench_sql(
				$wpdb->prepare(
					"INSERT INTO {$to}options (option_id, option_name, option_value, autoload)
					SELECT option_id, IF(option_name = %s, %s, option_name),
						CASE option_name WHEN 'siteurl' THEN %s WHEN 'home' THEN %s WHEN 'blogname' THEN %s ELSE option_value END, autoload
					FROM {$from}options", // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Table prefixes of integer site IDs.
					$from . 'user_roles',
					$to . 'user_roles',
					$url,
					$url,
					$title( $n )
				)
			);
			$blogs[] = $wpdb->prepare( '(%d,%d,%s,%s,NOW(),NOW(),1)', $id, $network->id, $network->domain, $path( $n ) );
			$known[] = $wpdb->prepare( '(%d,%d,%s)', $id, $template, $role( $n ) );
			foreach ( $owner as $key => $value ) {
				$meta[] = $wpdb->prepare( '(1,%s,%s)', $to . $key, $value );
			}
			$ids[] = $id;
		}
		$in = implode( ',', $ids );
		wpmus_bench_sql( "DELETE FROM $table WHERE blog_id IN ($in)" );
		wpmus_bench_sql( "INSERT INTO $table (blog_id, template, role) VALUES " . implode( ',', $known ) );
		wpmus_bench_sql( "DELETE FROM {$wpdb->blogmeta} WHERE blog_id IN ($in)" );
		wpmus_bench_sql( "INSERT INTO {$wpdb->blogmeta} (blog_id, meta_key, meta_value) SELECT c.blog_id, m.meta_key, m.meta_value FROM $table c JOIN {$wpdb->blogmeta} m ON m.blog_id = c.template WHERE c.blog_id IN ($in)" );
		wpmus_bench_sql( "DELETE FROM {$wpdb->usermeta} WHERE user_id = 1 AND meta_key IN (" . implode( ',', array_map( static fn( $id ) => $wpdb->prepare( '%s,%s', $wpdb->get_blog_prefix( $id ) . 'capabilities', $wpdb->get_blog_prefix( $id ) . 'user_level' ), $ids ) ) . ')' );
		wpmus_bench_sql( "INSERT INTO {$wpdb->usermeta} (user_id, meta_key, meta_value) VALUES " . implode( ',', $meta ) );
		// Last: from here on the round's sites exist.
		wpmus_bench_sql( "INSERT INTO {$wpdb->blogs} (blog_id, site_id, domain, path, registered, last_updated, public) VALUES " . implode( ',', $blogs ) );
		array_push( $sites, ...$ids );
		if ( null !== $progress ) {
			$progress( $last, $wanted );
		}
	}
	wp_cache_flush();
	wp_update_network_site_counts( $network->id );
	return array_slice( $sites, 0, $wanted );
}
