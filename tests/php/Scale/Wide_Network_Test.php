<?php
/**
 * Tests of the triggers on a wide network: 300 more sites, with block sizes and budgets
 * turned down so that what does not fit in the request goes on as a job.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Scale;

use WP_User;
use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Budget;
use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Jobs\Types\Copy_Role;
use WPM_User_Sync\Sync\Report;
use WPM_User_Sync\Sync\Site_Roles;
use WPM_User_Sync\Tests\Support\TestCase;

/**
 * Each test gets the demo network plus 300 sites whose default roles take turns
 * (subscriber, contributor, author), inside the test's transaction like everything else.
 *
 * Creating 300 sites with wp_insert_site() takes about 25 s here, so one real site is
 * created and 299 copies of it are written with SQL: their `wp_blogs` rows, and an
 * options table each holding the real site's options with their own URL, name, default
 * role and roles. That is all a site is to the plugin, except what the plugin itself
 * stores when a site is created: the copies start without it, as sites made before the
 * plugin was activated do. The copies keep their IDs for the whole class, so their
 * tables (temporary, like every site table of the suite) are created once.
 *
 * Block sizes and budgets are turned down through `wpmus_engine_pairs_per_block`,
 * `wpmus_engine_users_per_block`, `wpmus_role_copy_sites_per_block` and `wpmus_job_budget`.
 */
final class Wide_Network_Test extends TestCase {

	/**
	 * Sites added to the demo network.
	 */
	private const SITES = 300;

	/**
	 * The default roles the sites take in turn.
	 */
	private const DEFAULT_ROLES = array( 'subscriber', 'contributor', 'author' );

	/**
	 * The user level of core's roles (their highest level_N capability).
	 */
	private const LEVELS = array(
		'subscriber'    => 0,
		'contributor'   => 1,
		'author'        => 2,
		'editor'        => 7,
		'administrator' => 10,
	);

	/**
	 * Memory a site may keep for the rest of a batch, at most: with more, 10,000 sites alone
	 * would pass the 64 MB a batch may use (issue 9).
	 */
	private const MEMORY_PER_SITE = 64 * MB_IN_BYTES / 10000;

	/**
	 * The first ID of the copied sites, fixed for the class; null until the first test.
	 *
	 * @var int|null
	 */
	private static ?int $first_copy = null;

	/**
	 * The sites added to the demo network, ascending.
	 *
	 * @var int[]
	 */
	private array $sites = array();

	/**
	 * The default role each added site was given: site ID => role.
	 *
	 * @var array<int, string>
	 */
	private array $default_roles = array();

	/**
	 * Seconds given to batches, by `wpmus_job_budget` context (see give_seconds()).
	 *
	 * @var array<string, float>
	 */
	private array $seconds = array();

	/**
	 * Each `wpmus_role_replicated`: [ report, user ID, role ].
	 *
	 * @var array<int, array{0: Report, 1: int, 2: string}>
	 */
	private array $replications = array();

	/**
	 * Each `set_user_role` heard by note_role_set().
	 *
	 * @var array<int, array{site: int, user: int, role: string, old: string[]}>
	 */
	private array $role_sets = array();

	protected function setUp(): void {
		parent::setUp();
		$this->hook( 'wpmus_job_budget', array( $this, 'budget' ), 2 );
		$this->add_sites();
	}

