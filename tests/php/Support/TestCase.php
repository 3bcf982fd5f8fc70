<?php
/**
 * Base class of the integration tests.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Support;

use WPM_User_Sync\Jobs\Job_Budget;
use PHPUnit\Framework\TestCase as PHPUnit_TestCase;
use WP_REST_Request;
use WP_REST_Response;

/**
 * Runs each test against the real database inside a transaction that is rolled
 * back afterwards, so every test leaves the network as it found it.
 */
abstract class TestCase extends PHPUnit_TestCase {

	/**
	 * Counter for unique logins, emails and paths.
	 *
	 * @var int
	 */
	private static int $sequence = 0;

	/**
	 * What the test hooked: [ hook, callback, priority ], unhooked after it.
	 *
	 * @var array<int, array{0: string, 1: callable, 2: int}>
	 */
	private array $hooked = array();

	protected function setUp(): void {
		parent::setUp();
		global $wpdb;

		$wpdb->suppress_errors( false );
		$wpdb->show_errors( false );
		$wpdb->query( 'SET autocommit = 0' );
		$wpdb->query( 'START TRANSACTION' );
		// DDL would commit the transaction; temporary tables vanish with the connection's session instead.
		add_filter( 'query', array( $this, 'make_tables_temporary' ) );

		wp_cache_flush();
		wp_set_current_user( 0 );
		$GLOBALS['wp_rest_server'] = null;
		Job_Budget::forget_request(); // Each test stands for a request of its own.
	}

	protected function tearDown(): void {
		global $wpdb;

		foreach ( $this->hooked as list( $hook, $callback, $priority ) ) {
			remove_filter( $hook, $callback, $priority );
		}
		$this->hooked = array();

		while ( ms_is_switched() ) {
			restore_current_blog();
		}
		$wpdb->query( 'ROLLBACK' );
		remove_filter( 'query', array( $this, 'make_tables_temporary' ) );
		wp_cache_flush();
		wp_set_current_user( 0 );
		$GLOBALS['wp_rest_server'] = null;

		$this->assertSame( '', $wpdb->last_error, 'The test left a database error behind.' );
		parent::tearDown();
	}

	/**
	 * Hooks a callback for this test only.
	 *
	 * @param string   $hook     Action or filter.
	 * @param callable $callback Callback.
	 * @param int      $args     Arguments it takes.
	 * @param int      $priority Priority.
	 */
	protected function hook( string $hook, callable $callback, int $args = 1, int $priority = 10 ): void {
		add_filter( $hook, $callback, $priority, $args );
		$this->hooked[] = array( $hook, $callback, $priority );
	}

	/**
	 * Turns CREATE TABLE and DROP TABLE into their TEMPORARY forms.
	 *
	 * @param string $query SQL about to run.
	 */
	public function make_tables_temporary( string $query ): string {
		$query = ltrim( $query );
		if ( 0 === stripos( $query, 'CREATE TABLE' ) ) {
			return 'CREATE TEMPORARY TABLE' . substr( $query, 12 );
		}
		if ( 0 === stripos( $query, 'DROP TABLE' ) ) {
			return 'DROP TEMPORARY TABLE' . substr( $query, 10 );
		}
		return $query;
	}

	/**
	 * Creates a user, optionally with a role on a site.
	 *
	 * @param string|null $role    Role on $site_id, or null for no membership anywhere.
	 * @param int|null    $site_id Site; the main site when null.
	 * @return int User ID.
	 */
	protected function create_user( ?string $role = 'subscriber', ?int $site_id = null ): int {
		$n       = ++self::$sequence;
		$user_id = wpmu_create_user( "wpmus-test-{$n}-" . wp_rand(), 'password', "wpmus-test-{$n}-" . wp_rand() . '@example.com' );
		$this->assertIsInt( $user_id, 'Could not create a test user.' );
		if ( null !== $role ) {
			add_user_to_blog( $site_id ?? get_main_site_id(), $user_id, $role );
		}
		return $user_id;
	}

