/**
 * Which job a panel shows when the screen loads, and the tab's memory of it.
 */

/**
 * Internal dependencies
 */
import type { Job } from './types';

/** The jobs of the People screen: chosen people added to or removed from sites. */
export const PEOPLE_JOB_TYPES: readonly string[] = [
	'add_to_sites',
	'remove_from_sites',
];

/**
 * Whether a job is about chosen people (the People screen's) rather than a sync.
 *
 * @since 2.1.0
 *
 * @param job The job.
 */
export function isPeopleJob( job: Pick< Job, 'type' > ): boolean {
	return PEOPLE_JOB_TYPES.includes( job.type ?? '' );
}

/** A drift check: the network sync's preview that nobody confirms (Network Home carries it on). */
export const DRIFT_CHECK_TYPE = 'check_drift';

/**
 * Whether a job has a panel of its own (the People screen's jobs, undos; a drift check's
 * is Network Home's), so that no sync panel carries it on.
 *
 * @since 2.2.0
 *
 * @param job The job.
 */
export function hasOwnPanel( job: Pick< Job, 'type' > ): boolean {
	return (
		isPeopleJob( job ) ||
		job.type === 'undo' ||
		job.type === DRIFT_CHECK_TYPE
	);
}

/**
 * The job the undo panel shows when the screen loads: the newest undo under way,
 * or the one it showed before the page was reloaded.
 *
 * @since 2.2.0
 *
 * @param jobs       Jobs, newest first.
 * @param rememberId The undo the panel showed before the reload, if any.
 */
export function undoJobToShow(
	jobs: readonly Job[],
	rememberId: number | null
): Job | null {
	const undos = jobs.filter( ( job ) => job.type === 'undo' );
	return (
		undos.find(
			( job ) =>
				job.status === 'previewing' ||
				job.status === 'ready' ||
				job.status === 'running'
		) ??
		undos.find( ( job ) => job.id === rememberId ) ??
		null
	);
}

/**
 * The newest sync still under way of each kind that a panel shows, to carry on
 * after a reload. The People screen's jobs, undos and drift checks are not a sync panel's.
 *
 * @param jobs  Jobs, newest first.
 * @param kinds The kinds the panel shows.
 */
export function activeJob(
	jobs: readonly Job[],
	kinds: readonly Job[ 'kind' ][]
): Job | null {
	return (
		jobs.find(
			( job ) =>
				kinds.includes( job.kind ) &&
				! hasOwnPanel( job ) &&
				( job.status === 'previewing' ||
					job.status === 'ready' ||
					job.status === 'running' )
		) ?? null
	);
}

/**
 * The job a panel shows when the screen loads: the newest one under way of its
 * kinds or, failing that, the one the panel showed before the page was reloaded
 * (its number kept in the tab's session storage), so that a sync that ended during
 * the reload still shows its result.
 *
 * @param jobs       Jobs, newest first.
 * @param kinds      The kinds the panel shows.
 * @param rememberId The job the panel showed before the reload, if any.
 */
export function jobToShow(
	jobs: readonly Job[],
	kinds: readonly Job[ 'kind' ][],
	rememberId: number | null
): Job | null {
	return (
		activeJob( jobs, kinds ) ??
		jobs.find(
			( job ) =>
				job.id === rememberId &&
				kinds.includes( job.kind ) &&
				! hasOwnPanel( job )
		) ??
		null
	);
}

/**
 * The job a People panel shows when the screen loads: the one it showed before
 * the page was reloaded, if it is of the panel's type.
 *
 * @since 2.1.0
 *
 * @param jobs       Jobs, newest first.
 * @param type       The panel's job type.
 * @param rememberId The job the panel showed before the reload, if any.
 */
export function peopleJobToShow(
	jobs: readonly Job[],
	type: string,
	rememberId: number | null
): Job | null {
	return (
		jobs.find( ( job ) => job.id === rememberId && job.type === type ) ??
		null
	);
}

/**
 * Keeps the number of the job a panel shows for the tab's session.
 */
export const shownJobStore = {
	get( key: string ): number | null {
		try {
			const id = Number( window.sessionStorage.getItem( key ) );
			return Number.isInteger( id ) && id > 0 ? id : null;
		} catch {
			return null;
		}
	},
	set( key: string, id: number | null ): void {
		try {
			if ( id === null ) {
				window.sessionStorage.removeItem( key );
			} else {
				window.sessionStorage.setItem( key, String( id ) );
			}
		} catch {
			// Storage may be off; the panel then forgets a finished job on reload.
		}
	},
};
