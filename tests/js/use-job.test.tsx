/**
 * WordPress dependencies
 */
import apiFetch from '@wordpress/api-fetch';
import { act } from 'react';

/**
 * Internal dependencies
 */
import {
	JOBS_PATH,
	type JobsBase,
	SITE_JOBS_PATH,
} from '../../src/shared/jobs/api';
import type { Job } from '../../src/shared/jobs/types';
import { READY_POLL_MS, useJob } from '../../src/shared/jobs/use-job';
import { store } from '../../src/shared/store';
import { makeJob, readyJob, runningJob } from './fixtures';
import { renderHook, user, waitUntil } from './render-hook';
import { deferred, fakeServer, storeRegistry } from './store-helpers';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

const mockedApiFetch = apiFetch as unknown as jest.Mock;

interface Call {
	path: string;
	method?: string;
	data?: unknown;
}

/**
 * Answers the requests in order: each answer is a job, an error to reject with,
 * or a promise the test settles itself.
 *
 * @param answers What the server answers, in order.
 */
function serverAnswers(
	answers: Array< Job | { reject: unknown } | Promise< Job > >
) {
	const calls: Call[] = [];
	mockedApiFetch.mockImplementation( ( options: Call ) => {
		calls.push( options );
		const answer = answers.shift();
		if ( answer === undefined ) {
			return Promise.reject(
				new Error( `Unexpected ${ options.path }` )
			);
		}
		if ( answer instanceof Promise ) {
			return answer;
		}
		if ( 'reject' in answer ) {
			return Promise.reject( answer.reject );
		}
		return Promise.resolve( answer );
	} );
	return calls;
}

/**
 * Waits, in real time, until the condition holds: for what the loop does after a pause.
 *
 * @param condition What to wait for.
 * @param ms        For how long at most.
 */
async function waitFor( condition: () => boolean, ms: number ) {
	const until = Date.now() + ms;
	while ( ! condition() && Date.now() < until ) {
		await act(
			() => new Promise( ( resolve ) => setTimeout( resolve, 50 ) )
		);
	}
	if ( ! condition() ) {
		throw new Error( `The condition did not hold within ${ ms } ms.` );
	}
}

/**
 * The hook, in a panel of its own, on a store of its own.
 *
 * @param base `/jobs` or `/site-jobs`.
 */
function renderJob( base: JobsBase = JOBS_PATH ) {
	return renderHook( () => useJob( base, 'panel' ), storeRegistry() );
}

