<?php
/**
 * What a sync did, or would do.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Sync;

defined( 'ABSPATH' ) || exit;

/**
 * Counts per site: memberships added, and pairs skipped with the reason.
 *
 * @since 2.0.0
 */
final class Report {

	public const SKIP_EXCLUDED      = 'excluded';
	public const SKIP_REMOVED       = 'removed';
	public const SKIP_VETOED        = 'vetoed';
	public const SKIP_ROLE          = 'role_missing';
	public const SKIP_SUPER_ADMIN   = 'super_admin';
	public const SKIP_INACTIVE      = 'inactive';
	public const SKIP_PERMISSION    = 'not_allowed';
	public const SKIP_PRIVILEGED    = 'privileged_role';
	public const SKIP_NO_ACTOR      = 'no_actor';
	public const SKIP_SITE_INACTIVE = 'site_inactive';

	/**
	 * People jobs: the user is a member of the site already, with the role asked for (or,
	 * when none was, with any role).
	 *
	 * @since 2.1.0
	 */
	public const SKIP_ALREADY_MEMBER = 'already_member';

	/**
	 * People jobs: the user is not a member of the site, so there is nothing to remove.
	 *
	 * @since 2.1.0
	 */
	public const SKIP_NOT_MEMBER = 'not_member';

	/**
	 * People jobs: the user is the only administrator of the site, who stays.
	 *
	 * @since 2.1.0
	 */
	public const SKIP_LAST_ADMINISTRATOR = 'last_administrator';

	/**
	 * A note on pairs done: the user had been removed from the site by a person, and the
	 * explicit add undid that removal.
	 *
	 * @since 2.1.0
	 */
	public const NOTE_WAS_REMOVED = 'was_removed';

	/**
	 * A note on pairs done: the user was a member already, and their role was changed to the one asked for.
	 *
	 * @since 2.1.0
	 */
	public const NOTE_ROLE_CHANGED = 'role_changed';

	/**
	 * A note on pairs done: the user was removed, but the person chosen to inherit their
	 * content is not a member of the site, so the content stays attributed to them.
	 *
	 * @since 2.1.0
	 */
	public const NOTE_INHERITOR_NOT_MEMBER = 'inheritor_not_member';

	/**
	 * Site ID => [ 'added' => int, 'skipped' => [ reason => int ] ].
	 *
	 * @var array<int, array{added: int, skipped: array<string, int>}>
	 */
	private array $sites = array();

	/**
	 * Where to resume; null once everything was done.
	 *
	 * @var array<string, int>|null
	 */
	public ?array $cursor = null;

	/**
	 * Site ID => [ note => int ]: what some of the pairs done were (NOTE_* constants).
	 *
	 * @var array<int, array<string, int>>
	 */
	private array $notes = array();

	/**
	 * Counts memberships added (or that would be added) on a site.
	 *
	 * @since 2.0.0
	 *
	 * @param int $site_id Site ID.
	 * @param int $count   How many.
	 */
	public function add( int $site_id, int $count ): void {
		$this->site( $site_id );
		$this->sites[ $site_id ]['added'] += $count;
	}

	/**
	 * Counts pairs skipped on a site, with the reason.
	 *
	 * @since 2.0.0
	 *
	 * @param int    $site_id Site ID.
	 * @param string $reason  One of the SKIP_* constants.
	 * @param int    $count   How many.
	 */
	public function skip( int $site_id, string $reason, int $count = 1 ): void {
		if ( $count < 1 ) {
			return;
		}
		$this->site( $site_id );
		$this->sites[ $site_id ]['skipped'][ $reason ] = ( $this->sites[ $site_id ]['skipped'][ $reason ] ?? 0 ) + $count;
	}

	/**
	 * Notes what some of the pairs done (counted by add()) on a site were.
	 *
	 * @since 2.1.0
	 *
	 * @param int    $site_id Site ID.
	 * @param string $note    One of the NOTE_* constants.
	 * @param int    $count   How many.
	 */
	public function note( int $site_id, string $note, int $count = 1 ): void {
		if ( $count < 1 ) {
			return;
		}
		$this->site( $site_id );
		$this->notes[ $site_id ][ $note ] = ( $this->notes[ $site_id ][ $note ] ?? 0 ) + $count;
	}

	/**
	 * Pairs done with a note, in all or on one site.
	 *
	 * @since 2.1.0
	 *
	 * @param string   $note    One of the NOTE_* constants.
	 * @param int|null $site_id Site ID, or null for the total.
	 */
	public function noted( string $note, ?int $site_id = null ): int {
		if ( null !== $site_id ) {
			return $this->notes[ $site_id ][ $note ] ?? 0;
		}
		return array_sum( array_column( $this->notes, $note ) );
	}

	/**
	 * The notes per site, for storing or for a REST response.
	 *
	 * @since 2.1.0
	 *
	 * @return array<int, array<string, int>>
	 */
	public function notes(): array {
		return $this->notes;
	}

	/**
	 * Adds another report's counts to this one (batches of the same sync).
	 *
	 * @since 2.0.0
	 *
	 * @param Report $other Report to add.
	 */
	public function merge( Report $other ): void {
		foreach ( $other->sites as $site_id => $counts ) {
			$this->add( $site_id, $counts['added'] );
			foreach ( $counts['skipped'] as $reason => $count ) {
				$this->skip( $site_id, $reason, $count );
			}
		}
		foreach ( $other->notes as $site_id => $notes ) {
			foreach ( $notes as $note => $count ) {
				$this->note( $site_id, $note, $count );
			}
		}
		$this->cursor = $other->cursor;
	}

	/**
	 * Whether the whole request was worked through.
	 *
	 * @since 2.0.0
	 */
	public function is_done(): bool {
		return null === $this->cursor;
	}

	/**
	 * Memberships added in all, or on one site.
	 *
	 * @since 2.0.0
	 *
	 * @param int|null $site_id Site ID, or null for the total.
	 */
	public function added( ?int $site_id = null ): int {
		if ( null !== $site_id ) {
			return $this->sites[ $site_id ]['added'] ?? 0;
		}
		return array_sum( array_column( $this->sites, 'added' ) );
	}

	/**
	 * Pairs skipped for a reason, in all or on one site.
	 *
	 * @since 2.0.0
	 *
	 * @param string   $reason  One of the SKIP_* constants.
	 * @param int|null $site_id Site ID, or null for the total.
	 */
	public function skipped( string $reason, ?int $site_id = null ): int {
		if ( null !== $site_id ) {
			return $this->sites[ $site_id ]['skipped'][ $reason ] ?? 0;
		}
		$total = 0;
		foreach ( $this->sites as $counts ) {
			$total += $counts['skipped'][ $reason ] ?? 0;
		}
		return $total;
	}

	/**
	 * The counts, for storing or for a REST response.
	 *
	 * @since 2.0.0
	 *
	 * @return array<int, array{added: int, skipped: array<string, int>}>
	 */
	public function sites(): array {
		return $this->sites;
	}

	/**
	 * Makes sure a site has a row.
	 *
	 * @param int $site_id Site ID.
	 */
	private function site( int $site_id ): void {
		$this->sites[ $site_id ] ??= array(
			'added'   => 0,
			'skipped' => array(),
		);
	}
}
