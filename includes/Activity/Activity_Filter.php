<?php
/**
 * Which entries of the log a list or an export reads.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Activity;

defined( 'ABSPATH' ) || exit;

/**
 * A network, and optionally a user, a site, a kind of change, a cause and a time range:
 * each matches an index of the entries' table (Activity_Store::install()).
 *
 * @since 2.1.0
 */
final class Activity_Filter {

	/**
	 * Sets up a filter.
	 *
	 * @since 2.1.0
	 *
	 * @param int         $network_id Network ID.
	 * @param int|null    $user_id    Only this user.
	 * @param int|null    $site_id    Only this site.
	 * @param string|null $kind       Only this kind (Entry::KINDS).
	 * @param string|null $cause      Only this cause (Cause::CAUSES).
	 * @param int|null    $after      Only at or after this Unix time.
	 * @param int|null    $before     Only before this Unix time.
	 */
	public function __construct(
		public readonly int $network_id,
		public readonly ?int $user_id = null,
		public readonly ?int $site_id = null,
		public readonly ?string $kind = null,
		public readonly ?string $cause = null,
		public readonly ?int $after = null,
		public readonly ?int $before = null
	) {
	}

	/**
	 * The conditions, prepared.
	 *
	 * @since 2.1.0
	 */
	public function where(): string {
		global $wpdb;
		$where = $wpdb->prepare( 'network_id = %d', $this->network_id );
		if ( null !== $this->user_id ) {
			$where .= $wpdb->prepare( ' AND user_id = %d', $this->user_id );
		}
		if ( null !== $this->site_id ) {
			$where .= $wpdb->prepare( ' AND site_id = %d', $this->site_id );
		}
		if ( null !== $this->kind ) {
			$where .= $wpdb->prepare( ' AND kind = %s', $this->kind );
		}
		if ( null !== $this->cause ) {
			$where .= $wpdb->prepare( ' AND cause = %s', $this->cause );
		}
		if ( null !== $this->after ) {
			$where .= $wpdb->prepare( ' AND created_at >= %d', $this->after );
		}
		if ( null !== $this->before ) {
			$where .= $wpdb->prepare( ' AND created_at < %d', $this->before );
		}
		return $where;
	}
}
