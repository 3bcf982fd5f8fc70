<?php
/**
 * Local environment only (copied in by bin/lib.sh, never shipped): no language pack of
 * WordPress can be downloaded here, and WordPress lets a site or the network use only a
 * language it has files for. Offering Spanish (Spain) anyway lets a site be switched to it
 * (Settings → General, or the network's Settings) to see the plugin's own translation;
 * WordPress's own screens stay in English.
 *
 * @package WPM_User_Sync
 */

add_filter(
	'get_available_languages',
	// Only WordPress's own languages folder: a plugin's or a theme's is asked with its path.
	static fn( $languages, $dir = null ) => null === $dir
		? array_values( array_unique( array_merge( (array) $languages, array( 'es_ES' ) ) ) )
		: $languages,
	10,
	2
);

/*
 * With a language available, the log-in and profile screens list languages, asking
 * wordpress.org for their names; unreachable, WordPress logs a warning each time. Answer here.
 */
add_filter(
	'translations_api',
	static fn( $result, $type ) => 'core' === $type
		? array(
			'translations' => array(
				array(
					'language'     => 'es_ES',
					'version'      => get_bloginfo( 'version' ),
					'updated'      => '2026-01-01 00:00:00',
					'english_name' => 'Spanish (Spain)',
					'native_name'  => 'Español',
					'package'      => '',
					'iso'          => array( 'es', 'spa' ),
					'strings'      => array( 'continue' => 'Continuar' ),
				),
			),
		)
		: $result,
	10,
	2
);
