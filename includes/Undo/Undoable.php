<?php
/**
 * Which jobs can be undone, by whom, and what an undo job carries.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Undo;

use WPM_User_Sync\Jobs\Job;
use WPM_User_Sync\Jobs\Job_Runner;
use WPM_User_Sync\Jobs\Types\Add_Memberships;
use WPM_User_Sync\Jobs\Types\Add_To_Sites;
use WPM_User_Sync\Jobs\Types\Copy_Role;
use WPM_User_Sync\Jobs\Types\Remove_From_Sites;
use WPM_User_Sync\Jobs\Types\Undo;
use WPM_User_Sync\People\People_Args;

defined( 'ABSPATH' ) || exit;

/**
 * The rules of undo, shared by the REST API and WP-CLI: a finished job (done, cancelled or
 * failed: what it wrote) of a type that writes memberships or roles can be undone, an undo
 * too. Undoing needs what creating the job needed: a job about named people (and an undo
 * of one) needs a super admin or WP-CLI; the network's syncs and role copies, a network
 * administrator; a site's own sync, that site's administrators.
 *
 * An undo job has the kind, sites and users of the job it undoes (so it lands in the same
 * history), and in its arguments the job's number and what was decided when it was asked
 * for (whether the person was trusted, whether it is about named people, whether the job
 * gave someone's content to someone else).
 *
 * @since 2.2.0
 */
final class Undoable {

	/**
	 * The types of job an undo can take back.
	 */
	public const TYPES = array( Add_Memberships::NAME, Add_To_Sites::NAME, Remove_From_Sites::NAME, Copy_Role::NAME, Undo::NAME );

	private const UNDOES     = 'undoes';
	private const TRUSTED    = 'trusted';
	private const PEOPLE     = 'people';
	private const REASSIGNED = 'reassigned';

	/**
	 * Why a job cannot be undone, in words, or null when it can.
	 *
	 * @since 2.2.0
	 *
	 * @param Job $target The job to undo.
	 */
	public static function problem( Job $target ): ?string {
		if ( ! in_array( $target->type, self::TYPES, true ) ) {
			return sprintf(
				/* translators: 1: Job number, 2: Job type name. */
				__( 'Job #%1$d cannot be undone: jobs of type "%2$s" write no memberships or roles.', 'wpm-user-sync' ),
				$target->id,
				$target->type
			);
		}
		if ( ! $target->is_finished() ) {
			return sprintf(
				/* translators: %d: Job number. */
				__( 'Job #%d has not finished: only a job that is done, cancelled or failed can be undone.', 'wpm-user-sync' ),
				$target->id
			);
		}
		if ( null === $target->started_at ) {
			return sprintf(
				/* translators: %d: Job number. */
				__( 'Job #%d never ran (it ended in its preview): it changed nothing to undo.', 'wpm-user-sync' ),
				$target->id
			);
		}
		return null;
	}

	/**
	 * Whether undoing a job takes a super admin (or WP-CLI): it is about named people, or it
	 * is a new user's sync, whose undo takes that one person out of sites as removing them by
	 * hand would.
	 *
	 * @since 2.2.0
	 *
	 * @param Job $target The job to undo.
	 */
	public static function needs_super_admin( Job $target ): bool {
		return in_array( $target->type, Job::ABOUT_NAMED_PEOPLE, true ) || Job::ORIGIN_NEW_USER === $target->origin || self::is_about_people( $target );
	}

	/**
	 * Describes the pipeline's job that undoes another, and creates it (in preview).
	 *
	 * @since 2.2.0
	 *
	 * @param Job_Runner $runner  The network's pipeline.
	 * @param Job        $target  A job that can be undone (problem() is null).
	 * @param int        $user_id Who asks.
	 * @param bool       $trusted Whether they are trusted like the network's operator (Policy::is_trusted()).
	 */
	public static function create( Job_Runner $runner, Job $target, int $user_id, bool $trusted ): Job {
		$args = array(
			self::UNDOES     => $target->id,
			self::TRUSTED    => $trusted,
			self::PEOPLE     => self::needs_super_admin( $target ),
			self::REASSIGNED => Remove_From_Sites::NAME === $target->type && null !== People_Args::reassign( $target ),
		);
		return $runner->create( $target->kind, $target->site_ids, false, $user_id, Undo::NAME, $target->user_ids, $args );
	}

	/**
	 * The number of the job an undo job takes back; null for other jobs.
	 *
	 * @since 2.2.0
	 *
	 * @param Job $job A job.
	 */
	public static function undoes( Job $job ): ?int {
		return Undo::NAME === $job->type && isset( $job->args[ self::UNDOES ] ) ? (int) $job->args[ self::UNDOES ] : null;
	}

	/**
	 * Whether whoever asked for an undo was trusted like the network's operator, when they asked.
	 *
	 * @since 2.2.0
	 *
	 * @param Job $job An undo job.
	 */
	public static function trusted( Job $job ): bool {
		return ! empty( $job->args[ self::TRUSTED ] );
	}

	/**
	 * Whether an undo job takes back a job about named people (directly or through undos).
	 *
	 * @since 2.2.0
	 *
	 * @param Job $job An undo job.
	 */
	public static function is_about_people( Job $job ): bool {
		return Undo::NAME === $job->type && ! empty( $job->args[ self::PEOPLE ] );
	}

	/**
	 * Whether the job an undo takes back gave the content of the people it removed to someone else.
	 *
	 * @since 2.2.0
	 *
	 * @param Job $job An undo job.
	 */
	public static function content_was_reassigned( Job $job ): bool {
		return ! empty( $job->args[ self::REASSIGNED ] );
	}
}
