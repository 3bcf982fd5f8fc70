<?php
/**
 * Writes wp-config.php for a local instance. Values come from the environment
 * (see wp_prepare in bin/lib.sh); the salts are kept when the file exists.
 *
 * @package WPM_User_Sync
 */

$wpmus_dir    = getenv( 'WPMUS_WP_DIR' );
$wpmus_config = $wpmus_dir . '/wp-config.php';

$wpmus_salts = '';
if ( is_readable( $wpmus_config ) && preg_match( '/\/\* salts \*\/.*\/\* end salts \*\//s', (string) file_get_contents( $wpmus_config ), $wpmus_match ) ) {
	$wpmus_salts = $wpmus_match[0];
} else {
	$wpmus_salts = "/* salts */\n";
	foreach ( array( 'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT' ) as $wpmus_key ) {
		$wpmus_salts .= sprintf( "define( '%s', '%s' );\n", $wpmus_key, bin2hex( random_bytes( 32 ) ) );
	}
	$wpmus_salts .= '/* end salts */';
}

$wpmus_values = array(
	'{{DB_NAME}}'   => var_export( getenv( 'WPMUS_DB_NAME' ), true ),
	'{{DB_HOST}}'   => var_export( 'localhost:' . getenv( 'WPMUS_DB_SOCKET' ), true ),
	'{{DOMAIN}}'    => var_export( getenv( 'WPMUS_DOMAIN' ), true ),
	'{{HOST}}'      => var_export( (string) strtok( (string) getenv( 'WPMUS_DOMAIN' ), ':' ), true ),
	'{{PORT}}'      => var_export( (string) substr( (string) strrchr( (string) getenv( 'WPMUS_DOMAIN' ), ':' ), 1 ), true ),
	'{{LOG}}'       => var_export( getenv( 'WPMUS_LOG' ), true ),
	'{{SALTS}}'     => $wpmus_salts,
);

$wpmus_template = <<<'PHP'
<?php
/**
 * Local development configuration, written by bin/write-wp-config.php.
 */

define( 'DB_NAME', {{DB_NAME}} );
define( 'DB_USER', 'root' );
define( 'DB_PASSWORD', '' );
define( 'DB_HOST', {{DB_HOST}} );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

{{SALTS}}

$table_prefix = 'wp_';

define( 'WP_DEBUG', true );
define( 'WP_DEBUG_LOG', {{LOG}} );
define( 'WP_DEBUG_DISPLAY', false );
define( 'SCRIPT_DEBUG', false );
define( 'WP_ENVIRONMENT_TYPE', 'local' );

// The machine may have no internet: never wait for wordpress.org.
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_AUTO_UPDATE_CORE', false );

// Command-line loads (tests, seeding, benchmarks) act as a request to the network's home.
if ( 'cli' === PHP_SAPI && empty( $_SERVER['HTTP_HOST'] ) ) {
	$_SERVER['HTTP_HOST']   = {{DOMAIN}};
	$_SERVER['SERVER_NAME'] = {{HOST}};
	$_SERVER['SERVER_PORT'] = {{PORT}};
	$_SERVER['REQUEST_URI'] = '/';
	$_SERVER['PHP_SELF']    = '/index.php';
	$_SERVER['REMOTE_ADDR'] = '127.0.0.1';
}

// The network is created in two steps (bin/install-network.php); multisite is on after the first.
if ( ! getenv( 'WPMUS_INSTALLING' ) ) {
	define( 'MULTISITE', true );
	define( 'SUBDOMAIN_INSTALL', false );
	define( 'DOMAIN_CURRENT_SITE', {{DOMAIN}} );
	define( 'PATH_CURRENT_SITE', '/' );
	define( 'SITE_ID_CURRENT_SITE', 1 );
	define( 'BLOG_ID_CURRENT_SITE', 1 );
}

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}

require_once ABSPATH . 'wp-settings.php';
PHP;

file_put_contents( $wpmus_config, strtr( $wpmus_template, $wpmus_values ) );
