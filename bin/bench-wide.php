<?php
/**
 * The "wide" scenario: what one trigger costs on a network of 10,000 sites and
 * 100,000 users. Measures, each in a PHP process of its own, with the trigger off and on:
 * creating a user (wpmu_create_user()), creating a site (wp_insert_site()), and a role
 * change (WP_User::set_role() by a super admin on one site of a user who belongs to every
 * site); then the time until the work is complete, running the plugin's pending WP-Cron
 * events back to back, and checks the outcome with SQL.
 *
 * Usage (bin/bench.sh provisions the instance and runs this):
 *   php -d memory_limit=2048M bin/bench-wide.php <wordpress-dir>
 *
 * The network is kept between runs (building it takes minutes): what is missing is added,
 * what a run left behind is taken out first. Sites are cloned with SQL from three real
 * ones (wpmus_bench_cloned_sites(): no content tables); users are written with multi-row
 * INSERTs, each a member of one site (its primary site) with that site's default role.
 * WPMUS_BENCH_WIDE_SITES and WPMUS_BENCH_WIDE_USERS change the size (to try the scenario
 * on a small network: give it an instance of its own, it only grows).
 *
 * @package WPM_User_Sync
 */

use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Settings;
use WPM_User_Sync\Sync\Site_Roles;

require __DIR__ . '/cli-guard.php';

const WPMUS_WIDE_MAX_ADDED          = 0.5;
const WPMUS_WIDE_NEW_USER_COMPLETE  = 10;
const WPMUS_WIDE_NEW_SITE_COMPLETE  = 15;
const WPMUS_WIDE_ROLE_REQUEST       = 1;
const WPMUS_WIDE_ROLE_COMPLETE      = 15;
const WPMUS_WIDE_MAX_PEAK_MB        = 64;
const WPMUS_WIDE_ROLE_USER          = 'wide-role-change';
const WPMUS_WIDE_OPERATOR           = 'wide-operator';
const WPMUS_WIDE_NEW                = 'wide-new';
const WPMUS_WIDE_NEW_SITE_ROLE      = 'author';
const WPMUS_WIDE_BUILT              = 'wpmus_bench_wide_built';
const WPMUS_WIDE_ROLE_ROWS          = 'wpmus_bench_role_rows';
// A case whose first run takes longer than this (request and complete) is not run again.
const WPMUS_WIDE_REPEAT_BELOW = 60;

$wpmus_wp_dir = $argv[1] ?? '';
if ( ! is_file( $wpmus_wp_dir . '/wp-load.php' ) ) {
	fwrite( STDERR, "Usage: php bin/bench-wide.php <wordpress-dir>\n" );
	exit( 1 );
}
$wpmus_mode = $argv[2] ?? '';

$_SERVER['REMOTE_ADDR'] = '127.0.0.1';
define( 'WP_ADMIN', false );
require $wpmus_wp_dir . '/wp-load.php';
require __DIR__ . '/bench-lib.php';

$wpmus_wide_sites   = (int) ( getenv( 'WPMUS_BENCH_WIDE_SITES' ) ?: 10000 );
$wpmus_wide_users   = (int) ( getenv( 'WPMUS_BENCH_WIDE_USERS' ) ?: 100000 );
$wpmus_wide_timeout = (float) ( getenv( 'WPMUS_BENCH_WIDE_TIMEOUT' ) ?: 600 );

/**
 * The live sites of the network: those a sync adds people to.
 */
function wpmus_wide_live_sql(): string {
	global $wpdb;
	return $wpdb->prepare( "SELECT blog_id FROM {$wpdb->blogs} WHERE site_id = %d AND archived = 0 AND spam = 0 AND deleted = 0", get_current_network_id() );
}

/**
 * A site's capabilities meta key, as SQL, for a column of site IDs.
 *
 * @param string $column Column of site IDs.
 * @param string $suffix 'capabilities' or 'user_level'.
 */
function wpmus_wide_key_sql( string $column, string $suffix ): string {
	global $wpdb;
	return $wpdb->prepare( "IF($column = %d, %s, CONCAT(%s, $column, %s))", get_main_site_id(), $wpdb->base_prefix . $suffix, $wpdb->base_prefix, '_' . $suffix );
}

/**
 * A role as core stores it in a capabilities row, as SQL, for a column of role names.
 *
 * @param string $column Column of role names.
 */
function wpmus_wide_caps_sql( string $column ): string {
	return "CONCAT('a:1:{s:', CHAR_LENGTH($column), ':\"', $column, '\";b:1;}')";
}

/**
 * The user level of each default role, as the templates define them.
 *
 * @return array<string, int>
 */
function wpmus_wide_levels(): array {
	global $wpdb;
	$roles  = new Site_Roles();
	$levels = array();
	$table  = wpmus_bench_sites_table();
	foreach ( $wpdb->get_results( "SELECT role, MIN(template) AS template FROM $table GROUP BY role" ) as $row ) { // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Our table.
		$levels[ $row->role ] = $roles->user_level( (int) $row->template, $row->role );
	}
	return $levels;
}

/**
 * The user whose role changes: a member of every live site, with each site's default role.
 * Writes its memberships when they do not match the live sites, and keeps
 * a copy of its membership rows that wpmus_wide_tidy() puts back.
 *
 * @return int User ID.
 *
 * @throws RuntimeException When the account or its rows cannot be written.
 */
