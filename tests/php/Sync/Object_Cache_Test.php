<?php
/**
 * The engine's bulk writes against a persistent object cache (Redis).
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Sync;

use WP_User;
use WP_User_Query;
use WPM_User_Sync\Sync\Membership_Engine;
use WPM_User_Sync\Sync\Removals;
use WPM_User_Sync\Sync\Sync_Request;
use WPM_User_Sync\Tests\Support\TestCase;

/**
 * The engine writes memberships with SQL, bypassing the meta API, and then
 * invalidates caches itself. With a persistent object cache, whatever was read
 * before the write must not be served afterwards: neither later in the same
 * request nor in the next one (simulated by wp_cache_flush_runtime(), which
 * leaves only what Redis holds).
 *
 * Each scenario warms the caches first, then lets the engine write, then reads
 * again without flushing anything. Runs in the php-redis stage of bin/test.sh.
 *
 * @group object-cache
 */
final class Object_Cache_Test extends TestCase {

	protected function setUp(): void {
		// These tests only mean something against Redis: refuse to pass without it.
		if ( ! wp_using_ext_object_cache() ) {
			$this->fail( 'Needs the Redis object cache drop-in: run bash bin/test.sh php-redis' );
		}
		parent::setUp();
	}

	/**
	 * The two moments a stale value could be read at.
	 *
	 * @return array<string, array{bool}>
	 */
	public function moments(): array {
		return array(
			'later in the same request'        => array( false ),
			'in the next request (from Redis)' => array( true ),
		);
	}

	public function test_the_drop_in_keeps_values_in_redis_per_blog_and_for_the_network(): void {
		$site = $this->create_site();

		wp_cache_set( 'probe', array( 'value' => 1 ), 'wpmus-test' );
		wp_cache_set( 'wpmus-probe', 'network-wide', 'users' );
		wp_cache_flush_runtime();

		$this->assertSame( array( 'value' => 1 ), wp_cache_get( 'probe', 'wpmus-test', false, $found ) );
		$this->assertTrue( $found, 'A value must outlive the per-request layer.' );
		switch_to_blog( $site );
		$this->assertFalse( wp_cache_get( 'probe', 'wpmus-test' ), 'Keys of a non-global group are per blog.' );
		$this->assertSame( 'network-wide', wp_cache_get( 'wpmus-probe', 'users' ), 'Keys of a global group are shared.' );
		restore_current_blog();

		wp_cache_flush();
		$this->assertFalse( wp_cache_get( 'probe', 'wpmus-test', true, $found ) );
		$this->assertFalse( $found, 'wp_cache_flush() must empty Redis too.' );
	}

	/**
	 * The control: the same rows the engine writes, written with SQL and no
	 * invalidation, leave stale memberships behind, even after the per-request
	 * layer is gone. So Redis really serves these reads, and the other tests
	 * would catch a missing invalidation.
	 */
	public function test_a_write_without_invalidation_is_served_stale_from_redis(): void {
		global $wpdb;
		$site = $this->create_site();
		$user = $this->create_user( null );
		$this->warm( array( $user ), array( $site ) );

		$prefix = $wpdb->get_blog_prefix( $site );
		$wpdb->query(
			$wpdb->prepare(
				"INSERT INTO {$wpdb->usermeta} (user_id, meta_key, meta_value) VALUES (%d, %s, %s), (%d, %s, %s)",
				$user,
				$prefix . 'capabilities',
				serialize( array( 'subscriber' => true ) ), // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize
				$user,
				$prefix . 'user_level',
				'0'
			)
		);
		wp_cache_flush_runtime();

		$this->assertFalse( is_user_member_of_blog( $user, $site ), 'Redis should still hold the user meta read before the write.' );
		$this->assertArrayNotHasKey( $site, get_blogs_of_user( $user ) );
		$this->assertNotContains( $user, $this->member_ids( $site ), 'Redis should still hold the user query read before the write.' );

		wp_cache_delete( $user, 'user_meta' );
		wp_cache_set_users_last_changed();

		$this->assertTrue( is_user_member_of_blog( $user, $site ) );
		$this->assertContains( $user, $this->member_ids( $site ) );
	}

