<?php
/**
 * Sites whose row exists but whose tables do not yet.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Sync;

defined( 'ABSPATH' ) || exit;

/**
 * Core writes a new site's row, then creates its tables. In between, another process that
 * lists the network's sites sees a site it cannot read: syncing it would fail, and reading
 * its options would cache "no such option" for it. A marker (a network option per site)
 * stands from the row to the tables, so the sync leaves such sites to their own trigger.
 *
 * @since 2.0.1
 */
final class Sites_Being_Created {

	/**
	 * Prefix of the markers' option names.
	 */
	public const PREFIX = 'wpmus_creating_site_';

	/**
	 * Seconds after which a marker no longer counts (the creation died half-way).
	 */
	private const GIVE_UP_AFTER = HOUR_IN_SECONDS;

	/**
	 * Hooks the markers into core.
	 *
	 * @since 2.0.1
	 */
	public function register(): void {
		add_action( 'wp_insert_site', array( $this, 'begin' ), PHP_INT_MIN );
		// Core creates the tables at priority 10; the new-site trigger runs at 50.
		add_action( 'wp_initialize_site', array( $this, 'end' ), 11 );
		add_action( 'wp_delete_site', array( $this, 'end' ) );
	}

	/**
	 * A site's row was written.
	 *
	 * @since 2.0.1
	 *
	 * @param \WP_Site $site The site.
	 */
	public function begin( $site ): void {
		add_network_option( (int) $site->network_id, self::PREFIX . (int) $site->id, time() );
	}

	/**
	 * A site's tables exist (or the site is gone).
	 *
	 * @since 2.0.1
	 *
	 * @param \WP_Site $site The site.
	 */
	public function end( $site ): void {
		delete_network_option( (int) $site->network_id, self::PREFIX . (int) $site->id );
	}

	/**
	 * The sites of a network still being created.
	 *
	 * @since 2.0.1
	 *
	 * @param int $network_id Network ID.
	 * @return int[]
	 *
	 * @throws Database_Error When the read fails.
	 */
	public static function of_network( int $network_id ): array {
		global $wpdb;
		$rows  = Db::rows(
			$wpdb->prepare(
				"SELECT meta_key, meta_value FROM {$wpdb->sitemeta} WHERE site_id = %d AND meta_key LIKE %s",
				$network_id,
				$wpdb->esc_like( self::PREFIX ) . '%'
			)
		);
		$sites = array();
		foreach ( $rows as list( $key, $since ) ) {
			if ( (int) $since > time() - self::GIVE_UP_AFTER ) {
				$sites[] = (int) substr( $key, strlen( self::PREFIX ) );
			}
		}
		return $sites;
	}
}
