<?php
/**
 * The network-wide settings.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync;

defined( 'ABSPATH' ) || exit;

/**
 * Reads and writes the network settings.
 *
 * The triggers keep the option names and the 'yes' / '' values of version 1.3,
 * so a network that upgrades keeps its configuration.
 *
 * @since 2.0.0
 */
final class Settings {

	/**
	 * Setting name => network option name, for the on/off triggers.
	 */
	private const TRIGGER_OPTIONS = array(
		'newSiteSync' => 'wpmus_newSiteSync',
		'newUserSync' => 'wpmus_newUserSync',
		'roleSync'    => 'wpmus_setUserRoleSync',
	);

	/**
	 * The names of the settings, as the REST API and the screens call them.
	 *
	 * @since 2.0.0
	 *
	 * @return string[]
	 */
	public function names(): array {
		return array_keys( self::TRIGGER_OPTIONS );
	}

	/**
	 * The network option that stores a setting.
	 *
	 * @since 2.0.0
	 *
	 * @param string $name Setting name.
	 */
	public function option_name( string $name ): string {
		return self::TRIGGER_OPTIONS[ $name ];
	}

	/**
	 * All settings of the current network.
	 *
	 * @since 2.0.0
	 *
	 * @return array<string, bool>
	 */
	public function all(): array {
		$settings = array();
		foreach ( $this->names() as $name ) {
			$settings[ $name ] = $this->is_on( $name );
		}
		return $settings;
	}

	/**
	 * Whether one trigger is on.
	 *
	 * @since 2.0.0
	 *
	 * @param string $name Setting name.
	 */
	public function is_on( string $name ): bool {
		return 'yes' === get_site_option( $this->option_name( $name ), '' );
	}

	/**
	 * Stores the given settings and leaves the others as they are.
	 *
	 * @since 2.0.0
	 *
	 * @param array<string, bool> $changes Setting name => new value.
	 */
	public function update( array $changes ): void {
		foreach ( array_intersect_key( $changes, self::TRIGGER_OPTIONS ) as $name => $value ) {
			update_site_option( self::TRIGGER_OPTIONS[ $name ], $value ? 'yes' : '' );
		}
	}

	/**
	 * Removes every setting of a network.
	 *
	 * @since 2.0.0
	 *
	 * @param int $network_id Network ID.
	 */
	public function delete_all( int $network_id ): void {
		foreach ( self::TRIGGER_OPTIONS as $option ) {
			delete_network_option( $network_id, $option );
		}
	}
}
