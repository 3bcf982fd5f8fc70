<?php
/**
 * Who may undo what, through /jobs and /site-jobs, and what the routes refuse.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Undo;

use WP_User;
use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Job_Budget;
use WPM_User_Sync\Jobs\Job_Store;
use WPM_User_Sync\Sync\Removals;

final class Undo_Routes_Test extends Undo_Test_Case {

	private int $site;

	protected function setUp(): void {
		parent::setUp();
		$this->site = $this->create_site();
	}

	/** Sends a request to a site's REST root as someone. */
	private function as( int $user_id, int $site_id, string $method, string $route, $body = null ): \WP_REST_Response {
		wp_set_current_user( $user_id );
		switch_to_blog( $site_id );
		try {
			return $this->rest( $method, $route, $body );
		} finally {
			restore_current_blog();
		}
	}

	/** A user granted manage_network_users without being a super admin. */
	private function network_user_manager(): int {
		$manager = $this->create_user( 'subscriber' );
		$this->hook( 'map_meta_cap', static fn( array $caps, string $cap, int $who ): array => 'manage_network_users' === $cap && $who === $manager ? array( 'exist' ) : $caps, 3 );
		return $manager;
	}

	/**
	 * @return array<string, mixed>
	 */
	private function people_job(): array {
		return $this->run_job(
			array(
				'type'  => 'add_to_sites',
				'kind'  => 'sites',
				'sites' => array( $this->site ),
				'users' => array( $this->create_user( null ) ),
			)
		);
	}

	public function test_only_network_administrators_undo_network_jobs_and_only_super_admins_people_jobs(): void {
		$this->create_user( null );
		$sync       = $this->sync( array( $this->site ) );
		$people     = $this->people_job();
		$site_admin = $this->create_user( 'administrator', $this->site );
		$subscriber = $this->create_user( 'subscriber' );
		$main       = get_main_site_id();
		$undo       = static fn( array $job ): array => array(
			'type' => 'undo',
			'job'  => $job['id'],
		);

		$this->assertRestError( 401, 'wpmus_forbidden', $this->as( 0, $main, 'POST', '/wpm-user-sync/v1/jobs', $undo( $sync ) ) );
		$this->assertRestError( 403, 'wpmus_forbidden', $this->as( $subscriber, $main, 'POST', '/wpm-user-sync/v1/jobs', $undo( $sync ) ) );
		$this->assertRestError( 403, 'wpmus_forbidden', $this->as( $site_admin, $this->site, 'POST', '/wpm-user-sync/v1/jobs', $undo( $sync ) ) );
		$this->assertRestError( 404, 'wpmus_job_not_found', $this->as( $site_admin, $this->site, 'POST', '/wpm-user-sync/v1/site-jobs', $undo( $sync ) ), 'A site\'s administrators never reach the network\'s jobs.' );

		$manager = $this->network_user_manager();
		$this->assertSame( 201, $this->as( $manager, $main, 'POST', '/wpm-user-sync/v1/jobs', $undo( $sync ) )->get_status(), 'A network sync: manage_network_users, as to create it.' );
		$this->assertRestError( 403, 'wpmus_forbidden', $this->as( $manager, $main, 'POST', '/wpm-user-sync/v1/jobs', $undo( $people ) ), 'A people job: super admins only.' );
		$listed = $this->as( $manager, $main, 'GET', '/wpm-user-sync/v1/jobs' )->get_data();
		$links  = array();
		foreach ( $listed as $job ) {
			$links[ $job['id'] ] = isset( $job['_links']['wp:action-undo'] );
		}
		$this->assertTrue( $links[ $sync['id'] ], 'The screens show Undo where the caller may undo.' );
		$this->assertFalse( $links[ $people['id'] ] );

		$this->assertSame( 201, $this->as( $this->super_admin, $main, 'POST', '/wpm-user-sync/v1/jobs', $undo( $people ) )->get_status() );
	}

	public function test_a_new_users_sync_is_undone_by_super_admins_only_as_it_takes_one_person_out_of_sites(): void {
		$this->set_settings( array( 'newUserSync' => true ) );
		$person = $this->create_user( null );
		$sync   = null;
		foreach ( ( new Job_Store() )->list( get_current_network_id(), 5 ) as $job ) {
			$sync = Job::ORIGIN_NEW_USER === $job->origin && null === $job->site_ids ? $job : $sync;
		}
		$this->assertSame( array( $person ), $sync->user_ids ?? null, 'The new user\'s sync is in the history.' );
		$undo = array(
			'type' => 'undo',
			'job'  => $sync->id,
		);

		$this->assertRestError( 403, 'wpmus_forbidden', $this->as( $this->network_user_manager(), get_main_site_id(), 'POST', '/wpm-user-sync/v1/jobs', $undo ), 'As taking them out of sites by hand: super admins only.' );
		$this->assertSame( 201, $this->as( $this->super_admin, get_main_site_id(), 'POST', '/wpm-user-sync/v1/jobs', $undo )->get_status() );
	}

	public function test_a_site_administrator_undoes_their_sites_own_sync_only_while_the_network_allows(): void {
		$admin  = $this->create_user( 'administrator', $this->site );
		$person = $this->create_user( null );
		$other  = $this->create_site();
		$theirs = ( new Job_Runner( get_current_network_id(), new Job_Store() ) )->create( Job::KIND_SITE, array( $other ), false, 1 );

		wp_set_current_user( $admin );
		switch_to_blog( $this->site );
		$job = $this->rest( 'POST', '/wpm-user-sync/v1/site-jobs', array() )->get_data();
		foreach ( array( 'step', 'start', 'step', 'step' ) as $action ) {
			$job = $this->rest( 'POST', "/wpm-user-sync/v1/site-jobs/{$job['id']}/$action" )->get_data();
		}
		restore_current_blog();
		$this->assertSame( 'done', $job['status'] );
		$this->assertSame( 'subscriber', $this->role_on( $person, $this->site ) );

		$this->assertRestError(
			404,
			'wpmus_job_not_found',
			$this->as(
				$admin,
				$this->site,
				'POST',
				'/wpm-user-sync/v1/site-jobs',
				array(
					'type' => 'undo',
					'job'  => $theirs->id,
				)
			),
			'Another site\'s job.'
		);
		$created = $this->as(
			$admin,
			$this->site,
			'POST',
			'/wpm-user-sync/v1/site-jobs',
			array(
				'type' => 'undo',
				'job'  => $job['id'],
			)
		);
		$this->assertSame( 201, $created->get_status() );
		$undo = $created->get_data();
		$this->assertSame( 'site', $undo['kind'] );
		$this->assertSame( array( $this->site ), $undo['sites'] );

		wp_set_current_user( $admin );
		switch_to_blog( $this->site );
		foreach ( array( 'step', 'start', 'step', 'step' ) as $action ) {
			$undo = $this->rest( 'POST', "/wpm-user-sync/v1/site-jobs/{$undo['id']}/$action" )->get_data();
		}
		restore_current_blog();
		$this->assertSame( 'done', $undo['status'] );
		$this->assertNull( $this->role_on( $person, $this->site ) );
		$this->assertSame( 'wpmus_removed', $this->marker( $person, $this->site ), 'Removed as the site\'s own administrators remove: their own sync may add them back.' );

		$this->set_settings( array( 'allowSiteSync' => false ) );
		$this->assertRestError(
			403,
			'wpmus_site_sync_disabled',
			$this->as(
				$admin,
				$this->site,
				'POST',
				'/wpm-user-sync/v1/site-jobs',
				array(
					'type' => 'undo',
					'job'  => $undo['id'],
				)
			)
		);
	}

	public function test_bad_requests_are_refused_in_words(): void {
		$main    = get_main_site_id();
		$runner  = new Job_Runner( get_current_network_id(), new Job_Store() );
		$waiting = $runner->create( Job::KIND_NETWORK, null, false, $this->super_admin );
		$cancel  = $runner->cancel( $runner->create( Job::KIND_NETWORK, null, false, $this->super_admin ) );
		$post    = fn( array $body ) => $this->as( $this->super_admin, $main, 'POST', '/wpm-user-sync/v1/jobs', $body );

		$this->assertRestError(
			400,
			'wpmus_job_not_undoable',
			$post(
				array(
					'type' => 'undo',
					'job'  => $waiting->id,
				)
			)
		);
		$this->assertStringContainsString(
			'has not finished',
			$post(
				array(
					'type' => 'undo',
					'job'  => $waiting->id,
				)
			)->get_data()['message']
		);
		$this->assertRestError(
			400,
			'wpmus_job_not_undoable',
			$post(
				array(
					'type' => 'undo',
					'job'  => $cancel->id,
				)
			),
			'Cancelled in its preview: it wrote nothing.'
		);
		$this->assertRestError(
			404,
			'wpmus_job_not_found',
			$post(
				array(
					'type' => 'undo',
					'job'  => 99999999,
				)
			)
		);
		$this->assertRestError( 400, 'wpmus_no_job', $post( array( 'type' => 'undo' ) ) );
		$this->assertRestError(
			400,
			'rest_invalid_param',
			$post(
				array(
					'type' => 'undo',
					'job'  => 0,
				)
			)
		);
		$this->assertRestError(
			400,
			'rest_invalid_param',
			$post(
				array(
					'type' => 'undo',
					'job'  => 'twelve',
				)
			)
		);
		$this->assertRestError(
			400,
			'wpmus_undo_takes_only_job',
			$post(
				array(
					'type' => 'undo',
					'job'  => $waiting->id,
					'kind' => 'network',
				)
			)
		);
		$this->assertRestError(
			400,
			'wpmus_job_is_for_undo',
			$post(
				array(
					'kind' => 'network',
					'job'  => $waiting->id,
				)
			)
		);
		$this->assertRestError( 400, 'rest_missing_callback_param', $post( array( 'sites' => array( $this->site ) ) ), 'Other types still need a kind.' );
		$this->assertRestError(
			400,
			'wpmus_unknown_field',
			$this->as(
				$this->super_admin,
				$this->site,
				'POST',
				'/wpm-user-sync/v1/site-jobs',
				array(
					'type' => 'undo',
					'job'  => 1,
					'kind' => 'site',
				)
			)
		);
	}

	public function test_a_role_is_put_back_only_where_the_person_undoing_could_give_it(): void {
		$this->set_settings( array( 'roleSync' => true ) );
		$site_b = $this->create_site();
		$person = $this->create_user( 'administrator', $this->site );
		add_user_to_blog( $site_b, $person, 'administrator' );
		$this->create_user( 'administrator', $site_b ); // So the person is not site B's last administrator.
		switch_to_blog( $this->site );
		( new WP_User( $person ) )->set_role( 'editor' ); // By the super admin: copied to site B.
		restore_current_blog();
		$this->assertSame( 'editor', $this->role_on( $person, $site_b ) );
		$copy = ( new Job_Store() )->list( get_current_network_id(), 1 )[0];

		$manager = $this->network_user_manager();
		$created = $this->as(
			$manager,
			get_main_site_id(),
			'POST',
			'/wpm-user-sync/v1/jobs',
			array(
				'type' => 'undo',
				'job'  => $copy->id,
			)
		);
		$this->assertSame( 201, $created->get_status() );
		$job = $created->get_data();
		while ( 'previewing' === $job['status'] ) {
			$job = $this->as( $manager, get_main_site_id(), 'POST', "/wpm-user-sync/v1/jobs/{$job['id']}/step" )->get_data();
		}
		$this->assertSame( 0, $job['preview']['total'] );
		$this->assertSame( 1, $this->skipped( $job, 'privileged_role' ), 'Administrator is privileged: only a super admin or WP-CLI puts it back.' );

		wp_set_current_user( $this->super_admin );
		$undo = $this->undo( $copy->id );
		$this->assertSame( 1, $undo['progress']['added'], 'A super admin may: ' . wp_json_encode( $undo['progress'] ) );
		$this->assertSame( 'administrator', $this->role_on( $person, $site_b ) );
	}

	public function test_a_super_admins_undo_preview_is_confirmed_by_super_admins_only(): void {
		$this->set_settings( array( 'roleSync' => true ) );
		$site_b = $this->create_site();
		$person = $this->create_user( 'administrator', $this->site );
		add_user_to_blog( $site_b, $person, 'administrator' );
		$this->create_user( 'administrator', $site_b );
		switch_to_blog( $this->site );
		( new WP_User( $person ) )->set_role( 'editor' );
		restore_current_blog();
		$copy = ( new Job_Store() )->list( get_current_network_id(), 1 )[0];
		wp_set_current_user( $this->super_admin );
		$preview = $this->undo_preview( $copy->id ); // Judged with a super admin's trust: administrator may be put back.

		$manager = $this->network_user_manager();
		$this->assertRestError( 403, 'wpmus_forbidden', $this->as( $manager, get_main_site_id(), 'POST', "/wpm-user-sync/v1/jobs/{$preview['id']}/start" ) );
		$this->assertRestError( 403, 'wpmus_forbidden', $this->as( $manager, get_main_site_id(), 'POST', "/wpm-user-sync/v1/jobs/{$preview['id']}/refresh" ) );
		$this->assertSame( 'editor', $this->role_on( $person, $site_b ), 'Nobody gave the privileged role on the super admin\'s trust.' );
	}

	public function test_role_copies_never_push_a_sync_out_of_the_history_it_is_undone_from(): void {
		$this->create_user( null );
		$sync = $this->sync( array( $this->site ) );
		$this->set_settings( array( 'roleSync' => true ) );
		$this->hook( 'wpmus_job_budget', static fn( $budget, $context ) => Job_Budget::ROLE_CHANGE === $context ? array( 'seconds' => INF ) + $budget : $budget, 2 );
		$site_b = $this->create_site();
		$person = $this->create_user( 'subscriber', $this->site );
		add_user_to_blog( $site_b, $person, 'subscriber' );
		$admin = $this->create_user( 'administrator', $this->site );
		wp_set_current_user( $admin ); // A site administrator: the copy is refused on site B, and stored all the same.
		switch_to_blog( $this->site );
		foreach ( range( 1, Job_Store::HISTORY + 5 ) as $n ) {
			( new WP_User( $person ) )->set_role( 0 === $n % 2 ? 'author' : 'contributor' );
		}
		restore_current_blog();

		wp_set_current_user( $this->super_admin );
		$this->assertSame( 201, $this->rest( 'POST', '/wpm-user-sync/v1/jobs', array( 'type' => 'undo', 'job' => $sync['id'] ) )->get_status(), 'The sync is still in the history.' );
	}

	public function test_new_users_syncs_never_push_a_sync_out_of_the_history_it_is_undone_from(): void {
		$this->create_user( null );
		$sync = $this->sync( array( $this->site ) );
		$this->set_settings( array( 'newUserSync' => true ) );
		foreach ( range( 1, Job_Store::HISTORY + 5 ) as $n ) {
			$this->create_user( null ); // An import through core: each new user's sync is a job.
		}

		$this->assertSame( 201, $this->rest( 'POST', '/wpm-user-sync/v1/jobs', array( 'type' => 'undo', 'job' => $sync['id'] ) )->get_status(), 'The sync is still in the history.' );
	}

	public function test_a_sites_own_undo_leaves_the_sites_markers_even_through_core_and_under_wp_cron(): void {
		$this->hook( 'remove_user_from_blog', static function () {} ); // Other code listens: removals go through core.
		$admin  = $this->create_user( 'administrator', $this->site );
		$person = $this->create_user( null );
		wp_set_current_user( $admin );
		switch_to_blog( $this->site );
		$job = $this->rest( 'POST', '/wpm-user-sync/v1/site-jobs', array() )->get_data();
		foreach ( array( 'step', 'start', 'step', 'step' ) as $action ) {
			$job = $this->rest( 'POST', "/wpm-user-sync/v1/site-jobs/{$job['id']}/$action" )->get_data();
		}
		$undo = $this->rest(
			'POST',
			'/wpm-user-sync/v1/site-jobs',
			array(
				'type' => 'undo',
				'job'  => $job['id'],
			)
		)->get_data();
		while ( 'previewing' === $undo['status'] ) {
			$undo = $this->rest( 'POST', "/wpm-user-sync/v1/site-jobs/{$undo['id']}/step" )->get_data();
		}
		$this->rest( 'POST', "/wpm-user-sync/v1/site-jobs/{$undo['id']}/start" );
		restore_current_blog();

		wp_set_current_user( 0 ); // WP-Cron carries the undo on.
		$runner = new Job_Runner( get_current_network_id(), new Job_Store() );
		$runner->step( $runner->find( $undo['id'] ), new Job_Budget( INF ) );

		$this->assertNull( $this->role_on( $person, $this->site ) );
		$this->assertSame( Removals::META_KEY, $this->marker( $person, $this->site ), 'The site\'s own marker: its next sync with "add back" may add them again.' );
	}

	public function test_the_schema_describes_undoes_and_changed_by(): void {
		$schema = $this->rest( 'OPTIONS', '/wpm-user-sync/v1/jobs' )->get_data()['schema']['properties'];
		$this->assertContains( 'undo', $schema['type']['enum'] );
		$this->assertArrayHasKey( 'undoes', $schema );
		$this->assertArrayHasKey( 'changedBy', $schema );
	}
}