	public static function tearDownAfterClass(): void {
		global $wpdb;
		if ( null !== self::$first_copy ) {
			for ( $id = self::$first_copy; $id < self::$first_copy + self::SITES - 1; $id++ ) {
				$wpdb->query( "DROP TEMPORARY TABLE IF EXISTS {$wpdb->base_prefix}{$id}_options" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- A table name made of integers.
			}
			self::$first_copy = null;
		}
		parent::tearDownAfterClass();
	}

	/*
	 * A new user.
	 */

	public function test_a_new_user_joins_every_live_site_with_its_default_role_through_a_job_that_wp_cron_finishes(): void {
		$archived = $this->sites[10];
		$excluded = $this->sites[20];
		update_blog_status( $archived, 'archived', '1' );
		$this->set_settings(
			array(
				'newUserSync'   => true,
				'excludedSites' => array( $excluded ),
			)
		);
		$this->give_seconds( 0.0, Job_Budget::NEW_USER, Job_Budget::CRON );
		$this->set_block_size( 'wpmus_engine_pairs_per_block', 50 );

		$user_id = $this->create_user( null );

		$expected = array();
		foreach ( $this->all_sites() as $site_id ) {
			$expected[ $site_id ] = in_array( $site_id, array( $archived, $excluded ), true ) ? null : $this->newcomer_role( $site_id );
		}
		$in_scope = count( array_filter( $expected ) );
		$job      = $this->running_job( 'the new user\'s other sites' );
		$this->assertSame( Job::ORIGIN_NEW_USER, $job->origin );
		$this->assertSame( array( $user_id ), $job->user_ids, 'A job about this user only.' );
		$this->assertLessThan( $in_scope, $this->memberships_of( $user_id ), 'Blocks of 50 sites and no time: only a first block ran while the account was created.' );

		$done = $this->finish_by_wp_cron( $job );

		$this->assertRoles( $user_id, $expected, 'The new user is on every live site in scope, with that site\'s default role, and on no archived or excluded site' );
		$this->assertSame( Job::DONE, $done->status );
		$this->assertSame( $in_scope, $this->memberships_of( $user_id ) );
		// The site of the request is not the job's: core gives the role there itself (wp_insert_user()),
		// takes it away (wpmu_create_user()), and the trigger gives it back in the request.
		$this->assertSame( $this->memberships_of( $user_id ) - 1, $done->result->added(), 'The job\'s total is what it wrote.' );
	}

	public function test_a_new_user_whose_sync_goes_on_as_a_job_is_also_on_the_site_where_the_account_was_created(): void {
		// wpmu_create_user() deletes the role on the current site after user_register, where the sync
		// starts: the job that carries on must not leave the user without it.
		$this->set_settings( array( 'newUserSync' => true ) );
		$this->give_seconds( 0.0, Job_Budget::NEW_USER );
		$this->set_block_size( 'wpmus_engine_pairs_per_block', 50 );

		$user_id = $this->create_user( null );
		$this->running_job( 'the new user\'s other sites' );
		$this->finish_running_jobs();

		$main = get_main_site_id();
		$this->assertSame( $this->newcomer_role( $main ), $this->role_on( $user_id, $main ), 'The site where the account was created is one of every site.' );
	}

	/*
	 * A new site.
	 */

	public function test_a_new_site_receives_every_user_but_super_admins_through_a_job_that_wp_cron_finishes(): void {
		$this->create_users_fast( 200 );
		$super_admin = $this->create_super_admin();
		$this->set_settings( array( 'newSiteSync' => true ) );
		$this->give_seconds( 0.0, Job_Budget::NEW_SITE, Job_Budget::CRON );
		$this->set_block_size( 'wpmus_engine_users_per_block', 20 );

		$site_id = $this->create_site( array( 'options' => array( 'default_role' => 'contributor' ) ) );

		$users    = get_users(
			array(
				'blog_id' => 0,
				'fields'  => 'ID',
			)
		);
		$expected = array();
		foreach ( array_map( 'intval', $users ) as $user_id ) {
			$expected[ $user_id ] = is_super_admin( $user_id ) ? null : 'contributor';
		}
		$this->assertNull( $expected[ $super_admin ] );
		$job = $this->running_job( 'the new site\'s other users' );
		$this->assertSame( Job::ORIGIN_NEW_SITE, $job->origin );
		$this->assertSame( array( $site_id ), $job->site_ids, 'A job about this site only.' );
		$this->assertLessThan( count( array_filter( $expected ) ), $this->members_of( $site_id ), 'Blocks of 20 users and no time: only a first block ran while the site was created.' );

		$done = $this->finish_by_wp_cron( $job );

		$wrong = array();
		foreach ( $expected as $user_id => $role ) {
			if ( $this->role_on( $user_id, $site_id ) !== $role ) {
				$wrong[ $user_id ] = $this->role_on( $user_id, $site_id );
			}
		}
		$this->assertSame( array(), $wrong, 'Every user but the super admins has the site\'s default role there (user ID => role found): ' . wp_json_encode( $wrong ) );
		$this->assertSame( Job::DONE, $done->status );
		$this->assertSame( $this->members_of( $site_id ), $done->result->added(), 'The job\'s total is what the database holds.' );
	}

	/*
	 * A role change.
	 */

	public function test_a_super_admins_role_change_reaches_every_site_that_defines_the_role_through_a_copy_role_job(): void {
		list( $source, $lacking_1, $lacking_2, $lacking_3, $excluded, $archived, $higher ) = $this->sites;
		$lacking = array( $lacking_1, $lacking_2, $lacking_3 );
		foreach ( $lacking as $site_id ) {
			switch_to_blog( $site_id );
			remove_role( 'author' );
			restore_current_blog();
		}
		// On one site a plugin made authors level 5.
		switch_to_blog( $higher );
		get_role( 'author' )->add_cap( 'level_5' );
		restore_current_blog();
		update_blog_status( $archived, 'archived', '1' );
		$user_id = $this->member_of_every_added_site();
		$this->set_settings( array( 'excludedSites' => array( $excluded ) ) );
		$this->turn_role_copy_down();
		wp_set_current_user( $this->create_super_admin() );
		$this->hook( 'set_user_role', array( $this, 'note_role_set' ), 3 );

		$this->change_role( $user_id, $source, 'author' );

		$unchanged = array_merge( $lacking, array( $excluded, $archived ) );
		$changed   = array_values( array_diff( $this->sites, $unchanged, array( $source ) ) );
		$job       = $this->running_job( 'the role change\'s other sites' );
		$this->assertSame( Copy_Role::NAME, $job->type );
		$this->assertSame( Job::ORIGIN_ROLE_CHANGE, $job->origin );
		$this->assertLessThan( count( $changed ), $this->sites_where_role_is( $user_id, $changed, 'author' ), 'Blocks of 40 sites and no time: only a first block was copied in the request.' );

		$done = $this->finish_by_wp_cron( $job );

		$this->assertSame( Job::DONE, $done->status );
		$expected = array_fill_keys( $changed, 'author' ) + array_fill_keys( $unchanged, 'subscriber' );
		$this->assertRoles( $user_id, $expected, 'The role reached every site that defines it, and no excluded, archived or lacking site' );

		$levels = array();
		foreach ( $changed as $site_id ) {
			$levels[ $site_id ] = (int) get_user_meta( $user_id, $GLOBALS['wpdb']->get_blog_prefix( $site_id ) . 'user_level', true );
		}
		$expected_levels            = array_fill_keys( $changed, self::LEVELS['author'] );
		$expected_levels[ $higher ] = 5;
		$this->assertSame( $expected_levels, $levels, 'Each site stores the user level of its own author role (level 5 where a plugin raised it).' );

		$expected_sets = array();
		foreach ( array_merge( array( $source ), $changed ) as $site_id ) {
			$expected_sets[] = array(
				'site' => $site_id,
				'user' => $user_id,
				'role' => 'author',
				'old'  => array( 'subscriber' ),
			);
		}
		$this->assertEqualsCanonicalizing( $expected_sets, $this->role_sets, 'set_user_role fired once per site whose role changed, while that site was the current one, with the old roles.' );
	}

	public function test_a_role_copy_that_goes_on_as_a_job_is_announced_once_with_every_site_when_the_job_ends(): void {
		list( $source, $lacking, $excluded ) = $this->sites;
		switch_to_blog( $lacking );
		remove_role( 'author' );
		restore_current_blog();
		$user_id = $this->member_of_every_added_site();
		$this->set_settings( array( 'excludedSites' => array( $excluded ) ) );
		$this->turn_role_copy_down();
		wp_set_current_user( $this->create_super_admin() );

		$this->change_role( $user_id, $source, 'author' );
		$this->assertSame( array(), $this->replications, 'Nothing is announced while the copy goes on.' );

		$this->finish_by_wp_cron( $this->running_job( 'the role change\'s other sites' ) );

		$this->assertSame( 1, count( $this->replications ), 'wpmus_role_replicated fired once, when the job ended.' );
		list( $report, $announced_user, $role ) = $this->replications[0];
		$this->assertSame( array( $user_id, 'author' ), array( $announced_user, $role ) );
		$changed = array_values( array_diff( $this->sites, array( $source, $lacking, $excluded ) ) );
		$this->assertSame( array_fill_keys( $changed, 1 ), array_map( static fn( $site_id ) => $report->added( $site_id ), array_combine( $changed, $changed ) ), 'The report counts every site the role reached, not only the last batch\'s.' );
		$this->assertSame( count( $changed ), $report->added() );
		$this->assertSame( 1, $report->skipped( Report::SKIP_ROLE, $lacking ) );
		$this->assertSame( 1, $report->skipped( Report::SKIP_EXCLUDED, $excluded ) );
	}

	public function test_a_role_copy_that_fits_in_the_request_is_announced_there_once_with_every_site(): void {
		list( $source, $lacking ) = $this->sites;
		switch_to_blog( $lacking );
		remove_role( 'author' );
		restore_current_blog();
		$user_id = $this->member_of_every_added_site();
		$this->give_seconds( INF, Job_Budget::ROLE_CHANGE );
		wp_set_current_user( $this->create_super_admin() );

		$this->change_role( $user_id, $source, 'author' );

		$this->assertSame( 0, ( new Job_Store() )->count( get_current_network_id(), array( Job::RUNNING ) ), 'No job: it all fitted.' );
		$this->assertSame( 1, count( $this->replications ), 'wpmus_role_replicated fired once, in the request.' );
		$report = $this->replications[0][0];
		$this->assertSame( self::SITES - 2, $report->added(), 'Every other site but the one lacking the role.' );
		$this->assertSame( 1, $report->skipped( Report::SKIP_ROLE, $lacking ) );
		$this->assertSame( 'author', $this->role_on( $user_id, end( $this->sites ) ) );
	}

	public function test_a_site_administrators_role_change_reaches_only_the_sites_they_administer_and_never_a_privileged_role(): void {
		list( $source, $managed_1, $managed_2 ) = $this->sites;

		$managed = array( $managed_1, $managed_2, $this->sites[200] );
		$user_id = $this->member_of_every_added_site();
		$admin   = $this->create_user( 'administrator', $source );
		foreach ( $managed as $site_id ) {
			add_user_to_blog( $site_id, $admin, 'administrator' );
		}
		$this->turn_role_copy_down();
		wp_set_current_user( $admin );

		$this->change_role( $user_id, $source, 'author' );
		$this->finish_by_wp_cron( $this->running_job( 'the role change\'s other sites' ) );

		$others = array_values( array_diff( $this->sites, $managed, array( $source ) ) );
		$this->assertRoles( $user_id, array_fill_keys( $managed, 'author' ) + array_fill_keys( $others, 'subscriber' ), 'The change reached the three sites the administrator manages, and no other' );
		$report = $this->replications[0][0];
		$this->assertSame( count( $others ), $report->skipped( Report::SKIP_PERMISSION ), 'Every other site is reported: the administrator may not promote people there.' );
		$this->assertSame( 3, $report->added() );

		// Editors publish unfiltered HTML: one click must not make someone that on three sites.
		$this->change_role( $user_id, $source, 'editor' );
		$this->finish_by_wp_cron( $this->running_job( 'the second role change\'s other sites' ) );

		$this->assertRoles( $user_id, array_fill_keys( $managed, 'author' ) + array_fill_keys( $others, 'subscriber' ), 'A privileged role was copied nowhere' );
		$report = $this->replications[1][0];
		$this->assertSame( 3, $report->skipped( Report::SKIP_PRIVILEGED ), 'The three managed sites are reported: the role is privileged there.' );
		$this->assertSame( count( $others ), $report->skipped( Report::SKIP_PERMISSION ) );
		$this->assertSame( 0, $report->added() );
	}

	public function test_the_copy_changes_only_the_role_and_leaves_alone_sites_where_the_user_has_it_already(): void {
		list( $source, $has_it_1, $has_it_2, $with_extra ) = $this->sites;
		$user_id = $this->member_of_every_added_site(
			array(
				// Roles that are exactly the new one, plus a capability given to the person alone.
				$has_it_1   => array(
					'author'            => true,
					'moderate_comments' => true,
				),
				$has_it_2   => 'author',
				$with_extra => array(
					'subscriber'        => true,
					'moderate_comments' => true,
				),
			)
		);
		$before  = $this->stored_rows( $user_id, array( $has_it_1, $has_it_2 ) );
		$this->turn_role_copy_down();
		wp_set_current_user( $this->create_super_admin() );
		$this->hook( 'set_user_role', array( $this, 'note_role_set' ), 3 );

		$this->change_role( $user_id, $source, 'author' );
		$this->finish_by_wp_cron( $this->running_job( 'the role change\'s other sites' ) );

		$this->assertSame( $before, $this->stored_rows( $user_id, array( $has_it_1, $has_it_2 ) ), 'Where the user had the role already, their rows are as they were (same row, same value).' );
		$heard = array_column( $this->role_sets, 'site' );
		$this->assertNotContains( $has_it_1, $heard, 'No set_user_role where nothing changed.' );
		$this->assertNotContains( $has_it_2, $heard, 'No set_user_role where nothing changed.' );
		$this->assertContains( $with_extra, $heard );

		$capabilities = get_user_meta( $user_id, $GLOBALS['wpdb']->get_blog_prefix( $with_extra ) . 'capabilities', true );
		ksort( $capabilities );
		$this->assertSame(
			array(
				'author'            => true,
				'moderate_comments' => true,
			),
			$capabilities,
			'As core\'s set_role() does: the old role goes, the capability given to the person stays.'
		);
	}

	/*
	 * The per-site role index.
	 */

	public function test_a_sites_new_default_role_is_what_the_next_new_user_gets_there(): void {
		$this->set_settings( array( 'newUserSync' => true ) );
		$earlier = $this->create_user( null );
		$this->finish_running_jobs();
		$to_author    = $this->first_site_whose_default_role_is( 'subscriber' );
		$to_librarian = $this->first_site_whose_default_role_is( 'author' );

		update_blog_option( $to_author, 'default_role', 'author' );
		switch_to_blog( $to_librarian );
		add_role( 'librarian', 'Librarian', array( 'read' => true ) );
		restore_current_blog();
		update_blog_option( $to_librarian, 'default_role', 'librarian' );
		$this->default_roles = array(
			$to_author    => 'author',
			$to_librarian => 'librarian',
		) + $this->default_roles;

		$later = $this->create_user( null );
		$this->finish_running_jobs();

		$this->assertRoles( $later, $this->default_roles, 'The next new user got each site\'s default role as it is now' );
		$this->assertSame( 'subscriber', $this->role_on( $earlier, $to_author ), 'A sync never changes a membership that exists.' );
	}

	public function test_a_role_added_on_one_site_only_is_copied_there_and_reported_missing_elsewhere(): void {
		list( $source, $target ) = $this->sites;

		$user_id = $this->member_of_every_added_site();
		wp_set_current_user( $this->create_super_admin() );
		$this->change_role( $user_id, $source, 'contributor' );
		$this->finish_running_jobs();

		foreach ( array( $source, $target ) as $site_id ) {
			switch_to_blog( $site_id );
			add_role( 'librarian', 'Librarian', array( 'read' => true ) );
			restore_current_blog();
		}
		$this->change_role( $user_id, $source, 'librarian' );
		$this->finish_running_jobs();

		$others = array_values( array_diff( $this->sites, array( $source, $target ) ) );
		$this->assertRoles( $user_id, array( $target => 'librarian' ) + array_fill_keys( $others, 'contributor' ), 'The new role reached the one other site that defines it' );
		$report  = end( $this->replications )[0];
		$missing = array_filter( $others, static fn( $site_id ) => 1 !== $report->skipped( Report::SKIP_ROLE, $site_id ) );
		$this->assertSame( array(), array_values( $missing ), 'Every other site is reported as lacking the role.' );
	}

	public function test_sites_whose_role_index_was_deleted_still_get_the_right_roles_and_the_index_back(): void {
		$this->set_settings( array( 'newUserSync' => true ) );
		$this->create_user( null );
		$this->finish_running_jobs();
		$stale   = array_slice( $this->sites, 1, 12 );
		$deleted = array();
		foreach ( $stale as $site_id ) {
			$deleted[ $site_id ] = delete_site_meta( $site_id, Site_Roles::INDEX_KEY );
		}
		// One of them lets authors do more since: the index must not be rebuilt from an old copy.
		switch_to_blog( $stale[0] );
		get_role( 'author' )->add_cap( 'level_5' );
		restore_current_blog();

		$user_id = $this->create_user( null );
		$this->finish_running_jobs();
		$this->assertRoles( $user_id, array_intersect_key( $this->default_roles, array_flip( $stale ) ), 'A new user got each site\'s default role where the index was deleted' );

		$this->set_settings( array( 'roleSync' => true ) );
		wp_set_current_user( $this->create_super_admin() );
		$this->change_role( $user_id, $this->sites[0], 'author' );
		$this->finish_running_jobs();
		$this->assertRoles( $user_id, array_fill_keys( $stale, 'author' ), 'A role change reached the sites whose index was deleted' );
		$this->assertSame( '5', get_user_meta( $user_id, $GLOBALS['wpdb']->get_blog_prefix( $stale[0] ) . 'user_level', true ), 'The level of the site\'s own author role.' );

		foreach ( $stale as $site_id ) {
			$this->assertNotEmpty( get_site_meta( $site_id, Site_Roles::INDEX_KEY, true ), "Site $site_id has its role index back." );
		}
		$this->assertSame( array_fill_keys( $stale, true ), $deleted, 'The first sync had indexed every site: there was an index to delete.' );
	}

	/*
	 * Memory.
	 */

	public function test_a_new_users_sync_keeps_nothing_per_site_in_memory(): void {
		$this->set_settings( array( 'newUserSync' => true ) );
		$this->give_seconds( INF, Job_Budget::NEW_USER );
		$this->set_block_size( 'wpmus_engine_pairs_per_block', 50 );
		$retained = function ( array $excluded ): array {
			$this->set_settings( array( 'excludedSites' => $excluded ) );
			wp_cache_flush();
			gc_collect_cycles();
			$before  = memory_get_usage();
			$user_id = $this->create_user( null );
			gc_collect_cycles();
			return array( memory_get_usage() - $before, $this->memberships_of( $user_id ) );
		};
		// Once, so that what is loaded once (code, settings) is not counted below.
		$retained( array_slice( $this->sites, 10 ) );

		list( $few_bytes, $few ) = $retained( array_slice( $this->sites, 100 ) );
		list( $all_bytes, $all ) = $retained( array() );

		$this->assertSame( self::SITES - 100, $all - $few );
		$per_site = ( $all_bytes - $few_bytes ) / ( $all - $few );
		$this->assertLessThan( self::MEMORY_PER_SITE, $per_site, sprintf( 'Each site the new user joined left %.1f KB in memory once the sync was over (%.1f KB for %d sites, %.1f KB for %d): at 10,000 sites that alone passes 64 MB.', $per_site / KB_IN_BYTES, $few_bytes / KB_IN_BYTES, $few, $all_bytes / KB_IN_BYTES, $all ) );
	}

	public function test_a_role_copy_keeps_nothing_per_site_in_memory(): void {
		$this->set_settings( array( 'roleSync' => true ) );
		$this->give_seconds( INF, Job_Budget::ROLE_CHANGE );
		$source = $this->sites[0];
		wp_set_current_user( $this->create_super_admin() );
		$retained = function ( int $sites, string $role ) use ( $source ): int {
			$user_id = $this->create_user( 'subscriber', $source );
			$this->make_member( $user_id, array_fill_keys( array_slice( $this->sites, 1, $sites ), 'subscriber' ) );
			wp_cache_flush();
			gc_collect_cycles();
			$before = memory_get_usage();
			switch_to_blog( $source );
			( new WP_User( $user_id ) )->set_role( $role );
			restore_current_blog();
			gc_collect_cycles();
			$this->assertSame( $role, $this->role_on( $user_id, $this->sites[ $sites ] ), 'The copy was done.' );
			return memory_get_usage() - $before;
		};
		// Once, so that what is loaded once (code, settings) is not counted below.
		$retained( 10, 'contributor' );

		$few_bytes = $retained( 99, 'author' );
		$all_bytes = $retained( self::SITES - 1, 'editor' );

		$per_site = ( $all_bytes - $few_bytes ) / ( self::SITES - 1 - 99 );
		$this->assertLessThan( self::MEMORY_PER_SITE, $per_site, sprintf( 'Each site the role was copied to left %.1f KB in memory once the copy was over (%.1f KB for 99 sites, %.1f KB for %d): at 10,000 sites that alone passes 64 MB.', $per_site / KB_IN_BYTES, $few_bytes / KB_IN_BYTES, $all_bytes / KB_IN_BYTES, self::SITES - 1 ) );
	}

	/*
	 * Helpers.
	 */

	/**
	 * The `wpmus_job_budget` filter: the seconds give_seconds() set for the context.
	 *
	 * @param array{seconds: float, memory: int} $budget  Budget.
	 * @param string                             $context Where the batch runs.
	 * @return array{seconds: float, memory: int}
	 */
	public function budget( $budget, $context ) {
		return isset( $this->seconds[ $context ] ) ? array( 'seconds' => $this->seconds[ $context ] ) + $budget : $budget;
	}

	/**
	 * Notes a `wpmus_role_replicated`.
	 *
	 * @param Report $report  What the copy did.
	 * @param int    $user_id Whose role.
	 * @param string $role    The role.
	 */
	public function note_replication( $report, $user_id, $role ): void {
		$this->replications[] = array( $report, (int) $user_id, (string) $role );
	}

	/**
	 * Notes a `set_user_role`, with the site that was current.
	 *
	 * @param int      $user_id   User ID.
	 * @param string   $role      New role.
	 * @param string[] $old_roles Roles before.
	 */
	public function note_role_set( $user_id, $role, $old_roles ): void {
		$this->role_sets[] = array(
			'site' => get_current_blog_id(),
			'user' => (int) $user_id,
			'role' => (string) $role,
			'old'  => array_values( (array) $old_roles ),
		);
	}

	/**
	 * Sets a block size through its filter, e.g. `wpmus_engine_pairs_per_block`.
	 *
	 * @param string $filter The filter.
	 * @param int    $size   The size.
	 */
	private function set_block_size( string $filter, int $size ): void {
		$this->hook( $filter, static fn() => $size );
	}

	/**
	 * Gives the batches of some `wpmus_job_budget` contexts so many seconds: 0.0 stops a
	 * batch after its first block, INF lets it finish.
	 *
	 * @param float  $seconds     Seconds.
	 * @param string ...$contexts Contexts, e.g. Job_Budget::NEW_USER, Job_Budget::CRON.
	 */
	private function give_seconds( float $seconds, string ...$contexts ): void {
		foreach ( $contexts as $context ) {
			$this->seconds[ $context ] = $seconds;
		}
	}

	/**
	 * Role changes copied in blocks of 40 sites, no time in the request nor in a WP-Cron run.
	 */
	private function turn_role_copy_down(): void {
		$this->give_seconds( 0.0, Job_Budget::ROLE_CHANGE, Job_Budget::CRON );
		$this->set_block_size( 'wpmus_role_copy_sites_per_block', 40 );
	}

	/**
	 * A user who has been a member of every added site for long, as subscriber unless
	 * told otherwise; role changes are copied.
	 *
	 * @param array<int, array<string, bool>|string> $except Site ID => role, or capabilities, there.
	 * @return int User ID.
	 */
	private function member_of_every_added_site( array $except = array() ): int {
		$this->set_settings( array( 'roleSync' => true ) );
		$user_id = $this->create_user( null );
		$this->make_member( $user_id, $except + array_fill_keys( $this->sites, 'subscriber' ) );
		return $user_id;
	}

	/**
	 * Changes a user's role on a site as the Users screen does, as the current user.
	 *
	 * @param int    $user_id User ID.
	 * @param int    $site_id Site ID.
	 * @param string $role    New role.
	 */
	private function change_role( int $user_id, int $site_id, string $role ): void {
		if ( false === has_action( 'wpmus_role_replicated', array( $this, 'note_replication' ) ) ) {
			$this->hook( 'wpmus_role_replicated', array( $this, 'note_replication' ), 3 );
		}
		switch_to_blog( $site_id );
		( new WP_User( $user_id ) )->set_role( $role );
		restore_current_blog();
	}

	/**
	 * Makes a user a member of sites with a role, in one query, as if it had been so for long.
	 *
	 * @param int                                    $user_id User ID.
	 * @param array<int, array<string, bool>|string> $sites   Site ID => role, or the capabilities to store.
	 */
	private function make_member( int $user_id, array $sites ): void {
		global $wpdb;
		$rows = array();
		foreach ( $sites as $site_id => $role ) {
			$capabilities = is_array( $role ) ? $role : array( $role => true );
			$level        = max( array_map( static fn( $slug ) => self::LEVELS[ $slug ] ?? 0, array_keys( $capabilities ) ) );
			$prefix       = $wpdb->get_blog_prefix( $site_id );
			$rows[]       = $wpdb->prepare( '(%d,%s,%s)', $user_id, $prefix . 'capabilities', serialize( $capabilities ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize -- What core stores.
			$rows[]       = $wpdb->prepare( '(%d,%s,%s)', $user_id, $prefix . 'user_level', (string) $level );
		}
		$wpdb->query( "INSERT INTO {$wpdb->usermeta} (user_id, meta_key, meta_value) VALUES " . implode( ',', $rows ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- Rows prepared above.
		clean_user_cache( $user_id );
	}

	/**
	 * A user's capabilities and user level rows on sites, as stored: umeta_id, key and value.
	 *
	 * @param int   $user_id  User ID.
	 * @param int[] $site_ids Site IDs.
	 * @return array<int, array<int, string>>
	 */
	private function stored_rows( int $user_id, array $site_ids ): array {
		global $wpdb;
		$keys = array();
		foreach ( $site_ids as $site_id ) {
			$keys[] = $wpdb->get_blog_prefix( $site_id ) . 'capabilities';
			$keys[] = $wpdb->get_blog_prefix( $site_id ) . 'user_level';
		}
		$in = implode( ',', array_fill( 0, count( $keys ), '%s' ) );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Placeholders only.
		return $wpdb->get_results( $wpdb->prepare( "SELECT umeta_id, meta_key, meta_value FROM {$wpdb->usermeta} WHERE user_id = %d AND meta_key IN ($in) ORDER BY umeta_id", $user_id, ...$keys ), ARRAY_N );
	}

	/**
	 * The one running job in the network's history, which must exist.
	 *
	 * @param string $what What the job was expected to carry on, for the failure message.
	 */
	private function running_job( string $what ): Job {
		$jobs = ( new Job_Store() )->list( get_current_network_id(), 5, array( Job::RUNNING ), 0 );
		$this->assertCount( 1, $jobs, "What did not fit in the request ($what) goes on as one running job in the network's history." );
		return $jobs[0];
	}

	/**
	 * Finishes a job as WP-Cron does, and checks it took more than one run.
	 *
	 * @param Job $job The job.
	 * @return Job The job as stored at the end.
	 */
	private function finish_by_wp_cron( Job $job ): Job {
		$runs = $this->run_wp_cron( $job );
		$this->assertFalse( $this->next_run( $job ), 'The job was still scheduled after 100 WP-Cron runs.' );
		$this->assertGreaterThan( 1, $runs, 'The job took more than one WP-Cron run, so resuming was exercised.' );
		$stored = ( new Job_Store() )->find( $job->id, get_current_network_id() );
		$this->assertNotNull( $stored );
		return $stored;
	}

	/**
	 * Finishes every running job of the network through WP-Cron, for tests about something
	 * else than how the work is split.
	 */
	private function finish_running_jobs(): void {
		foreach ( ( new Job_Store() )->list( get_current_network_id(), 50, array( Job::RUNNING ), 0 ) as $job ) {
			$this->run_wp_cron( $job );
		}
		$this->assertSame( 0, ( new Job_Store() )->count( get_current_network_id(), array( Job::RUNNING ) ), 'Every job ended.' );
	}

	/**
	 * Does what WP-Cron does, with nobody logged in: runs a job's event until it is not
	 * scheduled again (100 runs at most).
	 *
	 * @param Job $job The job.
	 * @return int How many runs it took.
	 */
	private function run_wp_cron( Job $job ): int {
		$actor = get_current_user_id();
		wp_set_current_user( 0 );
		$args = array( $job->id, get_current_network_id() );
		$runs = 0;
		for ( $next = $this->next_run( $job ); false !== $next && $runs < 100; $next = $this->next_run( $job ) ) {
			wp_unschedule_event( $next, Job_Runner::CRON_HOOK, $args );
			do_action( Job_Runner::CRON_HOOK, ...$args );
			++$runs;
		}
		wp_set_current_user( $actor );
		return $runs;
	}

	/**
	 * When WP-Cron will next run a job, or false.
	 *
	 * @param Job $job The job.
	 * @return int|false
	 */
	private function next_run( Job $job ) {
		switch_to_blog( get_main_site_id() );
		$next = wp_next_scheduled( Job_Runner::CRON_HOOK, array( $job->id, get_current_network_id() ) );
		restore_current_blog();
		return $next;
	}

	/**
	 * The role a newcomer should get on a site: the default role it was given, or, for the
	 * demo network's sites, its own default role if it defines it, else subscriber.
	 *
	 * @param int $site_id Site ID.
	 */
	private function newcomer_role( int $site_id ): string {
		if ( isset( $this->default_roles[ $site_id ] ) ) {
			return $this->default_roles[ $site_id ];
		}
		switch_to_blog( $site_id );
		$role = (string) get_option( 'default_role' );
		$role = '' !== $role && wp_roles()->is_role( $role ) ? $role : 'subscriber';
		restore_current_blog();
		return $role;
	}

	/**
	 * The first added site with this default role.
	 *
	 * @param string $role Role slug.
	 */
	private function first_site_whose_default_role_is( string $role ): int {
		return (int) array_search( $role, $this->default_roles, true );
	}

	/**
	 * Every site of the network, ascending.
	 *
	 * @return int[]
	 */
	private function all_sites(): array {
		return array_map(
			'intval',
			get_sites(
				array(
					'fields'     => 'ids',
					'number'     => 0,
					'network_id' => get_current_network_id(),
					'orderby'    => 'id',
				)
			)
		);
	}

	/**
	 * On how many of these sites a user has a role.
	 *
	 * @param int    $user_id  User ID.
	 * @param int[]  $site_ids Site IDs.
	 * @param string $role     Role slug.
	 */
	private function sites_where_role_is( int $user_id, array $site_ids, string $role ): int {
		return count( array_filter( $site_ids, fn( $site_id ) => $this->role_on( $user_id, $site_id ) === $role ) );
	}

	/**
	 * How many memberships a user has (capabilities rows), read from the database.
	 *
	 * @param int $user_id User ID.
	 */
	private function memberships_of( int $user_id ): int {
		global $wpdb;
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE user_id = %d AND meta_key LIKE %s", $user_id, $wpdb->esc_like( $wpdb->base_prefix ) . '%capabilities' ) );
	}

	/**
	 * How many members a site has (capabilities rows), read from the database.
	 *
	 * @param int $site_id Site ID.
	 */
	private function members_of( int $site_id ): int {
		global $wpdb;
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key = %s", $wpdb->get_blog_prefix( $site_id ) . 'capabilities' ) );
	}

	/**
	 * Asserts a user's role on sites, naming the sites that differ.
	 *
	 * @param int                     $user_id  User ID.
	 * @param array<int, string|null> $expected Site ID => role (null: not a member).
	 * @param string                  $what     What was expected, in words.
	 */
	private function assertRoles( int $user_id, array $expected, string $what ): void {
		$wrong = array();
		foreach ( $expected as $site_id => $role ) {
			$actual = $this->role_on( $user_id, $site_id );
			if ( $role !== $actual ) {
				$wrong[ $site_id ] = array(
					'expected' => $role,
					'found'    => $actual,
				);
			}
		}
		$this->assertSame( array(), $wrong, sprintf( '%s; %d of %d sites differ (the first ten, site ID => roles: %s).', $what, count( $wrong ), count( $expected ), wp_json_encode( array_slice( $wrong, 0, 10, true ) ) ) );
	}

	/**
	 * Adds the 300 sites: one real one, and copies of it.
	 */
	private function add_sites(): void {
		global $wpdb;
		$original = $this->create_site( array( 'options' => array( 'default_role' => self::DEFAULT_ROLES[0] ) ) );
		// The next ID is above every site ever created in this session, so no other test's table has it.
		self::$first_copy ??= $original + 1;

		$this->default_roles = array( $original => self::DEFAULT_ROLES[0] );
		$network             = get_network();
		$now                 = current_time( 'mysql', true );
		$rows                = array();
		for ( $i = 1; $i < self::SITES; $i++ ) {
			$site_id                         = self::$first_copy + $i - 1;
			$this->default_roles[ $site_id ] = self::DEFAULT_ROLES[ $i % count( self::DEFAULT_ROLES ) ];
			$rows[]                          = $wpdb->prepare( '(%d,%d,%s,%s,%s,%s,1)', $site_id, $network->id, $network->domain, "/wide-{$site_id}/", $now, $now );
		}
		$wpdb->query( "INSERT INTO {$wpdb->blogs} (blog_id, site_id, domain, path, registered, last_updated, public) VALUES " . implode( ',', $rows ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- Rows prepared above.

		$source = $wpdb->get_blog_prefix( $original );
		foreach ( $this->default_roles as $site_id => $default_role ) {
			if ( $site_id === $original ) {
				continue;
			}
			$prefix = $wpdb->get_blog_prefix( $site_id );
			$url    = untrailingslashit( network_home_url( "/wide-{$site_id}/" ) );
			$wpdb->query( "CREATE TEMPORARY TABLE IF NOT EXISTS {$prefix}options LIKE {$wpdb->base_prefix}options" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Table names.
			// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Table names.
			$wpdb->query(
				$wpdb->prepare(
					"INSERT INTO {$prefix}options (option_name, option_value, autoload)
					SELECT IF(option_name = %s, %s, option_name),
						CASE option_name WHEN 'siteurl' THEN %s WHEN 'home' THEN %s WHEN 'blogname' THEN %s WHEN 'default_role' THEN %s ELSE option_value END,
						autoload
					FROM {$source}options",
					$source . 'user_roles',
					$prefix . 'user_roles',
					$url,
					$url,
					"Wide site {$site_id}",
					$default_role
				)
			);
			// phpcs:enable
		}
		$this->assertSame( '', $wpdb->last_error, 'The copies of the site were written.' );
		wp_cache_flush();

		$this->sites = array_keys( $this->default_roles );
		sort( $this->sites );
	}
}
