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
 * What the engine needs to know about a few sites while it works on them: the role
 * newcomers get (or why they get none), and the meta rows a membership is made of.
 * Who is already a member is read by a Member_Lookup.
 *
 * @since 2.0.0
 * @since 2.0.1 Members and removals are read by Members_By_Site and Members_By_User.
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
	 * Site ID => [ capabilities key => value, user_level key => value ] of a newcomer.
	 *
	 * @var array<int, array<string, string>>
	 */
	private array $membership_meta = array();

	/**
	 * Capabilities meta key => site ID.
	 *
	 * @var array<string, int>
	 */
	private array $site_by_key = array();

	/**
	 * Reads what the block's sites need.
	 *
	 * @since 2.0.0
	 *
	 * @since 2.0.1 Newcomers' roles come from the policy.
	 *
	 * @param int[]      $site_ids Sites.
	 * @param Policy     $policy   The network's rules: which role newcomers get, if any.
	 * @param Site_Roles $roles    Roles per site.
	 *
	 * @throws Database_Error When reading the sites' roles fails.
	 */
	public function __construct( array $site_ids, Policy $policy, Site_Roles $roles ) {
		global $wpdb;

		$this->site_ids = $site_ids;
		$roles->load( $site_ids );
		Db::clear_error();
		foreach ( $site_ids as $site_id ) {
			$role   = $roles->default_role( $site_id );
			$reason = $policy->newcomer_skip_reason( $site_id );
			if ( null !== $reason ) {
				$this->no_role_reasons[ $site_id ] = $reason;
			}
			$this->roles[ $site_id ] = null === $reason ? $role : null;

			$prefix                                        = $wpdb->get_blog_prefix( $site_id );
			$this->site_by_key[ $prefix . 'capabilities' ] = $site_id;
			$this->membership_meta[ $site_id ]             = array(
				$prefix . 'capabilities' => serialize( array( $role => true ) ), // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize -- The format core stores.
				$prefix . 'user_level'   => (string) $roles->user_level( $site_id, $role ),
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
	 * The two user meta rows that make a newcomer a member of a site, as core's
	 * `add_user_to_blog()` writes them: capabilities (the role) and user_level.
	 *
	 * @since 2.0.1
	 *
	 * @param int $site_id Site ID.
	 * @return array<string, string> Meta key => meta value.
	 */
	public function membership_meta( int $site_id ): array {
		return $this->membership_meta[ $site_id ];
	}
}
