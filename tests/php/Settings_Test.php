<?php
/**
 * Tests for the network settings themselves.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests;

use WPM_User_Sync\Setting;
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

	public function test_each_setting_is_defined_once_and_the_1_3_triggers_keep_their_options(): void {
		$options = array_map( static fn( Setting $setting ) => $setting->option, Settings::definitions() );

		$this->assertSame( 'wpmus_newSiteSync', $options['newSiteSync'] );
		$this->assertSame( 'wpmus_newUserSync', $options['newUserSync'] );
		$this->assertSame( 'wpmus_setUserRoleSync', $options['roleSync'] );
		$this->assertSame( array_values( $options ), array_values( array_unique( $options ) ), 'No two settings share an option.' );
		$this->assertSame( array_keys( $options ), ( new Settings() )->names() );
		foreach ( Settings::definitions() as $name => $setting ) {
			$this->assertSame( $name, $setting->name );
			$this->assertStringStartsWith( 'wpmus_', $setting->option, $name );
			$this->assertNotSame( '', $setting->description(), $name );
			$this->assertTrue( $setting->accepts( $setting->default ), "{$name}'s default is a value of its own type." );
		}
	}

	public function test_a_setting_never_saved_reads_as_its_default(): void {
		delete_site_option( 'wpmus_newUserSync' );
		delete_site_option( 'wpmus_excludedSites' );

		$all = ( new Settings() )->all();

		foreach ( Settings::definitions() as $name => $setting ) {
			$this->assertSame( $setting->default, $all[ $name ], $name );
		}
		$this->assertTrue( $all['allowSiteSync'], 'Site syncs are allowed until the network says no, as in 1.3.' );
	}

	public function test_switches_are_stored_as_1_3_stored_its_triggers(): void {
		$settings = new Settings();

		$settings->update( array( 'roleSync' => true ) );
		$settings->update( array( 'newUserSync' => false ) );

		$this->assertSame( 'yes', get_site_option( 'wpmus_setUserRoleSync' ) );
		$this->assertSame( '', get_site_option( 'wpmus_newUserSync' ) );
	}

	/**
	 * Values as a person types them, and what each setting reads.
	 *
	 * @return array<string, array{0: string, 1: string, 2: mixed}>
	 */
	public function typed_values(): array {
		return array(
			'on'                       => array( 'newUserSync', 'on', true ),
			'off'                      => array( 'newUserSync', 'off', false ),
			'yes, in capitals'         => array( 'roleSync', 'YES', true ),
			'0'                        => array( 'roleSync', '0', false ),
			'sites, sorted and once'   => array( 'excludedSites', '7, 3,7', array( 3, 7 ) ),
			'sites with leading zeros' => array( 'excludedSites', '007', array( 7 ) ),
			'no site'                  => array( 'excludedSites', '', array() ),
			'roles'                    => array( 'neverReplicatedRoles', 'editor,author,editor', array( 'editor', 'author' ) ),
		);
	}

	/**
	 * @dataProvider typed_values
	 *
	 * @param string $name     Setting.
	 * @param string $typed    As typed.
	 * @param mixed  $expected Value read.
	 */
	public function test_a_typed_value_is_read_as_its_setting_s_type( string $name, string $typed, $expected ): void {
		$setting = Settings::definition( $name );

		$value = $setting->parse( $typed );

		$this->assertSame( $expected, $value );
		$this->assertSame( $value, $setting->parse( $setting->format( $value ) ), 'What format() writes, parse() reads back.' );
	}

	/**
	 * Typed values that are not values of their setting, and what the refusal says.
	 *
	 * @return array<string, array{0: string, 1: string, 2: string}>
	 */
	public function wrong_typed_values(): array {
		return array(
			'a switch set to maybe'            => array( 'newUserSync', 'maybe', 'newUserSync is a switch: use on or off, not "maybe".' ),
			'a switch set to nothing'          => array( 'newUserSync', ' ', 'newUserSync is a switch' ),
			'a negative site ID'               => array( 'excludedSites', '3,-3', 'Not site IDs: -3.' ),
			'a site ID that is not a number'   => array( 'excludedSites', '3x', 'Not site IDs: 3x.' ),
			'a site ID beyond 64 bits'         => array( 'excludedSites', '99999999999999999999999', 'Not site IDs: 99999999999999999999999.' ),
			'more site IDs than a list may be' => array( 'excludedSites', implode( ',', range( 1, 10001 ) ), 'Give at most 10,000 site IDs; 10,001 were given.' ),
		);
	}

	/**
	 * @dataProvider wrong_typed_values
	 *
	 * @param string $name    Setting.
	 * @param string $typed   As typed.
	 * @param string $message What the refusal says.
	 */
	public function test_a_typed_value_of_the_wrong_kind_is_refused_in_words( string $name, string $typed, string $message ): void {
		$this->expectException( \InvalidArgumentException::class );
		$this->expectExceptionMessage( $message );

		Settings::definition( $name )->parse( $typed );
	}

	public function test_the_network_refuses_sites_that_are_not_its_own_and_roles_its_main_site_lacks(): void {
		$site_id = $this->create_site();

		$problems = ( new Settings() )->problems(
			array(
				'excludedSites'        => array( $site_id, 999999 ),
				'neverReplicatedRoles' => array( 'editor', 'overlord' ),
				'newUserSync'          => true,
			)
		);

		$this->assertSame(
			array(
				'excludedSites'        => 'These sites do not exist in this network: 999999.',
				'neverReplicatedRoles' => 'These roles do not exist on the main site: overlord.',
			),
			$problems
		);
		$this->assertSame( array(), ( new Settings() )->problems( array( 'excludedSites' => array( $site_id ) ) ) );
	}

	public function test_an_unknown_setting_name_is_a_programming_error(): void {
		$this->expectException( \InvalidArgumentException::class );

		( new Settings() )->is_on( 'newUserSnyc' );
	}
}
