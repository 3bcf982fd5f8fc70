<?php
/**
 * Tests that the plugin speaks the site's language, from its own languages/ folder.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests\I18n;

use WPM_User_Sync\Admin\Asset_Loader;
use WPM_User_Sync\Tests\Support\TestCase;

final class Translations_Test extends TestCase {

	protected function setUp(): void {
		parent::setUp();
		// No language pack of WordPress is installed here; bin/mu-plugins/wpmus-local-languages.php offers es_ES.
		$this->assertContains( 'es_ES', get_available_languages(), 'es_ES is not an available language: is bin/mu-plugins/wpmus-local-languages.php installed?' );
		$GLOBALS['wp_scripts'] = null;
	}

	protected function tearDown(): void {
		restore_current_locale();
		$GLOBALS['wp_scripts'] = null;
		parent::tearDown();
	}

	public function test_a_refusal_of_the_rest_api_comes_back_in_spanish_when_the_locale_is_spanish(): void {
		$this->assertTrue( switch_to_locale( 'es_ES' ) );

		$response = $this->rest( 'GET', '/wpm-user-sync/v1/settings' );

		$this->assertRestError( 401, 'wpmus_forbidden', $response );
		$this->assertSame(
			'Lo siento, solo los administradores de la red pueden ver los ajustes de WPM User Sync.',
			$response->get_data()['message']
		);
	}

	public function test_strings_with_plurals_follow_the_spanish_plural_forms(): void {
		$this->assertTrue( switch_to_locale( 'es_ES' ) );

		/* translators: %d: Minutes. */
		$one = _n( 'This preview is more than %d minute old. Refresh it, then confirm.', 'This preview is more than %d minutes old. Refresh it, then confirm.', 1, 'wpm-user-sync' );
		/* translators: %d: Minutes. */
		$ten = _n( 'This preview is more than %d minute old. Refresh it, then confirm.', 'This preview is more than %d minutes old. Refresh it, then confirm.', 10, 'wpm-user-sync' );

		$this->assertSame( 'Esta vista previa tiene más de %d minuto. Actualízala y luego confírmala.', $one );
		$this->assertSame( 'Esta vista previa tiene más de %d minutos. Actualízala y luego confírmala.', $ten );
	}

	public function test_the_strings_are_english_again_once_the_locale_is_restored(): void {
		$this->assertTrue( switch_to_locale( 'es_ES' ) );
		$this->assertSame( 'Opciones de WPM User Sync', __( 'WPM User Sync Options', 'wpm-user-sync' ) );

		restore_current_locale();

		$this->assertSame( 'WPM User Sync Options', __( 'WPM User Sync Options', 'wpm-user-sync' ) );
	}

	public function test_every_screen_script_gets_its_spanish_translations_from_the_plugins_languages_folder(): void {
		$entries = array_map(
			static fn( string $file ): string => basename( $file, '.asset.php' ),
			(array) glob( WPMUS_DIR . '/build/*.asset.php' )
		);
		$this->assertNotEmpty( $entries, 'build/ holds no screen: run npm run build.' );
		$this->assertTrue( switch_to_locale( 'es_ES' ) );

		foreach ( $entries as $entry ) {
			$this->assertTrue( Asset_Loader::enqueue( $entry ) );
			$handle = "wpm-user-sync-{$entry}";
			$script = wp_scripts()->registered[ $handle ];
			$this->assertSame( 'wpm-user-sync', $script->textdomain, $entry );
			$this->assertSame( WPMUS_DIR . '/languages', $script->translations_path, $entry );

			// What WordPress prints before the script: the JSON file it finds for the script's path.
			$json = load_script_textdomain( $handle, 'wpm-user-sync', WPMUS_DIR . '/languages' );
			$this->assertIsString( $json, "No Spanish translations found for build/{$entry}.js." );
			$data = json_decode( $json, true );
			$this->assertIsArray( $data );
			$this->assertSame( 'es_ES', $data['locale_data']['messages']['']['lang'] ?? null, $entry );
			$this->assertGreaterThan( 1, count( $data['locale_data']['messages'] ), $entry );
		}
	}

	public function test_the_activity_script_gets_the_spanish_of_its_own_strings(): void {
		$this->assertTrue( switch_to_locale( 'es_ES' ) );
		$this->assertTrue( Asset_Loader::enqueue( 'activity' ) );

		$json = load_script_textdomain( 'wpm-user-sync-activity', 'wpm-user-sync', WPMUS_DIR . '/languages' );

		$this->assertIsString( $json );
		$messages = json_decode( $json, true )['locale_data']['messages'];
		$this->assertSame( array( 'Exportar CSV' ), $messages['Export CSV'] );
		$this->assertSame( array( '%s cambio', '%s cambios' ), $messages['%s change'] );
	}

	public function test_in_english_no_script_translation_is_loaded(): void {
		$this->assertTrue( Asset_Loader::enqueue( 'activity' ) );

		$this->assertFalse( load_script_textdomain( 'wpm-user-sync-activity', 'wpm-user-sync', WPMUS_DIR . '/languages' ) );
	}
}
