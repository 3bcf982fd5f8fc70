/**
 * WordPress dependencies
 */
import { addQueryArgs } from '@wordpress/url';

/**
 * Internal dependencies
 */
import { request } from '../request';
import type { Job, NewJob } from './types';

/** Network jobs: every site, or the sites chosen (`manage_network_users`). */
export const JOBS_PATH = '/wpm-user-sync/v1/jobs';

/** Jobs of the site the request is sent to (`promote_users` there). */
export const SITE_JOBS_PATH = '/wpm-user-sync/v1/site-jobs';

/** Either route base; every function below takes one. */
export type JobsBase = typeof JOBS_PATH | typeof SITE_JOBS_PATH;

/** How many jobs the history lists. */
export const HISTORY_SIZE = 20;

/**
 * Active jobs and the history, newest first.
 *
 * @param base    Route base.
 * @param perPage How many, 1 to 50.
 */
export function fetchJobs(
	base: JobsBase,
	perPage: number = HISTORY_SIZE
): Promise< Job[] > {
	return request< Job[] >( {
		path: addQueryArgs( base, { per_page: perPage } ),
	} );
}

/**
 * Creates a job; it starts in preview.
 *
 * @param base Route base.
 * @param body What to sync.
 */
export function createJob( base: JobsBase, body: NewJob ): Promise< Job > {
	return request< Job >( { path: base, method: 'POST', data: body } );
}

/**
 * One job.
 *
 * @param base Route base.
 * @param id   Job ID.
 */
export function fetchJob( base: JobsBase, id: number ): Promise< Job > {
	return request< Job >( { path: `${ base }/${ id }` } );
}

function act(
	base: JobsBase,
	id: number,
	action: 'step' | 'start' | 'cancel' | 'refresh'
): Promise< Job > {
	return request< Job >( {
		path: `${ base }/${ id }/${ action }`,
		method: 'POST',
	} );
}

/**
 * Does one batch of the job's preview or run, and returns where it stands.
 *
 * @param base Route base.
 * @param id   Job ID.
 */
export function stepJob( base: JobsBase, id: number ): Promise< Job > {
	return act( base, id, 'step' );
}

/**
 * Confirms a previewed job: it starts adding memberships.
 *
 * @param base Route base.
 * @param id   Job ID.
 */
export function startJob( base: JobsBase, id: number ): Promise< Job > {
	return act( base, id, 'start' );
}

/**
 * Makes a stale preview again: the same job goes back to previewing, with an
 * empty preview, and is stepped as a new one. Only from `ready`.
 *
 * @param base Route base.
 * @param id   Job ID.
 */
export function refreshJob( base: JobsBase, id: number ): Promise< Job > {
	return act( base, id, 'refresh' );
}

/**
 * Stops a job; what it already added stays.
 *
 * @param base Route base.
 * @param id   Job ID.
 */
export function cancelJob( base: JobsBase, id: number ): Promise< Job > {
	return act( base, id, 'cancel' );
}
