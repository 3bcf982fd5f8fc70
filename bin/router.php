<?php
/**
 * Router for PHP's built-in server: the rewrite rules of a subdirectory multisite.
 *
 * @package WPM_User_Sync
 */

$wpmus_root = $_SERVER['DOCUMENT_ROOT'];
$wpmus_path = (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH );

// Never serve dotfiles, nor the development folders reachable through the plugin's link to the project.
if ( preg_match( '#/\.|/plugins/wpm-user-sync/(node_modules|vendor|tests|bin)/#', $wpmus_path ) ) {
	http_response_code( 404 );
	return true;
}

if ( preg_match( '#^(/[^/]+)?/wp-admin$#', $wpmus_path ) ) {
	header( 'Location: ' . $wpmus_path . '/', true, 301 );
	return true;
}

// As in core's .htaccess: an existing file wins; otherwise a site's path prefix
// before wp-admin, wp-includes, wp-content or a root PHP file points at the main files.
if ( ! file_exists( $wpmus_root . $wpmus_path ) ) {
	$wpmus_path = (string) preg_replace( '#^/[^/]+(/(wp-(admin|includes|content)/.*|[^/]+\.php))$#', '$1', $wpmus_path );
}

$wpmus_file = $wpmus_root . $wpmus_path;
if ( is_dir( $wpmus_file ) ) {
	$wpmus_file = rtrim( $wpmus_file, '/' ) . '/index.php';
}

if ( is_file( $wpmus_file ) ) {
	if ( str_ends_with( $wpmus_file, '.php' ) ) {
		$_SERVER['SCRIPT_FILENAME'] = $wpmus_file;
		$_SERVER['SCRIPT_NAME']     = substr( $wpmus_file, strlen( $wpmus_root ) );
		$_SERVER['PHP_SELF']        = $_SERVER['SCRIPT_NAME'];
		chdir( dirname( $wpmus_file ) );
		require $wpmus_file;
		return true;
	}
	if ( $wpmus_path === (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) ) {
		return false; // The server sends the static file itself.
	}
	$wpmus_types = array(
		'css'   => 'text/css',
		'js'    => 'application/javascript',
		'svg'   => 'image/svg+xml',
		'png'   => 'image/png',
		'woff2' => 'font/woff2',
	);
	$wpmus_ext   = pathinfo( $wpmus_file, PATHINFO_EXTENSION );
	header( 'Content-Type: ' . ( $wpmus_types[ $wpmus_ext ] ?? ( mime_content_type( $wpmus_file ) ?: 'application/octet-stream' ) ) );
	readfile( $wpmus_file );
	return true;
}

$_SERVER['SCRIPT_FILENAME'] = $wpmus_root . '/index.php';
$_SERVER['SCRIPT_NAME']     = '/index.php';
$_SERVER['PHP_SELF']        = '/index.php';
chdir( $wpmus_root );
require $wpmus_root . '/index.php';
return true;
