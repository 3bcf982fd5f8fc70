<?php
/**
 * Gives people without a primary site one, as core does when they join a site.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Sync;

defined( 'ABSPATH' ) || exit;

/**
 * Core's `add_user_to_blog()` gives a user who has no primary site the site they join
 * (`primary_blog` and `source_domain` user meta). The bulk writer does the same for
 * each block, in the block's transaction.
 *
 * @since 2.0.1
 */
final class Primary_Sites {

	/**
	 * Users who have a primary site, once read in a run over many users.
	 *
	 * @var User_Set|null
	 */
	private ?User_Set $known = null;

	/**
	 * Gives users without a primary site the first site they joined, as core does.
	 * Runs under the write lock: who lacks one is checked again just before writing.
	 *
	 * @since 2.0.1
	 *
	 * @param array<int, int> $user_ids User ID => first site they joined in this block.
	 * @param bool            $few      Whether to look the users up one by one.
	 *
	 * @throws Database_Error When a read or a write fails.
	 */
	public function give( array $user_ids, bool $few ): void {
		global $wpdb;

		if ( ! $few ) {
			// A run-wide set, read once, narrows the users to check; the check itself is fresh.
			$this->known ??= User_Set::having( 'primary_blog', null, true );
			$known         = $this->known;
			$user_ids      = array_filter( $user_ids, static fn( int $site_id, int $user_id ) => ! $known->has( $user_id ), ARRAY_FILTER_USE_BOTH );
			if ( array() === $user_ids ) {
				return;
			}
		}
		// User IDs are integers.
		$with = array_flip(
			array_map(
				'intval',
				Db::col( "SELECT user_id FROM {$wpdb->usermeta} WHERE meta_key = 'primary_blog' AND meta_value <> '' AND user_id IN (" . implode( ',', array_keys( $user_ids ) ) . ')' )
			)
		);

		$rows    = array();
		$lacking = array();
		foreach ( $user_ids as $user_id => $site_id ) {
			if ( null !== $this->known ) {
				$this->known->add( $user_id );
			}
			if ( isset( $with[ $user_id ] ) ) {
				continue;
			}
			$lacking[] = $user_id;
			$site      = get_site( $site_id );
			$rows[]    = $wpdb->prepare( "(%d,'primary_blog',%s)", $user_id, (string) $site_id );
			$rows[]    = $wpdb->prepare( "(%d,'source_domain',%s)", $user_id, $site ? $site->domain : '' );
		}
		if ( array() !== $rows ) {
			// Clear any empty value first, so a user never holds two primary sites.
			Db::write( "DELETE FROM {$wpdb->usermeta} WHERE meta_key IN ('primary_blog','source_domain') AND user_id IN (" . implode( ',', $lacking ) . ')' );
			Db::write( "INSERT INTO {$wpdb->usermeta} (user_id, meta_key, meta_value) VALUES " . implode( ',', $rows ) );
		}
	}
}
