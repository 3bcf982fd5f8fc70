/**
 * WordPress dependencies
 */
import apiFetch from '@wordpress/api-fetch';

/**
 * Internal dependencies
 */
import { JOBS_PATH, SITE_JOBS_PATH } from '../../src/shared/jobs/api';
import type { Job } from '../../src/shared/jobs/types';
import { useJob } from '../../src/shared/jobs/use-job';
import { makeJob, readyJob, runningJob } from './fixtures';
import { renderHook, user, waitUntil } from './render-hook';

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

function deferred() {
	let resolve: ( job: Job ) => void = () => undefined;
	const promise = new Promise< Job >( ( settle ) => ( resolve = settle ) );
	return { promise, resolve };
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
		const changes: string[] = [];
		const { result, unmount } = renderHook( () =>
			useJob( JOBS_PATH, ( job ) => changes.push( job.status ) )
		);
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
		expect( changes ).toEqual( [
			'previewing',
			'ready',
			'running',
			'done',
		] );
		unmount();
	} );

	it( 'stops stepping when cancelled, and ignores the batch that answers late', async () => {
		const lateStep = deferred();
		const calls = serverAnswers( [
			lateStep.promise,
			runningJob( 4, { status: 'cancelled' } ),
		] );
		const { result, unmount } = renderHook( () => useJob( JOBS_PATH ) );

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

	it( 'pauses on a failed step with the error in words, and goes on when retried', async () => {
		const calls = serverAnswers( [
			{ reject: { code: 'fetch_error', message: 'Offline.' } },
			runningJob( 12, { status: 'done' } ),
		] );
		const { result, unmount } = renderHook( () =>
			useJob( SITE_JOBS_PATH )
		);

		await user( () => result.current.resume( runningJob( 4 ) ) );
		await waitUntil( () => result.current.error !== null );
		await waitUntil( () => true, 5 );

		expect( result.current.error ).toBe(
			'The server could not be reached. Check your connection and try again.'
		);
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
		const { result, unmount } = renderHook( () => useJob( JOBS_PATH ) );

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
		const { result, unmount } = renderHook( () => useJob( JOBS_PATH ) );

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
		const step = deferred();
		serverAnswers( [ step.promise ] );
		const { result, unmount } = renderHook( () => useJob( JOBS_PATH ) );

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
		const { result, unmount } = renderHook( () => useJob( JOBS_PATH ) );

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
