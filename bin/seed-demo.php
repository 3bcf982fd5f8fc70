<?php
/**
 * Seeds a small demo network: four sites with different default roles and twelve
 * people with varied roles, so every screen has something to show.
 * Every demo account's password is "password".
 *
 * Usage: php bin/seed-demo.php <wordpress-dir>
 *
 * @package WPM_User_Sync
 */

require __DIR__ . '/cli-guard.php';

require $argv[1] . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

$wpmus_activated = activate_plugin( 'wpm-user-sync/wpm-user-sync.php', '', true );
if ( is_wp_error( $wpmus_activated ) ) {
	fwrite( STDERR, 'Network activation failed: ' . $wpmus_activated->get_error_message() . "\n" );
	exit( 1 );
}

$wpmus_network = get_network();

// Path => [ title, default role (null: option removed, so none is set) ].
$wpmus_sites = array(
	'/'             => array( 'WPM User Sync Demo', 'subscriber' ),
	'/engineering/' => array( 'Engineering', 'author' ),
	'/marketing/'   => array( 'Marketing', null ),
	'/library/'     => array( 'Library', 'contributor' ),
);

$wpmus_site_ids = array();
foreach ( $wpmus_sites as $wpmus_path => list( $wpmus_title, $wpmus_role ) ) {
	$wpmus_site_id = '/' === $wpmus_path
		? get_main_site_id()
		: wp_insert_site(
			array(
				'domain'  => $wpmus_network->domain,
				'path'    => $wpmus_path,
				'title'   => $wpmus_title,
				'user_id' => 1,
			)
		);
	if ( is_wp_error( $wpmus_site_id ) ) {
		fwrite( STDERR, "Could not create $wpmus_path: " . $wpmus_site_id->get_error_message() . "\n" );
		exit( 1 );
	}
	switch_to_blog( $wpmus_site_id );
	update_option( 'permalink_structure', '/%postname%/' );
	if ( null === $wpmus_role ) {
		delete_option( 'default_role' );
	} else {
		update_option( 'default_role', $wpmus_role );
	}
	restore_current_blog();
	$wpmus_site_ids[ $wpmus_path ] = $wpmus_site_id;
}

// Login => [ display name, [ site path => role ] ]. The super admin "admin" exists already.
$wpmus_people = array(
	'maria.garcia' => array( 'Maria Garcia', array( '/engineering/' => 'administrator' ) ),
	'li.wei'       => array( 'Li Wei', array( '/marketing/' => 'administrator' ) ),
	'olivia.brown' => array( 'Olivia Brown', array( '/library/' => 'administrator' ) ),
	'sam.okafor'   => array( 'Sam Okafor', array( '/' => 'editor', '/marketing/' => 'author' ) ),
	'priya.patel'  => array( 'Priya Patel', array( '/engineering/' => 'editor' ) ),
	'tom.becker'   => array( 'Tom Becker', array( '/engineering/' => 'author' ) ),
	'ana.silva'    => array( 'Ana Silva', array( '/marketing/' => 'author' ) ),
	'noah.kim'     => array( 'Noah Kim', array( '/' => 'contributor' ) ),
	'emma.jones'   => array( 'Emma Jones', array( '/' => 'subscriber' ) ),
	'lucas.martin' => array( 'Lucas Martin', array( '/library/' => 'subscriber' ) ),
	'yusuf.demir'  => array( 'Yusuf Demir', array() ),
);

foreach ( $wpmus_people as $wpmus_login => list( $wpmus_name, $wpmus_roles ) ) {
	$wpmus_user_id = wpmu_create_user( $wpmus_login, 'password', $wpmus_login . '@example.com' );
	if ( ! $wpmus_user_id ) {
		fwrite( STDERR, "Could not create user $wpmus_login.\n" );
		exit( 1 );
	}
	wp_update_user(
		array(
			'ID'           => $wpmus_user_id,
			'display_name' => $wpmus_name,
			'first_name'   => strtok( $wpmus_name, ' ' ),
			'last_name'    => substr( $wpmus_name, strpos( $wpmus_name, ' ' ) + 1 ),
		)
	);
	foreach ( $wpmus_roles as $wpmus_path => $wpmus_role ) {
		add_user_to_blog( $wpmus_site_ids[ $wpmus_path ], $wpmus_user_id, $wpmus_role );
	}
}

printf( "Seeded %d sites and %d users.\n", count( $wpmus_site_ids ), count( $wpmus_people ) + 1 );

wpmus_cli_done();
