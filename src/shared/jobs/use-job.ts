/**
 * WordPress dependencies
 */
import { useDispatch, useSelect } from '@wordpress/data';
import { useCallback, useEffect, useMemo } from '@wordpress/element';

/**
 * Internal dependencies
 */
import { store } from '../store';
import type { JobsBase } from './api';
import {
	isStale,
	jobPhase,
	type JobPhase,
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
 * One manual sync on screen, kept in the store under the panel's key. The hook
 * keeps the batches coming while the panel is shown: each `step` is asked for
 * when the answer to the one before came (after a pause when the server is away
 * or the job's lock is held), and a preview waiting for confirmation is read
 * again now and then.
 *
 * @param base `/jobs` or `/site-jobs`.
 * @param key  The panel, e.g. `wpmus-network-sites-job`.
 */
export function useJob( base: JobsBase, key: string ): UseJob {
	const flow = useMemo( () => ( { base, key } ), [ base, key ] );
	const state = useSelect(
		( select ) => select( store ).getJobFlow( key ),
		[ key ]
	);
	const {
		createJob,
		startJob,
		refreshJob,
		cancelJob,
		retryJob,
		resumeJob,
		resetJob,
		stepJob,
		pollJob,
	} = useDispatch( store );

	// The batches: one request at a time, each asked for by the answer to the one before.
	const stepNow = shouldStep( state );
	const delay = stepDelay( state );
	const { job, outages } = state;
	useEffect( () => {
		if ( ! stepNow ) {
			return;
		}
		const timer = setTimeout( () => stepJob( flow ), delay );
		return () => clearTimeout( timer );
		// Each new answer (a new job object), or each failure that should pass,
		// asks for the next batch.
	}, [ flow, stepJob, stepNow, delay, job, outages ] );

	// A preview waiting for confirmation goes stale with time, or when sites or
	// users change, and only the server can tell.
	const polling = jobPhase( state ) === 'ready';
	const jobId = job?.id;
	useEffect( () => {
		if ( ! polling || jobId === undefined ) {
			return;
		}
		const timer = setInterval( () => pollJob( flow ), READY_POLL_MS );
		return () => clearInterval( timer );
	}, [ flow, pollJob, polling, jobId ] );

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
		retrying: outages > 0,
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
			( body: NewJob ) => void createJob( flow, body ),
			[ flow, createJob ]
		),
		start: useCallback( () => void startJob( flow ), [ flow, startJob ] ),
		refresh: useCallback(
			() => void refreshJob( flow ),
			[ flow, refreshJob ]
		),
		cancel: useCallback(
			() => void cancelJob( flow ),
			[ flow, cancelJob ]
		),
		retry: useCallback( () => void retryJob( flow ), [ flow, retryJob ] ),
		resume: useCallback(
			( found: Job ) => void resumeJob( flow, found ),
			[ flow, resumeJob ]
		),
		reset: useCallback( () => void resetJob( flow ), [ flow, resetJob ] ),
	};
}
