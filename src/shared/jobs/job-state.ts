/**
 * The state machine of one manual sync on screen, as a pure reducer:
 *
 *   idle → creating → previewing ⟳ → ready → starting → running ⟳ → finished
 *
 * "⟳" is the step loop: while the job is previewing or running, and no request of
 * the person's (start, cancel) is under way and no error waits for them, the
 * screen asks the server for one more batch. A cancel may come from any phase
 * that has a job; a batch that answers after it is ignored.
 */

/**
 * Internal dependencies
 */
import { addSample, type ProgressSample } from './progress';
import type { Job } from './types';

/** A request the person asked for. */
export type JobRequest = 'create' | 'start' | 'cancel';

export type JobPhase =
	| 'idle'
	| 'creating'
	| 'previewing'
	| 'ready'
	| 'starting'
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
	/** Progress seen while running, for the rate. */
	samples: ProgressSample[];
}

export type JobAction =
	| { type: 'request'; request: JobRequest }
	/** The answer to a request of the person's, or a job found on loading. */
	| { type: 'loaded'; job: Job; at: number }
	/** The answer to a step of the loop, which took `tookMs` to come. */
	| { type: 'stepped'; job: Job; at: number; tookMs: number }
	| { type: 'failed'; error: string }
	| { type: 'retry' }
	| { type: 'reset' };

/** A step that answers faster than this did no batch of its own. */
export const QUICK_STEP_MS = 1_000;

export const initialJobState: JobState = {
	job: null,
	pending: null,
	error: null,
	idleSteps: 0,
	samples: [],
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
			return { ...state, pending: action.request, error: null };
		case 'loaded':
			return withSample(
				{
					...state,
					job: action.job,
					pending: null,
					error: null,
					idleSteps: 0,
					samples:
						state.job?.id === action.job.id ? state.samples : [],
				},
				action.job,
				action.at
			);
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
					idleSteps: idle ? state.idleSteps + 1 : 0,
				},
				action.job,
				action.at
			);
		}
		case 'failed':
			return { ...state, pending: null, error: action.error };
		case 'retry':
			return { ...state, error: null, idleSteps: 0 };
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
		state.error === null
	);
}

/** The longest pause between batches that changed nothing. */
export const MAX_STEP_DELAY_MS = 5_000;

/**
 * How long to wait before the next batch: none after progress; after batches that
 * changed nothing (WP-Cron or another tab holds the job), one second more each
 * time, up to five.
 *
 * @param state The state.
 */
export function stepDelay( state: JobState ): number {
	return Math.min( state.idleSteps * 1_000, MAX_STEP_DELAY_MS );
}
