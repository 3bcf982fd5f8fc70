<?php
/**
 * One network setting: everything the plugin knows about it, in one place.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync;

use WPM_User_Sync\Sync\Site_Ids;
use WPM_User_Sync\Sync\Site_Roles;

defined( 'ABSPATH' ) || exit;

/**
 * A setting's name, option, kind, default and description, and what follows from its
 * kind: how it is stored, its JSON schema (the REST API's, and the screens' type), how
 * a person types it on the command line, and what a network accepts as its value.
 *
 * @since 2.0.1
 */
final class Setting {

	/**
	 * On or off; stored as 'yes' / '', as version 1.3 stored its triggers.
	 */
	public const SWITCH = 'switch';

	/**
	 * A list of sites of the network, by ID.
	 */
	public const SITES = 'sites';

	/**
	 * A list of roles of the network's main site, by identifier.
	 */
	public const ROLES = 'roles';

	/**
	 * A whole number of days, from MIN_DAYS to MAX_DAYS; stored as a number.
	 *
	 * @since 2.1.0
	 */
	public const DAYS = 'days';

	/**
	 * One of a few named values (Setting::$choices); stored as that name.
	 *
	 * @since 2.2.0
	 */
	public const CHOICE = 'choice';

	/**
	 * Fewest days a DAYS setting accepts.
	 */
	public const MIN_DAYS = 1;

	/**
	 * Most days a DAYS setting accepts: ten years.
	 */
	public const MAX_DAYS = 3650;

	/**
	 * Most roles a list of roles may hold; far more than a site defines.
	 */
	public const MAX_ROLES = 200;

	/**
	 * Longest role identifier accepted.
	 */
	public const MAX_ROLE_LENGTH = 200;

	/**
	 * The name the REST API, the screens and WP-CLI use, e.g. `newUserSync`.
	 *
	 * @var string
	 */
	public readonly string $name;

	/**
	 * The network option that stores it, e.g. `wpmus_newUserSync`.
	 *
	 * @var string
	 */
	public readonly string $option;

	/**
	 * One of SWITCH, SITES, ROLES, DAYS, CHOICE.
	 *
	 * @var string
	 */
	public readonly string $kind;

	/**
	 * The value until someone sets it.
	 *
	 * @var bool|int|string|int[]|string[]
	 */
	public readonly bool|array|int|string $default;

	/**
	 * For a CHOICE: the values it accepts, in the order the screens list them.
	 *
	 * @since 2.2.0
	 *
	 * @var string[]
	 */
	public readonly array $choices;

	/**
	 * Gives the description, translated when asked for: settings are read before
	 * `init`, when translating is too early.
	 *
	 * @var \Closure(): string
	 */
	private \Closure $describe;

	/**
	 * Defines a setting.
	 *
	 * @since 2.0.1
	 * @since 2.2.0 $choices added.
	 *
	 * @param string                         $name     Name, e.g. `newUserSync`.
	 * @param string                         $option   Network option, e.g. `wpmus_newUserSync`.
	 * @param string                         $kind     One of SWITCH, SITES, ROLES, DAYS, CHOICE.
	 * @param bool|int|string|int[]|string[] $default  Value until set.
	 * @param \Closure                       $describe Gives the description, translated: takes nothing, returns a string.
	 * @param string[]                       $choices  For a CHOICE: the values it accepts.
	 */
	public function __construct( string $name, string $option, string $kind, bool|array|int|string $default, \Closure $describe, array $choices = array() ) {
		$this->name     = $name;
		$this->option   = $option;
		$this->kind     = $kind;
		$this->default  = $default;
		$this->describe = $describe;
		$this->choices  = $choices;
	}

	/**
	 * What the setting does, in words.
	 *
	 * @since 2.0.1
	 */
	public function description(): string {
		return ( $this->describe )();
	}

