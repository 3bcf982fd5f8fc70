<?php
/**
 * Copies a role change to the user's other sites.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Sync;

use WPM_User_Sync\Activity\Activity_Log;

defined( 'ABSPATH' ) || exit;

/**
 * Gives a user, on the other sites they already belong to, the role they were
 * just given on one site.
 *
 * Where the role may go is the network's Policy: never further than the person
 * who made the change could go by hand, never a privileged role unless a super
 * admin or WP-CLI made it, and a change made with nobody logged in only under
 * WP-CLI or when code opts in. Every skipped site is reported with its reason.
 * No new memberships are created.
 *
 * The user's sites are worked through in blocks, each decided with a few reads and
 * written with one UPDATE per distinct value, under the write lock, in a transaction,
 * as `WP_User::set_role()` would leave the rows (capabilities that are not roles are
 * kept; user_level follows the role). The actions `set_user_role()` fires are fired for
 * each site whose role changed, on that site, when code other than the plugin listens.
 * A run stops at a deadline and resumes from its cursor (the last site done).
 *
 * @since 2.0.0
 * @since 2.0.1 Set-based, in blocks, resumable.
 */
final class Role_Replicator {

	/**
	 * Sites per block by default: each has two keys in the block's lists, which stay under
	 * Db::IN_LIST_MAX.
	 */
	public const SITES_PER_BLOCK = 250;

	/**
	 * How many replications are under way, so the role changes they make are not copied again.
	 *
	 * @var int
	 */
	private static int $running = 0;

	/**
	 * The network's rules.
	 *
	 * @var Policy
	 */
	private Policy $policy;

	/**
	 * Sets up replication for a network.
	 *
	 * @since 2.0.0
	 * @since 2.0.1 Takes the network's Policy instead of its settings, population and roles.
	 *
	 * @param Policy $policy The network's rules.
	 */
	public function __construct( Policy $policy ) {
		$this->policy = $policy;
	}

	/**
	 * Builds the replicator of a network.
	 *
	 * @since 2.0.0
	 *
	 * @param int $network_id Network ID.
	 */
	public static function for_network( int $network_id ): self {
		return new self( Policy::for_network( $network_id ) );
	}

	/**
	 * Whether a replication is writing roles right now.
	 *
	 * @since 2.0.0
	 */
	public static function is_running(): bool {
		return self::$running > 0;
	}

	/**
	 * Copies a role to the user's other sites in scope, where the policy lets it, to the end.
	 *
	 * @since 2.0.0
	 *
	 * @param int    $user_id  Whose role changed.
	 * @param string $role     The new role.
	 * @param int    $source   The site where it changed.
	 * @param int    $actor_id Who changed it; 0 when nobody was logged in.
	 * @return Report One "added" per site that has the role now; skips with reasons.
	 *
	 * @throws Database_Error When the database fails.
	 */
	public function replicate( int $user_id, string $role, int $source, int $actor_id ): Report {
		return $this->run( Role_Change::made_now( $this->policy, $user_id, $role, $source, $actor_id ) );
	}

	/**
	 * Copies a role, or counts where it would go, from a cursor until a deadline.
	 *
	 * @since 2.0.1
	 *
	 * @param Role_Change                                     $change     The change.
	 * @param array<string, int>|null                         $cursor     Where to resume ({site}: the last site done); null to start.
	 * @param float|null                                      $deadline   `microtime( true )` after which to stop, after a block; null to finish.
	 * @param int|null                                        $memory     Bytes of memory past which to stop, after a block; null for no limit.
	 * @param bool                                            $dry_run    Count only; write nothing.
	 * @param callable(Report, array<string, int>): void|null $checkpoint Called in each written block's transaction with what the run
	 *                                                                    has done so far and the cursor after the block; may throw to
	 *                                                                    roll the block back.
	 * @return Report One "added" per site that has the role now; its cursor is null when done.
	 *
	 * @throws Database_Error When the database fails; the block it failed in wrote nothing.
	 */
	public function run( Role_Change $change, ?array $cursor = null, ?float $deadline = null, ?int $memory = null, bool $dry_run = false, ?callable $checkpoint = null ): Report {
		$report = new Report();
		if ( ! $this->policy->copies_role( $change->role )
			|| ! $this->policy->site_in_scope( $change->source )
			|| null !== $this->policy->user_skip_reason( $change->user_id ) ) {
			return $report;
		}
		$source  = $change->source;
		$after   = (int) ( $cursor['site'] ?? 0 );
		$targets = array_values(
			array_filter(
				$this->policy->live_sites( $this->sites_of( $change->user_id ) ),
				static fn( int $site_id ): bool => $site_id !== $source && $site_id > $after
			)
		);
		/**
		 * Filters how many sites a role change is copied to per block of work.
		 *
		 * @since 2.0.1
		 *
		 * @param int $sites_per_block Sites per block. Default 250.
		 */
		$per_block = max( 1, (int) apply_filters( 'wpmus_role_copy_sites_per_block', self::SITES_PER_BLOCK ) );

		$pace = new Pace( $deadline, $memory );
		++self::$running;
		try {
			foreach ( array_chunk( $targets, $per_block ) as $block ) {
				if ( $pace->must_stop() ) {
					$report->cursor = array( 'site' => $after );
					return $report;
				}
				$next = array( 'site' => (int) end( $block ) );
				if ( ! $this->copy_block( $block, $change, $report, $dry_run, $checkpoint, $next ) ) {
					break;
				}
				$after = $next['site'];
				$pace->block_done();
			}
		} finally {
			--self::$running;
		}
		$report->cursor = null;
		return $report;
	}

