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
 * stands from before the row to after the tables, so the sync leaves such sites to their
 * own trigger.
 *
 * The marker is named after the site's address, not its ID: the ID exists only once the row
 * is written, and a marker written after the row would leave a moment in which the row is
 * there and the marker is not. Validation is the last step before the row, and the address
 * is unique in a network, so a reader that lists the rows first and the markers second
 * always sees a new site's marker for as long as its tables may be missing.
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
		// Runs after every other validator, so a refused site leaves no marker.
		add_action( 'wp_validate_site_data', array( $this, 'begin' ), PHP_INT_MAX, 3 );
		// Core creates the tables at priority 10; the new-site trigger runs at 50.
		add_action( 'wp_initialize_site', array( $this, 'end' ), 11 );
		add_action( 'wp_delete_site', array( $this, 'end' ) );
	}

	/**
	 * A new site passed validation: its row is about to be written.
	 *
	 * @since 2.0.1
	 *
	 * @param \WP_Error            $errors   Validation errors so far.
	 * @param array<string, mixed> $data The site's data.
	 * @param \WP_Site|null        $old_site The site before an update; null for a new site.
	 */
	public function begin( $errors, $data, $old_site = null ): void {
		if ( null !== $old_site || $errors->has_errors() || ! isset( $data['domain'], $data['path'] ) ) {
			return;
		}
		$network_id = (int) ( $data['network_id'] ?? get_current_network_id() );
		add_network_option( $network_id, self::marker( (string) $data['domain'], (string) $data['path'] ), time() );
	}

	/**
	 * A site's tables exist (or the site is gone).
	 *
	 * @since 2.0.1
	 *
	 * @param \WP_Site $site The site.
	 */
	public function end( $site ): void {
		delete_network_option( (int) $site->network_id, self::marker( $site->domain, $site->path ) );
	}

	/**
	 * Leaves out of a list of a network's sites those still being created.
	 *
	 * @since 2.0.1
	 *
	 * @param int                       $network_id Network ID.
	 * @param array<int, array<string>> $sites      Site ID => [ domain, path ], read before
	 *                                               this call.
	 * @return int[] The IDs of the sites that are ready.
	 *
	 * @throws Database_Error When the markers cannot be read.
	 */
	public static function ready( int $network_id, array $sites ): array {
		global $wpdb;
		$rows    = Db::rows(
			$wpdb->prepare(
				"SELECT meta_key, meta_value FROM {$wpdb->sitemeta} WHERE site_id = %d AND meta_key LIKE %s",
				$network_id,
				$wpdb->esc_like( self::PREFIX ) . '%'
			)
		);
		$unready = array();
		foreach ( $rows as list( $key, $since ) ) {
			if ( (int) $since > time() - self::GIVE_UP_AFTER ) {
				$unready[ $key ] = true;
			}
		}
		if ( array() === $unready ) {
			return array_keys( $sites );
		}
		$ready = array();
		foreach ( $sites as $site_id => list( $domain, $path ) ) {
			if ( ! isset( $unready[ self::marker( $domain, $path ) ] ) ) {
				$ready[] = (int) $site_id;
			}
		}
		return $ready;
	}

	/**
	 * The option name of a site's marker.
	 *
	 * @param string $domain The site's domain.
	 * @param string $path   The site's path.
	 */
	private static function marker( string $domain, string $path ): string {
		return self::PREFIX . md5( strtolower( $domain ) . $path );
	}
}
