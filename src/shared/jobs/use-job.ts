/**
 * WordPress dependencies
 */
import { useCallback, useEffect, useReducer, useRef } from '@wordpress/element';

/**
 * Internal dependencies
 */
import { ApiError } from '../request';
import {
	cancelJob,
	createJob,
	fetchJob,
	type JobsBase,
	refreshJob,
	startJob,
	stepJob,
} from './api';
import {
	initialJobState,
	isStale,
	jobPhase,
	jobReducer,
	type JobPhase,
	type JobRequest,
	shouldStep,
	stepDelay,
} from './job-state';
import { progressRate, secondsLeft } from './progress';
import type { Job, JobWaiting, NewJob } from './types';

export interface UseJob {
	job: Job | null;
	phase: JobPhase;
	/** The last failure, in words. */
	error: string | null;
	/**
	 * Whether the failure should pass by itself (the server or its database is away)
	 * and the screen keeps trying meanwhile.
	 */
	retrying: boolean;
	/** News about the job that is no error, e.g. that it had already finished. */
	note: string | null;
	/** Whether the preview shown can no longer be confirmed, and must be refreshed. */
	stale: boolean;
	/** Why, when the server said so on a refused start. */
	staleReason: string | null;
	/** Set while an interrupted batch holds the job's lock. */
	waiting: JobWaiting | null;
	/** Memberships added per second while running; null until measurable. */
	rate: number | null;
	/** Seconds until done at that rate; null until it can be told. */
	secondsLeft: number | null;
	/** Creates a job; its preview starts at once. */
	create: ( body: NewJob ) => void;
	/** Confirms the preview: the run starts. */
	start: () => void;
	/** Makes a stale preview again. */
	refresh: () => void;
	/** Cancels the preview or the run. */
	cancel: () => void;
	/** After a failure, tries the same thing again. */
	retry: () => void;
	/** Shows a job found on loading the screen, and drives it on. */
	resume: ( job: Job ) => void;
	/** Back to the form, after a job ended. */
	reset: () => void;
}

/** How often a preview waiting for confirmation is read again, to learn it went stale. */
export const READY_POLL_MS = 30_000;

/**
 * Refusals that mean the job is no longer where the screen thought (it finished,
 * or it was started, refreshed or cancelled elsewhere): the screen then reads the
 * job again and shows where it stands, with the server's words.
 */
const MOVED_ON = [ 'wpmus_job_finished', 'wpmus_job_not_ready' ];

interface Answer {
	job: Job;
	note?: string | null;
}

function message( failure: unknown ): string {
	return failure instanceof Error ? failure.message : String( failure );
}

function code( failure: unknown ): string | undefined {
	return failure instanceof ApiError ? failure.code : undefined;
}

/**
 * One manual sync on screen: creates it, drives its preview and its run with
 * `step` requests, one after the other, and starts, refreshes or cancels it on
 * request.
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
		( request: JobRequest, send: () => Promise< Answer > ) => {
			const attempt = () => {
				dispatch( { type: 'request', request } );
				send().then(
					( { job, note } ) =>
						dispatch( {
							type: 'loaded',
							job,
							note,
							at: Date.now(),
						} ),
					( failure: unknown ) =>
						dispatch( {
							type: 'failed',
							error: message( failure ),
							code: code( failure ),
						} )
				);
			};
			lastRequest.current = attempt;
			attempt();
		},
		[]
	);

	/**
	 * Sends a request about the job shown; when the server answers that the job
	 * moved on, reads it again to show where it stands.
	 *
	 * @param id   Job ID.
	 * @param send The request.
	 */
	const aboutJob = useCallback(
		( id: number, send: () => Promise< Job > ) => (): Promise< Answer > =>
			send().then(
				( job ) => ( { job } ),
				( failure: unknown ) => {
					const refused = code( failure );
					if (
						refused === undefined ||
						! MOVED_ON.includes( refused )
					) {
						throw failure;
					}
					return fetchJob( base, id ).then(
						( job ) => ( { job, note: message( failure ) } ),
						// Could not read it: the refusal itself says what happened.
						() => {
							throw failure;
						}
					);
				}
			),
		[ base ]
	);

	// The step loop: one request at a time, each started by the answer to the one before.
	const stepNow = shouldStep( state );
	const jobId = state.job?.id;
	const delay = stepDelay( state );
	const { outages } = state;
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
						const transient =
							failure instanceof ApiError && failure.transient;
						dispatch( {
							type: 'stepFailed',
							error:
								transient && failure.outage
									? failure.outage
									: message( failure ),
							transient,
						} );
					}
				}
			);
		}, delay );
		return () => {
			current = false;
			clearTimeout( timer );
		};
		// Each new answer (a new job object), or each failure that should pass,
		// asks for the next batch.
	}, [ base, stepNow, jobId, delay, state.job, outages ] );

	// A preview waiting for confirmation is read again now and then: it goes stale
	// with time, or when sites or users change, and only the server can tell.
	const polling = jobPhase( state ) === 'ready';
	useEffect( () => {
		if ( ! polling || jobId === undefined ) {
			return;
		}
		let current = true;
		const timer = setInterval( () => {
			fetchJob( base, jobId ).then(
				( job ) => current && dispatch( { type: 'polled', job } ),
				// The person's next request will say what is wrong, if anything is.
				() => undefined
			);
		}, READY_POLL_MS );
		return () => {
			current = false;
			clearInterval( timer );
		};
	}, [ base, polling, jobId ] );

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
		retrying: state.outages > 0,
		note: state.note,
		stale: isStale( state ),
		staleReason: state.staleReason,
		waiting:
			job?.status === 'previewing' || job?.status === 'running'
				? ( job.waiting ?? null )
				: null,
		rate,
		secondsLeft:
			job?.status === 'running'
				? secondsLeft( job.progress.total, job.progress.added, rate )
				: null,
		create: useCallback(
			( body: NewJob ) =>
				run( 'create', () =>
					createJob( base, body ).then( ( created ) => ( {
						job: created,
					} ) )
				),
			[ base, run ]
		),
		start: useCallback( () => {
			if ( job ) {
				run(
					'start',
					aboutJob( job.id, () => startJob( base, job.id ) )
				);
			}
		}, [ base, job, run, aboutJob ] ),
		refresh: useCallback( () => {
			if ( job ) {
				run(
					'refresh',
					aboutJob( job.id, () => refreshJob( base, job.id ) )
				);
			}
		}, [ base, job, run, aboutJob ] ),
		cancel: useCallback( () => {
			if ( job ) {
				run(
					'cancel',
					aboutJob( job.id, () => cancelJob( base, job.id ) )
				);
			}
		}, [ base, job, run, aboutJob ] ),
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