function wpmus_wide_role_user(): int {
	global $wpdb;
	$id    = wpmus_wide_role_user_account();
	$live  = wpmus_wide_live_sql();
	$have  = (int) $wpdb->get_var( "SELECT COUNT(*) FROM ($live) b JOIN {$wpdb->usermeta} m ON m.user_id = $id AND m.meta_key = " . wpmus_wide_key_sql( 'b.blog_id', 'capabilities' ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Prepared parts and an integer.
	$sites = (int) $wpdb->get_var( "SELECT COUNT(*) FROM ($live) b" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Prepared.
	$copy  = $wpdb->base_prefix . WPMUS_WIDE_ROLE_ROWS;
	if ( $have === $sites && $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $copy ) ) ) {
		return $id;
	}
	$table  = wpmus_bench_sites_table();
	$levels = wpmus_wide_levels();
	$level  = 'CASE h.role';
	foreach ( $levels as $role => $n ) {
		$level .= $wpdb->prepare( ' WHEN %s THEN %s', $role, (string) $n );
	}
	$level .= " ELSE '0' END";
	wpmus_bench_sql( $wpdb->prepare( "DELETE FROM {$wpdb->usermeta} WHERE user_id = %d AND (meta_key LIKE %s OR meta_key LIKE %s)", $id, $wpdb->esc_like( $wpdb->base_prefix ) . '%capabilities', $wpdb->esc_like( $wpdb->base_prefix ) . '%user_level' ) );
	// The cloned sites and their templates, in two statements; the handful of others through WordPress.
	wpmus_bench_sql( "INSERT INTO {$wpdb->usermeta} (user_id, meta_key, meta_value) SELECT $id, " . wpmus_wide_key_sql( 'h.blog_id', 'capabilities' ) . ', ' . wpmus_wide_caps_sql( 'h.role' ) . " FROM $table h JOIN ($live) b ON b.blog_id = h.blog_id" );
	wpmus_bench_sql( "INSERT INTO {$wpdb->usermeta} (user_id, meta_key, meta_value) SELECT $id, " . wpmus_wide_key_sql( 'h.blog_id', 'user_level' ) . ", $level FROM $table h JOIN ($live) b ON b.blog_id = h.blog_id" );
	$roles = new Site_Roles();
	foreach ( $wpdb->get_col( "SELECT b.blog_id FROM ($live) b LEFT JOIN $table h ON h.blog_id = b.blog_id WHERE h.blog_id IS NULL" ) as $site_id ) { // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Prepared parts.
		$role   = $roles->default_role( (int) $site_id );
		$prefix = $wpdb->get_blog_prefix( (int) $site_id );
		update_user_meta( $id, $prefix . 'capabilities', array( $role => true ) );
		update_user_meta( $id, $prefix . 'user_level', $roles->user_level( (int) $site_id, $role ) );
	}
	update_user_meta( $id, 'primary_blog', get_main_site_id() );
	update_user_meta( $id, 'source_domain', get_network()->domain );
	wpmus_bench_sql( "DROP TABLE IF EXISTS $copy" );
	wpmus_bench_sql( $wpdb->prepare( "CREATE TABLE $copy SELECT user_id, meta_key, meta_value FROM {$wpdb->usermeta} WHERE user_id = %d AND (meta_key LIKE %s OR meta_key LIKE %s)", $id, $wpdb->esc_like( $wpdb->base_prefix ) . '%capabilities', $wpdb->esc_like( $wpdb->base_prefix ) . '%user_level' ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Our table.
	wp_cache_flush();
	return $id;
}

/**
 * The super admin who acts in the requests, created when missing: a member of the main site
 * only. The sites' owner ("admin", user 1) belongs to all of them, and as the current user
 * WordPress alone would hold some 25 MB of their memberships before the plugin does anything.
 *
 * @return int User ID.
 *
 * @throws RuntimeException When it cannot be created.
 */
function wpmus_wide_operator(): int {
	$user = get_user_by( 'login', WPMUS_WIDE_OPERATOR );
	if ( $user ) {
		return $user->ID;
	}
	$id = wpmu_create_user( WPMUS_WIDE_OPERATOR, 'password', WPMUS_WIDE_OPERATOR . '@example.com' );
	if ( ! $id || true !== add_user_to_blog( get_main_site_id(), $id, 'administrator' ) || ! grant_super_admin( $id ) ) {
		throw new RuntimeException( 'Could not create the super admin ' . WPMUS_WIDE_OPERATOR . '.' );
	}
	return $id;
}

/**
 * The account whose role changes, created when missing (with the trigger off, before the
 * benchmark's other accounts, so that it counts among the users in scope).
 *
 * @return int User ID.
 *
 * @throws RuntimeException When it cannot be created.
 */
function wpmus_wide_role_user_account(): int {
	$user = get_user_by( 'login', WPMUS_WIDE_ROLE_USER );
	$id   = $user ? $user->ID : wpmu_create_user( WPMUS_WIDE_ROLE_USER, 'password', WPMUS_WIDE_ROLE_USER . '@example.com' );
	if ( ! $id ) {
		throw new RuntimeException( 'Could not create the user ' . WPMUS_WIDE_ROLE_USER . '.' );
	}
	return $id;
}

/**
 * Gives each benchmark account that has no primary site one: a membership of one cloned
 * site (by user ID, in turn), with its default role, as on a network whose people each
 * belong somewhere. Four rows per user, one INSERT per 2,500 users.
 *
 * @return int Accounts given a site.
 *
 * @throws RuntimeException When the database refuses the rows.
 */
function wpmus_wide_home_sites(): int {
	global $wpdb;
	$table  = wpmus_bench_sites_table();
	$sites  = $wpdb->get_results( "SELECT blog_id, role FROM $table ORDER BY blog_id", ARRAY_N ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Our table.
	$levels = wpmus_wide_levels();
	$users  = array_map( 'intval', $wpdb->get_col( "SELECT ID FROM {$wpdb->users} u WHERE user_login LIKE 'bench-%' AND NOT EXISTS (SELECT 1 FROM {$wpdb->usermeta} m WHERE m.user_id = u.ID AND m.meta_key = 'primary_blog') ORDER BY ID" ) );
	$domain = get_network()->domain;
	foreach ( array_chunk( $users, 2500 ) as $chunk ) {
		$rows = array();
		foreach ( $chunk as $user_id ) {
			list( $site_id, $role ) = $sites[ $user_id % count( $sites ) ];
			$prefix                 = $wpdb->get_blog_prefix( (int) $site_id );
			$rows[]                 = $wpdb->prepare(
				'(%d,%s,%s),(%d,%s,%s),(%d,%s,%s),(%d,%s,%s)',
				$user_id,
				$prefix . 'capabilities',
				serialize( array( $role => true ) ), // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize -- The format core stores.
				$user_id,
				$prefix . 'user_level',
				(string) $levels[ $role ],
				$user_id,
				'primary_blog',
				(string) $site_id,
				$user_id,
				'source_domain',
				$domain
			);
		}
		// One statement per chunk: a user gets all four rows or none.
		wpmus_bench_sql( "INSERT INTO {$wpdb->usermeta} (user_id, meta_key, meta_value) VALUES " . implode( ',', $rows ) );
	}
	return count( $users );
}

/**
 * Builds the network, or adds what it lacks, and prints how long it took.
 *
 * @param int $sites Live sites wanted.
 * @param int $users Users in scope wanted.
 *
 * @throws RuntimeException When the network cannot be built.
 */
function wpmus_wide_build( int $sites, int $users ): void {
	global $wpdb;
	$start = hrtime( true );
	wpmus_wide_operator();
	wpmus_wide_role_user_account();
	$step     = hrtime( true );
	$accounts = wpmus_bench_add_users( $users );
	if ( $accounts > 0 ) {
		wpmus_bench_say( '   users:  %s accounts added with multi-row INSERTs in %.1f s', wpmus_bench_n( $accounts ), wpmus_bench_since( $step ) );
	}
	$step   = hrtime( true );
	$others = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->blogs} WHERE site_id = %d AND path NOT LIKE %s", get_current_network_id(), '/wide-%' ) );
	$before = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->blogs} WHERE path LIKE %s", '/wide-%' ) );
	$cloned = wpmus_bench_cloned_sites(
		'wide',
		$sites - $others,
		static function ( int $made, int $wanted ) use ( $step ): void {
			static $shown = 0;
			if ( intdiv( $made, 2000 ) > intdiv( $shown, 2000 ) || $made === $wanted ) {
				$shown = $made;
				wpmus_bench_say( '   sites:  %s of %s made (%.1f s)', wpmus_bench_n( $made ), wpmus_bench_n( $wanted ), wpmus_bench_since( $step ) );
			}
		}
	);
	$made   = count( $cloned ) - $before;
	$step   = hrtime( true );
	$homes  = wpmus_wide_home_sites();
	if ( $homes > 0 ) {
		wpmus_bench_say( '   homes:  %s accounts made members of one site each (their primary site) in %.1f s', wpmus_bench_n( $homes ), wpmus_bench_since( $step ) );
	}
	wpmus_wide_role_user();
	$seconds = wpmus_bench_since( $start );
	$built   = get_network_option( null, WPMUS_WIDE_BUILT, array() );
	if ( $accounts > 0 || $made > 0 || $homes > 0 || ! is_array( $built ) || array() === $built ) {
		$built = array(
			'seconds' => ( is_array( $built ) ? (float) ( $built['seconds'] ?? 0 ) : 0 ) + $seconds,
			'at'      => gmdate( 'Y-m-d H:i' ),
		);
		update_network_option( null, WPMUS_WIDE_BUILT, $built );
	}
	wpmus_bench_say( '   network: %s sites (%s cloned: %s), %s users in scope; built in %.0f s in all (last on %s UTC), checked now in %.1f s', wpmus_bench_n( $sites ), wpmus_bench_n( count( $cloned ) ), 0 === $made ? 'kept from an earlier run' : wpmus_bench_n( $made ) . ' new', wpmus_bench_n( $users ), $built['seconds'], $built['at'], $seconds );
}


/**
 * Takes out what a run left: the jobs it started (cancelled, their WP-Cron events
 * cleared), the users and sites it created, and the role it changed.
 *
 * @return string[] What was taken out, in words.
 *
 * @throws RuntimeException When the database refuses a step.
 */
function wpmus_wide_tidy(): array {
	global $wpdb;
	wp_cache_flush();
	$done   = array();
	$runner = new Job_Runner( get_current_network_id(), new Job_Store() );
	$active = ( new Job_Store() )->list( get_current_network_id(), 100, Job::ACTIVE );
	foreach ( $active as $job ) {
		$runner->cancel( $job );
	}
	if ( array() !== $active ) {
		$done[] = count( $active ) . ' unfinished jobs cancelled';
	}
	switch_to_blog( get_main_site_id() );
	foreach ( _get_cron_array() as $time => $hooks ) {
		foreach ( $hooks as $hook => $events ) {
			if ( Job_Runner::CRON_HOOK === $hook ) {
				foreach ( $events as $event ) {
					wp_unschedule_event( $time, $hook, $event['args'] );
				}
			}
		}
	}
	restore_current_blog();

	$users = array_map( 'intval', $wpdb->get_col( $wpdb->prepare( "SELECT ID FROM {$wpdb->users} WHERE user_login LIKE %s", WPMUS_WIDE_NEW . '-%' ) ) );
	if ( array() !== $users ) {
		$in = implode( ',', $users );
		wpmus_bench_sql( "DELETE FROM {$wpdb->usermeta} WHERE user_id IN ($in)" );
		wpmus_bench_sql( "DELETE FROM {$wpdb->users} WHERE ID IN ($in)" );
		$done[] = count( $users ) . ' new users deleted';
	}
	$sites = array_map( 'intval', $wpdb->get_col( $wpdb->prepare( "SELECT blog_id FROM {$wpdb->blogs} WHERE path LIKE %s", '/' . WPMUS_WIDE_NEW . '-%' ) ) );
	foreach ( $sites as $site_id ) {
		// With SQL first: core would take out 100,000 members one by one.
		$prefix = $wpdb->get_blog_prefix( $site_id );
		wpmus_bench_sql( $wpdb->prepare( "DELETE FROM {$wpdb->usermeta} WHERE meta_key IN (%s, %s)", $prefix . 'capabilities', $prefix . 'user_level' ) );
		wpmus_bench_sql( $wpdb->prepare( "DELETE FROM {$wpdb->usermeta} WHERE meta_key = 'primary_blog' AND meta_value = %s", (string) $site_id ) );
		wp_cache_flush();
		$deleted = wp_delete_site( $site_id );
		if ( is_wp_error( $deleted ) ) {
			throw new RuntimeException( 'Could not delete a site: ' . $deleted->get_error_message() );
		}
	}
	if ( array() !== $sites ) {
		$done[] = count( $sites ) . ' new sites deleted';
	}
	$user = get_user_by( 'login', WPMUS_WIDE_ROLE_USER );
	$copy = $wpdb->base_prefix . WPMUS_WIDE_ROLE_ROWS;
	if ( $user && $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $copy ) ) ) {
		$changed = (int) $wpdb->get_var( "SELECT COUNT(*) FROM $copy c LEFT JOIN {$wpdb->usermeta} m FORCE INDEX (meta_key) ON m.user_id = c.user_id AND m.meta_key = c.meta_key AND m.meta_value = c.meta_value WHERE m.umeta_id IS NULL AND c.meta_key LIKE '%capabilities'" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Our table.
		if ( $changed > 0 ) {
			$done[] = 'the role put back on ' . wpmus_bench_n( $changed ) . ' sites';
		}
		$like = $wpdb->esc_like( $wpdb->base_prefix );
		wpmus_bench_sql( $wpdb->prepare( "DELETE FROM {$wpdb->usermeta} WHERE user_id = %d AND (meta_key LIKE %s OR meta_key LIKE %s)", $user->ID, $like . '%capabilities', $like . '%user_level' ) );
		wpmus_bench_sql( "INSERT INTO {$wpdb->usermeta} (user_id, meta_key, meta_value) SELECT user_id, meta_key, meta_value FROM $copy" );
	}
	wp_cache_flush();
	return $done;
}

/**
 * One request of a case, in this (fresh) process: prints its figures as one JSON line.
 *
 * @param string $case new-user, new-site or role-change.
 *
 * @throws RuntimeException When the request fails.
 */
function wpmus_wide_request( string $case ): void {
	global $wpdb;
	// A super admin acts, as in Network Admin.
	wp_set_current_user( wpmus_wide_operator() );
	$name      = WPMUS_WIDE_NEW . '-' . getmypid();
	// Its ID only: loading the account (20,000 membership rows) is part of the role change's request.
	$role_user = (int) $wpdb->get_var( $wpdb->prepare( "SELECT ID FROM {$wpdb->users} WHERE user_login = %s", WPMUS_WIDE_ROLE_USER ) );
	$table     = wpmus_bench_sites_table();
	$count     = (int) $wpdb->get_var( "SELECT COUNT(*) FROM $table" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Our table.
	$on_site   = (int) $wpdb->get_var( $wpdb->prepare( "SELECT blog_id FROM $table ORDER BY blog_id LIMIT 1 OFFSET %d", intdiv( $count, 2 ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Our table.
	gc_collect_cycles();
	$base = memory_get_usage( true );
	memory_reset_peak_usage();
	$cpu   = wpmus_bench_cpu();
	$start = hrtime( true );
	if ( 'new-user' === $case ) {
		$subject = wpmu_create_user( $name, 'password', $name . '@example.com' );
	} elseif ( 'new-site' === $case ) {
		$subject = wp_insert_site(
			array(
				'domain'  => get_network()->domain,
				'path'    => '/' . $name . '/',
				'title'   => $name,
				'user_id' => 1,
				'options' => array( 'default_role' => WPMUS_WIDE_NEW_SITE_ROLE ),
			)
		);
	} else {
		switch_to_blog( $on_site );
		( new WP_User( $role_user ) )->set_role( 'editor' );
		restore_current_blog();
		$subject = $role_user;
	}
	$seconds = wpmus_bench_since( $start );
	$after   = wpmus_bench_cpu();
	if ( ! is_int( $subject ) || 0 === $subject ) {
		throw new RuntimeException( "The $case request failed: " . ( is_wp_error( $subject ) ? $subject->get_error_message() : 'no ID' ) );
	}
	echo wp_json_encode(
		array(
			'subject' => $subject,
			'site'    => $on_site,
			'seconds' => $seconds,
			'php_cpu' => $after[0] - $cpu[0],
			'db_cpu'  => null === $after[1] ? null : $after[1] - $cpu[1],
			'base'    => $base,
			'peak'    => memory_get_peak_usage( true ),
		)
	), "\n";
}

/**
 * The WP-Cron hooks of the job pipeline: what carries a trigger's job to its end. The
 * plugin's other events (drift checks, the activity log's pruning) are timed apart.
 */
const WPMUS_WIDE_PIPELINE_HOOKS = array( 'wpmus_run_job', 'wpmus_watch_jobs' );

/**
 * Runs the plugin's pending WP-Cron events now, in this (fresh) process, as
 * tests/faults/driver.php's settle does: each event with a hook starting with `wpmus_`
 * is unscheduled, then its hook is run, until none is left. Prints its figures as one
 * JSON line: the seconds spent in the pipeline's events (work) and in the others (other),
 * in all (wall), the longest pipeline event, and the peak memory of each kind.
 */
function wpmus_wide_settle(): void {
	gc_collect_cycles();
	$start      = hrtime( true );
	$work       = 0.0;
	$other      = 0.0;
	$longest    = 0.0;
	$peak       = 0;
	$other_peak = 0;
	$hooks      = array();
	$rounds     = 0;
	do {
		$ran = 0;
		++$rounds;
		foreach ( _get_cron_array() as $time => $due ) {
			foreach ( $due as $hook => $events ) {
				if ( ! str_starts_with( (string) $hook, 'wpmus_' ) ) {
					continue;
				}
				foreach ( $events as $event ) {
					wp_unschedule_event( $time, $hook, $event['args'] );
					memory_reset_peak_usage();
					$began = hrtime( true );
					do_action_ref_array( $hook, $event['args'] );
					$took = wpmus_bench_since( $began );
					if ( in_array( $hook, WPMUS_WIDE_PIPELINE_HOOKS, true ) ) {
						$work   += $took;
						$longest = max( $longest, $took );
						$peak    = max( $peak, memory_get_peak_usage( true ) );
					} else {
						$other     += $took;
						$other_peak = max( $other_peak, memory_get_peak_usage( true ) );
					}
					$hooks[ $hook ] = ( $hooks[ $hook ] ?? 0 ) + 1;
					++$ran;
				}
			}
		}
	} while ( $ran > 0 );
	echo wp_json_encode(
		array(
			'work'       => $work,
			'other'      => $other,
			'wall'       => wpmus_bench_since( $start ),
			'longest'    => $longest,
			'hooks'      => $hooks,
			'rounds'     => $rounds,
			'peak'       => $peak,
			'other_peak' => $other_peak,
		)
	), "\n";
}

/**
 * Runs this script in a process of its own with the given mode.
 *
 * @param string $mode --settle, or --request=<case>.
 * @return array<string, mixed> Its figures; [ 'stopped' => peak RSS ] when it was stopped at the timeout.
 *
 * @throws RuntimeException When it fails.
 */
function wpmus_wide_child( string $mode ): array {
	global $wpmus_wp_dir, $wpmus_wide_timeout;
	return wpmus_bench_process( array( __FILE__, $wpmus_wp_dir, $mode ), (string) ini_get( 'memory_limit' ), $wpmus_wide_timeout );
}

/**
 * Seconds, for printing.
 *
 * @param float|null $seconds Seconds; null when the run was stopped.
 */
function wpmus_wide_s( ?float $seconds ): string {
	global $wpmus_wide_timeout;
	return null === $seconds ? sprintf( '> %d s (stopped)', $wpmus_wide_timeout ) : sprintf( '%.2f s', $seconds );
}

/**
 * One run of a case: its request and, with the trigger on, the WP-Cron work until complete
 * and the check of the outcome. Prints a line; what the run left is taken out afterwards.
 *
 * @param string   $case  new-user, new-site or role-change.
 * @param bool     $on    Whether the trigger is on.
 * @param callable $find  Returns the ID of the user or site the request made or changed (0: none).
 * @param callable $check Given that ID, returns [ whether right, in words ].
 * @return array{request: float|null, complete: float|null, peak: int, rss: int, ok: bool|null} rss: the most
 *         memory a process that was stopped held (its peak resident set size, PHP itself included).
 *
 * @throws RuntimeException When a process fails.
 */
function wpmus_wide_run( string $case, bool $on, callable $find, callable $check ): array {
	$run     = array(
		'request'  => null,
		'complete' => null,
		'peak'     => 0,
		'rss'      => 0,
		'ok'       => null,
		'other'    => 0,
	);
	$request = wpmus_wide_child( '--request=' . $case );
	$settle  = null;
	if ( isset( $request['stopped'] ) ) {
		$line              = 'request ' . wpmus_wide_s( null ) . sprintf( ', %s MB resident when stopped', wpmus_bench_mb( $request['stopped'] ) );
		$run['rss']     = (int) $request['stopped'];
	} else {
		$run['request']  = (float) $request['seconds'];
		$run['peak']     = (int) $request['peak'];
		$run['complete'] = $on ? null : $run['request'];
		$line            = sprintf( 'request %.2f s, peak %s MB (%s MB before its work)', $request['seconds'], wpmus_bench_mb( $request['peak'] ), wpmus_bench_mb( $request['base'] ) );
	}
	if ( $on && null !== $run['request'] ) {
		$settle = wpmus_wide_child( '--settle' );
		if ( isset( $settle['stopped'] ) ) {
			$line             .= '; WP-Cron work ' . wpmus_wide_s( null ) . sprintf( ', %s MB resident when stopped', wpmus_bench_mb( $settle['stopped'] ) );
			$run['rss'] = max( $run['peak'], (int) $settle['stopped'] );
		} else {
			$hooks = array();
			foreach ( $settle['hooks'] as $hook => $n ) {
				$hooks[] = "$hook ×$n";
			}
			$run['complete'] = $run['request'] + $settle['work'];
			$run['peak']     = max( $run['peak'], (int) $settle['peak'] );
			$run['other']    = (int) $settle['other_peak'];
			$line           .= sprintf(
				'; WP-Cron work %.2f s (%s; longest %.2f s; peak %s MB); complete after %.2f s; the other events (not the job\'s) %.2f s, peak %s MB',
				$settle['work'],
				array() === $hooks ? 'no events' : implode( ', ', $hooks ),
				$settle['longest'],
				wpmus_bench_mb( $settle['peak'] ),
				$run['complete'],
				$settle['other'],
				wpmus_bench_mb( (int) $settle['other_peak'] )
			);
		}
	}
	if ( $on ) {
		$subject = (int) ( $request['subject'] ?? $find() );
		if ( $subject > 0 ) {
			list( $ok, $words ) = $check( $subject );
			if ( null === $run['complete'] ) {
				$line .= '; when stopped: ' . $words;
			} else {
				$line     .= '; check: ' . $words . ( $ok ? '' : ' -- WRONG' );
				$run['ok'] = $ok;
			}
		}
	}
	wpmus_bench_say( '%s', $line );
	$tidied = wpmus_wide_tidy();
	if ( array() !== $tidied && ( null === $run['request'] || ( $on && null === $run['complete'] ) ) ) {
		wpmus_bench_say( '                      then: %s', implode( '; ', $tidied ) );
	}
	return $run;
}

/**
 * Measures one case: its request with the trigger off, then on, each twice when cheap
 * (the second, warm, run is reported); with the trigger on, the WP-Cron work until
 * complete, and a check of the outcome with SQL.
 *
 * @param string   $case    new-user, new-site or role-change.
 * @param string   $setting The trigger's setting.
 * @param callable $find    Returns the ID of the user or site a stopped request made or changed (0: none).
 * @param callable $check   Given that ID, returns [ whether right, in words ].
 * @return array{off: array{request: float|null, complete: float|null, peak: int, rss: int, ok: bool|null}, on: array{request: float|null, complete: float|null, peak: int, rss: int, ok: bool|null}, runs: string, ok: bool|null}
 *
 * @throws RuntimeException When a process fails.
 */
function wpmus_wide_case( string $case, string $setting, callable $find, callable $check ): array {
	$result = array(
		'runs'       => '',
		'ok'         => null,
		'other_peak' => 0, // Of the other WP-Cron events, in any run.
	);
	$runs   = array();
	foreach ( array( 'off', 'on' ) as $state ) {
		wp_cache_flush();
		( new Settings( get_current_network_id() ) )->update( array( $setting => 'on' === $state ) );
		for ( $attempt = 1; $attempt <= 2; $attempt++ ) {
			printf( '   trigger %-3s run %d: ', $state, $attempt ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- A terminal.
			$run              = wpmus_wide_run( $case, 'on' === $state, $find, $check );
			$result[ $state ]     = $run;
			$result['other_peak'] = max( $result['other_peak'], $run['other'] );
			if ( null !== $run['ok'] ) {
				$result['ok'] = $run['ok'] && ( $result['ok'] ?? true );
			}
			if ( null === $run['complete'] || $run['complete'] > WPMUS_WIDE_REPEAT_BELOW ) {
				break;
			}
		}
		$runs[] = $state . ': ' . ( $attempt >= 2 ? '2nd run (warm)' : '1 run (cold)' );
	}
	( new Settings( get_current_network_id() ) )->update( array( $setting => false ) );
	$result['runs'] = implode( ', ', $runs );
	return $result;
}

if ( str_starts_with( $wpmus_mode, '--request=' ) ) {
	wpmus_wide_request( substr( $wpmus_mode, 10 ) );
	wpmus_cli_done();
	exit( 0 );
}
if ( '--settle' === $wpmus_mode ) {
	wpmus_wide_settle();
	wpmus_cli_done();
	exit( 0 );
}

global $wpdb;
$wpmus_settings = new Settings( get_current_network_id() );
$wpmus_settings->update(
	array(
		'newSiteSync' => false,
		'newUserSync' => false,
		'roleSync'    => false,
	)
);

wpmus_bench_say( 'Each request and each WP-Cron run is a PHP process of its own (memory_limit %s, stopped after %d s); its peak memory is memory_get_peak_usage( true ), WordPress included.', ini_get( 'memory_limit' ), $wpmus_wide_timeout );
wpmus_bench_say( 'MariaDB %s: table_open_cache %s, table_definition_cache %s, innodb_buffer_pool_size %s MB.', $wpdb->get_var( 'SELECT VERSION()' ), $wpdb->get_var( 'SELECT @@table_open_cache' ), $wpdb->get_var( 'SELECT @@table_definition_cache' ), (int) $wpdb->get_var( 'SELECT @@innodb_buffer_pool_size' ) / 1048576 );
wpmus_bench_load();
wpmus_bench_say( '' );
wpmus_bench_say( '== wide: %s sites, %s users', wpmus_bench_n( $wpmus_wide_sites ), wpmus_bench_n( $wpmus_wide_users ) );

$wpmus_failed = array();
try {
	$wpmus_tidied = wpmus_wide_tidy();
	if ( array() !== $wpmus_tidied ) {
		wpmus_bench_say( '   tidy:   left by an earlier run: %s', implode( '; ', $wpmus_tidied ) );
	}
	wpmus_wide_build( $wpmus_wide_sites, $wpmus_wide_users );
	$wpmus_live  = (int) $wpdb->get_var( 'SELECT COUNT(*) FROM (' . wpmus_wide_live_sql() . ') b' ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- Prepared.
	$wpmus_scope = count( wpmus_bench_users_in_scope() );
	if ( $wpmus_live !== $wpmus_wide_sites || $wpmus_scope !== $wpmus_wide_users ) {
		throw new RuntimeException( sprintf( 'The kept network has %d live sites and %d users in scope; %d and %d are wanted. Run it again with --rebuild.', $wpmus_live, $wpmus_scope, $wpmus_wide_sites, $wpmus_wide_users ) );
	}
	wpmus_bench_say( '   Complete after = the request + the plugin\'s WP-Cron events run back to back (the seconds a continuation waits for WP-Cron are not counted).' );

	wpmus_bench_say( '' );
	wpmus_bench_say( '-- creating a user (wpmu_create_user() by a super admin), new-user trigger; %s live sites', wpmus_bench_n( $wpmus_live ) );
	$wpmus_new_user = wpmus_wide_case(
		'new-user',
		'newUserSync',
		static fn() => (int) $wpdb->get_var( $wpdb->prepare( "SELECT MAX(ID) FROM {$wpdb->users} WHERE user_login LIKE %s", WPMUS_WIDE_NEW . '-%' ) ),
		static function ( int $user ) use ( $wpdb, $wpmus_live ): array {
			$table    = wpmus_bench_sites_table();
			$live     = wpmus_wide_live_sql();
			$key      = wpmus_wide_key_sql( 'b.blog_id', 'capabilities' );
			$member   = (int) $wpdb->get_var( "SELECT COUNT(*) FROM ($live) b JOIN {$wpdb->usermeta} m ON m.user_id = $user AND m.meta_key = $key" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Prepared parts and an integer.
			$levels   = (int) $wpdb->get_var( "SELECT COUNT(*) FROM ($live) b JOIN {$wpdb->usermeta} m ON m.user_id = $user AND m.meta_key = " . wpmus_wide_key_sql( 'b.blog_id', 'user_level' ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Prepared parts and an integer.
			$cloned   = (int) $wpdb->get_var( "SELECT COUNT(*) FROM ($live) b JOIN $table h ON h.blog_id = b.blog_id" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Prepared parts and our table.
			$defaults = (int) $wpdb->get_var( "SELECT COUNT(*) FROM ($live) b JOIN $table h ON h.blog_id = b.blog_id JOIN {$wpdb->usermeta} m ON m.user_id = $user AND m.meta_key = $key AND m.meta_value = " . wpmus_wide_caps_sql( 'h.role' ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Prepared parts and an integer.
			return array(
				$member === $wpmus_live && $levels === $wpmus_live && $defaults === $cloned,
				sprintf( 'a member of %s of %s live sites (%s user_level rows), with the default role on %s of %s cloned sites', wpmus_bench_n( $member ), wpmus_bench_n( $wpmus_live ), wpmus_bench_n( $levels ), wpmus_bench_n( $defaults ), wpmus_bench_n( $cloned ) ),
			);
		}
	);

	wpmus_bench_say( '' );
	wpmus_bench_say( '-- creating a site (wp_insert_site() by a super admin, default role %s), new-site trigger; %s users in scope', WPMUS_WIDE_NEW_SITE_ROLE, wpmus_bench_n( $wpmus_scope ) );
	$wpmus_new_site = wpmus_wide_case(
		'new-site',
		'newSiteSync',
		static fn() => (int) $wpdb->get_var( $wpdb->prepare( "SELECT MAX(blog_id) FROM {$wpdb->blogs} WHERE path LIKE %s", '/' . WPMUS_WIDE_NEW . '-%' ) ),
		static function ( int $site ) use ( $wpdb, $wpmus_scope ): array {
			$prefix  = $wpdb->get_blog_prefix( $site );
			$super   = array( 0 );
			foreach ( get_super_admins() as $login ) {
				$user    = get_user_by( 'login', $login );
				$super[] = $user ? $user->ID : 0;
			}
			$not_super = 'user_id NOT IN (' . implode( ',', $super ) . ')';
			// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Integers.
			$members = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key = %s AND $not_super", $prefix . 'capabilities' ) );
			$right   = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key = %s AND meta_value = %s AND $not_super", $prefix . 'capabilities', serialize( array( WPMUS_WIDE_NEW_SITE_ROLE => true ) ) ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize -- The format core stores.
			$levels  = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key = %s AND $not_super", $prefix . 'user_level' ) );
			// phpcs:enable
			return array(
				$members === $wpmus_scope && $right === $wpmus_scope && $levels === $wpmus_scope,
				sprintf( '%s of %s users in scope are members (%s as %s, %s user_level rows)', wpmus_bench_n( $members ), wpmus_bench_n( $wpmus_scope ), wpmus_bench_n( $right ), WPMUS_WIDE_NEW_SITE_ROLE, wpmus_bench_n( $levels ) ),
			);
		}
	);

	wpmus_bench_say( '' );
	wpmus_bench_say( '-- a role change (set_role( \'editor\' ) by a super admin on one site) of a member of all %s sites, role-change trigger', wpmus_bench_n( $wpmus_live ) );
	$wpmus_role_change = wpmus_wide_case(
		'role-change',
		'roleSync',
		static fn() => wpmus_wide_role_user_account(),
		static function ( int $user ) use ( $wpdb ): array {
			$like = $wpdb->esc_like( $wpdb->base_prefix );
			// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Prepared parts.
			$live    = wpmus_wide_live_sql();
			$sites   = (int) $wpdb->get_var( "SELECT COUNT(*) FROM ($live) b JOIN {$wpdb->usermeta} m ON m.user_id = $user AND m.meta_key = " . wpmus_wide_key_sql( 'b.blog_id', 'capabilities' ) );
			$editor  = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE user_id = %d AND meta_key LIKE %s AND meta_value = %s", $user, $like . '%capabilities', serialize( array( 'editor' => true ) ) ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize -- The format core stores.
			$level_7 = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE user_id = %d AND meta_key LIKE %s AND meta_value = '7'", $user, $like . '%user_level' ) );
			// phpcs:enable
			return array(
				$editor === $sites && $level_7 === $sites,
				sprintf( 'editor on %s of the %s sites the user belongs to (every site has core\'s roles), user_level 7 on %s', wpmus_bench_n( $editor ), wpmus_bench_n( $sites ), wpmus_bench_n( $level_7 ) ),
			);
		}
	);
} catch ( RuntimeException $wpmus_error ) {
	fwrite( STDERR, 'Benchmark failed: ' . $wpmus_error->getMessage() . "\n" );
	wpmus_cli_done(); // Reported; the shutdown check need not say it again.
	exit( 1 );
} finally {
	$wpmus_settings->update(
		array(
			'newSiteSync' => false,
			'newUserSync' => false,
			'roleSync'    => false,
		)
	);
}

$wpmus_rows    = array( array( 'case', 'sites', 'users', 'request (trigger off)', 'request (trigger on)', 'added', 'complete after', 'peak MB', 'reported' ) );
$wpmus_targets = array();
foreach ( array(
	'creating a user' => array( $wpmus_new_user, 'new user', WPMUS_WIDE_NEW_USER_COMPLETE ),
	'creating a site' => array( $wpmus_new_site, 'new site', WPMUS_WIDE_NEW_SITE_COMPLETE ),
	'role change'     => array( $wpmus_role_change, 'role change', WPMUS_WIDE_ROLE_COMPLETE ),
) as $wpmus_case => list( $wpmus_result, $wpmus_short, $wpmus_complete ) ) {
	$wpmus_off      = $wpmus_result['off']['request'];
	$wpmus_on       = $wpmus_result['on']['request'];
	$wpmus_added    = null === $wpmus_off || null === $wpmus_on ? null : $wpmus_on - $wpmus_off;
	$wpmus_finished = $wpmus_result['on']['complete'];
	$wpmus_rows[]   = array(
		$wpmus_case,
		wpmus_bench_n( $wpmus_live ),
		wpmus_bench_n( $wpmus_scope ),
		wpmus_wide_s( $wpmus_off ),
		wpmus_wide_s( $wpmus_on ),
		null === $wpmus_added ? '-' : sprintf( '%+.2f s', $wpmus_added ),
		wpmus_wide_s( $wpmus_finished ),
		$wpmus_result['on']['rss'] > 0 ? '≥ ' . wpmus_bench_mb( $wpmus_result['on']['rss'] ) . ' (RSS)' : wpmus_bench_mb( $wpmus_result['on']['peak'] ),
		$wpmus_result['runs'],
	);
	if ( 'role change' === $wpmus_case ) {
		$wpmus_targets[] = array( "wide: $wpmus_short, in the request ≤ " . WPMUS_WIDE_ROLE_REQUEST . ' s', wpmus_wide_s( $wpmus_on ), null !== $wpmus_on && $wpmus_on <= WPMUS_WIDE_ROLE_REQUEST );
	} else {
		$wpmus_targets[] = array( "wide: $wpmus_short, added to the request ≤ " . WPMUS_WIDE_MAX_ADDED . ' s', null === $wpmus_added ? '-' : sprintf( '%+.2f s', $wpmus_added ), null !== $wpmus_added && $wpmus_added <= WPMUS_WIDE_MAX_ADDED );
	}
	$wpmus_targets[] = array( "wide: $wpmus_short, complete within $wpmus_complete s", wpmus_wide_s( $wpmus_finished ), null !== $wpmus_finished && $wpmus_finished <= $wpmus_complete );
	$wpmus_targets[] = array( "wide: $wpmus_short, peak PHP memory ≤ " . WPMUS_WIDE_MAX_PEAK_MB . ' MB (request and WP-Cron)', $wpmus_result['on']['rss'] > 0 ? '≥ ' . wpmus_bench_mb( $wpmus_result['on']['rss'] ) . ' MB (RSS)' : wpmus_bench_mb( $wpmus_result['on']['peak'] ) . ' MB', null !== $wpmus_finished && $wpmus_result['on']['peak'] <= WPMUS_WIDE_MAX_PEAK_MB * 1048576 );
	if ( false === $wpmus_result['ok'] ) {
		$wpmus_failed[] = $wpmus_case;
	}
	$wpmus_other_peak = max( $wpmus_other_peak ?? 0, $wpmus_result['other_peak'] );
}
// The drift check a daily watch starts, and the log's pruning, are steps too.
$wpmus_targets[] = array( 'wide: other WP-Cron steps (drift check, log pruning), peak PHP memory ≤ ' . WPMUS_WIDE_MAX_PEAK_MB . ' MB', wpmus_bench_mb( $wpmus_other_peak ) . ' MB', $wpmus_other_peak <= WPMUS_WIDE_MAX_PEAK_MB * 1048576 );

wpmus_bench_say( '' );
wpmus_bench_load();
wpmus_bench_say( '' );
wpmus_bench_say( '== Results (wide)' );
wpmus_bench_table( $wpmus_rows, array( 1, 2, 3, 4, 5, 6, 7 ) );
wpmus_bench_targets( $wpmus_targets );

if ( array() !== $wpmus_failed ) {
	fwrite( STDERR, 'Wrong outcome (see "check" above): ' . implode( ', ', $wpmus_failed ) . "\n" );
	wpmus_cli_done();
	exit( 1 );
}
wpmus_cli_done();
