/**
 * WordPress dependencies
 */
import { useCallback, useEffect, useReducer, useRef } from '@wordpress/element';

/**
 * Internal dependencies
 */
import { cancelJob, createJob, type JobsBase, startJob, stepJob } from './api';
import {
	initialJobState,
	jobPhase,
	jobReducer,
	type JobPhase,
	shouldStep,
	stepDelay,
} from './job-state';
import { progressRate, secondsLeft } from './progress';
import type { Job, NewJob } from './types';

export interface UseJob {
	job: Job | null;
	phase: JobPhase;
	/** The last failure, in words. */
	error: string | null;
	/** Memberships added per second while running; null until measurable. */
	rate: number | null;
	/** Seconds until done at that rate; null until it can be told. */
	secondsLeft: number | null;
	/** Creates a job; its preview starts at once. */
	create: ( body: NewJob ) => void;
	/** Confirms the preview: the run starts. */
	start: () => void;
	/** Cancels the preview or the run. */
	cancel: () => void;
	/** After a failure, tries the same thing again. */
	retry: () => void;
	/** Shows a job found on loading the screen, and drives it on. */
	resume: ( job: Job ) => void;
	/** Back to the form, after a job ended. */
	reset: () => void;
}

function message( failure: unknown ): string {
	return failure instanceof Error ? failure.message : String( failure );
}

/**
 * One manual sync on screen: creates it, drives its preview and its run with
 * `step` requests, one after the other, and starts or cancels it on request.
 *
 * @param base     `/jobs` or `/site-jobs`.
 * @param onChange Called when the job shown changes status (e.g. to refresh a history).
 */
export function useJob(
	base: JobsBase,
	onChange?: ( job: Job ) => void
): UseJob {
	const [ state, dispatch ] = useReducer( jobReducer, initialJobState );
	// What retry repeats when the failure was a request of the person's.
	const lastRequest = useRef< ( () => void ) | null >( null );

	const run = useCallback(
		(
			request: 'create' | 'start' | 'cancel',
			send: () => Promise< Job >
		) => {
			const attempt = () => {
				dispatch( { type: 'request', request } );
				send().then(
					( job ) =>
						dispatch( { type: 'loaded', job, at: Date.now() } ),
					( failure: unknown ) =>
						dispatch( {
							type: 'failed',
							error: message( failure ),
						} )
				);
			};
			lastRequest.current = attempt;
			attempt();
		},
		[]
	);

	// The step loop: one request at a time, each started by the answer to the one before.
	const stepNow = shouldStep( state );
	const jobId = state.job?.id;
	const delay = stepDelay( state );
	useEffect( () => {
		if ( ! stepNow || jobId === undefined ) {
			return;
		}
		let current = true;
		const timer = setTimeout( () => {
			const sentAt = Date.now();
			stepJob( base, jobId ).then(
				( job ) => {
					if ( current ) {
						const at = Date.now();
						dispatch( {
							type: 'stepped',
							job,
							at,
							tookMs: at - sentAt,
						} );
					}
				},
				( failure: unknown ) => {
					if ( current ) {
						lastRequest.current = null;
						dispatch( {
							type: 'failed',
							error: message( failure ),
						} );
					}
				}
			);
		}, delay );
		return () => {
			current = false;
			clearTimeout( timer );
		};
		// Each new answer (a new job object) asks for the next batch.
	}, [ base, stepNow, jobId, delay, state.job ] );

	const status = state.job?.status;
	const onChangeRef = useRef( onChange );
	onChangeRef.current = onChange;
	useEffect( () => {
		if ( state.job ) {
			onChangeRef.current?.( state.job );
		}
		// Only a change of job or status is news.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [ jobId, status ] );

	const job = state.job;
	const rate =
		job?.status === 'running'
			? progressRate(
					state.samples,
					job.startedAt,
					job.progress.added,
					Date.now()
				)
			: null;

	return {
		job,
		phase: jobPhase( state ),
		error: state.error,
		rate,
		secondsLeft:
			job?.status === 'running'
				? secondsLeft( job.progress.total, job.progress.added, rate )
				: null,
		create: useCallback(
			( body: NewJob ) => run( 'create', () => createJob( base, body ) ),
			[ base, run ]
		),
		start: useCallback( () => {
			if ( job ) {
				run( 'start', () => startJob( base, job.id ) );
			}
		}, [ base, job, run ] ),
		cancel: useCallback( () => {
			if ( job ) {
				run( 'cancel', () => cancelJob( base, job.id ) );
			}
		}, [ base, job, run ] ),
		retry: useCallback( () => {
			const again = lastRequest.current;
			if ( again ) {
				again();
			} else {
				dispatch( { type: 'retry' } );
			}
		}, [] ),
		resume: useCallback(
			( found: Job ) =>
				dispatch( { type: 'loaded', job: found, at: Date.now() } ),
			[]
		),
		reset: useCallback( () => {
			lastRequest.current = null;
			dispatch( { type: 'reset' } );
		}, [] ),
	};
}
