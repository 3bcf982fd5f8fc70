/**
 * Manual syncs ("jobs"): the lists of them, and the sync each panel drives.
 *
 * A panel's sync is the state machine of ../jobs/job-state.ts, kept here under the
 * panel's key. The person's requests (create, start, refresh, cancel) and the
 * batches (`step`) are thunks; the screen decides when the next batch is due
 * (../jobs/use-job.ts). When the sync a panel shows changes status, the lists of
 * its route are read again, so the history follows.
 */

/**
 * Internal dependencies
 */
import * as api from '../jobs/api';
import { HISTORY_SIZE, type JobsBase } from '../jobs/api';
import {
	initialJobState,
	jobReducer,
	shouldStep,
	type JobAction,
	type JobRequest,
	type JobState,
} from '../jobs/job-state';
import type { Job, NewJob } from '../jobs/types';
import { ApiError } from '../request';
import {
	fetchInto,
	type Fetched,
	getFetched,
	messageOf,
	newTicket,
	type RequestFields,
} from './requests';
import type { State, StoreAction, Thunk } from './types';

const LISTS = 'jobs';

function listPrefix( base: JobsBase ): string {
	return `${ LISTS } ${ base } `;
}

function listKey( base: JobsBase, perPage: number ): string {
	return listPrefix( base ) + perPage;
}

/** A panel's sync: its route, and the panel's key. */
export interface JobFlowId {
	base: JobsBase;
	key: string;
}

/** A request of the person's, as Try again repeats it. */
export type PersonRequest =
	| { request: 'create'; body: NewJob }
	| { request: Exclude< JobRequest, 'create' > };

interface JobFlow {
	state: JobState;
	/** What Try again repeats; null: it restarts the batches. */
	retry: PersonRequest | null;
}

export type JobFlows = Readonly< Record< string, JobFlow > >;

export type JobFlowAction = {
	type: 'JOB_FLOW';
	/** The panel. */
	flow: string;
	action: JobAction;
	/** Set when what Try again repeats changes. */
	retry?: PersonRequest | null;
} & RequestFields;

const NO_FLOW: JobFlow = { state: initialJobState, retry: null };

export function jobFlows(
	state: JobFlows = {},
	action: StoreAction
): JobFlows {
	if ( action.type !== 'JOB_FLOW' ) {
		return state;
	}
	const flow = state[ action.flow ] ?? NO_FLOW;
	return {
		...state,
		[ action.flow ]: {
			state: jobReducer( flow.state, action.action ),
			retry: action.retry === undefined ? flow.retry : action.retry,
		},
	};
}

export const selectors = {
	/**
	 * The active jobs and the history of a route, newest first.
	 *
	 * @param state   The store's state.
	 * @param base    `/jobs` or `/site-jobs`.
	 * @param perPage How many.
	 */
	getJobs: (
		state: State,
		base: JobsBase,
		perPage: number = HISTORY_SIZE
	): Fetched< Job[] > =>
		getFetched< Job[] >( state, listKey( base, perPage ) ),

	/**
	 * The sizes of the lists of a route read so far.
	 *
	 * @param state The store's state.
	 * @param base  `/jobs` or `/site-jobs`.
	 */
	getJobListSizes: ( state: State, base: JobsBase ): number[] =>
		Object.keys( state.fetched )
			.filter( ( key ) => key.startsWith( listPrefix( base ) ) )
			.map( ( key ) => Number( key.slice( listPrefix( base ).length ) ) ),

	/**
	 * The sync a panel shows, where it stands.
	 *
	 * @param state The store's state.
	 * @param flow  The panel's key.
	 */
	getJobFlow: ( state: State, flow: string ): JobState =>
		( state.jobFlows[ flow ] ?? NO_FLOW ).state,

	/**
	 * What Try again repeats in a panel.
	 *
	 * @param state The store's state.
	 * @param flow  The panel's key.
	 */
	getJobFlowRetry: ( state: State, flow: string ): PersonRequest | null =>
		( state.jobFlows[ flow ] ?? NO_FLOW ).retry,
};

export const resolvers = {
	getJobs: ( base: JobsBase, perPage: number = HISTORY_SIZE ) =>
		fetchInto( listKey( base, perPage ), () =>
			api.fetchJobs( base, perPage )
		),
};

