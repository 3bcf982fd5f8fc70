<?php
/**
 * Tests for "role change → the user's other sites".
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Triggers;

use WP_User;
use WPM_User_Sync\Sync\Report;
use WPM_User_Sync\Tests\Support\TestCase;

final class Role_Change_Trigger_Test extends TestCase {

	private int $site_a;
	private int $site_b;
	private int $site_c;
	private int $user_id;

	protected function setUp(): void {
		parent::setUp();
		$this->set_settings( array( 'roleSync' => true ) );
		$this->site_a  = $this->create_site();
		$this->site_b  = $this->create_site();
		$this->site_c  = $this->create_site();
		$this->user_id = $this->create_user( 'subscriber', $this->site_a );
		add_user_to_blog( $this->site_b, $this->user_id, 'subscriber' );
	}

	/**
	 * Changes the user's role on a site as the Users screen does.
	 *
	 * @param int    $site_id Site ID.
	 * @param string $role    New role.
	 * @return Report|null What the replication reported.
	 */
	private function change_role( int $site_id, string $role ): ?Report {
		$report  = null;
		$capture = static function ( $replicated ) use ( &$report ) {
			$report = $replicated;
		};
		add_action( 'wpmus_role_replicated', $capture );
		switch_to_blog( $site_id );
		( new WP_User( $this->user_id ) )->set_role( $role );
		restore_current_blog();
		remove_action( 'wpmus_role_replicated', $capture );
		return $report;
	}

	/**
	 * Invites an existing user to a site as Users → Add Existing User does (wp-admin/user-new.php).
	 *
	 * @param int    $site_id Site ID.
	 * @param int    $user_id Who is invited.
	 * @param string $role    The role offered.
	 * @return string The invitation key, as it appears in the e-mailed `/newbloguser/<key>/` link.
	 */
	private function invite( int $site_id, int $user_id, string $role ): string {
		$key = wp_generate_password( 20, false );
		switch_to_blog( $site_id );
		add_option(
			'new_user_' . $key,
			array(
				'user_id' => $user_id,
				'email'   => get_userdata( $user_id )->user_email,
				'role'    => $role,
			)
		);
		restore_current_blog();
		return $key;
	}

	/**
	 * Opens an invitation link on a site, as core does on `init` for `/<site>/newbloguser/<key>/`.
	 *
	 * @param int    $site_id Site ID.
	 * @param string $key     Invitation key.
	 * @return string The page core answered with.
	 */
	private function open_invitation( int $site_id, string $key ): string {
		$request_uri            = $_SERVER['REQUEST_URI'] ?? null;
		$_SERVER['REQUEST_URI'] = get_site( $site_id )->path . "newbloguser/{$key}/";
		// Core ends the request with wp_die(): turn it into an exception that carries the page.
		$die = static function () {
			return static function ( $message ) {
				throw new \RuntimeException( is_string( $message ) ? $message : '' );
			};
		};
		add_filter( 'wp_die_handler', $die );
		switch_to_blog( $site_id );
		try {
			maybe_add_existing_user_to_blog();
			$this->fail( 'Core answers every invitation link with a page of its own.' );
		} catch ( \RuntimeException $page ) {
			return $page->getMessage();
		} finally {
			restore_current_blog();
			remove_filter( 'wp_die_handler', $die );
			$_SERVER['REQUEST_URI'] = $request_uri;
		}
	}

	public function test_accepting_two_invitations_while_logged_out_gives_the_role_on_that_site_only(): void {
		// Issue 7, A1: a site administrator of Marketing invited a second account of theirs twice.
		$marketing = $this->site_c;
		$admin     = $this->create_user( 'administrator', $marketing );
		add_user_to_blog( get_main_site_id(), $this->user_id, 'subscriber' );
		wp_set_current_user( $admin );
		$as_subscriber    = $this->invite( $marketing, $this->user_id, 'subscriber' );
		$as_administrator = $this->invite( $marketing, $this->user_id, 'administrator' );
		wp_set_current_user( 0 );

		$this->assertStringContainsString( 'You have been added to this site', $this->open_invitation( $marketing, $as_subscriber ) );
		$this->assertStringContainsString( 'You have been added to this site', $this->open_invitation( $marketing, $as_administrator ) );

		$this->assertSame( 'administrator', $this->role_on( $this->user_id, $marketing ) );
		$this->assertSame( 'subscriber', $this->role_on( $this->user_id, $this->site_a ) );
		$this->assertSame( 'subscriber', $this->role_on( $this->user_id, $this->site_b ) );
		$this->assertSame( 'subscriber', $this->role_on( $this->user_id, get_main_site_id() ), 'Not even the main site.' );
	}

	public function test_a_role_given_by_add_user_to_blog_is_a_join_even_for_a_super_admin_or_code_that_opts_in(): void {
		// Another plugin adds an existing member again with another role: a join, not a change.
		add_filter( 'wpmus_copy_role_change_without_user', '__return_true' );
		add_user_to_blog( $this->site_a, $this->user_id, 'author' );
		wp_set_current_user( $this->create_super_admin() );
		add_user_to_blog( $this->site_a, $this->user_id, 'editor' );
		remove_filter( 'wpmus_copy_role_change_without_user', '__return_true' );

		$this->assertSame( 'editor', $this->role_on( $this->user_id, $this->site_a ) );
		$this->assertSame( 'subscriber', $this->role_on( $this->user_id, $this->site_b ) );
	}

	public function test_a_change_made_after_a_join_in_the_same_request_is_still_copied(): void {
		wp_set_current_user( $this->create_super_admin() );
		add_user_to_blog( $this->site_c, $this->user_id, 'author' );

		$report = $this->change_role( $this->site_c, 'contributor' );

		$this->assertSame( 'contributor', $this->role_on( $this->user_id, $this->site_a ) );
		$this->assertSame( 'contributor', $this->role_on( $this->user_id, $this->site_b ) );
		$this->assertSame( 2, $report->added() );
	}

	public function test_a_super_admins_change_is_copied_to_the_users_other_sites_and_no_new_site_is_joined(): void {
		wp_set_current_user( $this->create_super_admin() );

		$report = $this->change_role( $this->site_a, 'administrator' );

		$this->assertSame( 'administrator', $this->role_on( $this->user_id, $this->site_a ) );
		$this->assertSame( 'administrator', $this->role_on( $this->user_id, $this->site_b ) );
		$this->assertNull( $this->role_on( $this->user_id, $this->site_c ), 'No new membership.' );
		$this->assertSame( 1, $report->added( $this->site_b ) );
	}

	public function test_a_change_made_with_nobody_logged_in_is_not_copied_and_each_site_says_why(): void {
		add_user_to_blog( get_main_site_id(), $this->user_id, 'subscriber' );

		// Cron, a webhook, another plugin's code: nobody is logged in.
		$report = $this->change_role( $this->site_a, 'author' );

		$this->assertSame( 'author', $this->role_on( $this->user_id, $this->site_a ) );
		$this->assertSame( 'subscriber', $this->role_on( $this->user_id, $this->site_b ) );
		$this->assertSame( 'subscriber', $this->role_on( $this->user_id, get_main_site_id() ) );
		$this->assertSame( 0, $report->added() );
		$this->assertSame( 1, $report->skipped( Report::SKIP_NO_ACTOR, $this->site_b ) );
		$this->assertSame( 1, $report->skipped( Report::SKIP_NO_ACTOR, get_main_site_id() ) );
	}

	public function test_code_that_opts_in_has_its_change_copied_but_never_a_role_that_manages_people(): void {
		$asked = array();
		$opt_in = static function ( $copy, $user_id, $role, $site_id ) use ( &$asked ) {
			$asked[] = array( $copy, $user_id, $role, $site_id );
			return true;
		};
		add_filter( 'wpmus_copy_role_change_without_user', $opt_in, 10, 4 );

		$author = $this->change_role( $this->site_a, 'author' );
		$admin  = $this->change_role( $this->site_a, 'administrator' );
		remove_filter( 'wpmus_copy_role_change_without_user', $opt_in, 10 );

		$this->assertSame( array( false, $this->user_id, 'author', $this->site_a ), $asked[0] );
		$this->assertSame( 1, $author->added( $this->site_b ) );
		$this->assertSame( 1, $admin->skipped( Report::SKIP_PRIVILEGED, $this->site_b ) );
		$this->assertSame( 'author', $this->role_on( $this->user_id, $this->site_b ) );
	}

	/**
	 * WP-CLI is defined for this test only, in a process of its own.
	 *
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_wp_cli_copies_a_change_made_with_nobody_logged_in_privileged_roles_included(): void {
		define( 'WP_CLI', true );

		// What `wp user set-role <user> administrator --url=<site a>` does.
		$report = $this->change_role( $this->site_a, 'administrator' );

		$this->assertSame( 'administrator', $this->role_on( $this->user_id, $this->site_b ) );
		$this->assertSame( 1, $report->added( $this->site_b ) );
		$this->assertNull( $this->role_on( $this->user_id, $this->site_c ), 'No new membership.' );
	}

	public function test_a_site_admin_promoting_someone_on_their_own_site_changes_nothing_elsewhere(): void {
		wp_set_current_user( $this->create_user( 'administrator', $this->site_a ) );

		$report = $this->change_role( $this->site_a, 'administrator' );

		$this->assertSame( 'administrator', $this->role_on( $this->user_id, $this->site_a ) );
		$this->assertSame( 'subscriber', $this->role_on( $this->user_id, $this->site_b ), 'No escalation on a site the admin does not run.' );
		$this->assertSame( 1, $report->skipped( Report::SKIP_PERMISSION, $this->site_b ) );
	}

	public function test_a_site_admin_of_both_sites_has_the_change_copied_where_they_could_make_it(): void {
		$admin = $this->create_user( 'administrator', $this->site_a );
		add_user_to_blog( $this->site_b, $admin, 'administrator' );
		wp_set_current_user( $admin );

		$this->change_role( $this->site_a, 'author' );

		$this->assertSame( 'author', $this->role_on( $this->user_id, $this->site_b ) );
	}

	public function test_only_a_super_admin_copies_a_role_that_manages_people_or_publishes_unfiltered_html(): void {
		// A site administrator of both sites could promote the user on each by hand.
		$admin = $this->create_user( 'administrator', $this->site_a );
		add_user_to_blog( $this->site_b, $admin, 'administrator' );
		wp_set_current_user( $admin );

		$as_admin  = $this->change_role( $this->site_a, 'administrator' );
		$as_editor = $this->change_role( $this->site_a, 'editor' );

		$this->assertSame( 1, $as_admin->skipped( Report::SKIP_PRIVILEGED, $this->site_b ) );
		$this->assertSame( 1, $as_editor->skipped( Report::SKIP_PRIVILEGED, $this->site_b ), 'Editors carry unfiltered_html.' );
		$this->assertSame( 'subscriber', $this->role_on( $this->user_id, $this->site_b ) );

		wp_set_current_user( $this->create_super_admin() );
		$this->change_role( $this->site_a, 'administrator' );
		$this->assertSame( 'administrator', $this->role_on( $this->user_id, $this->site_b ) );
	}

	public function test_a_role_is_judged_by_what_it_can_do_on_the_target_site(): void {
		add_user_to_blog( $this->site_c, $this->user_id, 'subscriber' );
		foreach ( array( $this->site_a, $this->site_c ) as $site_id ) {
			switch_to_blog( $site_id );
			add_role( 'moderator', 'Moderator', array( 'read' => true, 'moderate_comments' => true ) );
			restore_current_blog();
		}
		// On site B a plugin lets moderators edit people.
		switch_to_blog( $this->site_b );
		add_role( 'moderator', 'Moderator', array( 'read' => true, 'moderate_comments' => true, 'edit_users' => true ) );
		restore_current_blog();
		$admin = $this->create_user( 'administrator', $this->site_a );
		add_user_to_blog( $this->site_b, $admin, 'administrator' );
		add_user_to_blog( $this->site_c, $admin, 'administrator' );
		wp_set_current_user( $admin );

		$report = $this->change_role( $this->site_a, 'moderator' );

		$this->assertSame( 1, $report->skipped( Report::SKIP_PRIVILEGED, $this->site_b ) );
		$this->assertSame( 'subscriber', $this->role_on( $this->user_id, $this->site_b ) );
		$this->assertSame( 'moderator', $this->role_on( $this->user_id, $this->site_c ) );
	}

	public function test_an_editor_cannot_copy_a_role_anywhere(): void {
		// An editor of site A who is only an author on site B promotes nobody on B.
		$editor = $this->create_user( 'editor', $this->site_a );
		add_user_to_blog( $this->site_b, $editor, 'author' );
		wp_set_current_user( $editor );

		$report = $this->change_role( $this->site_a, 'author' );

		$this->assertSame( 'subscriber', $this->role_on( $this->user_id, $this->site_b ) );
		$this->assertSame( 1, $report->skipped( Report::SKIP_PERMISSION, $this->site_b ) );
	}

	public function test_a_site_that_does_not_define_the_role_is_skipped_and_reported(): void {
		wp_set_current_user( $this->create_super_admin() );
		add_role( 'librarian', 'Librarian', array( 'read' => true ) );
		switch_to_blog( $this->site_a );
		add_role( 'librarian', 'Librarian', array( 'read' => true ) );
		restore_current_blog();
		add_user_to_blog( get_main_site_id(), $this->user_id, 'subscriber' );

		$report = $this->change_role( $this->site_a, 'librarian' );

		$this->assertSame( 'subscriber', $this->role_on( $this->user_id, $this->site_b ) );
		$this->assertSame( 'librarian', $this->role_on( $this->user_id, get_main_site_id() ) );
		$this->assertSame( 1, $report->skipped( Report::SKIP_ROLE, $this->site_b ) );
		remove_role( 'librarian' );
	}

	public function test_roles_the_network_never_replicates_stay_where_they_were_given(): void {
		wp_set_current_user( $this->create_super_admin() );
		$this->set_settings( array( 'neverReplicatedRoles' => array( 'administrator' ) ) );

		$this->change_role( $this->site_a, 'administrator' );
		$this->assertSame( 'subscriber', $this->role_on( $this->user_id, $this->site_b ) );

		$this->change_role( $this->site_a, 'editor' );
		$this->assertSame( 'editor', $this->role_on( $this->user_id, $this->site_b ) );
	}

	public function test_excluded_and_archived_sites_are_not_touched(): void {
		wp_set_current_user( $this->create_super_admin() );
		add_user_to_blog( $this->site_c, $this->user_id, 'subscriber' );
		$this->set_settings( array( 'excludedSites' => array( $this->site_b ) ) );
		update_blog_status( $this->site_c, 'archived', '1' );

		$report = $this->change_role( $this->site_a, 'editor' );

		$this->assertSame( 'subscriber', $this->role_on( $this->user_id, $this->site_b ) );
		$this->assertSame( 'subscriber', $this->role_on( $this->user_id, $this->site_c ) );
		$this->assertSame( 1, $report->skipped( Report::SKIP_EXCLUDED, $this->site_b ) );
	}

	public function test_replication_does_not_cascade(): void {
		wp_set_current_user( $this->create_super_admin() );
		$changes = 0;
		$count   = static function () use ( &$changes ) {
			++$changes;
		};
		add_action( 'set_user_role', $count );

		$this->change_role( $this->site_a, 'author' );
		remove_action( 'set_user_role', $count );

		// One change on site A, one copied to site B, nothing more.
		$this->assertSame( 2, $changes );
		$this->assertSame( 'author', $this->role_on( $this->user_id, $this->site_b ) );
	}

	public function test_joining_a_site_is_not_a_role_change(): void {
		add_user_to_blog( $this->site_c, $this->user_id, 'editor' );

		$this->assertSame( 'subscriber', $this->role_on( $this->user_id, $this->site_a ) );
		$this->assertSame( 'subscriber', $this->role_on( $this->user_id, $this->site_b ) );
	}

	public function test_nothing_is_copied_when_the_trigger_is_off(): void {
		wp_set_current_user( $this->create_super_admin() );
		$this->set_settings( array( 'roleSync' => false ) );

		$this->change_role( $this->site_a, 'editor' );

		$this->assertSame( 'subscriber', $this->role_on( $this->user_id, $this->site_b ) );
	}

	/**
	 * What the next admin screen shows, and whether core's wp_admin_notice() printed it.
	 *
	 * @return array{0: string, 1: int} The notices' HTML and how many went through wp_admin_notice().
	 */
	private function next_screen_notices(): array {
		$through_core = 0;
		$count        = static function () use ( &$through_core ) {
			++$through_core;
		};
		add_action( 'wp_admin_notice', $count );
		ob_start();
		do_action( 'admin_notices' );
		$html = (string) ob_get_clean();
		remove_action( 'wp_admin_notice', $count );
		return array( $html, $through_core );
	}

	public function test_the_person_who_changed_the_role_is_told_where_it_was_not_copied(): void {
		wp_set_current_user( $this->create_user( 'administrator', $this->site_a ) );
		$this->change_role( $this->site_a, 'author' );

		list( $notice, $through_core ) = $this->next_screen_notices();

		$this->assertSame( 1, $through_core, 'Printed with wp_admin_notice().' );
		$this->assertStringContainsString( 'notice-warning', $notice );
		$this->assertStringContainsString( 'copied the role &quot;author&quot; to 0 other sites', $notice );
		$this->assertStringContainsString( 'and 1 other site you do not manage', $notice );
		$this->assertStringNotContainsString( 'WPM User Sync', $this->next_screen_notices()[0], 'The notice shows once.' );
	}

	public function test_the_notice_names_only_the_sites_the_person_manages_and_counts_the_others(): void {
		update_blog_option( $this->site_b, 'blogname', 'Marketing & Sales' );
		update_blog_option( $this->site_c, 'blogname', 'Secret Lab' );
		update_blog_option( get_main_site_id(), 'blogname', 'Headquarters' );
		add_user_to_blog( $this->site_c, $this->user_id, 'subscriber' );
		add_user_to_blog( get_main_site_id(), $this->user_id, 'subscriber' );
		$admin = $this->create_user( 'administrator', $this->site_a );
		add_user_to_blog( $this->site_b, $admin, 'administrator' );
		// A member of Secret Lab, but not one who manages its people.
		add_user_to_blog( $this->site_c, $admin, 'editor' );
		wp_set_current_user( $admin );

		$this->change_role( $this->site_a, 'editor' );
		list( $notice ) = $this->next_screen_notices();

		$this->assertStringContainsString( 'Marketing &amp; Sales: not copied, because the role lets its holder manage people or settings, or publish unfiltered HTML, there; only a network administrator can copy it.', $notice );
		$this->assertStringContainsString( 'and 2 other sites you do not manage', $notice );
		$this->assertStringNotContainsString( 'Secret Lab', $notice );
		$this->assertStringNotContainsString( 'Headquarters', $notice );
	}

	public function test_a_super_admin_is_told_about_every_site(): void {
		update_blog_option( $this->site_b, 'blogname', 'Marketing' );
		wp_set_current_user( $this->create_super_admin() );
		$this->set_settings( array( 'excludedSites' => array( $this->site_b ) ) );

		$this->change_role( $this->site_a, 'author' );
		list( $notice ) = $this->next_screen_notices();

		$this->assertStringContainsString( 'Marketing: not copied, because the site is excluded from sync.', $notice );
		$this->assertStringNotContainsString( 'you do not manage', $notice );
	}
}