	/**
	 * The setting's JSON schema: type, limits, default and description.
	 *
	 * @since 2.0.1
	 *
	 * @return array<string, mixed>
	 */
	public function schema(): array {
		$schema = array(
			'description' => $this->description(),
			'type'        => array(
				self::SWITCH => 'boolean',
				self::DAYS   => 'integer',
				self::CHOICE => 'string',
			)[ $this->kind ] ?? 'array',
		);
		if ( self::CHOICE === $this->kind ) {
			$schema['enum'] = $this->choices;
		} elseif ( self::DAYS === $this->kind ) {
			$schema += array(
				'minimum' => self::MIN_DAYS,
				'maximum' => self::MAX_DAYS,
			);
		} elseif ( self::SITES === $this->kind ) {
			$schema += array(
				'items'       => array(
					'type'    => 'integer',
					'minimum' => 1,
				),
				'maxItems'    => Site_Ids::MAX,
				'uniqueItems' => true,
			);
		} elseif ( self::ROLES === $this->kind ) {
			$schema += array(
				'items'       => array(
					'type'      => 'string',
					'minLength' => 1,
					'maxLength' => self::MAX_ROLE_LENGTH,
				),
				'maxItems'    => self::MAX_ROLES,
				'uniqueItems' => true,
			);
		}
		return $schema + array( 'default' => $this->default );
	}

	/**
	 * Whether a value is of the setting's type: a boolean for a switch, a list of
	 * positive integers for sites, a list of non-empty strings for roles.
	 *
	 * @since 2.0.1
	 *
	 * @param mixed $value The value.
	 */
	public function accepts( $value ): bool {
		switch ( $this->kind ) {
			case self::SWITCH:
				return is_bool( $value );
			case self::DAYS:
				return is_int( $value ) && $value >= self::MIN_DAYS && $value <= self::MAX_DAYS;
			case self::CHOICE:
				return is_string( $value ) && in_array( $value, $this->choices, true );
			case self::SITES:
				return is_array( $value ) && array() === array_filter( $value, static fn( $id ) => ! is_int( $id ) || $id < 1 );
			default:
				return is_array( $value ) && array() === array_filter( $value, static fn( $role ) => ! is_string( $role ) || '' === $role );
		}
	}

	/**
	 * What a network does not accept in a value of the right type, in words, or null
	 * when it accepts it: sites that are not the network's, roles its main site lacks.
	 *
	 * Tells which sites and roles exist: ask only once the caller may know.
	 *
	 * @since 2.0.1
	 *
	 * @param bool|int|string|int[]|string[] $value      A value the setting accepts().
	 * @param int                            $network_id Network.
	 */
	public function problem( bool|array|int|string $value, int $network_id ): ?string {
		if ( self::SITES === $this->kind ) {
			return Site_Ids::foreign_problem( $network_id, array_map( 'intval', (array) $value ) );
		}
		if ( self::ROLES === $this->kind ) {
			// Whole names: "editor author" is not two roles.
			$unknown = array_diff( array_map( 'strval', (array) $value ), array_map( 'strval', array_keys( ( new Site_Roles() )->roles( get_main_site_id( $network_id ) ) ) ) );
			if ( array() !== $unknown ) {
				return sprintf(
					/* translators: %s: Comma-separated role names. */
					__( 'These roles do not exist on the main site: %s.', 'wpm-user-sync' ),
					Short_List::of( $unknown )
				);
			}
		}
		return null;
	}

