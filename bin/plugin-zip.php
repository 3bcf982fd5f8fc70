<?php
/**
 * Packs the installable plugin: wpm-user-sync.zip with the runtime files only.
 *
 * Usage: php bin/plugin-zip.php (after npm run build; `npm run plugin-zip` does both)
 *
 * @package WPM_User_Sync
 */

$wpmus_root  = dirname( __DIR__ );
$wpmus_parts = array( 'wpm-user-sync.php', 'uninstall.php', 'readme.txt', 'includes', 'build', 'languages' );

if ( ! is_file( "$wpmus_root/build/network-options.js" ) ) {
	fwrite( STDERR, "build/ is missing: run npm run build first.\n" );
	exit( 1 );
}

$wpmus_zip_path = "$wpmus_root/wpm-user-sync.zip";
@unlink( $wpmus_zip_path );
$wpmus_zip = new ZipArchive();
if ( true !== $wpmus_zip->open( $wpmus_zip_path, ZipArchive::CREATE ) ) {
	fwrite( STDERR, "Cannot write $wpmus_zip_path.\n" );
	exit( 1 );
}

$wpmus_count = 0;
foreach ( $wpmus_parts as $wpmus_part ) {
	$wpmus_path = "$wpmus_root/$wpmus_part";
	$wpmus_files = is_dir( $wpmus_path )
		? new RecursiveIteratorIterator( new RecursiveDirectoryIterator( $wpmus_path, FilesystemIterator::SKIP_DOTS ) )
		: ( is_file( $wpmus_path ) ? array( new SplFileInfo( $wpmus_path ) ) : array() );
	foreach ( $wpmus_files as $wpmus_file ) {
		// Dotfiles (such as the build stamp) are bookkeeping of the development copy.
		if ( str_starts_with( $wpmus_file->getFilename(), '.' ) ) {
			continue;
		}
		$wpmus_zip->addFile( $wpmus_file->getPathname(), 'wpm-user-sync/' . substr( $wpmus_file->getPathname(), strlen( $wpmus_root ) + 1 ) );
		++$wpmus_count;
	}
}
$wpmus_zip->close();
printf( "wpm-user-sync.zip: %d files.\n", $wpmus_count );
