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
	 * Setting name => [ network option name, kind ]. A "flag" is stored as 'yes' / '',
	 * as 1.3 stored its triggers, and is off until set; a "flag_on" is the same but on
	 * until set; a list is stored as an array.
	 */
	private const DEFINITIONS = array(
		'newSiteSync'            => array( 'wpmus_newSiteSync', 'flag' ),
		'newUserSync'            => array( 'wpmus_newUserSync', 'flag' ),
		'roleSync'               => array( 'wpmus_setUserRoleSync', 'flag' ),
		'includeSuperAdmins'     => array( 'wpmus_includeSuperAdmins', 'flag' ),
		'allowSiteSync'          => array( 'wpmus_allowSiteSync', 'flag_on' ),
		'excludedSites'          => array( 'wpmus_excludedSites', 'site_ids' ),
		'neverReplicatedRoles'   => array( 'wpmus_neverReplicatedRoles', 'roles' ),
		'privilegedDefaultRoles' => array( 'wpmus_privilegedDefaultRoles', 'flag' ),
	);

	/**
	 * The network whose settings these are; null for the current one.
	 *
	 * @var int|null
	 */
	private ?int $network_id;

	/**
	 * Binds the settings to a network.
	 *
	 * @since 2.0.0
	 *
	 * @param int|null $network_id Network ID; null for the current network.
	 */
	public function __construct( ?int $network_id = null ) {
		$this->network_id = $network_id;
	}

	/**
	 * The names of the settings, as the REST API and the screens call them.
	 *
	 * @since 2.0.0
	 *
	 * @return string[]
	 */
	public function names(): array {
		return array_keys( self::DEFINITIONS );
	}

	/**
	 * All settings of the current network.
	 *
	 * @since 2.0.0
	 *
	 * @return array<string, bool|int[]|string[]>
	 */
	public function all(): array {
		$settings = array();
		foreach ( self::DEFINITIONS as $name => list( $option, $kind ) ) {
			$settings[ $name ] = $this->read( $option, $kind );
		}
		return $settings;
	}

	/**
	 * Whether a trigger or another on/off setting is on.
	 *
	 * @since 2.0.0
	 *
	 * @param string $name Setting name, e.g. `newUserSync`.
	 */
	public function is_on( string $name ): bool {
		return (bool) $this->read( ...self::DEFINITIONS[ $name ] );
	}

	/**
	 * Sites the network administrator keeps out of every sync.
	 *
	 * @since 2.0.0
	 *
	 * @return int[]
	 */
	public function excluded_site_ids(): array {
		return array_map( 'intval', $this->stored_list( 'wpmus_excludedSites' ) );
	}

	/**
	 * Roles that a role change never copies to other sites.
	 *
	 * @since 2.0.0
	 *
	 * @return string[]
	 */
	public function never_replicated_roles(): array {
		return array_map( 'strval', $this->stored_list( 'wpmus_neverReplicatedRoles' ) );
	}

	/**
	 * Stores the given settings and leaves the others as they are.
	 *
	 * Values must already be valid (the REST schema and the CLI check them, in
	 * words); a value of the wrong type is a programming error, refused before
	 * anything is stored rather than read as off or as an empty list.
	 *
	 * @since 2.0.0
	 * @since 2.0.1 Throws on a value of the wrong type, null included.
	 *
	 * @param array<string, mixed> $changes Setting name => new value.
	 * @throws \InvalidArgumentException When a value is not of its setting's type.
	 */
	public function update( array $changes ): void {
		$changes = array_intersect_key( $changes, self::DEFINITIONS );
		foreach ( $changes as $name => $value ) {
			if ( ! self::is_valid( self::DEFINITIONS[ $name ][1], $value ) ) {
				throw new \InvalidArgumentException( sprintf( 'WPM User Sync: invalid value for the setting %s.', $name ) );
			}
		}
		foreach ( $changes as $name => $value ) {
			list( $option, $kind ) = self::DEFINITIONS[ $name ];
			switch ( $kind ) {
				case 'flag':
				case 'flag_on':
					$value = $value ? 'yes' : '';
					break;
				case 'site_ids':
					$value = array_values( array_unique( array_map( 'intval', $value ) ) );
					sort( $value );
					break;
				default:
					$value = array_values( array_unique( array_map( 'strval', $value ) ) );
			}
			update_network_option( $this->network_id, $option, $value );
		}
	}

	/**
	 * Whether a value is of a setting's kind: a boolean for a switch, a list of
	 * positive integers for sites, a list of non-empty strings for roles.
	 *
	 * @param string $kind  'flag', 'flag_on', 'site_ids' or 'roles'.
	 * @param mixed  $value The value.
	 */
	private static function is_valid( string $kind, $value ): bool {
		switch ( $kind ) {
			case 'flag':
			case 'flag_on':
				return is_bool( $value );
			case 'site_ids':
				return is_array( $value ) && array() === array_filter( $value, static fn( $id ) => ! is_int( $id ) || $id < 1 );
			default:
				return is_array( $value ) && array() === array_filter( $value, static fn( $role ) => ! is_string( $role ) || '' === $role );
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
		foreach ( self::DEFINITIONS as list( $option ) ) {
			delete_network_option( $network_id, $option );
		}
	}

	/**
	 * A list setting as stored; empty when it was never saved or holds something else.
	 *
	 * @param string $option Option name.
	 * @return array<int, mixed>
	 */
	private function stored_list( string $option ): array {
		$value = get_network_option( $this->network_id, $option, array() );
		return is_array( $value ) ? array_values( $value ) : array();
	}

	/**
	 * Reads one option of the current network in its setting's type.
	 *
	 * @param string $option Network option name.
	 * @param string $kind   'flag', 'flag_on', 'site_ids' or 'roles'.
	 * @return bool|int[]|string[]
	 */
	private function read( string $option, string $kind ): bool|array {
		$value = get_network_option( $this->network_id, $option, 'flag_on' === $kind ? 'yes' : '' );
		switch ( $kind ) {
			case 'flag':
			case 'flag_on':
				return 'yes' === $value;
			case 'site_ids':
				return array_values( array_map( 'intval', is_array( $value ) ? $value : array() ) );
			default:
				return array_values( array_map( 'strval', is_array( $value ) ? $value : array() ) );
		}
	}
}