	/**
	 * Decides, then writes (or counts), one block of sites.
	 *
	 * @param int[]                                           $block      Sites, ascending.
	 * @param Role_Change                                     $change     The change.
	 * @param Report                                          $report     What the run has done so far.
	 * @param bool                                            $dry_run    Count only.
	 * @param callable(Report, array<string, int>): void|null $checkpoint Progress recorder.
	 * @param array<string, int>                              $next       The cursor once this block is done.
	 *
	 * @return bool False when a later change of the user's role stands: the copy stops.
	 *
	 * @throws Database_Error When the database fails; nothing of the block is written then.
	 */
	private function copy_block( array $block, Role_Change $change, Report $report, bool $dry_run, ?callable $checkpoint, array $next ): bool {
		$roles = $this->policy->roles();
		$roles->load( $block );
		$done    = new Report();
		$allowed = array();
		$in      = array_values( array_filter( $block, fn( int $id ): bool => ! $this->policy->is_excluded( $id ) ) );
		$refusal = $change->copied ? $this->policy->role_copy_refusals( $in, $change->user_id, $change->role, $change->actor_id, $change->trusted ) : array();
		$in      = array_flip( $in );
		foreach ( $block as $site_id ) {
			if ( ! isset( $in[ $site_id ] ) ) {
				$done->skip( $site_id, Report::SKIP_EXCLUDED );
			} elseif ( ! $change->copied ) {
				$done->skip( $site_id, Report::SKIP_NO_ACTOR );
			} elseif ( null !== $refusal[ $site_id ] ) {
				$done->skip( $site_id, (string) $refusal[ $site_id ] );
			} else {
				$allowed[] = $site_id;
			}
		}
		if ( $dry_run || array() === $allowed ) {
			foreach ( $allowed as $site_id ) {
				$done->add( $site_id, 1 );
			}
			$report->merge( $done );
			if ( ! $dry_run && null !== $checkpoint && array() !== $block ) {
				Db::exclusively(
					static function () use ( $checkpoint, $report, $next ): void {
						$checkpoint( clone $report, $next );
					}
				);
			}
			return true;
		}

		$changes = Db::exclusively(
			function () use ( $allowed, $change, $report, $done, $checkpoint, $next ): ?array {
				if ( ! $change->is_newest() ) {
					return null; // A later change of this user's role stands; its copy does the rest.
				}
				// Read under the lock: what others wrote since counts.
				list( $changes, $members ) = $this->changes( $allowed, $change->user_id, $change->role );
				$this->write( $change->user_id, $change->role, $changes );
				if ( array() !== $changes ) {
					// Before the commit too: a process killed right after it must not leave the old roles cached.
					wp_cache_delete( $change->user_id, 'user_meta' );
				}
				// Counted where the user has the role now: not where they left meanwhile.
				foreach ( $members as $site_id ) {
					$done->add( $site_id, 1 );
				}
				if ( null !== $checkpoint ) {
					$so_far = clone $report;
					$so_far->merge( $done );
					$checkpoint( $so_far, $next );
				}
				return $changes;
			}
		);
		if ( null === $changes ) {
			return false;
		}
		$report->merge( $done );
		if ( array() !== $changes ) {
			wp_cache_delete( $change->user_id, 'user_meta' );
			wp_cache_set_users_last_changed();
			Core_Hooks::announce_role_changes( $change->user_id, $change->role, array_map( static fn( array $written ): array => $written['old_roles'], $changes ) );
		}
		return true;
	}