/**
 * Reads again the lists of a route that were read, after a job changed.
 *
 * @param base `/jobs` or `/site-jobs`.
 */
function refreshJobs( base: JobsBase ): Thunk {
	return ( { select, dispatch } ) => {
		for ( const perPage of select.getJobListSizes( base ) ) {
			dispatch( resolvers.getJobs( base, perPage ) );
		}
	};
}

/**
 * Applies an action to a panel's sync; when the job it shows changes, or changes
 * status, the lists of its route are read again.
 *
 * @param flow   The panel.
 * @param action The action.
 * @param fields Which request the action sends or answers, and what Try again repeats.
 */
function applyToFlow(
	flow: JobFlowId,
	action: JobAction,
	fields: Pick< JobFlowAction, 'sends' | 'answers' | 'retry' >
): Thunk {
	return ( { select, dispatch } ) => {
		const before = select.getJobFlow( flow.key ).job;
		dispatch( { type: 'JOB_FLOW', flow: flow.key, action, ...fields } );
		const after = select.getJobFlow( flow.key ).job;
		if (
			after &&
			( after.id !== before?.id || after.status !== before.status )
		) {
			dispatch( refreshJobs( flow.base ) );
		}
	};
}

/**
 * The key of a panel's requests.
 *
 * @param flow The panel.
 */
function ticketKey( flow: JobFlowId ): string {
	return `flow ${ flow.key }`;
}

function codeOf( failure: unknown ): string | undefined {
	return failure instanceof ApiError ? failure.code : undefined;
}

/**
 * Refusals that mean the job is no longer where the screen thought (it finished,
 * or it was started, refreshed or cancelled elsewhere): the screen then reads the
 * job again and shows where it stands, with the server's words.
 */
const MOVED_ON = [ 'wpmus_job_finished', 'wpmus_job_not_ready' ];

interface Answer {
	job: Job;
	/** Why the answer is not the one asked for (the job had finished, for one). */
	note?: string | null;
}

/**
 * Sends a request about the job shown; when the server answers that the job
 * moved on, reads it again to show where it stands.
 *
 * @param base Route base.
 * @param id   Job ID.
 * @param send The request.
 */
async function aboutJob(
	base: JobsBase,
	id: number,
	send: () => Promise< Job >
): Promise< Answer > {
	try {
		return { job: await send() };
	} catch ( failure ) {
		const refused = codeOf( failure );
		if ( refused === undefined || ! MOVED_ON.includes( refused ) ) {
			throw failure;
		}
		let job;
		try {
			job = await api.fetchJob( base, id );
		} catch {
			// Could not read it: the refusal itself says what happened.
			throw failure;
		}
		return { job, note: messageOf( failure ) };
	}
}

/**
 * The request behind a person's request, or null when there is no job to ask about.
 *
 * @param flow   The panel.
 * @param person The person's request.
 * @param job    The job shown.
 */
function requestFor(
	flow: JobFlowId,
	person: PersonRequest,
	job: Job | null
): ( () => Promise< Answer > ) | null {
	const { base } = flow;
	if ( person.request === 'create' ) {
		return async () => ( {
			job: await api.createJob( base, person.body ),
		} );
	}
	if ( ! job ) {
		return null;
	}
	const send = {
		start: api.startJob,
		refresh: api.refreshJob,
		cancel: api.cancelJob,
	}[ person.request ];
	return () => aboutJob( base, job.id, () => send( base, job.id ) );
}

/**
 * Does what the person asked for, and remembers it for Try again.
 *
 * @param flow   The panel.
 * @param person The person's request.
 */
function ask(
	flow: JobFlowId,
	person: PersonRequest
): Thunk< Promise< void > > {
	return async ( { select, dispatch } ) => {
		const send = requestFor(
			flow,
			person,
			select.getJobFlow( flow.key ).job
		);
		if ( ! send ) {
			return;
		}
		const ticket = newTicket( ticketKey( flow ) );
		dispatch(
			applyToFlow(
				flow,
				{ type: 'request', request: person.request },
				{ sends: ticket, retry: person }
			)
		);
		let action: JobAction;
		try {
			const { job, note } = await send();
			action = { type: 'loaded', job, note, at: Date.now() };
		} catch ( failure ) {
			action = {
				type: 'failed',
				error: messageOf( failure ),
				code: codeOf( failure ),
			};
		}
		dispatch( applyToFlow( flow, action, { answers: ticket } ) );
	};
}

