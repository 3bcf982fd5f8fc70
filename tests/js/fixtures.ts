/**
 * Jobs as the REST API describes them, for the unit tests.
 */

/**
 * Internal dependencies
 */
import type { Job } from '../../src/shared/jobs/types';

export function makeJob( overrides: Partial< Job > = {} ): Job {
	return {
		id: 12,
		kind: 'sites',
		sites: [ 3, 5 ],
		addRemoved: false,
		status: 'previewing',
		preview: {
			complete: false,
			total: 0,
			skipped: {},
			sites: [],
			siteCount: 2,
		},
		progress: { added: 0, total: 0, skipped: {} },
		createdBy: { id: 1, name: 'admin' },
		createdAt: '2026-11-25T07:40:00Z',
		startedAt: null,
		finishedAt: null,
		lastError: null,
		previewedAt: null,
		stale: false,
		waiting: null,
		...overrides,
	};
}

export const marketing = {
	id: 3,
	name: 'Marketing',
	url: 'http://localhost:8889/marketing/',
	toAdd: 10,
	skipped: { super_admin: 1 },
};

export const library = {
	id: 5,
	name: 'Library',
	url: 'http://localhost:8889/library/',
	toAdd: 2,
	skipped: { removed: 1 },
};

/**
 * A job previewed: 12 memberships to add on Marketing and Library.
 * @param overrides
 */
export function readyJob( overrides: Partial< Job > = {} ): Job {
	return makeJob( {
		status: 'ready',
		preview: {
			complete: true,
			total: 12,
			skipped: { super_admin: 1, removed: 1 },
			sites: [ marketing, library ],
			siteCount: 2,
		},
		progress: { added: 0, total: 12, skipped: {} },
		previewedAt: '2026-11-25T07:40:30Z',
		...overrides,
	} );
}

/**
 * The same job, running, with `added` memberships written.
 * @param added
 * @param overrides
 */
export function runningJob( added: number, overrides: Partial< Job > = {} ) {
	return readyJob( {
		status: 'running',
		startedAt: '2026-11-25T07:41:00Z',
		progress: { added, total: 12, skipped: {} },
		...overrides,
	} );
}
