<?php
/**
 * Enqueues the built admin apps.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Admin;

defined( 'ABSPATH' ) || exit;

/**
 * Loads one entry of `build/` with the dependencies and version webpack recorded for it.
 *
 * @since 2.0.0
 */
final class Asset_Loader {

	/**
	 * Enqueues an app's script, its stylesheet and its translations.
	 *
	 * @since 2.0.0
	 * @since 2.2.0 Translations come from the plugin's own `languages/` folder.
	 *
	 * @param string $entry Entry name, e.g. `network-options`.
	 * @return bool False when the build is missing, so the caller can say so.
	 */
	public static function enqueue( string $entry ): bool {
		$asset_file = WPMUS_DIR . "/build/{$entry}.asset.php";
		if ( ! is_readable( $asset_file ) ) {
			return false;
		}
		$asset  = require $asset_file;
		$handle = "wpm-user-sync-{$entry}";

		wp_enqueue_script(
			$handle,
			plugins_url( "build/{$entry}.js", WPMUS_FILE ),
			$asset['dependencies'],
			$asset['version'],
			array( 'in_footer' => true )
		);
		wp_set_script_translations( $handle, 'wpm-user-sync', WPMUS_DIR . '/languages' );

		// Components need their own stylesheet; the app's CSS, when it has any, comes after.
		wp_enqueue_style( 'wp-components' );
		if ( is_readable( WPMUS_DIR . "/build/{$entry}.css" ) ) {
			wp_enqueue_style(
				$handle,
				plugins_url( "build/{$entry}.css", WPMUS_FILE ),
				array( 'wp-components' ),
				$asset['version']
			);
			wp_style_add_data( $handle, 'rtl', 'replace' );
		}
		return true;
	}

	/**
	 * Answers the app's first REST requests from the page itself, as the block
	 * editor does, so the screen shows its data without a loading state.
	 *
	 * The answers hold text that site administrators chose (site titles, decoded to
	 * plain text), and WordPress 6.8 prints inline scripts as they are: `<`,
	 * `>` and `&` are written as \u escapes, so that no `</script>` ends the script
	 * and no `<!--` makes the HTML parser swallow its real end.
	 *
	 * @since 2.0.0
	 * @since 2.0.1 Escapes `<`, `>` and `&`; preloads nothing when the answers cannot be encoded.
	 *
	 * @param string[] $paths REST paths to preload.
	 */
	public static function preload( array $paths ): void {
		$responses = array_reduce( $paths, 'rest_preload_api_request', array() );
		$json      = wp_json_encode( $responses, JSON_HEX_TAG | JSON_HEX_AMP );
		if ( false === $json ) {
			// The screen then asks for them itself; a broken script would stop it.
			return;
		}
		wp_add_inline_script(
			'wp-api-fetch',
			sprintf( 'wp.apiFetch.use( wp.apiFetch.createPreloadingMiddleware( %s ) );', $json ),
			'after'
		);
	}
}
