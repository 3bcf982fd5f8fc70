<?php
/**
 * Why, by whom and through what a change was made.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Activity;

defined( 'ABSPATH' ) || exit;

/**
 * The event part of the log: the person behind a change (0: nobody), through what it came
 * (`via`: web, rest, cli, cron, code), why (`cause`: a trigger, a job type, or core) with the
 * job's number, and a short detail (the screen, the REST route, the command, the hook).
 *
 * @since 2.1.0
 */
final class Cause {

	public const VIA = array( 'web', 'rest', 'cli', 'cron', 'code' );

	public const CORE              = 'core';
	public const SYNC              = 'sync';
	public const NEW_USER          = 'new_user';
	public const NEW_SITE          = 'new_site';
	public const ROLE_CHANGE       = 'role_change';
	public const ADD_TO_SITES      = 'add_to_sites';
	public const REMOVE_FROM_SITES = 'remove_from_sites';

	/**
	 * A job that took back what another job changed (Jobs\Types\Undo).
	 *
	 * @since 2.2.0
	 */
	public const UNDO = 'undo';

	/**
	 * A network sync started by the "Reconcile automatically" setting (the job's origin).
	 *
	 * @since 2.2.0
	 */
	public const RECONCILE = 'reconcile';

	/**
	 * The causes, as the REST API names them.
	 */
	public const CAUSES = array( self::NEW_USER, self::NEW_SITE, self::ROLE_CHANGE, self::SYNC, self::ADD_TO_SITES, self::REMOVE_FROM_SITES, self::CORE, self::UNDO, self::RECONCILE );

	/**
	 * Sets up a cause.
	 *
	 * @since 2.1.0
	 *
	 * @param int      $actor_id Who; 0 for nobody.
	 * @param string   $via      One of VIA.
	 * @param string   $cause    One of CAUSES.
	 * @param int|null $job_id   The job; null when none.
	 * @param string   $detail   The screen, route, command or hook.
	 */
	public function __construct(
		public readonly int $actor_id,
		public readonly string $via,
		public readonly string $cause,
		public readonly ?int $job_id,
		public readonly string $detail
	) {
	}

	/**
	 * The same, for another cause (when code records outside the context it expected).
	 *
	 * @since 2.1.0
	 *
	 * @param string $cause One of CAUSES.
	 */
	public function because( string $cause ): self {
		return new self( $this->actor_id, $this->via, $cause, $this->job_id, $this->detail );
	}
}