export const actions = {
	/**
	 * Creates a job in a panel; its preview starts at once.
	 *
	 * @param flow The panel.
	 * @param body What to sync.
	 */
	createJob: ( flow: JobFlowId, body: NewJob ) =>
		ask( flow, { request: 'create', body } ),

	/**
	 * Confirms the preview shown: the run starts.
	 *
	 * @param flow The panel.
	 */
	startJob: ( flow: JobFlowId ) => ask( flow, { request: 'start' } ),

	/**
	 * Makes a stale preview again.
	 *
	 * @param flow The panel.
	 */
	refreshJob: ( flow: JobFlowId ) => ask( flow, { request: 'refresh' } ),

	/**
	 * Cancels the preview or the run shown.
	 *
	 * @param flow The panel.
	 */
	cancelJob: ( flow: JobFlowId ) => ask( flow, { request: 'cancel' } ),

	/**
	 * After a failure, tries the same thing again: the person's last request, or
	 * the batches when one of them failed.
	 *
	 * @param flow The panel.
	 */
	retryJob( flow: JobFlowId ): Thunk< Promise< void > > {
		return async ( { select, dispatch } ) => {
			const again = select.getJobFlowRetry( flow.key );
			if ( again ) {
				await dispatch( ask( flow, again ) );
			} else {
				dispatch( applyToFlow( flow, { type: 'retry' }, {} ) );
			}
		};
	},

	/**
	 * Shows a job found on loading the screen; the screen then drives it on.
	 *
	 * @param flow The panel.
	 * @param job  The job.
	 */
	resumeJob: ( flow: JobFlowId, job: Job ) =>
		applyToFlow(
			flow,
			{ type: 'loaded', job, at: Date.now() },
			{ sends: newTicket( ticketKey( flow ) ) }
		),

	/**
	 * Back to the form, after a job ended; answers still on their way are dropped.
	 *
	 * @param flow The panel.
	 */
	resetJob: ( flow: JobFlowId ) =>
		applyToFlow(
			flow,
			{ type: 'reset' },
			{ sends: newTicket( ticketKey( flow ) ), retry: null }
		),

	/**
	 * Asks for one batch of the preview or the run, if one is due: none while a
	 * request of the person's is under way or an error waits for them.
	 *
	 * @param flow The panel.
	 */
	stepJob( flow: JobFlowId ): Thunk< Promise< void > > {
		return async ( { select, dispatch } ) => {
			const state = select.getJobFlow( flow.key );
			if ( ! state.job || ! shouldStep( state ) ) {
				return;
			}
			const ticket = newTicket( ticketKey( flow ) );
			dispatch( { type: 'REQUEST_SENT', sends: ticket } );
			const sentAt = Date.now();
			let action: JobAction;
			try {
				const job = await api.stepJob( flow.base, state.job.id );
				const at = Date.now();
				action = { type: 'stepped', job, at, tookMs: at - sentAt };
			} catch ( failure ) {
				const transient =
					failure instanceof ApiError && failure.transient;
				action = {
					type: 'stepFailed',
					error:
						transient && failure.outage
							? failure.outage
							: messageOf( failure ),
					transient,
				};
			}
			dispatch(
				applyToFlow( flow, action, {
					answers: ticket,
					// Try again then restarts the batches.
					...( action.type === 'stepFailed' ? { retry: null } : {} ),
				} )
			);
		};
	},

	/**
	 * Reads again a preview that waits for confirmation: it goes stale with time,
	 * or when sites or users change, and only the server can tell. The answer
	 * counts only if nothing else was asked meanwhile.
	 *
	 * @param flow The panel.
	 */
	pollJob( flow: JobFlowId ): Thunk< Promise< void > > {
		return async ( { select, dispatch } ) => {
			const { job } = select.getJobFlow( flow.key );
			if ( ! job ) {
				return;
			}
			const ticket = select.getLatestTicket( ticketKey( flow ) );
			try {
				const polled = await api.fetchJob( flow.base, job.id );
				dispatch(
					applyToFlow(
						flow,
						{ type: 'polled', job: polled },
						{ answers: ticket }
					)
				);
			} catch {
				// The person's next request will say what is wrong, if anything is.
			}
		};
	},
};