	/**
	 * @dataProvider moments
	 *
	 * @param bool $next_request Whether to read as the next request would.
	 */
	public function test_a_user_the_engine_adds_to_sites_is_a_member_with_the_default_role( bool $next_request ): void {
		$site_a = $this->create_site();
		$site_b = $this->create_site();
		update_blog_option( $site_b, 'default_role', 'author' );
		$user = $this->create_user( null );
		$this->warm( array( $user ), array( $site_a, $site_b ) );

		$report = Membership_Engine::for_network( get_current_network_id() )->run( new Sync_Request( array( $user ), array( $site_a, $site_b ) ) );
		$this->assertSame( 1, $report->added( $site_a ) );
		$this->assertSame( 1, $report->added( $site_b ) );
		$this->later( $next_request );

		$this->assertTrue( is_user_member_of_blog( $user, $site_a ) );
		$this->assertTrue( is_user_member_of_blog( $user, $site_b ) );
		$blogs = get_blogs_of_user( $user );
		$this->assertArrayHasKey( $site_a, $blogs );
		$this->assertArrayHasKey( $site_b, $blogs );
		$this->assertContains( $user, $this->member_ids( $site_a ) );
		$this->assertContains( $user, $this->member_ids( $site_b ) );

		switch_to_blog( $site_a );
		$this->assertSame( array( 'subscriber' ), ( new WP_User( $user ) )->roles );
		$this->assertTrue( user_can( $user, 'read' ) );
		$this->assertFalse( user_can( $user, 'edit_posts' ) );
		restore_current_blog();

		switch_to_blog( $site_b );
		$this->assertSame( array( 'author' ), ( new WP_User( $user ) )->roles );
		$this->assertTrue( user_can( $user, 'publish_posts' ) );
		$this->assertTrue( user_can( $user, 'upload_files' ) );
		$this->assertFalse( user_can( $user, 'edit_others_posts' ) );
		restore_current_blog();
	}

	/**
	 * Core's own `set_user_role` listener bumps the users salt too, and the engine
	 * fires that action; without it, the engine's own bump must keep get_users() fresh.
	 *
	 * @dataProvider moments
	 *
	 * @param bool $next_request Whether to read as the next request would.
	 */
	public function test_user_queries_are_fresh_without_cores_set_user_role_listener( bool $next_request ): void {
		$site = $this->create_site();
		$user = $this->create_user( null );
		$this->warm( array( $user ), array( $site ) );

		remove_action( 'set_user_role', 'wp_cache_set_users_last_changed' );
		try {
			Membership_Engine::for_network( get_current_network_id() )->run( new Sync_Request( array( $user ), array( $site ) ) );
		} finally {
			add_action( 'set_user_role', 'wp_cache_set_users_last_changed' );
		}
		$this->later( $next_request );

		$this->assertContains( $user, $this->member_ids( $site ) );
		$this->assertSame( 1, ( new WP_User_Query( $this->members_query( $site ) ) )->get_total() );
	}

