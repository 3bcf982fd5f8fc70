/**
 * What the REST API answers, for the unit tests.
 */

/**
 * Internal dependencies
 */
import type { Job } from '../../src/shared/jobs/types';
import type { Settings } from '../../src/shared/settings';
import type { Site } from '../../src/shared/sites/types';

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

/**
 * What `apiFetch` resolves or rejects with when asked not to parse: the response.
 *
 * @param body    JSON body, or a function that throws for a body that is not JSON.
 * @param headers Response headers.
 * @param status  HTTP status.
 */
export function fakeResponse(
	body: unknown,
	headers: Record< string, string > = {},
	status = 200
): Response {
	const lower = Object.fromEntries(
		Object.entries( headers ).map( ( [ name, value ] ) => [
			name.toLowerCase(),
			value,
		] )
	);
	return {
		status,
		ok: status < 400,
		headers: {
			get: ( name: string ) => lower[ name.toLowerCase() ] ?? null,
		},
		json: async () => {
			if ( typeof body === 'function' ) {
				return body();
			}
			return body;
		},
	} as unknown as Response;
}

/**
 * The network settings as the server holds them.
 *
 * @param overrides Settings that differ.
 */
export function makeSettings( overrides: Partial< Settings > = {} ): Settings {
	return {
		newSiteSync: true,
		newUserSync: false,
		roleSync: false,
		includeSuperAdmins: false,
		allowSiteSync: true,
		excludedSites: [ 3 ],
		neverReplicatedRoles: [ 'administrator' ],
		privilegedDefaultRoles: false,
		activityRetentionDays: 90,
		reconcile: 'never',
		...overrides,
	};
}

/**
 * A site of the network, as `GET /sites` lists it.
 *
 * @param id   Site ID.
 * @param name Its name, which makes its path too.
 */
export function makeSite( id: number, name: string ): Site {
	const path = `/${ name.toLowerCase() }/`;
	return {
		id,
		domain: 'example.com',
		path,
		name,
		url: `http://example.com${ path }`,
		archived: false,
		spam: false,
		deleted: false,
	};
}
