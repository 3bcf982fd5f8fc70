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
