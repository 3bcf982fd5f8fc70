<?php
/**
 * Tests that a site whose tables may not exist yet is never part of a sync.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Sync;

use WPM_User_Sync\Settings;
use WPM_User_Sync\Sync\Population;
use WPM_User_Sync\Tests\Support\TestCase;

final class Sites_Being_Created_Test extends TestCase {

	private function live_sites(): array {
		$network_id = get_current_network_id();
		return ( new Population( new Settings( $network_id ), $network_id ) )->live_sites();
	}

	/**
	 * What another process listing the sites would see at each step of a site's creation.
	 *
	 * @return array<string, bool> Step => whether the new site was listed.
	 */
	private function listed_during_creation( string $path ): array {
		global $wpdb;
		$seen  = array();
		$watch = function ( string $step ) use ( &$seen, $path, $wpdb ) {
			return function () use ( &$seen, $step, $path, $wpdb ) {
				$id = (int) $wpdb->get_var( $wpdb->prepare( "SELECT blog_id FROM {$wpdb->blogs} WHERE path = %s", $path ) );
				if ( $id > 0 && ! isset( $seen[ $step ] ) ) {
					$seen[ $step ] = in_array( $id, $this->live_sites(), true );
				}
			};
		};
		// Core cleans the new row's cache right after writing it, before announcing the site.
		$callbacks = array(
			'clean_site_cache'   => array( $watch( 'row written' ), 10 ),
			'wp_insert_site'     => array( $watch( 'site announced' ), PHP_INT_MIN ),
			'wp_initialize_site' => array( $watch( 'tables created' ), 10 ),
		);
		foreach ( $callbacks as $hook => list( $callback, $priority ) ) {
			add_action( $hook, $callback, $priority );
		}
		$site_id = $this->create_site( array( 'path' => $path ) );
		foreach ( $callbacks as $hook => list( $callback, $priority ) ) {
			remove_action( $hook, $callback, $priority );
		}
		$seen['created'] = in_array( $site_id, $this->live_sites(), true );
		return $seen;
	}

	public function test_a_site_is_left_out_from_its_row_until_its_tables_are_ready(): void {
		$this->assertSame(
			array(
				'row written'    => false,
				'site announced' => false,
				'tables created' => false,
				'created'        => true,
			),
			$this->listed_during_creation( '/wpmus-being-created-' . wp_rand() . '/' )
		);
	}

	public function test_a_refused_site_leaves_no_marker_on_the_site_that_has_its_address(): void {
		$existing = $this->create_site( array( 'path' => '/wpmus-taken-address/' ) );

		$refused = wp_insert_site(
			array(
				'domain' => get_network()->domain,
				'path'   => '/wpmus-taken-address/',
			)
		);

		$this->assertInstanceOf( \WP_Error::class, $refused, 'Core refuses a second site at the same address.' );
		$this->assertContains( $existing, $this->live_sites() );
	}

	public function test_no_marker_outlives_a_site_created_and_deleted(): void {
		global $wpdb;
		$site_id = $this->create_site();
		wp_delete_site( $site_id );

		$markers = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->sitemeta} WHERE meta_key LIKE %s", $wpdb->esc_like( 'wpmus_creating_site_' ) . '%' ) );

		$this->assertSame( 0, $markers );
	}
}
