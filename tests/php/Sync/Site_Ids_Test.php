<?php
/**
 * Tests for the one reading of a list of site IDs.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\Sync;

use WPM_User_Sync\Sync\Site_Ids;
use WPM_User_Sync\Tests\Support\TestCase;

final class Site_Ids_Test extends TestCase {

	public function test_the_normal_form_is_positive_ids_each_once_ascending(): void {
		$this->assertSame( array( 2, 5, 9 ), Site_Ids::normalise( array( 9, '5', 2, 5, 0, -4 ) ) );
		$this->assertSame( array(), Site_Ids::normalise( array() ) );
	}

	public function test_typed_ids_are_read_strictly(): void {
		$this->assertSame( array( 3, 7 ), Site_Ids::parse( ' 7,3 007' ) );
		$this->assertSame( array(), Site_Ids::parse( '' ) );

		foreach ( array( '-3', '3x', '1e3', '99999999999999999999999', '0' ) as $typed ) {
			try {
				Site_Ids::parse( "1,{$typed}" );
				$this->fail( "{$typed} was read as a site ID." );
			} catch ( \InvalidArgumentException $refused ) {
				$this->assertStringContainsString( "Not site IDs: {$typed}.", $refused->getMessage() );
			}
		}
	}

	public function test_sites_of_another_network_or_of_none_are_named_a_few_at_a_time(): void {
		$site_id = $this->create_site();

		$this->assertSame( array(), Site_Ids::foreign( get_current_network_id(), array( $site_id ) ) );
		$this->assertNull( Site_Ids::foreign_problem( get_current_network_id(), array( $site_id ) ) );
		$this->assertSame( array( 999998, 999999 ), Site_Ids::foreign( get_current_network_id(), array( 999999, $site_id, 999998 ) ) );
		$this->assertSame(
			'These sites do not exist in this network: 999901, 999902, 999903 and 2 more.',
			Site_Ids::foreign_problem( get_current_network_id(), range( 999901, 999905 ) )
		);
	}
}
