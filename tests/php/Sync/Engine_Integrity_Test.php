<?php
/**
 * Tests that the engine never writes a membership twice, never skips one, and never
 * takes a failure for an answer.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Sync;

use WPM_User_Sync\Settings;
use WPM_User_Sync\Sync\Database_Error;
use WPM_User_Sync\Sync\Db;
use WPM_User_Sync\Sync\Membership_Engine;
use WPM_User_Sync\Sync\Membership_Writer;
use WPM_User_Sync\Sync\Population;
use WPM_User_Sync\Sync\Removals;
use WPM_User_Sync\Sync\Report;
use WPM_User_Sync\Sync\Site_Roles;
use WPM_User_Sync\Sync\Sync_Request;
use WPM_User_Sync\Sync\User_Set;
use WPM_User_Sync\Tests\Support\TestCase;

final class Engine_Integrity_Test extends TestCase {

	private function engine( int $users_per_block = 1000 ): Membership_Engine {
		$network_id = get_current_network_id();
		return new Membership_Engine( new Population( new Settings( $network_id ), $network_id ), new Site_Roles(), $users_per_block );
	}

	/**
	 * Rows of one meta key per user, for users that have more than one.
	 *
	 * @param string $key Meta key.
	 * @return array<int, int> User ID => rows.
	 */
	private function doubled( string $key ): array {
		global $wpdb;
		return array_map( 'intval', $wpdb->get_results( $wpdb->prepare( "SELECT user_id, COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key = %s GROUP BY user_id HAVING COUNT(*) > 1", $key ), OBJECT_K ) );
	}

	private function rows_of( string $key ): int {
		global $wpdb;
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key = %s", $key ) );
	}

	private function caps_key( int $site_id ): string {
		global $wpdb;
		return $wpdb->get_blog_prefix( $site_id ) . 'capabilities';
	}

	public function test_a_failed_read_of_who_is_a_member_stops_the_block_before_it_writes(): void {
		$site  = $this->create_site();
		$users = $this->create_users_fast( 120 );
		$this->engine()->run( new Sync_Request( null, array( $site ) ) );
		// Another site's memberships, read the same way, make the failing read the only wrong one.
		$kill = static function ( $query ) use ( $site ) {
			global $wpdb;
			return str_starts_with( $query, 'SELECT' ) && str_contains( $query, "'" . $wpdb->get_blog_prefix( $site ) . "capabilities'" )
				? 'SELECT umeta_id, user_id FROM wpmus_query_killed_by_the_server'
				: $query;
		};
		add_filter( 'query', $kill );
		try {
			$this->engine()->run( new Sync_Request( null, array( $site ) ) );
			$this->fail( 'A failed read must not pass for "nobody is a member".' );
		} catch ( Database_Error $error ) {
			$this->assertStringContainsString( 'wpmus_query_killed_by_the_server', $error->getMessage() );
		} finally {
			remove_filter( 'query', $kill );
			$GLOBALS['wpdb']->last_error = '';
		}

		$this->assertSame( array(), $this->doubled( $this->caps_key( $site ) ), 'Nobody got a second membership.' );
		$this->assertSame( 'subscriber', $this->role_on( end( $users ), $site ) );
	}

	public function test_a_write_made_by_someone_else_after_the_block_looked_is_not_written_again(): void {
		$site  = $this->create_site();
		$users = $this->create_users_fast( 60 );
		$late  = $users[42];
		$sneak = function () use ( $site, $late ): void {
			// Runs once the block has read its members and before it writes: another writer's row lands.
			add_user_to_blog( $site, $late, 'editor' );
		};
		add_action( 'wpmus_test_between_read_and_write', $sneak );
		$once = static function ( $query ) {
			static $done = false;
			if ( ! $done && str_starts_with( $query, 'SELECT GET_LOCK' ) ) {
				$done = true;
				do_action( 'wpmus_test_between_read_and_write' );
			}
			return $query;
		};
		global $wpdb;
		$rows_before = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key = %s", $this->caps_key( $site ) ) );
		add_filter( 'query', $once );
		$report = $this->engine()->run( new Sync_Request( null, array( $site ) ) );
		remove_filter( 'query', $once );
		$rows_after = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key = %s", $this->caps_key( $site ) ) );

		$this->assertSame( array(), $this->doubled( $this->caps_key( $site ) ), 'The late member has one membership.' );
		$this->assertSame( 'editor', $this->role_on( $late, $site ), 'Theirs, untouched.' );
		$this->assertSame( $rows_after - $rows_before - 1, $report->added( $site ), 'The total counts what the engine wrote, not the other writer\'s row.' );
	}

	public function test_blocks_whose_sites_lack_different_people_write_each_membership_once_around_another_writer(): void {
		$sites = array( $this->create_site(), $this->create_site(), $this->create_site() );
		$users = $this->create_users_fast( 130 );
		foreach ( array_slice( $users, 0, 5 ) as $member ) {
			add_user_to_blog( $sites[1], $member, 'author' ); // The middle site lacks fewer people: a second INSERT per block.
		}
		$late   = $users[80];
		$sneak  = static function ( $query ) use ( $sites, $late ) {
			static $locks = 0;
			// Between the first block and the second (after the first block's INSERTs left a gap in the row IDs).
			if ( str_starts_with( $query, 'SELECT GET_LOCK' ) && 2 === ++$locks ) {
				add_user_to_blog( $sites[0], $late, 'editor' );
			}
			return $query;
		};
		$pairs  = static fn() => 180; // Three sites of 60 users per block: enough users to read members site by site.
		$rows   = fn() => array_map( fn( int $site ) => $this->rows_of( $this->caps_key( $site ) ), $sites );
		$before = $rows();
		add_filter( 'wpmus_engine_pairs_per_block', $pairs );
		add_filter( 'query', $sneak );
		$report = $this->engine( 60 )->run( new Sync_Request( null, $sites ) );
		remove_filter( 'query', $sneak );
		remove_filter( 'wpmus_engine_pairs_per_block', $pairs );

		foreach ( $sites as $site ) {
			$this->assertSame( array(), $this->doubled( $this->caps_key( $site ) ), "Nobody has two memberships of site $site." );
			foreach ( $users as $user ) {
				$this->assertTrue( is_user_member_of_blog( $user, $site ), "User $user is a member of site $site." );
			}
		}
		$this->assertSame( 'editor', $this->role_on( $late, $sites[0] ), 'The other writer\'s membership is untouched.' );
		$after = $rows();
		$this->assertSame( array( $after[0] - $before[0] - 1, $after[1] - $before[1], $after[2] - $before[2] ), array( $report->added( $sites[0] ), $report->added( $sites[1] ), $report->added( $sites[2] ) ), 'Each site counts what the engine wrote there, not the other writer\'s row.' );
	}

	public function test_servers_without_tables_of_values_get_the_same_rows_from_a_plain_insert(): void {
		global $wpdb;
		$users = $this->create_users_fast( 3 );
		$meta  = static fn( string $prefix ) => array( $wpdb->prepare( '%s,%s', $prefix . '_caps', 'a:1:{s:6:"author";b:1;}' ), $wpdb->prepare( '%s,%s', $prefix . '_level', '2' ) );
		$read  = static fn( string $prefix ) => $wpdb->get_results( $wpdb->prepare( "SELECT user_id, REPLACE(meta_key, %s, '') AS k, meta_value FROM {$wpdb->usermeta} WHERE meta_key LIKE %s ORDER BY user_id, k", $prefix, $wpdb->esc_like( $prefix ) . '%' ), ARRAY_A );

		$this->assertSame( 6, Db::write( Membership_Writer::insert_sql( $users, $meta( 'wpmus_plain' ), null ) ) );
		$this->assertSame( 6, Db::write( Membership_Writer::insert_sql( $users, $meta( 'wpmus_table' ), Db::value_table_row() ) ) );
		$this->assertCount( 6, $read( 'wpmus_plain' ) );
		$this->assertSame( $read( 'wpmus_plain' ), $read( 'wpmus_table' ) );
	}

	public function test_a_resumed_run_skips_nobody_when_a_site_of_its_block_is_archived_meanwhile(): void {
		$sites = array();
		for ( $i = 0; $i < 6; $i++ ) {
			$sites[] = $this->create_site();
		}
		$users  = $this->create_users_fast( 30 );
		$run    = new Sync_Request( null, $sites );
		$engine = $this->engine( 10 );
		// Blocks of 10 users × 500 sites: one block of sites, stopped after its first users.
		$first = $engine->run( $run, null, microtime( true ) );
		$this->assertNotNull( $first->cursor );

		update_blog_status( $sites[1], 'archived', '1' );
		$cursor = $first->cursor;
		do {
			$batch  = $engine->run( $run, $cursor, microtime( true ) );
			$cursor = $batch->cursor;
		} while ( null !== $cursor );

		foreach ( array( 0, 2, 3, 4, 5 ) as $i ) {
			foreach ( $users as $user_id ) {
				$this->assertSame( 'subscriber', $this->role_on( $user_id, $sites[ $i ] ), "User $user_id is on site {$sites[ $i ]}." );
			}
		}
	}

	public function test_a_resumed_run_skips_nobody_when_sites_are_created_or_deleted_meanwhile(): void {
		$sites  = array( $this->create_site(), $this->create_site(), $this->create_site() );
		$users  = $this->create_users_fast( 12 );
		$run    = new Sync_Request();
		$engine = $this->engine( 4 );
		$first  = $engine->run( $run, null, microtime( true ) );

		wp_delete_site( $sites[0] );
		$new    = $this->create_site();
		$cursor = $first->cursor;
		while ( null !== $cursor ) {
			$cursor = $engine->run( $run, $cursor, microtime( true ) )->cursor;
		}

		foreach ( array( $sites[1], $sites[2], $new ) as $site_id ) {
			foreach ( $users as $user_id ) {
				$this->assertSame( 'subscriber', $this->role_on( $user_id, $site_id ) );
			}
		}
	}

	public function test_excluded_sites_are_counted_once_however_many_batches_the_run_takes(): void {
		$excluded = $this->create_site();
		$site     = $this->create_site();
		$this->set_settings( array( 'excludedSites' => array( $excluded ) ) );
		$this->create_users_fast( 20 );
		$run    = new Sync_Request( null, array( $excluded, $site ) );
		$engine = $this->engine( 3 );
		$total  = new Report();
		$cursor = null;
		do {
			$batch = $engine->run( $run, $cursor, microtime( true ) );
			$total->merge( $batch );
			$cursor = $batch->cursor;
		} while ( null !== $cursor );

		$this->assertSame( 1, $total->skipped( Report::SKIP_EXCLUDED, $excluded ) );
	}

	public function test_sites_named_but_archived_spam_or_deleted_say_why_nothing_is_added(): void {
		$archived = $this->create_site( array( 'archived' => 1 ) );
		$spam     = $this->create_site( array( 'spam' => 1 ) );
		$user     = $this->create_user( null );

		$report = $this->engine()->run( new Sync_Request( array( $user ), array( $archived, $spam ) ) );

		$this->assertSame( 1, $report->skipped( Report::SKIP_SITE_INACTIVE, $archived ) );
		$this->assertSame( 1, $report->skipped( Report::SKIP_SITE_INACTIVE, $spam ) );
		$this->assertSame( 0, $report->added() );
	}

	public function test_a_default_role_that_can_manage_people_is_not_given_unless_the_network_allows_it(): void {
		$admins  = $this->create_site( array( 'options' => array( 'default_role' => 'administrator' ) ) );
		$editors = $this->create_site( array( 'options' => array( 'default_role' => 'editor' ) ) );
		$authors = $this->create_site( array( 'options' => array( 'default_role' => 'author' ) ) );
		$user    = $this->create_user( null );

		$report = $this->engine()->run( new Sync_Request( array( $user ), array( $admins, $editors, $authors ) ) );

		$this->assertNull( $this->role_on( $user, $admins ) );
		$this->assertNull( $this->role_on( $user, $editors ), 'Editors carry unfiltered_html.' );
		$this->assertSame( 'author', $this->role_on( $user, $authors ) );
		$this->assertSame( 1, $report->skipped( Report::SKIP_PRIVILEGED, $admins ) );
		$this->assertSame( 1, $report->skipped( Report::SKIP_PRIVILEGED, $editors ) );

		$this->set_settings( array( 'privilegedDefaultRoles' => true ) );
		$this->engine()->run( new Sync_Request( array( $user ), array( $admins, $editors ) ) );
		$this->assertSame( 'administrator', $this->role_on( $user, $admins ), 'Allowed in Options, given.' );
		$this->assertSame( 'editor', $this->role_on( $user, $editors ) );
	}

	public function test_a_sites_own_sync_never_undoes_a_network_administrators_removal(): void {
		$site        = $this->create_site();
		$admin       = $this->create_user( 'administrator', $site );
		$by_network  = $this->create_user( 'author', $site );
		$by_site     = $this->create_user( 'author', $site );
		$super_admin = $this->create_super_admin();

		wp_set_current_user( $super_admin );
		remove_user_from_blog( $by_network, $site );
		wp_set_current_user( $admin );
		remove_user_from_blog( $by_site, $site );
		wp_set_current_user( 0 );

		$report = $this->engine()->run( new Sync_Request( array( $by_network, $by_site ), array( $site ), Sync_Request::ADD_REMOVED_BY_SITE ) );
		$this->assertSame( 'subscriber', $this->role_on( $by_site, $site ), 'The site\'s own removal is undone.' );
		$this->assertNull( $this->role_on( $by_network, $site ), 'The network administrator\'s is not.' );
		$this->assertSame( 1, $report->skipped( Report::SKIP_REMOVED, $site ) );

		$this->engine()->run( new Sync_Request( array( $by_network ), array( $site ), Sync_Request::ADD_REMOVED_ALL ) );
		$this->assertSame( 'subscriber', $this->role_on( $by_network, $site ), 'A network sync may.' );
		$this->assertFalse( ( new Removals() )->was_removed( $by_network, $site ) );
	}

	public function test_a_user_re_added_without_a_primary_site_gets_one(): void {
		$site  = $this->create_site();
		$other = $this->create_site();
		$users = $this->create_users_fast( 80 );
		foreach ( $users as $user_id ) {
			// What core leaves after removing someone from their primary site and their last site.
			add_user_meta( $user_id, 'primary_blog', '' );
			add_user_meta( $user_id, 'source_domain', '' );
		}

		$this->engine()->run( new Sync_Request( null, array( $site, $other ) ) );

		foreach ( array( $users[0], $users[79] ) as $user_id ) {
			$this->assertSame( array( (string) $site ), get_user_meta( $user_id, 'primary_blog' ) );
			$this->assertCount( 1, get_user_meta( $user_id, 'source_domain' ) );
		}
		$this->assertSame( array(), $this->doubled( 'primary_blog' ) );
		$this->assertSame( array(), $this->doubled( 'source_domain' ) );
	}

	public function test_a_user_whose_primary_site_is_0_gets_one_as_core_would_give_it(): void {
		$site  = $this->create_site();
		$users = $this->create_users_fast( 3 );
		// Core's add_user_to_blog() reads '0' as no primary site, as it reads ''.
		add_user_meta( $users[0], 'primary_blog', '0' );
		add_user_meta( $users[0], 'source_domain', '' );
		add_user_meta( $users[1], 'source_domain', 'gone.example' );

		$this->engine()->run( new Sync_Request( null, array( $site, $this->create_site() ) ) );

		foreach ( array( $users[0], $users[1], $users[2] ) as $user_id ) {
			$this->assertSame( array( (string) $site ), get_user_meta( $user_id, 'primary_blog' ) );
			$this->assertSame( array( get_site( $site )->domain ), get_user_meta( $user_id, 'source_domain' ) );
		}
	}

	public function test_a_user_id_near_two_to_the_31_costs_no_more_memory_than_any_other(): void {
		global $wpdb;
		$site = $this->create_site();
		$wpdb->query( $wpdb->prepare( "INSERT INTO {$wpdb->users} (ID, user_login, user_pass, user_nicename, user_email, user_registered) VALUES (%d, 'wpmus-far-away', '*', 'wpmus-far-away', 'far@example.com', %s)", 2147483000, current_time( 'mysql', true ) ) );
		$this->create_users_fast( 60 );
		add_user_to_blog( $site, 2147483000, 'author' );

		memory_reset_peak_usage();
		$before = memory_get_usage();
		$this->engine()->run( new Sync_Request( null, array( $site, $this->create_site() ) ) );
		$growth = memory_get_peak_usage() - $before;

		$this->assertLessThan( 16 * MB_IN_BYTES, $growth, sprintf( 'Peak memory grew by %.1f MB.', $growth / MB_IN_BYTES ) );
		$this->assertSame( 'author', $this->role_on( 2147483000, $site ) );
	}

	public function test_a_user_set_holds_ids_anywhere_in_the_integer_range(): void {
		$set = new User_Set();
		foreach ( array( 1, 7, 8, 65535, 65536, 2147483000, PHP_INT_MAX >> 20 ) as $id ) {
			$this->assertFalse( $set->has( $id ) );
			$set->add( $id );
			$this->assertTrue( $set->has( $id ) );
		}
		$this->assertFalse( $set->has( 9 ) );
		$this->assertFalse( $set->has( 2147483001 ) );
	}

	public function test_a_user_set_tells_which_of_a_list_it_does_not_hold(): void {
		$set = new User_Set();
		foreach ( array( 7, 8, 65535, 65536, 70000 ) as $id ) {
			$set->add( $id );
		}
		$this->assertSame( array( 1, 9, 65534, 65537 ), $set->without( array( 1, 7, 8, 9, 65534, 65535, 65536, 65537 ) ) );
		$this->assertSame( array( 9, 10 ), $set->without( array( 9, 10 ) ), 'A member in the same byte, outside the list, counts for nothing.' );
		$this->assertSame( array( 69999 ), $set->without( array( 69999, 70000 ) ) );
		$this->assertSame( array( 2147483000 ), $set->without( array( 2147483000 ) ) );
		$this->assertSame( array(), $set->without( array() ) );
		$this->assertSame( array( 9000000, 1 ), $set->without( array( 9000000, 70000, 1 ) ), 'Users spread thin, in any order.' );
	}

	public function test_capabilities_never_exist_without_user_level_when_a_block_fails_half_way(): void {
		$site  = $this->create_site();
		$users = $this->create_users_fast( 60 );
		// The block's INSERT succeeds, then what follows it in the block (the primary sites' INSERT) fails.
		$break = static function ( $query ) {
			return str_starts_with( $query, 'INSERT INTO' ) && str_contains( $query, ",'primary_blog'," ) ? 'DELETE FROM wpmus_no_such_table' : $query;
		};
		add_filter( 'query', $break );
		try {
			$this->engine()->run( new Sync_Request( null, array( $site ) ) );
			$this->fail( 'The failure is reported.' );
		} catch ( Database_Error $error ) {
			$this->assertNotSame( '', $error->getMessage() );
		} finally {
			remove_filter( 'query', $break );
			$GLOBALS['wpdb']->last_error = '';
		}

		wp_cache_flush();
		$this->assertNull( $this->role_on( $users[0], $site ), 'The block rolled back: no capabilities…' );
		$this->assertSame( '', get_user_meta( $users[0], $GLOBALS['wpdb']->get_blog_prefix( $site ) . 'user_level', true ), '…and no user_level.' );
	}

	public function test_the_write_lock_is_named_for_this_database_and_table_prefix(): void {
		global $wpdb;
		$name = \WPM_User_Sync\Sync\Db::lock_name( 'write' );
		$this->assertLessThanOrEqual( 64, strlen( $name ) );
		$prefix            = $wpdb->base_prefix;
		$wpdb->base_prefix = 'other_';
		$other             = \WPM_User_Sync\Sync\Db::lock_name( 'write' );
		$wpdb->base_prefix = $prefix;
		$this->assertNotSame( $name, $other, 'Two installations in one database do not share it.' );
	}
}
