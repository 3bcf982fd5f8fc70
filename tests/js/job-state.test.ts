/**
 * Internal dependencies
 */
import {
	initialJobState,
	isStale,
	jobPhase,
	jobReducer,
	type JobAction,
	type JobState,
	MAX_OUTAGE_DELAY_MS,
	MAX_STEP_DELAY_MS,
	PREVIEW_STALE,
	QUICK_STEP_MS,
	shouldStep,
	stepDelay,
} from '../../src/shared/jobs/job-state';
import { makeJob, readyJob, runningJob } from './fixtures';

function play( actions: JobAction[], from: JobState = initialJobState ) {
	return actions.reduce( jobReducer, from );
}

const SLOW = QUICK_STEP_MS + 1000;

describe( 'the job state machine', () => {
	it( 'goes from the form through the preview and the run to the result', () => {
		const phases: string[] = [];
		let state = initialJobState;
		const steps: JobAction[] = [
			{ type: 'request', request: 'create' },
			{ type: 'loaded', job: makeJob(), at: 0 },
			{ type: 'stepped', job: readyJob(), at: 1, tookMs: SLOW },
			{ type: 'request', request: 'start' },
			{ type: 'loaded', job: runningJob( 0 ), at: 2 },
			{ type: 'stepped', job: runningJob( 6 ), at: 3, tookMs: SLOW },
			{
				type: 'stepped',
				job: runningJob( 12, { status: 'done' } ),
				at: 4,
				tookMs: SLOW,
			},
		];
		phases.push( jobPhase( state ) );
		for ( const action of steps ) {
			state = jobReducer( state, action );
			phases.push( jobPhase( state ) );
		}

		expect( phases ).toEqual( [
			'idle',
			'creating',
			'previewing',
			'ready',
			'starting',
			'running',
			'running',
			'finished',
		] );
		expect( state.job?.progress.added ).toBe( 12 );
	} );

	it( 'steps only while previewing or running, with no request or error pending', () => {
		expect( shouldStep( initialJobState ) ).toBe( false );
		expect(
			shouldStep( play( [ { type: 'loaded', job: makeJob(), at: 0 } ] ) )
		).toBe( true );
		expect(
			shouldStep( play( [ { type: 'loaded', job: readyJob(), at: 0 } ] ) )
		).toBe( false );
		expect(
			shouldStep(
				play( [ { type: 'loaded', job: runningJob( 1 ), at: 0 } ] )
			)
		).toBe( true );
		expect(
			shouldStep(
				play( [
					{ type: 'loaded', job: runningJob( 1 ), at: 0 },
					{ type: 'request', request: 'cancel' },
				] )
			)
		).toBe( false );
		expect(
			shouldStep(
				play( [
					{ type: 'loaded', job: runningJob( 1 ), at: 0 },
					{
						type: 'failed',
						error: 'The server could not be reached.',
					},
				] )
			)
		).toBe( false );
		expect(
			shouldStep(
				play( [
					{
						type: 'loaded',
						job: runningJob( 12, { status: 'done' } ),
						at: 0,
					},
				] )
			)
		).toBe( false );
	} );

	it( 'ignores a step that answers after a cancel was asked for or done', () => {
		const cancelling = play( [
			{ type: 'loaded', job: runningJob( 4 ), at: 0 },
			{ type: 'request', request: 'cancel' },
		] );
		expect( jobPhase( cancelling ) ).toBe( 'cancelling' );
		expect(
			jobReducer( cancelling, {
				type: 'stepped',
				job: runningJob( 8 ),
				at: 1,
				tookMs: SLOW,
			} )
		).toBe( cancelling );

		const cancelled = jobReducer( cancelling, {
			type: 'loaded',
			job: runningJob( 4, { status: 'cancelled' } ),
			at: 2,
		} );
		expect( jobPhase( cancelled ) ).toBe( 'finished' );
		expect(
			jobReducer( cancelled, {
				type: 'stepped',
				job: runningJob( 8 ),
				at: 3,
				tookMs: SLOW,
			} )
		).toBe( cancelled );
	} );

	it( 'ignores a step of another job', () => {
		const state = play( [
			{ type: 'loaded', job: runningJob( 4 ), at: 0 },
		] );

		expect(
			jobReducer( state, {
				type: 'stepped',
				job: runningJob( 8, { id: 99 } ),
				at: 1,
				tookMs: SLOW,
			} )
		).toBe( state );
	} );

	it( 'pauses on a failure and goes on when retried', () => {
		const failed = play( [
			{ type: 'loaded', job: runningJob( 4 ), at: 0 },
			{ type: 'failed', error: 'The server could not be reached.' },
		] );
		expect( failed.error ).toBe( 'The server could not be reached.' );
		expect( jobPhase( failed ) ).toBe( 'running' );

		const retried = jobReducer( failed, { type: 'retry' } );
		expect( retried.error ).toBeNull();
		expect( shouldStep( retried ) ).toBe( true );
	} );

	it( 'keeps the job shown when a start is refused, so it can be confirmed again', () => {
		const refused = play( [
			{ type: 'loaded', job: readyJob(), at: 0 },
			{ type: 'request', request: 'start' },
			{ type: 'failed', error: 'Another sync (#3) is running.' },
		] );

		expect( jobPhase( refused ) ).toBe( 'ready' );
		expect( refused.job?.status ).toBe( 'ready' );
		expect( refused.error ).toBe( 'Another sync (#3) is running.' );
	} );

	it( 'waits longer after each quick step that changed nothing, up to five seconds', () => {
		let state = play( [ { type: 'loaded', job: runningJob( 4 ), at: 0 } ] );
		expect( stepDelay( state ) ).toBe( 0 );

		const delays = [];
		for ( let at = 1; at <= 7; at++ ) {
			state = jobReducer( state, {
				type: 'stepped',
				job: runningJob( 4 ),
				at,
				tookMs: 20,
			} );
			delays.push( stepDelay( state ) );
		}
		expect( delays ).toEqual( [
			1000,
			2000,
			3000,
			4000,
			MAX_STEP_DELAY_MS,
			MAX_STEP_DELAY_MS,
			MAX_STEP_DELAY_MS,
		] );

		// Progress, or a batch that took its time, means work is being done: no wait.
		state = jobReducer( state, {
			type: 'stepped',
			job: runningJob( 5 ),
			at: 8,
			tookMs: 20,
		} );
		expect( stepDelay( state ) ).toBe( 0 );
		state = jobReducer( state, {
			type: 'stepped',
			job: runningJob( 5 ),
			at: 9,
			tookMs: SLOW,
		} );
		expect( stepDelay( state ) ).toBe( 0 );
	} );

	it( 'samples the progress of a run, and only of a run', () => {
		const state = play( [
			{ type: 'loaded', job: makeJob(), at: 0 },
			{ type: 'stepped', job: readyJob(), at: 1000, tookMs: SLOW },
			{ type: 'loaded', job: runningJob( 0 ), at: 2000 },
			{ type: 'stepped', job: runningJob( 6 ), at: 4000, tookMs: SLOW },
		] );

		expect( state.samples ).toEqual( [
			{ at: 2000, added: 0 },
			{ at: 4000, added: 6 },
		] );
	} );

	it( 'keeps stepping by itself while the server or its database is away, waiting longer each time', () => {
		let state = play( [ { type: 'loaded', job: runningJob( 4 ), at: 0 } ] );
		const delays = [];
		for ( let failure = 0; failure < 6; failure++ ) {
			state = jobReducer( state, {
				type: 'stepFailed',
				error: 'The server cannot reach its database right now.',
				transient: true,
			} );
			expect( shouldStep( state ) ).toBe( true );
			delays.push( stepDelay( state ) );
		}
		expect( state.error ).toBe(
			'The server cannot reach its database right now.'
		);
		expect( delays ).toEqual( [
			2000,
			4000,
			8000,
			16000,
			MAX_OUTAGE_DELAY_MS,
			MAX_OUTAGE_DELAY_MS,
		] );

		// Back: the message goes and the loop runs at full speed.
		state = jobReducer( state, {
			type: 'stepped',
			job: runningJob( 8 ),
			at: 1,
			tookMs: SLOW,
		} );
		expect( state.error ).toBeNull();
		expect( state.outages ).toBe( 0 );
		expect( stepDelay( state ) ).toBe( 0 );
	} );

	it( 'pauses on a step refused for good, until retried', () => {
		const state = play( [
			{ type: 'loaded', job: runningJob( 4 ), at: 0 },
			{
				type: 'stepFailed',
				error: 'Your session has expired.',
				transient: false,
			},
		] );
		expect( state.error ).toBe( 'Your session has expired.' );
		expect( shouldStep( state ) ).toBe( false );
		expect( shouldStep( jobReducer( state, { type: 'retry' } ) ) ).toBe(
			true
		);
	} );

	it( 'ignores a step failure after a cancel was asked for', () => {
		const cancelling = play( [
			{ type: 'loaded', job: runningJob( 4 ), at: 0 },
			{ type: 'request', request: 'cancel' },
		] );
		expect(
			jobReducer( cancelling, {
				type: 'stepFailed',
				error: 'The server could not be reached.',
				transient: true,
			} )
		).toBe( cancelling );
	} );

	it( 'waits for an interrupted batch’s lock, asking again at least every five seconds', () => {
		const waitingFor = ( seconds: number ) =>
			stepDelay(
				play( [
					{ type: 'loaded', job: runningJob( 4 ), at: 0 },
					{
						type: 'stepped',
						job: runningJob( 4, { waiting: { seconds } } ),
						at: 1,
						tookMs: 20,
					},
				] )
			);
		expect( waitingFor( 0 ) ).toBe( 1000 );
		expect( waitingFor( 2.2 ) ).toBe( 3000 );
		expect( waitingFor( 55 ) ).toBe( MAX_STEP_DELAY_MS );
	} );

	it( 'makes a stale preview refreshable instead of confirmable', () => {
		const ready = play( [ { type: 'loaded', job: readyJob(), at: 0 } ] );
		expect( isStale( ready ) ).toBe( false );
		expect(
			isStale(
				play( [
					{ type: 'loaded', job: readyJob( { stale: true } ), at: 0 },
				] )
			)
		).toBe( true );

		// The server refuses to start it: the reason stays, as no error to retry.
		const refused = play(
			[
				{ type: 'request', request: 'start' },
				{
					type: 'failed',
					error: 'This preview is out of date.',
					code: PREVIEW_STALE,
				},
			],
			ready
		);
		expect( isStale( refused ) ).toBe( true );
		expect( refused.staleReason ).toBe( 'This preview is out of date.' );
		expect( refused.error ).toBeNull();
		expect( jobPhase( refused ) ).toBe( 'ready' );

		// Refreshed: a new preview is counted, stepped as any.
		const refreshing = jobReducer( refused, {
			type: 'request',
			request: 'refresh',
		} );
		expect( jobPhase( refreshing ) ).toBe( 'refreshing' );
		expect( shouldStep( refreshing ) ).toBe( false );
		const counting = jobReducer( refreshing, {
			type: 'loaded',
			job: makeJob(),
			at: 1,
		} );
		expect( jobPhase( counting ) ).toBe( 'previewing' );
		expect( isStale( counting ) ).toBe( false );
		expect( counting.staleReason ).toBeNull();
		expect( shouldStep( counting ) ).toBe( true );
	} );

	it( 'learns that a preview waiting for confirmation went stale, and nothing else', () => {
		const ready = play( [ { type: 'loaded', job: readyJob(), at: 0 } ] );
		const polled = jobReducer( ready, {
			type: 'polled',
			job: readyJob( { stale: true } ),
		} );
		expect( isStale( polled ) ).toBe( true );

		// An answer that comes while the person starts, or about another job, is dropped.
		const starting = jobReducer( ready, {
			type: 'request',
			request: 'start',
		} );
		expect(
			jobReducer( starting, {
				type: 'polled',
				job: readyJob( { stale: true } ),
			} )
		).toBe( starting );
		expect(
			jobReducer( ready, {
				type: 'polled',
				job: readyJob( { id: 99, stale: true } ),
			} )
		).toBe( ready );
	} );

	it( 'shows a job that moved on with the server’s words as a note', () => {
		const state = play( [
			{ type: 'loaded', job: runningJob( 4 ), at: 0 },
			{ type: 'request', request: 'cancel' },
			{
				type: 'loaded',
				job: runningJob( 12, { status: 'done' } ),
				at: 1,
				note: 'This sync already finished; there is nothing to cancel.',
			},
		] );
		expect( jobPhase( state ) ).toBe( 'finished' );
		expect( state.note ).toBe(
			'This sync already finished; there is nothing to cancel.'
		);
		expect( state.error ).toBeNull();
	} );

	it( 'goes back to the form on reset', () => {
		expect(
			play( [
				{
					type: 'loaded',
					job: runningJob( 12, { status: 'done' } ),
					at: 0,
				},
				{ type: 'reset' },
			] )
		).toEqual( initialJobState );
	} );
} );
