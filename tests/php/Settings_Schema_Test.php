<?php
/**
 * The settings' schema is one: the PHP definitions, the REST API's and the screens' type.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests;

use WPM_User_Sync\Settings;
use WPM_User_Sync\Tests\Support\TestCase;

final class Settings_Schema_Test extends TestCase {

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		require_once dirname( __DIR__, 2 ) . '/bin/settings-schema.php';
	}

	public function test_the_screens_schema_is_what_the_php_definitions_give_now(): void {
		$committed = (string) file_get_contents( dirname( __DIR__, 2 ) . '/' . WPMUS_SETTINGS_SCHEMA_FILE );

		$this->assertSame( wpmus_settings_schema_typescript(), $committed, 'src/shared/settings-schema.ts is out of date: run php bin/settings-schema.php and commit it.' );
	}

	public function test_the_screens_settings_type_is_derived_from_that_schema(): void {
		$source = (string) file_get_contents( dirname( __DIR__, 2 ) . '/src/shared/settings.ts' );

		$this->assertStringContainsString( "import { settingsSchema } from './settings-schema';", $source );
		$this->assertSame( 1, preg_match( '/export type Settings = \{\s*-readonly \[ Name in keyof SettingsSchema \]/', $source ), 'Settings maps every setting of the schema, and nothing else.' );
		$this->assertStringNotContainsString( 'interface Settings', $source, 'No hand-written copy of the list.' );
	}

	public function test_the_rest_api_describes_each_setting_as_its_definition_does(): void {
		$schema = $this->rest( 'OPTIONS', '/wpm-user-sync/v1/settings' )->get_data()['schema'];

		$this->assertSame( array_keys( Settings::definitions() ), array_keys( $schema['properties'] ) );
		foreach ( Settings::definitions() as $name => $setting ) {
			$property = $schema['properties'][ $name ];
			$this->assertSame( array( 'view', 'edit' ), $property['context'], $name );
			unset( $property['context'] );
			$this->assertSame( $setting->schema(), $property, $name );
		}
	}
}
