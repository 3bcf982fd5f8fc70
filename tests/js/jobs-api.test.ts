/**
 * WordPress dependencies
 */
import apiFetch from '@wordpress/api-fetch';

/**
 * Internal dependencies
 */
import {
	cancelJob,
	createJob,
	fetchJob,
	fetchJobs,
	JOBS_PATH,
	refreshJob,
	SITE_JOBS_PATH,
	startJob,
	stepJob,
} from '../../src/shared/jobs/api';
import { ApiError } from '../../src/shared/request';
import { makeJob } from './fixtures';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

const mockedApiFetch = apiFetch as unknown as jest.Mock;

describe( 'jobs API', () => {
	beforeEach( () => mockedApiFetch.mockReset() );

	it( 'names the two route bases of docs/jobs-api.md', () => {
		expect( JOBS_PATH ).toBe( '/wpm-user-sync/v1/jobs' );
		expect( SITE_JOBS_PATH ).toBe( '/wpm-user-sync/v1/site-jobs' );
	} );

	it( 'lists the jobs with a page size, 20 unless told', async () => {
		const jobs = [ makeJob() ];
		mockedApiFetch.mockResolvedValue( jobs );

		await expect( fetchJobs( JOBS_PATH ) ).resolves.toEqual( jobs );
		await fetchJobs( SITE_JOBS_PATH, 5 );

		expect( mockedApiFetch.mock.calls ).toEqual( [
			[ { path: '/wpm-user-sync/v1/jobs?per_page=20' } ],
			[ { path: '/wpm-user-sync/v1/site-jobs?per_page=5' } ],
		] );
	} );

	it( 'creates a network job of selected sites with POST and the documented body', async () => {
		mockedApiFetch.mockResolvedValue( makeJob() );

		await createJob( JOBS_PATH, {
			kind: 'sites',
			sites: [ 3, 5 ],
			addRemoved: true,
		} );

		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/wpm-user-sync/v1/jobs',
			method: 'POST',
			data: { kind: 'sites', sites: [ 3, 5 ], addRemoved: true },
		} );
	} );

	it( 'creates a site job with no site parameter', async () => {
		mockedApiFetch.mockResolvedValue( makeJob( { kind: 'site' } ) );

		await createJob( SITE_JOBS_PATH, { addRemoved: false } );

		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/wpm-user-sync/v1/site-jobs',
			method: 'POST',
			data: { addRemoved: false },
		} );
	} );

	it( 'reads one job', async () => {
		mockedApiFetch.mockResolvedValue( makeJob() );

		await fetchJob( JOBS_PATH, 12 );

		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/wpm-user-sync/v1/jobs/12',
		} );
	} );

	it.each( [
		[ 'step', stepJob ],
		[ 'start', startJob ],
		[ 'cancel', cancelJob ],
		[ 'refresh', refreshJob ],
	] )(
		'%s is a POST to /{id}/%s under either base',
		async ( action, call ) => {
			mockedApiFetch.mockResolvedValue( makeJob() );

			await call( JOBS_PATH, 12 );
			await call( SITE_JOBS_PATH, 7 );

			expect( mockedApiFetch.mock.calls ).toEqual( [
				[
					{
						path: `/wpm-user-sync/v1/jobs/12/${ action }`,
						method: 'POST',
					},
				],
				[
					{
						path: `/wpm-user-sync/v1/site-jobs/7/${ action }`,
						method: 'POST',
					},
				],
			] );
		}
	);

	it( 'reports a conflict in the server’s words, with its code', async () => {
		mockedApiFetch.mockRejectedValue( {
			code: 'wpmus_job_conflict',
			message:
				'Another sync (#3) is running on some of the same sites. Wait for it to finish, or cancel it, then start this one.',
			data: { status: 409 },
		} );

		const error = await startJob( JOBS_PATH, 12 ).catch(
			( caught: unknown ) => caught
		);

		expect( error ).toBeInstanceOf( ApiError );
		expect( error ).toMatchObject( {
			code: 'wpmus_job_conflict',
			message:
				'Another sync (#3) is running on some of the same sites. Wait for it to finish, or cancel it, then start this one.',
		} );
	} );

	it( 'reports the database being down in words, as one that passes', async () => {
		mockedApiFetch.mockRejectedValue( {
			code: 'wp_die',
			message: '<h1>Error establishing a database connection</h1>',
			data: { status: 500 },
			additional_errors: [],
		} );

		await expect( stepJob( JOBS_PATH, 12 ) ).rejects.toMatchObject( {
			code: 'wp_die',
			status: 500,
			transient: true,
			outage: 'The server cannot reach its database right now.',
			message:
				'The server cannot reach its database right now. Try again in a moment.',
		} );
	} );

	it( 'passes on the server’s words for a stale preview and a finished job', async () => {
		mockedApiFetch.mockRejectedValueOnce( {
			code: 'wpmus_preview_stale',
			message:
				'This preview is out of date: sites were added since it was made.',
			data: { status: 409 },
		} );
		mockedApiFetch.mockRejectedValueOnce( {
			code: 'wpmus_job_finished',
			message: 'This sync already finished; there is nothing to cancel.',
			data: { status: 409 },
		} );

		await expect( startJob( JOBS_PATH, 12 ) ).rejects.toMatchObject( {
			code: 'wpmus_preview_stale',
			status: 409,
			transient: false,
			message:
				'This preview is out of date: sites were added since it was made.',
		} );
		await expect( cancelJob( JOBS_PATH, 12 ) ).rejects.toMatchObject( {
			code: 'wpmus_job_finished',
			message: 'This sync already finished; there is nothing to cancel.',
		} );
	} );

	it( 'says that a refusal is a refusal', async () => {
		mockedApiFetch.mockRejectedValue( {
			code: 'wpmus_site_sync_disabled',
			message:
				'The network administrator has switched off syncing by site administrators.',
			data: { status: 403 },
		} );

		await expect(
			createJob( SITE_JOBS_PATH, { addRemoved: false } )
		).rejects.toMatchObject( {
			code: 'wpmus_site_sync_disabled',
			message:
				'You are not allowed to do this. The network administrator has switched off syncing by site administrators.',
		} );
	} );

	it( 'explains the missing sites with the server’s message', async () => {
		mockedApiFetch.mockRejectedValue( {
			code: 'wpmus_no_sites',
			message: 'Select at least one site to sync.',
			data: { status: 400 },
		} );

		await expect(
			createJob( JOBS_PATH, { kind: 'sites', sites: [] } )
		).rejects.toMatchObject( {
			message: 'Select at least one site to sync.',
		} );
	} );
} );