	/**
	 * Creates many users at once with plain SQL (no password hashing), members of no site.
	 *
	 * @param int $count How many.
	 * @return int[] User IDs, ascending.
	 */
	protected function create_users_fast( int $count ): array {
		global $wpdb;
		$n    = ++self::$sequence;
		$rows = array();
		for ( $i = 0; $i < $count; $i++ ) {
			$login  = "wpmus-bulk-{$n}-{$i}-" . wp_rand();
			$rows[] = $wpdb->prepare( '(%s,%s,%s,%s,%s)', $login, '*', $login, "{$login}@example.com", current_time( 'mysql', true ) );
		}
		$wpdb->query( "INSERT INTO {$wpdb->users} (user_login, user_pass, user_nicename, user_email, user_registered) VALUES " . implode( ',', $rows ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		$first = (int) $wpdb->insert_id;
		return range( $first, $first + $count - 1 );
	}

	/**
	 * The role a user has on a site, or null when they are not a member.
	 *
	 * @param int $user_id User ID.
	 * @param int $site_id Site ID.
	 */
	protected function role_on( int $user_id, int $site_id ): ?string {
		global $wpdb;
		// Read the membership itself: core's helpers hide archived sites.
		$capabilities = get_user_meta( $user_id, $wpdb->get_blog_prefix( $site_id ) . 'capabilities', true );
		if ( ! is_array( $capabilities ) ) {
			return null;
		}
		$roles = array_keys( array_filter( $capabilities ) );
		return array() === $roles ? '' : (string) reset( $roles );
	}

	/**
	 * Turns triggers and settings on or off for the current network.
	 *
	 * @param array<string, mixed> $settings Setting name => value.
	 */
	protected function set_settings( array $settings ): void {
		( new \WPM_User_Sync\Settings() )->update( $settings );
	}

	/**
	 * Creates a super admin.
	 *
	 * @return int User ID.
	 */
	protected function create_super_admin(): int {
		$user_id = $this->create_user( 'administrator' );
		grant_super_admin( $user_id );
		return $user_id;
	}

	/**
	 * Creates a site in the current network.
	 *
	 * @param array<string, mixed> $args Arguments for wp_insert_site().
	 * @return int Site ID.
	 */
	protected function create_site( array $args = array() ): int {
		// Core reads this when it initialises a site outside the main network.
		if ( ! defined( 'UPLOADBLOGSDIR' ) ) {
			define( 'UPLOADBLOGSDIR', 'wp-content/blogs.dir' );
		}
		$n       = ++self::$sequence;
		$site_id = wp_insert_site(
			$args + array(
				'domain' => get_network()->domain,
				'path'   => "/wpmus-test-{$n}-" . wp_rand() . '/',
				'title'  => "Test site {$n}",
			)
		);
		$this->assertIsInt( $site_id, 'Could not create a test site.' );
		return $site_id;
	}

	/**
	 * Creates a second network, and a site in it.
	 *
	 * @param string $path The site's path.
	 * @return int Site ID.
	 */
	protected function create_site_in_another_network( string $path = '/' ): int {
		global $wpdb;
		$wpdb->insert(
			$wpdb->site,
			array(
				'domain' => 'other-network.example',
				'path'   => '/',
			)
		);
		return $this->create_site(
			array(
				'network_id' => (int) $wpdb->insert_id,
				'domain'     => 'other-network.example',
				'path'       => $path,
			)
		);
	}

	/**
	 * Sends a request through the REST server, as the current user.
	 *
	 * @param string                    $method HTTP method.
	 * @param string                    $route  Route, e.g. `/wpm-user-sync/v1/settings`.
	 * @param array<mixed>|string|null  $body   JSON body: an array is encoded, a string sent as it is.
	 */
	protected function rest( string $method, string $route, array|string|null $body = null ): WP_REST_Response {
		$request = new WP_REST_Request( $method, $route );
		if ( null !== $body ) {
			$request->set_header( 'Content-Type', 'application/json' );
			$request->set_body( is_string( $body ) ? $body : (string) wp_json_encode( $body ) );
		}
		return rest_get_server()->dispatch( $request );
	}

	/**
	 * Asserts a REST error's status and code.
	 *
	 * @param int              $status   Expected HTTP status.
	 * @param string           $code     Expected error code.
	 * @param WP_REST_Response $response The response.
	 */
	protected function assertRestError( int $status, string $code, WP_REST_Response $response ): void {
		$this->assertSame( $status, $response->get_status(), 'Unexpected status; body: ' . wp_json_encode( $response->get_data() ) );
		$this->assertSame( $code, $response->get_data()['code'] ?? null );
	}
}
