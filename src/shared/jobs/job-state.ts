/**
 * The state machine of one manual sync on screen, as a pure reducer:
 *
 *   idle → creating → previewing ⟳ → ready → starting → running ⟳ → finished
 *                          ↑           ↓ (stale)
 *                          └─ refreshing
 *
 * "⟳" is the step loop: while the job is previewing or running, and no request of
 * the person's (start, cancel, refresh) is under way and no error waits for them,
 * the screen asks the server for one more batch. A step that fails because the
 * server or its database is away does not wait for the person: the loop tries again
 * later by itself, saying why meanwhile. A cancel may come from any phase that has
 * a job; a batch that answers after it is ignored.
 */

/**
 * Internal dependencies
 */
import { addSample, type ProgressSample } from './progress';
import type { Job } from './types';

/** A request the person asked for. */
export type JobRequest = 'create' | 'start' | 'cancel' | 'refresh';

export type JobPhase =
	| 'idle'
	| 'creating'
	| 'previewing'
	| 'ready'
	| 'starting'
	| 'refreshing'
	| 'running'
	| 'cancelling'
	| 'finished';

export interface JobState {
	/** The job as the server last described it; null before one is created. */
	job: Job | null;
	/** The person's request under way, if any. */
	pending: JobRequest | null;
	/** The last failure, in words; it pauses the step loop until retried. */
	error: string | null;
	/** Quick batches in a row that changed nothing (another batch holds the job). */
	idleSteps: number;
	/**
	 * Failed steps in a row that should pass by themselves (the server or its
	 * database is away); while above zero, `error` says why and the loop retries.
	 */
	outages: number;
	/** Progress seen while running, for the rate. */
	samples: ProgressSample[];
	/** News about the job that is no error, e.g. that it had already finished. */
	note: string | null;
	/** Why the server refused to start the preview as it is (it went stale). */
	staleReason: string | null;
}

export type JobAction =
	| { type: 'request'; request: JobRequest }
	/**
	 * The answer to a request of the person's, or a job found on loading; `note`
	 * says why it is not the answer asked for (the job had finished, for one).
	 */
	| { type: 'loaded'; job: Job; at: number; note?: string | null }
	/** The answer to a step of the loop, which took `tookMs` to come. */
	| { type: 'stepped'; job: Job; at: number; tookMs: number }
	/** The job read again while it waits for confirmation (it may have gone stale). */
	| { type: 'polled'; job: Job }
	/** A request of the person's failed; `code` is the server's error code. */
	| { type: 'failed'; error: string; code?: string }
	/** A step failed; a transient failure is retried by the loop itself. */
	| { type: 'stepFailed'; error: string; transient: boolean }
	| { type: 'retry' }
	| { type: 'reset' };

/** The server's refusal to start a preview that went stale. */
export const PREVIEW_STALE = 'wpmus_preview_stale';

/** A step that answers faster than this did no batch of its own. */
export const QUICK_STEP_MS = 1_000;

export const initialJobState: JobState = {
	job: null,
	pending: null,
	error: null,
	idleSteps: 0,
	outages: 0,
	samples: [],
	note: null,
	staleReason: null,
};

export function isActive( job: Pick< Job, 'status' > ): boolean {
	return (
		job.status === 'previewing' ||
		job.status === 'ready' ||
		job.status === 'running'
	);
}

export function isFinished( job: Pick< Job, 'status' > ): boolean {
	return ! isActive( job );
}

/**
 * What a batch can change; equal fingerprints mean the batch did nothing.
 *
 * @param job The job.
 */
function fingerprint( job: Job ): string {
	return JSON.stringify( [ job.status, job.preview, job.progress ] );
}

/**
 * Whether the preview shown can no longer be confirmed as it is.
 *
 * @param state The state.
 */
export function isStale( state: JobState ): boolean {
	return (
		state.job?.status === 'ready' &&
		( state.job.stale === true || state.staleReason !== null )
	);
}

function withSample( state: JobState, job: Job, at: number ): JobState {
	if ( job.status !== 'running' ) {
		return { ...state, samples: [] };
	}
	return {
		...state,
		samples: addSample( state.samples, { at, added: job.progress.added } ),
	};
}