describe( 'useJob', () => {
	beforeEach( () => mockedApiFetch.mockReset() );

	it( 'previews, waits for confirmation, runs step by step and ends', async () => {
		const calls = serverAnswers( [
			makeJob(),
			makeJob( {
				preview: { ...makeJob().preview, total: 5 },
			} ),
			readyJob(),
			runningJob( 0 ),
			runningJob( 6 ),
			runningJob( 12, {
				status: 'done',
				finishedAt: '2026-11-25T07:41:03Z',
			} ),
		] );
		const { result, unmount } = renderJob();
		expect( result.current.phase ).toBe( 'idle' );

		await user( () =>
			result.current.create( { kind: 'sites', sites: [ 3, 5 ] } )
		);
		await waitUntil( () => result.current.phase === 'ready' );

		expect( result.current.job?.preview.total ).toBe( 12 );
		expect( calls.map( ( call ) => [ call.method, call.path ] ) ).toEqual( [
			[ 'POST', '/wpm-user-sync/v1/jobs' ],
			[ 'POST', '/wpm-user-sync/v1/jobs/12/step' ],
			[ 'POST', '/wpm-user-sync/v1/jobs/12/step' ],
		] );
		expect( calls[ 0 ]?.data ).toEqual( {
			kind: 'sites',
			sites: [ 3, 5 ],
		} );

		await user( () => result.current.start() );
		await waitUntil( () => result.current.phase === 'finished' );

		expect( calls.slice( 3 ).map( ( call ) => call.path ) ).toEqual( [
			'/wpm-user-sync/v1/jobs/12/start',
			'/wpm-user-sync/v1/jobs/12/step',
			'/wpm-user-sync/v1/jobs/12/step',
		] );
		expect( result.current.job?.progress.added ).toBe( 12 );
		unmount();
	} );

	it( 'reads the history again each time the sync shown changes status', async () => {
		const history = '/wpm-user-sync/v1/jobs?per_page=20';
		const calls = fakeServer( {
			[ `GET ${ history }` ]: [
				[],
				[ makeJob() ],
				[ readyJob() ],
				[ runningJob( 0 ) ],
				[ runningJob( 12, { status: 'done' } ) ],
			],
			'POST /wpm-user-sync/v1/jobs': [ makeJob() ],
			'POST /wpm-user-sync/v1/jobs/12/step': [
				readyJob(),
				runningJob( 12, { status: 'done' } ),
			],
			'POST /wpm-user-sync/v1/jobs/12/start': [ runningJob( 0 ) ],
		} );
		const registry = storeRegistry();
		// The screen shows the history.
		await registry.resolveSelect( store ).getJobs( JOBS_PATH );
		const { result, unmount } = renderHook(
			() => useJob( JOBS_PATH, 'panel' ),
			registry
		);

		await user( () => result.current.create( { kind: 'network' } ) );
		await waitUntil( () => result.current.phase === 'ready' );
		await user( () => result.current.start() );
		await waitUntil( () => result.current.phase === 'finished' );
		await waitUntil(
			() =>
				registry.select( store ).getJobs( JOBS_PATH ).data?.[ 0 ]
					?.status === 'done'
		);

		// Read on loading, then once per status: previewing, ready, running, done.
		expect(
			calls.filter( ( call ) => call.path === history )
		).toHaveLength( 5 );
		unmount();
	} );

	it( 'stops stepping when cancelled, and ignores the batch that answers late', async () => {
		const lateStep = deferred< Job >();
		const calls = serverAnswers( [
			lateStep.promise,
			runningJob( 4, { status: 'cancelled' } ),
		] );
		const { result, unmount } = renderJob();

		await user( () => result.current.resume( runningJob( 4 ) ) );
		await waitUntil( () => calls.length === 1 );
		await user( () => result.current.cancel() );
		await waitUntil( () => result.current.phase === 'finished' );
		lateStep.resolve( runningJob( 8 ) );
		await waitUntil( () => true, 5 );

		expect( result.current.job?.status ).toBe( 'cancelled' );
		expect( result.current.job?.progress.added ).toBe( 4 );
		expect( calls.map( ( call ) => call.path ) ).toEqual( [
			'/wpm-user-sync/v1/jobs/12/step',
			'/wpm-user-sync/v1/jobs/12/cancel',
		] );
		unmount();
	} );

	it( 'pauses on a step refused for good, with the error in words, and goes on when retried', async () => {
		const calls = serverAnswers( [
			{
				reject: {
					code: 'rest_cookie_invalid_nonce',
					message: 'Cookie check failed',
					data: { status: 403 },
				},
			},
			runningJob( 12, { status: 'done' } ),
		] );
		const { result, unmount } = renderJob( SITE_JOBS_PATH );

		await user( () => result.current.resume( runningJob( 4 ) ) );
		await waitUntil( () => result.current.error !== null );
		await waitUntil( () => true, 5 );

		expect( result.current.error ).toBe(
			'Your session has expired. Reload the page, log in again if asked, and retry.'
		);
		expect( result.current.retrying ).toBe( false );
		expect( result.current.phase ).toBe( 'running' );
		expect( calls ).toHaveLength( 1 );

		await user( () => result.current.retry() );
		await waitUntil( () => result.current.phase === 'finished' );

		expect( result.current.error ).toBeNull();
		expect( calls.map( ( call ) => call.path ) ).toEqual( [
			'/wpm-user-sync/v1/site-jobs/12/step',
			'/wpm-user-sync/v1/site-jobs/12/step',
		] );
		unmount();
	} );

	it( 'says the database is down while it is, and carries on by itself when it is back', async () => {
		const calls = serverAnswers( [
			// What WordPress answers apiFetch with MariaDB stopped (7.1 and 6.8).
			{
				reject: {
					code: 'wp_die',
					message:
						'<h1>Error establishing a database connection</h1>',
					data: { status: 500 },
					additional_errors: [],
				},
			},
			runningJob( 12, { status: 'done' } ),
		] );
		const { result, unmount } = renderJob();

		await user( () => result.current.resume( runningJob( 4 ) ) );
		await waitUntil( () => result.current.error !== null );

		expect( result.current.error ).toBe(
			'The server cannot reach its database right now.'
		);
		expect( result.current.retrying ).toBe( true );
		expect( result.current.phase ).toBe( 'running' );

		// No one presses anything: the loop asks again after a pause (2 s).
		await waitFor( () => result.current.phase === 'finished', 4000 );
		expect( result.current.error ).toBeNull();
		expect( result.current.retrying ).toBe( false );
		expect( calls.map( ( call ) => call.path ) ).toEqual( [
			'/wpm-user-sync/v1/jobs/12/step',
			'/wpm-user-sync/v1/jobs/12/step',
		] );
		unmount();
	} );

	it( 'says what it waits for while an interrupted batch holds the job, and carries on after', async () => {
		const calls = serverAnswers( [
			runningJob( 4, { waiting: { seconds: 1 } } ),
			runningJob( 12, { status: 'done' } ),
		] );
		const { result, unmount } = renderJob();

		await user( () => result.current.resume( runningJob( 4 ) ) );
		await waitUntil( () => result.current.waiting !== null );

		expect( result.current.waiting ).toEqual( { seconds: 1 } );
		expect( result.current.error ).toBeNull();

		await waitFor( () => result.current.phase === 'finished', 3000 );
		expect( result.current.waiting ).toBeNull();
		expect( calls ).toHaveLength( 2 );
		unmount();
	} );

	it( 'refreshes a preview the server found stale, then steps the new one', async () => {
		const calls = serverAnswers( [
			{
				reject: {
					code: 'wpmus_preview_stale',
					message:
						'This preview is out of date: sites or users changed since it was made.',
					data: { status: 409 },
				},
			},
			makeJob( { status: 'previewing' } ),
			readyJob( { preview: { ...readyJob().preview, total: 13 } } ),
		] );
		const { result, unmount } = renderJob();

		await user( () => result.current.resume( readyJob() ) );
		expect( result.current.stale ).toBe( false );
		await user( () => result.current.start() );
		await waitUntil( () => result.current.stale );

		expect( result.current.phase ).toBe( 'ready' );
		expect( result.current.error ).toBeNull();
		expect( result.current.staleReason ).toBe(
			'This preview is out of date: sites or users changed since it was made.'
		);

		await user( () => result.current.refresh() );
		await waitUntil(
			() =>
				result.current.phase === 'ready' &&
				result.current.job?.preview.total === 13
		);

		expect( result.current.stale ).toBe( false );
		expect( result.current.staleReason ).toBeNull();
		expect( calls.map( ( call ) => [ call.method, call.path ] ) ).toEqual( [
			[ 'POST', '/wpm-user-sync/v1/jobs/12/start' ],
			[ 'POST', '/wpm-user-sync/v1/jobs/12/refresh' ],
			[ 'POST', '/wpm-user-sync/v1/jobs/12/step' ],
		] );
		unmount();
	} );

	it( 'reads a preview waiting for confirmation again, and learns it went stale', async () => {
		jest.useFakeTimers();
		try {
			const calls = serverAnswers( [
				readyJob(),
				readyJob( { stale: true } ),
			] );
			const { result, unmount } = renderJob();
			const settle = () =>
				act( async () => {
					for ( let turn = 0; turn < 5; turn++ ) {
						await Promise.resolve();
					}
				} );

			act( () => result.current.resume( readyJob() ) );
			act( () => jest.advanceTimersByTime( READY_POLL_MS - 1 ) );
			expect( calls ).toHaveLength( 0 );

			act( () => jest.advanceTimersByTime( 1 ) );
			await settle();
			expect( result.current.stale ).toBe( false );

			act( () => jest.advanceTimersByTime( READY_POLL_MS ) );
			await settle();
			expect( result.current.stale ).toBe( true );
			expect(
				calls.map( ( call ) => [ call.method, call.path ] )
			).toEqual( [
				[ undefined, '/wpm-user-sync/v1/jobs/12' ],
				[ undefined, '/wpm-user-sync/v1/jobs/12' ],
			] );
			unmount();
		} finally {
			jest.useRealTimers();
		}
	} );

	it( 'shows a job that finished before the cancel, saying so', async () => {
		const calls = serverAnswers( [
			{
				reject: {
					code: 'wpmus_job_finished',
					message:
						'This sync already finished; there is nothing to cancel.',
					data: { status: 409 },
				},
			},
			runningJob( 12, { status: 'done' } ),
		] );
		const { result, unmount } = renderJob();

		// The screen still shows it ready; WP-Cron ran it meanwhile.
		await user( () => result.current.resume( readyJob() ) );
		await user( () => result.current.cancel() );
		await waitUntil( () => result.current.phase === 'finished' );

		expect( result.current.job?.status ).toBe( 'done' );
		expect( result.current.note ).toBe(
			'This sync already finished; there is nothing to cancel.'
		);
		expect( result.current.error ).toBeNull();
		expect( calls.map( ( call ) => call.path ) ).toEqual( [
			'/wpm-user-sync/v1/jobs/12/cancel',
			'/wpm-user-sync/v1/jobs/12',
		] );
		unmount();
	} );

	it( 'keeps a refused start on screen with the reason, and can start again', async () => {
		serverAnswers( [
			{
				reject: {
					code: 'wpmus_job_conflict',
					message:
						'Another sync (#3) is running on some of the same sites.',
					data: { status: 409 },
				},
			},
			runningJob( 12, { status: 'done' } ),
		] );
		const { result, unmount } = renderJob();

		await user( () => result.current.resume( readyJob() ) );
		await user( () => result.current.start() );
		await waitUntil( () => result.current.error !== null );

		expect( result.current.phase ).toBe( 'ready' );
		expect( result.current.error ).toBe(
			'Another sync (#3) is running on some of the same sites.'
		);

		await user( () => result.current.retry() );
		await waitUntil( () => result.current.phase === 'finished' );
		expect(
			mockedApiFetch.mock.calls.map( ( [ call ] ) => call.path )
		).toEqual( [
			'/wpm-user-sync/v1/jobs/12/start',
			'/wpm-user-sync/v1/jobs/12/start',
		] );
		unmount();
	} );

	it( 'shows a failed creation in the form, and asks nothing more', async () => {
		const calls = serverAnswers( [
			{
				reject: {
					code: 'wpmus_no_sites',
					message: 'Select at least one site to sync.',
					data: { status: 400 },
				},
			},
		] );
		const { result, unmount } = renderJob();

		await user( () =>
			result.current.create( { kind: 'sites', sites: [] } )
		);
		await waitUntil( () => result.current.error !== null );
		await waitUntil( () => true, 5 );

		expect( result.current.phase ).toBe( 'idle' );
		expect( result.current.error ).toBe(
			'Select at least one site to sync.'
		);
		expect( calls ).toHaveLength( 1 );
		unmount();
	} );

	it( 'carries on a job found on loading, with its pace and time left', async () => {
		const startedAt = new Date( Date.now() - 60_000 ).toISOString();
		const step = deferred< Job >();
		serverAnswers( [ step.promise ] );
		const { result, unmount } = renderJob();

		await user( () =>
			result.current.resume( runningJob( 6, { startedAt } ) )
		);
		await waitUntil( () => mockedApiFetch.mock.calls.length === 1 );

		expect( result.current.phase ).toBe( 'running' );
		// 6 memberships in a minute: 0.1 a second, so a minute for the other 6.
		expect( result.current.rate ).toBeCloseTo( 0.1, 2 );
		expect( result.current.secondsLeft ).toBeGreaterThanOrEqual( 59 );
		expect( result.current.secondsLeft ).toBeLessThanOrEqual( 61 );
		unmount();
	} );

	it( 'goes back to the form on reset', async () => {
		serverAnswers( [] );
		const { result, unmount } = renderJob();

		await user( () =>
			result.current.resume( runningJob( 12, { status: 'done' } ) )
		);
		await waitUntil( () => result.current.phase === 'finished' );
		await user( () => result.current.reset() );
		await waitUntil( () => result.current.phase === 'idle' );

		expect( result.current.job ).toBeNull();
		expect( mockedApiFetch ).not.toHaveBeenCalled();
		unmount();
	} );
} );
