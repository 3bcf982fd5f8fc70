<?php
/**
 * Tests for the network settings themselves.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests;

use WPM_User_Sync\Settings;
use WPM_User_Sync\Tests\Support\TestCase;

final class Settings_Test extends TestCase {

	protected function setUp(): void {
		parent::setUp();
		update_site_option( 'wpmus_newUserSync', 'yes' );
		update_site_option( 'wpmus_excludedSites', array( 1 ) );
	}

	/**
	 * Values that are not of their setting's type.
	 *
	 * @return array<string, array{0: array<string, mixed>}>
	 */
	public function wrong_values(): array {
		return array(
			'a switch set to null'        => array( array( 'newUserSync' => null ) ),
			'a switch set to a string'    => array( array( 'newUserSync' => 'no' ) ),
			'a list set to null'          => array( array( 'excludedSites' => null ) ),
			'a site ID that is negative'  => array( array( 'excludedSites' => array( -3 ) ) ),
			'a site ID that is a string'  => array( array( 'excludedSites' => array( '3' ) ) ),
			'a role that is empty'        => array( array( 'neverReplicatedRoles' => array( '' ) ) ),
			'a good value and a bad one'  => array(
				array(
					'roleSync'    => true,
					'newUserSync' => null,
				),
			),
		);
	}

	/**
	 * @dataProvider wrong_values
	 *
	 * @param array<string, mixed> $changes Changes.
	 */
	public function test_a_value_of_the_wrong_type_is_refused_and_nothing_is_stored( array $changes ): void {
		$settings = new Settings();

		try {
			$settings->update( $changes );
			$this->fail( 'The update was accepted.' );
		} catch ( \InvalidArgumentException $refused ) {
			$this->assertStringContainsString( 'invalid value for the setting', $refused->getMessage() );
		}

		$this->assertTrue( $settings->is_on( 'newUserSync' ) );
		$this->assertFalse( $settings->is_on( 'roleSync' ) );
		$this->assertSame( array( 1 ), $settings->excluded_site_ids() );
	}

	public function test_values_of_the_right_type_are_stored(): void {
		$settings = new Settings();

		$settings->update(
			array(
				'newUserSync'            => false,
				'privilegedDefaultRoles' => true,
				'excludedSites'          => array( 5, 2, 5 ),
				'neverReplicatedRoles'   => array(),
			)
		);

		$this->assertFalse( $settings->is_on( 'newUserSync' ) );
		$this->assertTrue( $settings->is_on( 'privilegedDefaultRoles' ) );
		$this->assertSame( array( 2, 5 ), $settings->excluded_site_ids() );
		$this->assertSame( array(), $settings->never_replicated_roles() );
	}
}
