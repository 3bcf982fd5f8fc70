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
 * each matches an index of the log's tables (Activity_Store::install()).
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
	 * The conditions on the events, prepared (the user and the site are joined by the store).
	 *
	 * @since 2.1.0
	 *
	 * @param string $alias The events table's alias with its dot, e.g. "e.".
	 */
	public function where( string $alias = '' ): string {
		global $wpdb;
		$where = $wpdb->prepare( "{$alias}network_id = %d", $this->network_id ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- The caller's alias.
		if ( null !== $this->kind ) {
			$where .= $wpdb->prepare( " AND {$alias}kind = %s", $this->kind ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- The caller's alias.
		}
		if ( null !== $this->cause ) {
			$where .= $wpdb->prepare( " AND {$alias}cause = %s", $this->cause ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- The caller's alias.
		}
		if ( null !== $this->after ) {
			$where .= $wpdb->prepare( " AND {$alias}created_at >= %d", $this->after ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- The caller's alias.
		}
		if ( null !== $this->before ) {
			$where .= $wpdb->prepare( " AND {$alias}created_at < %d", $this->before ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- The caller's alias.
		}
		return $where;
	}
}
