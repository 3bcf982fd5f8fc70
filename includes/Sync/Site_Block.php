<?php
/**
 * The sites of one block of engine work.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Sync;

defined( 'ABSPATH' ) || exit;

/**
 * What the engine needs to know about a few sites while it works on them:
 * the role newcomers get, the meta rows that make a membership, and (read once
 * per block) who is already a member and who was removed.
 *
 * @since 2.0.0
 */
final class Site_Block {

	/**
	 * The block's sites, ascending.
	 *
	 * @var int[]
	 */
	public readonly array $site_ids;

	/**
	 * Site ID => role for newcomers, or null when the site does not define it.
	 *
	 * @var array<int, string|null>
	 */
	private array $roles = array();

	/**
	 * Site ID => escaped [ capabilities key, capabilities value, user_level key, user_level value ].
	 *
	 * @var array<int, string[]>
	 */
	private array $meta_sql = array();

	/**
	 * Site ID => bitmap of members, read on first use.
	 *
	 * @var array<int, string>
	 */
	private array $members = array();

	/**
	 * Site ID => bitmap of people removed from it, read on first use.
	 *
	 * @var array<int, string>
	 */
	private array $removed = array();

	/**
	 * Reads what the block's sites need.
	 *
	 * @since 2.0.0
	 *
	 * @param int[]      $site_ids Sites.
	 * @param Site_Roles $roles    Roles per site.
	 */
	public function __construct( array $site_ids, Site_Roles $roles ) {
		global $wpdb;

		$this->site_ids = $site_ids;
		foreach ( $site_ids as $site_id ) {
			$role                     = $roles->default_role( $site_id );
			$this->roles[ $site_id ] = $roles->exists( $site_id, $role ) ? $role : null;

			$prefix                      = $wpdb->get_blog_prefix( $site_id );
			$this->meta_sql[ $site_id ] = array(
				$wpdb->prepare( '%s', $prefix . 'capabilities' ),
				$wpdb->prepare( '%s', serialize( array( $role => true ) ) ), // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize -- The format core stores.
				$wpdb->prepare( '%s', $prefix . 'user_level' ),
				$wpdb->prepare( '%s', (string) $roles->user_level( $site_id, $role ) ),
			);
		}
	}

	/**
	 * The role a newcomer gets on a site, or null when the site does not define it.
	 *
	 * @since 2.0.0
	 *
	 * @param int $site_id Site ID.
	 */
	public function role( int $site_id ): ?string {
		return $this->roles[ $site_id ];
	}

	/**
	 * The capabilities meta key of a site.
	 *
	 * @since 2.0.0
	 *
	 * @param int $site_id Site ID.
	 */
	public function capabilities_key( int $site_id ): string {
		global $wpdb;
		return $wpdb->get_blog_prefix( $site_id ) . 'capabilities';
	}

	/**
	 * Escaped SQL values for a membership's two rows on a site.
	 *
	 * @since 2.0.0
	 *
	 * @param int $site_id Site ID.
	 * @return string[] [ capabilities key, capabilities value, user_level key, user_level value ].
	 */
	public function meta_sql( int $site_id ): array {
		return $this->meta_sql[ $site_id ];
	}

	/**
	 * Bitmap of a site's members, read once per block.
	 *
	 * @since 2.0.0
	 *
	 * @param int      $site_id Site ID.
	 * @param callable $read    Reads a bitmap for a meta key.
	 */
	public function members( int $site_id, callable $read ): string {
		return $this->members[ $site_id ] ??= $read( $this->capabilities_key( $site_id ) );
	}

	/**
	 * Bitmap of the people removed from a site, read once per block.
	 *
	 * @since 2.0.0
	 *
	 * @param int      $site_id Site ID.
	 * @param callable $read    Reads a bitmap for a marker value.
	 */
	public function removed( int $site_id, callable $read ): string {
		return $this->removed[ $site_id ] ??= $read( (string) $site_id );
	}
}
