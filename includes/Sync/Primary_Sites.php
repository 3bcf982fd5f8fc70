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
	 * Blocks given primary sites so far in this run.
	 *
	 * @var int
	 */
	private int $blocks = 0;

	/**
	 * Blocks checked user by user before the run-wide set is read (it costs about a
	 * second per million users with a primary site).
	 */
	private const BLOCKS_BEFORE_SET = 20;

	/**
	 * Gives users without a primary site the first site they joined, as core does.
	 * Runs under the write lock: who lacks one is checked again just before writing.
	 *
	 * @since 2.0.1
	 *
	 * @param array<int, int> $user_ids User ID => first site they joined in this block.
	 * @param bool            $few        Whether to look the users up one by one.
	 * @param bool            $many_sites Whether the block writes on more than one site.
	 *
	 * @throws Database_Error When a read or a write fails.
	 */
	public function give( array $user_ids, bool $few, bool $many_sites = true ): void {
		global $wpdb;

		// A run over many sites reads a run-wide set once, which narrows the users to check: user
		// by user, each query reads every row of 500 users, and a user of 100 sites has 200. A run
		// about one site (a new site's) starts user by user, quicker for its request, then reads
		// the set too if it goes on. The check itself is always fresh.
		if ( ! $few && ( $many_sites || ++$this->blocks > self::BLOCKS_BEFORE_SET ) ) {
			$this->known ??= User_Set::having( 'primary_blog', null, true );
			$known         = $this->known;
			$user_ids      = array_filter( $user_ids, static fn( int $site_id, int $user_id ) => ! $known->has( $user_id ), ARRAY_FILTER_USE_BOTH );
			if ( array() === $user_ids ) {
				return;
			}
		}
		// User IDs are integers. Rows of either key tell who has a primary site and who holds
		// leftovers (an empty primary site, or a source domain alone) to clear first, so that a
		// user never holds two primary sites; most hold neither, and are spared the DELETE. The
		// read locks what it reads, and the gaps where their rows would go, until the block
		// commits: core giving one of them a primary site meanwhile waits, then finds ours.
		$with     = array();
		$leftover = array();
		foreach ( array_chunk( array_keys( $user_ids ), Db::IN_LIST_MAX ) as $chunk ) {
			foreach ( Db::rows( "SELECT user_id, meta_key, meta_value FROM {$wpdb->usermeta} WHERE meta_key IN ('primary_blog','source_domain') AND user_id IN (" . implode( ',', $chunk ) . ') FOR UPDATE' ) as list( $user_id, $key, $value ) ) {
				// As core's add_user_to_blog() reads it: '' and '0' are no primary site.
				if ( 'primary_blog' === $key && '' !== $value && '0' !== $value ) {
					$with[ (int) $user_id ] = true;
				} else {
					$leftover[ (int) $user_id ] = true;
				}
			}
		}

		$rows    = array();
		$domains = array();
		$clear   = array();
		foreach ( $user_ids as $user_id => $site_id ) {
			if ( null !== $this->known ) {
				$this->known->add( $user_id );
			}
			if ( isset( $with[ $user_id ] ) ) {
				continue;
			}
			if ( isset( $leftover[ $user_id ] ) ) {
				$clear[] = $user_id;
			}
			if ( ! isset( $domains[ $site_id ] ) ) {
				$site                = get_site( $site_id );
				$domains[ $site_id ] = $wpdb->prepare( '%s', $site ? $site->domain : '' );
			}
			// Integers, and a domain escaped above.
			$rows[] = "($user_id,'primary_blog','$site_id'),($user_id,'source_domain',{$domains[ $site_id ]})";
		}
		foreach ( array_chunk( $clear, Db::IN_LIST_MAX ) as $chunk ) {
			Db::write( "DELETE FROM {$wpdb->usermeta} WHERE meta_key IN ('primary_blog','source_domain') AND user_id IN (" . implode( ',', $chunk ) . ')' );
		}
		if ( array() !== $rows ) {
			Db::write( "INSERT INTO {$wpdb->usermeta} (user_id, meta_key, meta_value) VALUES " . implode( ',', $rows ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Integers and escaped domains.
		}
	}
}
