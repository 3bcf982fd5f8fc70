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
 * the role newcomers get (or why they get none), the meta rows that make a
 * membership, and who is already a member and who was removed.
 *
 * Members and removals are read once per block into sets; before each write, the
 * rows added since (by anyone) are read again under the write lock, so a set is
 * never staler than the lock that guards the write.
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
	 * Site ID => role for newcomers, or null when they get none there.
	 *
	 * @var array<int, string|null>
	 */
	private array $roles = array();

	/**
	 * Site ID => why newcomers get no role there (a Report::SKIP_* reason).
	 *
	 * @var array<int, string>
	 */
	private array $no_role_reasons = array();

	/**
	 * Site ID => escaped [ capabilities key, capabilities value, user_level key, user_level value ].
	 *
	 * @var array<int, string[]>
	 */
	private array $meta_sql = array();

	/**
	 * Capabilities meta key => site ID.
	 *
	 * @var array<string, int>
	 */
	private array $site_by_key = array();

	/**
	 * Site ID => members, read on first use.
	 *
	 * @var array<int, User_Set>
	 */
	private array $members = array();

	/**
	 * Marker key => site ID => people removed from the site, read on first use.
	 *
	 * @var array<string, array<int, User_Set>>
	 */
	private array $removed = array();

	/**
	 * The highest usermeta row ID the sets have seen; rows after it are read by refresh().
	 *
	 * @var int|null
	 */
	private ?int $mark = null;

	/**
	 * Reads what the block's sites need.
	 *
	 * @since 2.0.0
	 *
	 * @param int[]      $site_ids         Sites.
	 * @param Site_Roles $roles            Roles per site.
	 * @param bool       $allow_privileged Whether a default role may carry privileged capabilities.
	 *
	 * @throws Database_Error When reading the sites' roles fails.
	 */
	public function __construct( array $site_ids, Site_Roles $roles, bool $allow_privileged = false ) {
		global $wpdb;

		$this->site_ids = $site_ids;
		Db::clear_error();
		foreach ( $site_ids as $site_id ) {
			$role = $roles->default_role( $site_id );
			if ( ! $roles->exists( $site_id, $role ) ) {
				$this->no_role_reasons[ $site_id ] = Report::SKIP_ROLE;
			} elseif ( ! $allow_privileged && $roles->is_privileged( $site_id, $role ) ) {
				$this->no_role_reasons[ $site_id ] = Report::SKIP_PRIVILEGED;
			}
			$this->roles[ $site_id ] = isset( $this->no_role_reasons[ $site_id ] ) ? null : $role;

			$prefix                                        = $wpdb->get_blog_prefix( $site_id );
			$this->site_by_key[ $prefix . 'capabilities' ] = $site_id;
			$this->meta_sql[ $site_id ]                    = array(
				$wpdb->prepare( '%s', $prefix . 'capabilities' ),
				$wpdb->prepare( '%s', serialize( array( $role => true ) ) ), // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize -- The format core stores.
				$wpdb->prepare( '%s', $prefix . 'user_level' ),
				$wpdb->prepare( '%s', (string) $roles->user_level( $site_id, $role ) ),
			);
		}
		// Options read through WordPress's API: a failure there must not pass for "no role".
		Db::check();
	}

	/**
	 * The role a newcomer gets on a site, or null when they get none.
	 *
	 * @since 2.0.0
	 *
	 * @param int $site_id Site ID.
	 */
	public function role( int $site_id ): ?string {
		return $this->roles[ $site_id ];
	}

	/**
	 * Why a newcomer gets no role on a site (Report::SKIP_ROLE or SKIP_PRIVILEGED).
	 *
	 * @since 2.0.1
	 *
	 * @param int $site_id Site ID.
	 */
	public function no_role_reason( int $site_id ): string {
		return $this->no_role_reasons[ $site_id ] ?? Report::SKIP_ROLE;
	}

	/**
	 * The capabilities meta keys of the block's sites, as key => site ID.
	 *
	 * @since 2.0.1
	 *
	 * @return array<string, int>
	 */
	public function capabilities_keys(): array {
		return $this->site_by_key;
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
	 * The members of a site, read once per block.
	 *
	 * @since 2.0.0
	 *
	 * @param int $site_id Site ID.
	 *
	 * @throws Database_Error When the read fails.
	 */
	public function members( int $site_id ): User_Set {
		$this->mark ??= self::last_row_id();
		global $wpdb;
		return $this->members[ $site_id ] ??= self::read_set( $wpdb->get_blog_prefix( $site_id ) . 'capabilities', null );
	}

	/**
	 * The people removed from a site, by the kind of marker, read once per block.
	 *
	 * @since 2.0.1
	 *
	 * @param int    $site_id Site ID.
	 * @param string $key     Removals::META_KEY or Removals::NETWORK_META_KEY.
	 *
	 * @throws Database_Error When the read fails.
	 */
	public function removed( int $site_id, string $key ): User_Set {
		$this->mark                               ??= self::last_row_id();
		return $this->removed[ $key ][ $site_id ] ??= self::read_set( $key, (string) $site_id );
	}

	/**
	 * Adds to the sets what was written since they were read. Called under the write
	 * lock, so that nothing the block is about to write can have been written by another.
	 *
	 * @since 2.0.1
	 *
	 * @throws Database_Error When the read fails.
	 */
	public function refresh(): void {
		global $wpdb;
		if ( null === $this->mark ) {
			return;
		}
		$last = self::last_row_id();
		if ( $last <= $this->mark ) {
			return;
		}
		$keys = array_merge( array_keys( $this->site_by_key ), Removals::META_KEYS );
		$rows = Db::rows(
			$wpdb->prepare(
				"SELECT user_id, meta_key, meta_value FROM {$wpdb->usermeta} WHERE umeta_id > %d AND umeta_id <= %d AND meta_key IN (" . implode( ',', array_fill( 0, count( $keys ), '%s' ) ) . ')', // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- A list of placeholders, one per value.
				array_merge( array( $this->mark, $last ), $keys )
			)
		);
		foreach ( $rows as list( $user_id, $key, $value ) ) {
			if ( isset( $this->removed[ $key ][ (int) $value ] ) ) {
				$this->removed[ $key ][ (int) $value ]->add( (int) $user_id );
			} elseif ( isset( $this->site_by_key[ $key ] ) && isset( $this->members[ $this->site_by_key[ $key ] ] ) ) {
				$this->members[ $this->site_by_key[ $key ] ]->add( (int) $user_id );
			}
		}
		$this->mark = $last;
	}

	/**
	 * The newest usermeta row's ID.
	 *
	 * @throws Database_Error When the read fails.
	 */
	private static function last_row_id(): int {
		global $wpdb;
		return (int) Db::value( "SELECT MAX(umeta_id) FROM {$wpdb->usermeta}" );
	}

	/**
	 * The users who have a meta key (with a value, optionally), read page by page
	 * along the meta_key index.
	 *
	 * @since 2.0.1
	 *
	 * @param string      $key        Meta key.
	 * @param string|null $value      Meta value to match; null for any.
	 * @param bool        $skip_empty Whether an empty value counts as none.
	 *
	 * @throws Database_Error When a read fails: an empty answer must never pass for "nobody".
	 */
	public static function read_set( string $key, ?string $value, bool $skip_empty = false ): User_Set {
		global $wpdb;

		$set   = new User_Set();
		$after = 0;
		do {
			$sql  = null === $value
				? $wpdb->prepare( "SELECT umeta_id, user_id FROM {$wpdb->usermeta} WHERE meta_key = %s" . ( $skip_empty ? " AND meta_value <> ''" : '' ) . ' AND umeta_id > %d ORDER BY umeta_id LIMIT %d', $key, $after, Membership_Engine::ROWS_PER_PAGE ) // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared -- A literal clause, chosen by a flag.
				: $wpdb->prepare( "SELECT umeta_id, user_id FROM {$wpdb->usermeta} WHERE meta_key = %s AND meta_value = %s AND umeta_id > %d ORDER BY umeta_id LIMIT %d", $key, $value, $after, Membership_Engine::ROWS_PER_PAGE );
			$rows = Db::rows( $sql );
			foreach ( $rows as list( $umeta_id, $user_id ) ) {
				$set->add( (int) $user_id );
				$after = (int) $umeta_id;
			}
			$full_page = count( $rows ) === Membership_Engine::ROWS_PER_PAGE;
		} while ( $full_page );
		return $set;
	}
}