export function jobReducer( state: JobState, action: JobAction ): JobState {
	switch ( action.type ) {
		case 'request':
			return {
				...state,
				pending: action.request,
				error: null,
				outages: 0,
				note: null,
			};
		case 'loaded':
			return withSample(
				{
					...state,
					job: action.job,
					pending: null,
					error: null,
					idleSteps: 0,
					outages: 0,
					note: action.note ?? null,
					staleReason: null,
					samples:
						state.job?.id === action.job.id ? state.samples : [],
				},
				action.job,
				action.at
			);
		case 'polled':
			// Only news about the preview on screen, while nothing else is asked.
			if (
				state.job?.id !== action.job.id ||
				state.job.status !== 'ready' ||
				state.pending !== null
			) {
				return state;
			}
			return { ...state, job: action.job };
		case 'stepped': {
			const current = state.job;
			// Late answers: another job is shown, the job ended, or a cancel is under way.
			if (
				! current ||
				current.id !== action.job.id ||
				isFinished( current ) ||
				state.pending === 'cancel'
			) {
				return state;
			}
			// A batch that works takes its time; one that answers at once with
			// nothing changed found the job's lock taken.
			const idle =
				action.tookMs < QUICK_STEP_MS &&
				fingerprint( current ) === fingerprint( action.job );
			return withSample(
				{
					...state,
					job: action.job,
					error: null,
					outages: 0,
					idleSteps: idle ? state.idleSteps + 1 : 0,
				},
				action.job,
				action.at
			);
		}
		case 'failed':
			if ( action.code === PREVIEW_STALE && state.job ) {
				// Not an error to retry: the preview must be made again.
				return {
					...state,
					pending: null,
					error: null,
					staleReason: action.error,
				};
			}
			return { ...state, pending: null, error: action.error };
		case 'stepFailed':
			if (
				! state.job ||
				isFinished( state.job ) ||
				state.pending === 'cancel'
			) {
				return state;
			}
			return {
				...state,
				error: action.error,
				outages: action.transient ? state.outages + 1 : 0,
			};
		case 'retry':
			return { ...state, error: null, idleSteps: 0, outages: 0 };
		case 'reset':
			return initialJobState;
	}
	return state;
}

/**
 * The phase the screen shows.
 *
 * @param state The state.
 */
export function jobPhase( state: JobState ): JobPhase {
	const { job, pending } = state;
	if ( ! job ) {
		return pending === 'create' ? 'creating' : 'idle';
	}
	if ( isFinished( job ) ) {
		return 'finished';
	}
	if ( pending === 'cancel' ) {
		return 'cancelling';
	}
	if ( job.status === 'ready' ) {
		if ( pending === 'refresh' ) {
			return 'refreshing';
		}
		return pending === 'start' ? 'starting' : 'ready';
	}
	return job.status === 'previewing' ? 'previewing' : 'running';
}

/**
 * Whether the loop should ask for another batch now.
 *
 * @param state The state.
 */
export function shouldStep( state: JobState ): boolean {
	return (
		state.job !== null &&
		( state.job.status === 'previewing' ||
			state.job.status === 'running' ) &&
		state.pending === null &&
		( state.error === null || state.outages > 0 )
	);
}

/** The longest pause between batches that changed nothing. */
export const MAX_STEP_DELAY_MS = 5_000;

/** The first pause after a step failed because the server or its database was away. */
export const OUTAGE_DELAY_MS = 2_000;

/** The longest pause between steps while the server or its database is away. */
export const MAX_OUTAGE_DELAY_MS = 30_000;

/**
 * How long to wait before the next batch: none after progress. While the server
 * or its database is away, 2 s, then twice as long each time, up to 30 s. While an
 * interrupted batch holds the job's lock, until it is released, but at least every
 * 5 s so the time left stays current. After batches that changed nothing (WP-Cron
 * or another tab holds the job), one second more each time, up to five.
 *
 * @param state The state.
 */
export function stepDelay( state: JobState ): number {
	if ( state.outages > 0 ) {
		return Math.min(
			OUTAGE_DELAY_MS * 2 ** ( state.outages - 1 ),
			MAX_OUTAGE_DELAY_MS
		);
	}
	const waiting = state.job?.waiting;
	if ( waiting ) {
		return Math.min(
			Math.max( Math.ceil( waiting.seconds ) * 1_000, 1_000 ),
			MAX_STEP_DELAY_MS
		);
	}
	return Math.min( state.idleSteps * 1_000, MAX_STEP_DELAY_MS );
}
