<?php
/**
 * Tests for the plugin's actions on Network Admin → Users.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Admin;

use WPM_User_Sync\Admin\Network_People_Page;
use WPM_User_Sync\Tests\Support\TestCase;

final class Network_Users_Actions_Test extends TestCase {

	/**
	 * The row actions core's list shows for a person, as the current user sees them.
	 *
	 * @param int $user_id The person.
	 * @return array<string, string>
	 */
	private function row_actions( int $user_id ): array {
		return apply_filters( 'ms_user_row_actions', array( 'edit' => '<a href="#">Edit</a>' ), get_userdata( $user_id ) );
	}

	/**
	 * The bulk actions of the list, as the current user sees them.
	 *
	 * @return array<string, string>
	 */
	private function bulk_actions(): array {
		return apply_filters( 'bulk_actions-users-network', array( 'delete' => 'Delete' ) ); // phpcs:ignore WordPress.NamingConventions.ValidHookName.UseUnderscores -- Core's hook name.
	}

	/**
	 * Where core's list goes after a bulk action, as the current user sends it.
	 *
	 * @param string       $action   The bulk action.
	 * @param array<mixed> $user_ids What the form posted.
	 * @return string|false
	 */
	private function send_back( string $action, array $user_ids ) {
		return apply_filters( 'handle_network_bulk_actions-users-network', 'http://example.org/wp-admin/network/users.php', $action, $user_ids, 0 ); // phpcs:ignore WordPress.NamingConventions.ValidHookName.UseUnderscores -- Core's hook name.
	}

	/**
	 * The query of an address.
	 *
	 * @param string $url The address.
	 * @return array<string, string>
	 */
	private function query_of( string $url ): array {
		parse_str( (string) wp_parse_url( $url, PHP_URL_QUERY ), $query );
		return array_map( 'strval', $query );
	}

	public function test_a_network_admin_gets_a_sites_link_on_each_person_leading_to_their_people_screen(): void {
		wp_set_current_user( $this->create_super_admin() );
		$person = $this->create_user( 'editor' );

		$actions = $this->row_actions( $person );

		$this->assertArrayHasKey( 'edit', $actions, 'Core\'s own actions must stay.' );
		$this->assertArrayHasKey( 'wpmus-sites', $actions );
		$this->assertStringContainsString( '>Sites…</a>', $actions['wpmus-sites'] );
		preg_match( '/href="([^"]+)"/', $actions['wpmus-sites'], $href );
		$query = $this->query_of( html_entity_decode( $href[1] ?? '' ) );
		$this->assertSame( Network_People_Page::SLUG, $query['page'] ?? null );
		$this->assertSame( (string) $person, $query['user'] ?? null );
		$this->assertStringContainsString( '/wp-admin/network/admin.php', $href[1] ?? '' );
	}

	public function test_people_who_are_not_network_admins_get_neither_the_row_action_nor_the_bulk_actions(): void {
		$site_id = $this->create_site();
		wp_set_current_user( $this->create_user( 'administrator', $site_id ) );
		$person = $this->create_user( 'editor' );

		$this->assertArrayNotHasKey( 'wpmus-sites', $this->row_actions( $person ) );
		$this->assertSame( array( 'delete' => 'Delete' ), $this->bulk_actions() );
		$this->assertSame( 'http://example.org/wp-admin/network/users.php', $this->send_back( 'wpmus-remove-from-all-sites', array( $person ) ) );
	}

	public function test_a_user_manager_who_is_not_a_super_admin_gets_the_sites_link_but_no_bulk_action(): void {
		$manager = $this->create_user( 'administrator' );
		get_userdata( $manager )->add_cap( 'manage_network_users' );
		wp_set_current_user( $manager );
		$person = $this->create_user( 'editor' );

		$this->assertArrayHasKey( 'wpmus-sites', $this->row_actions( $person ), 'They may see anyone\'s sites.' );
		$this->assertSame( array( 'delete' => 'Delete' ), $this->bulk_actions(), 'Adding and removing people is for super admins.' );
		$this->assertSame( 'http://example.org/wp-admin/network/users.php', $this->send_back( 'wpmus-remove-from-all-sites', array( $person ) ) );
		$this->assertFalse( Network_People_Page::may_change_people() );
	}

	public function test_a_network_admin_gets_the_three_bulk_actions(): void {
		wp_set_current_user( $this->create_super_admin() );

		$actions = $this->bulk_actions();

		$this->assertSame( 'Delete', $actions['delete'] );
		$this->assertSame( 'Add to sites…', $actions['wpmus-add-to-sites'] ?? null );
		$this->assertSame( 'Remove from sites…', $actions['wpmus-remove-from-sites'] ?? null );
		$this->assertSame( 'Remove from all sites', $actions['wpmus-remove-from-all-sites'] ?? null );
	}

	public function test_each_bulk_action_redirects_to_the_people_screen_with_the_people_selected(): void {
		wp_set_current_user( $this->create_super_admin() );
		$expected = array(
			'wpmus-add-to-sites'          => 'add',
			'wpmus-remove-from-sites'     => 'remove',
			'wpmus-remove-from-all-sites' => 'remove-all',
		);

		foreach ( $expected as $bulk_action => $action ) {
			$url = $this->send_back( $bulk_action, array( '7', '3', '7', 'x', '0', '-4' ) );

			$this->assertIsString( $url );
			$this->assertStringStartsWith( network_admin_url( 'admin.php' ), $url );
			$query = $this->query_of( $url );
			$this->assertSame( Network_People_Page::SLUG, $query['page'] ?? null );
			$this->assertSame( $action, $query['action'] ?? null, $bulk_action );
			$this->assertSame( '7,3', $query['users'] ?? null, 'Each person once, in the order selected, only whole positive IDs.' );
		}
	}

	public function test_a_bulk_action_of_someone_else_is_left_to_them(): void {
		wp_set_current_user( $this->create_super_admin() );

		$this->assertSame( 'http://example.org/wp-admin/network/users.php', $this->send_back( 'other-plugin-action', array( 3 ) ) );
	}

	public function test_at_most_a_thousand_people_are_carried_to_the_screen(): void {
		wp_set_current_user( $this->create_super_admin() );

		$url = $this->send_back( 'wpmus-remove-from-sites', range( 1, 1200 ) );

		$this->assertIsString( $url );
		$this->assertCount( Network_People_Page::MAX_PEOPLE, explode( ',', $this->query_of( $url )['users'] ?? '' ) );
	}
}
