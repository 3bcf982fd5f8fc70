<?php
/**
 * Tests for the Policy: who may be where, with which role, and who may run which sync.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Sync;

use WPM_User_Sync\Sync\Policy;
use WPM_User_Sync\Sync\Report;
use WPM_User_Sync\Tests\Support\TestCase;

final class Policy_Test extends TestCase {

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		require_once ABSPATH . 'wp-admin/includes/admin.php';
	}

	private function policy(): Policy {
		return Policy::for_network( get_current_network_id() );
	}

	public function test_a_site_s_administrators_may_sync_it_while_the_network_lets_them_and_super_admins_always(): void {
		$site_id = $this->create_site();
		$admin   = $this->create_user( 'administrator', $site_id );
		$editor  = $this->create_user( 'editor', $site_id );
		$other   = $this->create_user( 'administrator', $this->create_site() );
		$super   = $this->create_super_admin();

		$this->assertNull( $this->policy()->site_sync_refusal( $admin, $site_id ) );
		$this->assertNull( $this->policy()->site_sync_refusal( $super, $site_id ) );
		foreach ( array( 0, $editor, $other ) as $user_id ) {
			$this->assertSame( Policy::NOT_SITE_ADMINISTRATOR, $this->policy()->site_sync_refusal( $user_id, $site_id ) );
		}

		$this->set_settings( array( 'allowSiteSync' => false ) );

		$this->assertSame( Policy::SITE_SYNC_OFF, $this->policy()->site_sync_refusal( $admin, $site_id ) );
		$this->assertNull( $this->policy()->site_sync_refusal( $super, $site_id ), 'The switch is about site administrators.' );
		$this->assertSame( Policy::NOT_SITE_ADMINISTRATOR, $this->policy()->site_sync_refusal( $editor, $site_id ) );
	}

	/**
	 * Whether someone gets the site menu's Actions, and what the site-jobs route answers them.
	 *
	 * @param int $user_id Who.
	 * @param int $site_id Where.
	 * @return array{0: bool, 1: int}
	 */
	private function menu_and_route( int $user_id, int $site_id ): array {
		global $menu, $submenu;
		wp_set_current_user( $user_id );
		switch_to_blog( $site_id );
		set_current_screen( 'dashboard' );
		$menu    = array();
		$submenu = array();
		do_action( 'admin_menu', '' );
		$status = $this->rest( 'GET', '/wpm-user-sync/v1/site-jobs' )->get_status();
		restore_current_blog();
		// The Actions screen, where the site is synced (Activity stays for its administrators either way).
		$actions = in_array( 'wpmus-sitesyncactions', array_column( $submenu['wpmus-sitehome'] ?? array(), 2 ), true );
		return array( $actions, $status );
	}

	public function test_the_site_menu_and_the_site_jobs_route_give_the_same_answer(): void {
		$site_id = $this->create_site();
		$people  = array(
			'site administrator' => $this->create_user( 'administrator', $site_id ),
			'editor'             => $this->create_user( 'editor', $site_id ),
			'super admin'        => $this->create_super_admin(),
		);

		foreach ( array( true, false ) as $allowed ) {
			$this->set_settings( array( 'allowSiteSync' => $allowed ) );
			foreach ( $people as $who => $user_id ) {
				list( $has_menu, $status ) = $this->menu_and_route( $user_id, $site_id );
				$may                       = null === $this->policy()->site_sync_refusal( $user_id, $site_id );
				$this->assertSame( $may, $has_menu, "Menu of the {$who}, site syncs " . ( $allowed ? 'on' : 'off' ) );
				$this->assertSame( $may ? 200 : 403, $status, "Route for the {$who}, site syncs " . ( $allowed ? 'on' : 'off' ) );
			}
		}
	}

	public function test_only_those_who_look_after_the_network_run_its_syncs_and_read_its_settings(): void {
		$users_only = $this->create_user( 'subscriber' );
		$grant      = static function ( $allcaps, $caps, $args ) use ( $users_only ) {
			if ( (int) $args[1] === $users_only && in_array( 'manage_network_users', $caps, true ) ) {
				$allcaps['manage_network_users'] = true;
			}
			return $allcaps;
		};
		add_filter( 'user_has_cap', $grant, 10, 3 );
		$super = $this->create_super_admin();
		$admin = $this->create_user( 'administrator' );

		try {
			$answers = array();
			foreach ( array( $super, $users_only, $admin, 0 ) as $user_id ) {
				$answers[] = array(
					$this->policy()->may_run_network_sync( $user_id ),
					$this->policy()->may_read_settings( $user_id ),
					$this->policy()->may_change_settings( $user_id ),
				);
			}
		} finally {
			remove_filter( 'user_has_cap', $grant, 10 );
		}

		$this->assertSame(
			array(
				array( true, true, true ),
				array( true, true, false ),
				array( false, false, false ),
				array( false, false, false ),
			),
			$answers
		);
	}

	public function test_a_newcomer_gets_the_site_s_default_role_but_never_a_privileged_one_unless_allowed(): void {
		$author_site = $this->create_site();
		$editor_site = $this->create_site();
		$odd_site    = $this->create_site();
		update_blog_option( $author_site, 'default_role', 'author' );
		update_blog_option( $editor_site, 'default_role', 'editor' );
		update_blog_option( $odd_site, 'default_role', 'ghost' );

		$this->assertSame( 'author', $this->policy()->newcomer_role( $author_site ) );
		$this->assertSame( 'subscriber', $this->policy()->newcomer_role( $odd_site ), 'A role the site lacks falls back to subscriber.' );
		$this->assertNull( $this->policy()->newcomer_role( $editor_site ) );
		$this->assertSame( Report::SKIP_PRIVILEGED, $this->policy()->newcomer_skip_reason( $editor_site ) );

		$this->set_settings( array( 'privilegedDefaultRoles' => true ) );

		$this->assertSame( 'editor', $this->policy()->newcomer_role( $editor_site ) );
		$this->assertNull( $this->policy()->newcomer_skip_reason( $editor_site ) );
	}

	public function test_a_role_change_goes_only_where_its_author_could_give_the_role_by_hand(): void {
		$theirs  = $this->create_site();
		$foreign = $this->create_site();
		$author  = $this->create_user( 'administrator', $theirs );
		$user_id = $this->create_user( 'subscriber', $theirs );
		add_user_to_blog( $foreign, $user_id, 'subscriber' );
		$super = $this->create_super_admin();

		$this->assertNull( $this->policy()->role_copy_refusal( $theirs, $user_id, 'author', $author ) );
		$this->assertSame( Report::SKIP_PERMISSION, $this->policy()->role_copy_refusal( $foreign, $user_id, 'author', $author ) );
		$this->assertSame( Report::SKIP_PRIVILEGED, $this->policy()->role_copy_refusal( $theirs, $user_id, 'administrator', $author ), 'Not by one click, even where they could by hand.' );
		$this->assertSame( Report::SKIP_ROLE, $this->policy()->role_copy_refusal( $theirs, $user_id, 'ghost', $super ) );
		$this->assertNull( $this->policy()->role_copy_refusal( $foreign, $user_id, 'administrator', $super ) );
		$this->assertSame( Report::SKIP_PRIVILEGED, $this->policy()->role_copy_refusal( $foreign, $user_id, 'administrator', 0 ), 'Code that opted in never gives a privileged role.' );
		$this->assertNull( $this->policy()->role_copy_refusal( $foreign, $user_id, 'author', 0 ) );
	}

	public function test_a_change_made_with_nobody_logged_in_is_copied_only_when_code_opts_in(): void {
		$this->assertTrue( $this->policy()->copies_change_by( 7, 1, 'author', 1 ) );
		$this->assertFalse( $this->policy()->copies_change_by( 0, 1, 'author', 1 ) );

		add_filter( 'wpmus_copy_role_change_without_user', '__return_true' );
		try {
			$this->assertTrue( $this->policy()->copies_change_by( 0, 1, 'author', 1 ) );
		} finally {
			remove_filter( 'wpmus_copy_role_change_without_user', '__return_true' );
		}
	}

	public function test_roles_the_network_keeps_where_they_were_given_are_never_copied(): void {
		$this->set_settings( array( 'neverReplicatedRoles' => array( 'editor' ) ) );

		$this->assertFalse( $this->policy()->copies_role( 'editor' ) );
		$this->assertTrue( $this->policy()->copies_role( 'author' ) );
	}

	public function test_a_person_manages_the_sites_where_they_may_promote_users_and_a_super_admin_all(): void {
		$theirs  = $this->create_site();
		$joined  = $this->create_site();
		$foreign = $this->create_site();
		$admin   = $this->create_user( 'administrator', $theirs );
		add_user_to_blog( $joined, $admin, 'author' );

		$this->assertSame( array( $theirs => true ), $this->policy()->sites_managed_by( $admin, array( $theirs, $joined, $foreign ) ) );
		$this->assertSame(
			array(
				$theirs  => true,
				$foreign => true,
			),
			$this->policy()->sites_managed_by( $this->create_super_admin(), array( $theirs, $foreign ) )
		);
	}

	public function test_scope_leaves_out_excluded_and_archived_sites_and_super_admins_unless_opted_in(): void {
		$excluded = $this->create_site();
		$archived = $this->create_site( array( 'archived' => 1 ) );
		$live     = $this->create_site();
		$super    = $this->create_super_admin();
		$this->set_settings( array( 'excludedSites' => array( $excluded ) ) );

		$this->assertTrue( $this->policy()->site_in_scope( $live ) );
		$this->assertFalse( $this->policy()->site_in_scope( $excluded ) );
		$this->assertTrue( $this->policy()->is_excluded( $excluded ) );
		$this->assertFalse( $this->policy()->site_in_scope( $archived ) );
		$this->assertSame( Report::SKIP_SUPER_ADMIN, $this->policy()->user_skip_reason( $super ) );

		$this->set_settings( array( 'includeSuperAdmins' => true ) );

		$this->assertNull( $this->policy()->user_skip_reason( $super ) );
	}
}