	/**
	 * The rows to write, for the sites where the user's role is not the role yet, as
	 * `WP_User::set_role()` would write them: the old roles out of the capabilities, the
	 * role in, other capabilities kept; the user level of the role, or of a level kept.
	 *
	 * @param int[]  $site_ids Sites the role may go to.
	 * @param int    $user_id  The user.
	 * @param string $role     The role.
	 * @return array{0: array<int, array{capabilities: string, level: string, has_level: bool, old_roles: string[]}>, 1: int[]}
	 *         Site ID => change, and the sites where the user is (still) a member.
	 *
	 * @throws Database_Error When the rows cannot be read.
	 */
	private function changes( array $site_ids, int $user_id, string $role ): array {
		global $wpdb;
		$roles = $this->policy->roles();
		$keys  = array();
		foreach ( $site_ids as $site_id ) {
			$prefix                           = $wpdb->get_blog_prefix( $site_id );
			$keys[ $prefix . 'capabilities' ] = array( $site_id, 'capabilities' );
			$keys[ $prefix . 'user_level' ]   = array( $site_id, 'level' );
		}
		$names  = array_keys( $keys );
		$rows   = Db::rows( $wpdb->prepare( "SELECT meta_key, meta_value FROM {$wpdb->usermeta} WHERE user_id = %d AND meta_key IN (" . implode( ',', array_fill( 0, count( $names ), '%s' ) ) . ')', $user_id, ...$names ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare, WordPress.DB.PreparedSQLPlaceholders.ReplacementsWrongNumber -- One placeholder per key, spread.
		$stored = array();
		foreach ( $rows as list( $key, $value ) ) {
			list( $site_id, $what )      = $keys[ $key ];
			$stored[ $site_id ][ $what ] = (string) $value;
		}

		$changes = array();
		$members = array();
		foreach ( $site_ids as $site_id ) {
			if ( ! isset( $stored[ $site_id ]['capabilities'] ) ) {
				continue; // No longer a member: a role change does not make anyone one.
			}
			$members[]    = $site_id;
			$capabilities = maybe_unserialize( $stored[ $site_id ]['capabilities'] );
			$capabilities = is_array( $capabilities ) ? $capabilities : array();
			$old_roles    = array();
			$level        = $roles->user_level( $site_id, $role );
			foreach ( $capabilities as $name => $granted ) {
				if ( $roles->exists( $site_id, (string) $name ) ) {
					$old_roles[] = (string) $name;
					unset( $capabilities[ $name ] );
				} elseif ( $granted && preg_match( '/^level_(10|[0-9])$/', (string) $name, $match ) ) {
					$level = max( $level, (int) $match[1] );
				}
			}
			if ( array( $role ) === $old_roles ) {
				continue;
			}
			$capabilities[ $role ] = true;
			$changes[ $site_id ]   = array(
				'capabilities' => serialize( $capabilities ), // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize -- The format core stores.
				'level'        => (string) $level,
				'has_level'    => isset( $stored[ $site_id ]['level'] ),
				'old_roles'    => $old_roles,
			);
		}
		return array( $changes, $members );
	}

	/**
	 * Writes the changes: one UPDATE per distinct value, and the user_level rows missing;
	 * the activity log records them in the same transaction.
	 *
	 * @param int                                                                                          $user_id The user.
	 * @param string                                                                                       $role    The role.
	 * @param array<int, array{capabilities: string, level: string, has_level: bool, old_roles: string[]}> $changes Site ID => change.
	 *
	 * @throws Database_Error When the database refuses a write.
	 */
	private function write( int $user_id, string $role, array $changes ): void {
		global $wpdb;
		$updates = array();
		$inserts = array();
		foreach ( $changes as $site_id => $change ) {
			$prefix                               = $wpdb->get_blog_prefix( $site_id );
			$updates[ $change['capabilities'] ][] = $prefix . 'capabilities';
			if ( $change['has_level'] ) {
				$updates[ $change['level'] ][] = $prefix . 'user_level';
			} else {
				$inserts[] = $wpdb->prepare( '(%d,%s,%s)', $user_id, $prefix . 'user_level', $change['level'] );
			}
		}
		foreach ( $updates as $value => $keys ) {
			Db::write( $wpdb->prepare( "UPDATE {$wpdb->usermeta} SET meta_value = %s WHERE user_id = %d AND meta_key IN (" . implode( ',', array_fill( 0, count( $keys ), '%s' ) ) . ')', (string) $value, $user_id, ...$keys ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare, WordPress.DB.PreparedSQLPlaceholders.ReplacementsWrongNumber -- One placeholder per key, spread.
		}
		if ( array() !== $inserts ) {
			Db::write( "INSERT INTO {$wpdb->usermeta} (user_id, meta_key, meta_value) VALUES " . implode( ',', $inserts ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- Each row was prepared above.
		}
		if ( array() !== $changes ) {
			Activity_Log::roles_changed( $user_id, $role, array_map( static fn( array $written ): array => $written['old_roles'], $changes ) );
		}
	}

	/**
	 * The sites a user has a capabilities row on, read from their keys (as
	 * get_blogs_of_user() does, without loading each site).
	 *
	 * @param int $user_id The user.
	 * @return int[]
	 *
	 * @throws Database_Error When the rows cannot be read.
	 */
	private function sites_of( int $user_id ): array {
		global $wpdb;
		$keys  = Db::col( $wpdb->prepare( "SELECT meta_key FROM {$wpdb->usermeta} WHERE user_id = %d AND meta_key LIKE %s", $user_id, $wpdb->esc_like( $wpdb->base_prefix ) . '%capabilities' ) );
		$sites = array();
		foreach ( $keys as $key ) {
			if ( $wpdb->base_prefix . 'capabilities' === $key ) {
				$sites[] = 1;
			} elseif ( preg_match( '/^' . preg_quote( $wpdb->base_prefix, '/' ) . '(\d+)_capabilities$/', $key, $match ) ) {
				$sites[] = (int) $match[1];
			}
		}
		sort( $sites );
		return $sites;
	}
}