	/**
	 * Many users take the engine's other path (bitmaps instead of per-user lookups).
	 *
	 * @dataProvider moments
	 *
	 * @param bool $next_request Whether to read as the next request would.
	 */
	public function test_many_users_the_engine_adds_to_a_new_site_are_listed_and_counted( bool $next_request ): void {
		$site  = $this->create_site();
		$users = $this->insert_users( 60 );
		$this->warm( $users, array( $site ) );
		$this->assertSame( 0, ( new WP_User_Query( $this->members_query( $site ) ) )->get_total() );
		$this->assertSame( 0, count_users( 'time', $site )['total_users'] );
		wp_cache_set( $site . '_user_count', 0, 'blog-details' );

		$report = Membership_Engine::for_network( get_current_network_id() )->run( new Sync_Request( null, array( $site ) ) );
		$added  = $report->added( $site );
		$this->assertGreaterThan( 60, $added, 'Every user of the network who is not a super admin joins.' );
		$this->later( $next_request );

		$members = $this->member_ids( $site );
		$this->assertCount( $added, $members );
		foreach ( $users as $user ) {
			$this->assertContains( $user, $members );
			$this->assertTrue( is_user_member_of_blog( $user, $site ), "User $user is a member." );
			$this->assertArrayHasKey( $site, get_blogs_of_user( $user ) );
		}
		$this->assertSame( $added, ( new WP_User_Query( $this->members_query( $site ) ) )->get_total() );
		$this->assertSame( $added, count_users( 'time', $site )['total_users'] );
		$this->assertSame( $added, count_users( 'time', $site )['avail_roles']['subscriber'] ?? 0 );
		$this->assertFalse( wp_cache_get( $site . '_user_count', 'blog-details' ), 'The engine drops the site user count, as add_user_to_blog() does.' );
		$this->assertSame( (string) $site, get_user_meta( $users[0], 'primary_blog', true ) );
	}

	/**
	 * @dataProvider moments
	 *
	 * @param bool $next_request Whether to read as the next request would.
	 */
	public function test_the_primary_site_the_engine_gives_a_user_without_one_is_read_back( bool $next_request ): void {
		$site_a = $this->create_site();
		$site_b = $this->create_site();
		$user   = $this->create_user( null );
		$this->warm( array( $user ), array( $site_a, $site_b ) );
		$this->assertSame( '', get_user_meta( $user, 'primary_blog', true ), 'The user starts without a primary site.' );
		$this->assertSame( '', get_user_meta( $user, 'source_domain', true ) );

		Membership_Engine::for_network( get_current_network_id() )->run( new Sync_Request( array( $user ), array( $site_a, $site_b ) ) );
		$this->later( $next_request );

		$this->assertSame( (string) min( $site_a, $site_b ), get_user_meta( $user, 'primary_blog', true ) );
		$this->assertSame( get_site( $site_a )->domain, get_user_meta( $user, 'source_domain', true ) );
	}

	/**
	 * The engine deletes a removal marker with SQL when it adds the person back.
	 *
	 * @dataProvider moments
	 *
	 * @param bool $next_request Whether to read as the next request would.
	 */
	public function test_the_removal_marker_the_engine_clears_is_gone( bool $next_request ): void {
		$site = $this->create_site();
		$user = $this->create_user( 'subscriber', $site );
		remove_user_from_blog( $user, $site );
		$this->warm( array( $user ), array( $site ) );
		$this->assertSame( array( (string) $site ), get_user_meta( $user, Removals::NETWORK_META_KEY ), 'Removed by code: a network removal.' );

		$report = Membership_Engine::for_network( get_current_network_id() )->run( new Sync_Request( array( $user ), array( $site ), true ) );
		$this->assertSame( 1, $report->added( $site ) );
		$this->later( $next_request );

		$this->assertSame( array(), get_user_meta( $user, Removals::NETWORK_META_KEY ) );
		$this->assertTrue( is_user_member_of_blog( $user, $site ) );
	}