	/**
	 * A value from the way a person types it: on/off (yes/no, true/false, 1/0) for a
	 * switch, a list separated by commas or spaces otherwise ("" for an empty list).
	 *
	 * @since 2.0.1
	 *
	 * @param string $typed The value as typed.
	 * @return bool|int|string|int[]|string[]
	 *
	 * @throws \InvalidArgumentException Saying, in words, why it is not a value of the setting.
	 */
	public function parse( string $typed ): bool|array|int|string {
		switch ( $this->kind ) {
			case self::SWITCH:
				// filter_var() reads "" as false: an empty value would switch the setting off.
				$on = '' === trim( $typed ) ? null : filter_var( $typed, FILTER_VALIDATE_BOOLEAN, FILTER_NULL_ON_FAILURE );
				if ( null === $on ) {
					/* translators: 1: Setting name, 2: Value given. */
					throw new \InvalidArgumentException( sprintf( __( '%1$s is a switch: use on or off, not "%2$s".', 'wpm-user-sync' ), $this->name, $typed ) );
				}
				return $on;
			case self::DAYS:
				$days = filter_var( trim( $typed ), FILTER_VALIDATE_INT );
				if ( false === $days || ! $this->accepts( $days ) ) {
					/* translators: 1: Setting name, 2: Fewest days, 3: Most days, 4: Value given. */
					throw new \InvalidArgumentException( sprintf( __( '%1$s is a number of days from %2$d to %3$d, not "%4$s".', 'wpm-user-sync' ), $this->name, self::MIN_DAYS, self::MAX_DAYS, $typed ) );
				}
				return $days;
			case self::CHOICE:
				if ( ! $this->accepts( trim( $typed ) ) ) {
					/* translators: 1: Setting name, 2: Comma-separated values it accepts, 3: Value given. */
					throw new \InvalidArgumentException( sprintf( __( '%1$s is one of %2$s, not "%3$s".', 'wpm-user-sync' ), $this->name, implode( ', ', $this->choices ), $typed ) );
				}
				return trim( $typed );
			case self::SITES:
				return Site_Ids::parse( $typed );
			default:
				return array_values( array_unique( wp_parse_list( $typed ) ) );
		}
	}

	/**
	 * A value the way parse() reads it: on or off, or the list separated by commas.
	 *
	 * @since 2.0.1
	 *
	 * @param bool|int|string|int[]|string[] $value The value.
	 */
	public function format( bool|array|int|string $value ): string {
		if ( is_int( $value ) || is_string( $value ) ) {
			return (string) $value;
		}
		return is_bool( $value ) ? ( $value ? 'on' : 'off' ) : implode( ',', $value );
	}

	/**
	 * A value as the network option stores it.
	 *
	 * @since 2.0.1
	 *
	 * @param bool|int|string|int[]|string[] $value A value the setting accepts().
	 * @return string|int|int[]|string[]
	 */
	public function to_option( bool|array|int|string $value ): string|array|int {
		switch ( $this->kind ) {
			case self::SWITCH:
				return $value ? 'yes' : '';
			case self::CHOICE:
				return is_string( $value ) ? $value : '';
			case self::DAYS:
				return (int) $value;
			case self::SITES:
				return Site_Ids::normalise( (array) $value );
			default:
				return array_values( array_unique( array_map( 'strval', (array) $value ) ) );
		}
	}

	/**
	 * A value from what the network option holds; a list that holds something else reads as empty.
	 *
	 * @since 2.0.1
	 *
	 * @param mixed $stored What the option holds.
	 * @return bool|int|string|int[]|string[]
	 */
	public function from_option( $stored ): bool|array|int|string {
		switch ( $this->kind ) {
			case self::SWITCH:
				return 'yes' === $stored;
			case self::CHOICE:
				// A value it does not know (written by other code) reads as the default.
				return $this->accepts( $stored ) ? (string) $stored : $this->default;
			case self::DAYS:
				// A number out of range (written by other code) reads as the nearest one allowed.
				return is_numeric( $stored ) ? max( self::MIN_DAYS, min( self::MAX_DAYS, (int) $stored ) ) : ( is_int( $this->default ) ? $this->default : self::MAX_DAYS );
			case self::SITES:
				return Site_Ids::normalise( is_array( $stored ) ? $stored : array() );
			default:
				return array_values( array_map( 'strval', is_array( $stored ) ? $stored : array() ) );
		}
	}
}
