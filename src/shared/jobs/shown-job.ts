/**
 * Which job a panel shows when the screen loads, and the tab's memory of it.
 */

/**
 * Internal dependencies
 */
import type { Job } from './types';

/**
 * The newest job still under way of each kind that a panel shows, to carry on
 * after a reload.
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
			( job ) => job.id === rememberId && kinds.includes( job.kind )
		) ??
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