	/**
	 * A process killed after a block committed, before its clean-up ran, leaves no stale cache:
	 * the block cleans the caches inside its transaction too.
	 *
	 * @dataProvider moments
	 *
	 * @param bool $next_request Whether to read as the next request would.
	 */
	public function test_a_block_cut_off_after_its_commit_leaves_no_stale_cache( bool $next_request ): void {
		$site  = $this->create_site();
		$users = array( $this->create_user( null ), $this->create_user( null ) );
		$this->warm( $users, array( $site ) );
		$this->assertFalse( is_user_member_of_blog( $users[0], $site ) );

		// The first query after the commit is the lock's release: the process "dies" there.
		$die = static function ( $query ) {
			if ( str_starts_with( $query, 'SELECT RELEASE_LOCK' ) ) {
				throw new \LogicException( 'killed after the commit' );
			}
			return $query;
		};
		add_filter( 'query', $die );
		try {
			Membership_Engine::for_network( get_current_network_id() )->run( new Sync_Request( $users, array( $site ) ) );
			$this->fail( 'The run was cut off.' );
		} catch ( \LogicException $killed ) {
			$this->assertSame( 'killed after the commit', $killed->getMessage() );
		} finally {
			remove_filter( 'query', $die );
			global $wpdb;
			$wpdb->query( "SELECT RELEASE_LOCK('" . \WPM_User_Sync\Sync\Db::lock_name( 'write' ) . "')" );
		}
		$this->later( $next_request );

		foreach ( $users as $user ) {
			$this->assertTrue( is_user_member_of_blog( $user, $site ), 'The committed membership is seen.' );
			$this->assertContains( $user, $this->member_ids( $site ) );
		}
	}

	/**
	 * Reads what a page would read about these users and sites, filling the caches
	 * (and checks they reached Redis, so a later fresh read proves an invalidation).
	 *
	 * @param int[] $users Users.
	 * @param int[] $sites Sites.
	 */
	private function warm( array $users, array $sites ): void {
		cache_users( $users );
		foreach ( $sites as $site ) {
			$this->member_ids( $site );
			count_users( 'time', $site );
			switch_to_blog( $site );
			foreach ( $users as $user ) {
				is_user_member_of_blog( $user, $site );
				user_can( $user, 'read' );
				new WP_User( $user );
			}
			restore_current_blog();
		}
		foreach ( $users as $user ) {
			get_blogs_of_user( $user );
			get_user_meta( $user );
		}

		foreach ( $users as $user ) {
			$this->assertIsArray( wp_cache_get( $user, 'user_meta', true ), "Redis holds the meta of user $user." );
		}
		$this->assertNotFalse( wp_cache_get( 'last_changed', 'users', true ), 'Redis holds the users last_changed salt.' );
	}

	/**
	 * Reads on as the same request would, or as the next one (the per-request layer forgotten).
	 *
	 * @param bool $next_request Which.
	 */
	private function later( bool $next_request ): void {
		if ( $next_request ) {
			wp_cache_flush_runtime();
		}
	}

	/**
	 * The IDs of a site's members, through get_users() (and its query cache).
	 *
	 * @param int $site Site ID.
	 * @return int[]
	 */
	private function member_ids( int $site ): array {
		return array_map( 'intval', get_users( $this->members_query( $site ) ) );
	}

	/**
	 * Query arguments for a site's members.
	 *
	 * @param int $site Site ID.
	 * @return array<string, mixed>
	 */
	private function members_query( int $site ): array {
		return array(
			'blog_id'     => $site,
			'fields'      => 'ID',
			'number'      => -1,
			'count_total' => true,
		);
	}

	/**
	 * Users made with one INSERT, members of no site and without any meta.
	 *
	 * @param int $count How many.
	 * @return int[] User IDs, ascending.
	 */
	private function insert_users( int $count ): array {
		global $wpdb;
		$tag  = 'wpmus-cache-' . wp_rand();
		$rows = array();
		for ( $i = 0; $i < $count; $i++ ) {
			$rows[] = $wpdb->prepare( '(%s, %s, %s, %s, %s)', "$tag-$i", '*', "$tag-$i", "$tag-$i@example.com", current_time( 'mysql', true ) );
		}
		$wpdb->query( "INSERT INTO {$wpdb->users} (user_login, user_pass, user_nicename, user_email, user_registered) VALUES " . implode( ',', $rows ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		return array_map(
			'intval',
			$wpdb->get_col( $wpdb->prepare( "SELECT ID FROM {$wpdb->users} WHERE user_login LIKE %s ORDER BY ID", $wpdb->esc_like( $tag ) . '-%' ) )
		);
	}
}
