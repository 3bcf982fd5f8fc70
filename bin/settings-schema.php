<?php
/**
 * Writes src/shared/settings-schema.ts, the screens' copy of the settings' JSON schema,
 * from their PHP definitions (WPM_User_Sync\Settings::definitions()).
 *
 * Usage: php bin/settings-schema.php (after changing a setting in includes/Settings.php)
 *
 * tests/php/Settings_Schema_Test.php includes this file and fails when the committed
 * file differs from what it writes. The output is already formatted as Prettier
 * formats it (`npm run format` leaves it as it is).
 *
 * @package WPM_User_Sync
 */

/**
 * Where the generated file lives, relative to the plugin's folder.
 */
const WPMUS_SETTINGS_SCHEMA_FILE = 'src/shared/settings-schema.ts';

/**
 * The TypeScript module: the schema of every setting, by name, `as const`.
 *
 * @return string
 */
function wpmus_settings_schema_typescript(): string {
	$schema = array();
	foreach ( WPM_User_Sync\Settings::definitions() as $name => $setting ) {
		$schema[ $name ] = $setting->schema();
	}
	return "/**\n"
		. " * The network settings' JSON schema: what `OPTIONS /wpm-user-sync/v1/settings` says\n"
		. " * of each setting, less the REST API's `context`.\n"
		. " *\n"
		. " * Generated from includes/Settings.php by `php bin/settings-schema.php`: do not edit.\n"
		. " * tests/php/Settings_Schema_Test.php fails when this file is out of date.\n"
		. " */\n"
		. 'export const settingsSchema = ' . wpmus_typescript_value( $schema, 0 ) . " as const;\n";
}

/**
 * A PHP value as a TypeScript literal, laid out as Prettier lays it out (tabs, 80 columns).
 *
 * @param mixed $value  A boolean, number, string, list or map.
 * @param int   $indent Tabs before the line the value starts on.
 * @return string
 */
function wpmus_typescript_value( $value, int $indent ): string {
	if ( ! is_array( $value ) ) {
		return is_string( $value ) ? wpmus_typescript_string( $value ) : json_encode( $value );
	}
	if ( array() === $value ) {
		return '[]';
	}
	$inner = str_repeat( "\t", $indent + 1 );
	$lines = array();
	foreach ( $value as $key => $item ) {
		$text = wpmus_typescript_value( $item, $indent + 1 );
		if ( array_is_list( $value ) ) {
			$lines[] = $inner . $text . ',';
			continue;
		}
		$line = $inner . $key . ': ' . $text . ',';
		// Prettier keeps a list of plain values on one line when it fits (a choice's `enum`).
		if ( is_array( $item ) && array() !== $item && array_is_list( $item ) && array() === array_filter( $item, 'is_array' ) ) {
			$one_line = $inner . $key . ': [ ' . implode( ', ', array_map( static fn( $value ) => wpmus_typescript_value( $value, 0 ), $item ) ) . ' ],';
			$line     = wpmus_columns( $one_line ) <= 80 ? $one_line : $line;
		}
		// Prettier moves a string that does not fit onto the next line, unless the key is shorter than a tab.
		if ( is_string( $item ) && strlen( $key ) >= 4 && wpmus_columns( $line ) > 80 ) {
			$line = $inner . $key . ":\n" . $inner . "\t" . $text . ',';
		}
		$lines[] = $line;
	}
	$outer = str_repeat( "\t", $indent );
	return array_is_list( $value )
		? "[\n" . implode( "\n", $lines ) . "\n" . $outer . ']'
		: "{\n" . implode( "\n", $lines ) . "\n" . $outer . '}';
}

/**
 * A string literal in the quotes Prettier picks: single, unless double need fewer escapes.
 *
 * @param string $text The string.
 * @return string
 */
function wpmus_typescript_string( string $text ): string {
	$quote = substr_count( $text, "'" ) > substr_count( $text, '"' ) ? '"' : "'";
	return $quote . str_replace( array( '\\', $quote ), array( '\\\\', '\\' . $quote ), $text ) . $quote;
}

/**
 * How wide a line is on screen, a tab counting 4 columns as in Prettier's settings.
 *
 * @param string $line The line.
 * @return int
 */
function wpmus_columns( string $line ): int {
	return mb_strlen( str_replace( "\t", '    ', $line ) );
}

// Run as a script, rather than included by a test that loaded WordPress.
if ( PHP_SAPI === 'cli' && realpath( (string) ( $_SERVER['SCRIPT_FILENAME'] ?? '' ) ) === __FILE__ ) {
	// The definitions need only translation, which is a no-op here, and the plugin's classes.
	define( 'ABSPATH', __DIR__ . '/' );
	if ( ! function_exists( '__' ) ) {
		/**
		 * Translates nothing: the schema keeps the source strings.
		 *
		 * @param string $text Text.
		 * @return string
		 */
		function __( string $text ): string {
			return $text;
		}
	}
	spl_autoload_register(
		static function ( string $class_name ): void {
			$prefix = 'WPM_User_Sync\\';
			if ( str_starts_with( $class_name, $prefix ) ) {
				require dirname( __DIR__ ) . '/includes/' . str_replace( '\\', '/', substr( $class_name, strlen( $prefix ) ) ) . '.php';
			}
		}
	);
	file_put_contents( dirname( __DIR__ ) . '/' . WPMUS_SETTINGS_SCHEMA_FILE, wpmus_settings_schema_typescript() );
	echo 'Wrote ' . WPMUS_SETTINGS_SCHEMA_FILE . "\n";
}
