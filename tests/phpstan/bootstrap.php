<?php
/**
 * Constants the plugin's main file defines, for PHPStan (which reads the code without running it).
 *
 * @package WPM_User_Sync
 */

define( 'WPMUS_VERSION', '0.0.0' );
define( 'WPMUS_FILE', dirname( __DIR__, 2 ) . '/wpm-user-sync.php' );
define( 'WPMUS_DIR', dirname( __DIR__, 2 ) );
define( 'WPMUS_MIN_WP', '6.8' );

// Core's constants that its stubs leave out.
define( 'MINUTE_IN_SECONDS', 60 );
define( 'HOUR_IN_SECONDS', 3600 );
define( 'DAY_IN_SECONDS', 86400 );
define( 'OBJECT', 'OBJECT' );
define( 'OBJECT_K', 'OBJECT_K' );
define( 'ARRAY_A', 'ARRAY_A' );
define( 'ARRAY_N', 'ARRAY_N' );
