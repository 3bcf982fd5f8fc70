/**
 * How the store asks the server, and the one rule for answers that come late.
 *
 * Each thing the screens ask for has a key: the settings, a list of jobs, a
 * picker's search, a panel's sync. Every request gets a ticket of its key, and an
 * answer is kept only when no request of the same key was sent after it. So a
 * slow answer never overwrites a newer one, whatever the order they arrive in;
 * the reducer (see index.ts) drops the late ones before any slice sees them.
 */

/**
 * Internal dependencies
 */
import type { State, StoreAction, Thunk } from './types';

/** One request: what it is about, and its number. */
export interface Ticket {
	key: string;
	id: number;
}

/** What an action may say about requests. */
export interface RequestFields {
	/** The action sends a request: answers to earlier requests of its key are late. */
	sends?: Ticket;
	/** The action carries an answer, kept only while its ticket is the latest of its key. */
	answers?: Ticket;
}

/** The latest ticket of each key. */
export type LatestTickets = Readonly< Record< string, number > >;

let lastId = 0;

/**
 * A new ticket, newer than every other.
 *
 * @param key What the request is about.
 */
export function newTicket( key: string ): Ticket {
	lastId += 1;
	return { key, id: lastId };
}

export function latestTickets(
	state: LatestTickets = {},
	action: StoreAction
): LatestTickets {
	return 'sends' in action && action.sends
		? { ...state, [ action.sends.key ]: action.sends.id }
		: state;
}

/**
 * Whether the action answers a request that a newer one replaced.
 *
 * @param state  The latest tickets.
 * @param action Any action.
 */
export function isLate( state: LatestTickets, action: StoreAction ): boolean {
	return (
		'answers' in action &&
		action.answers !== undefined &&
		state[ action.answers.key ] !== action.answers.id
	);
}

/**
 * The latest request of a key, for a read that must not replace it (a poll):
 * its answer counts only if nothing else was asked meanwhile.
 *
 * @param state The store's state.
 * @param key   What the request is about.
 */
function getLatestTicket( state: State, key: string ): Ticket {
	return { key, id: state.latestTickets[ key ] ?? 0 };
}

export const selectors = { getLatestTicket };

/** Something read from the server. */
export interface Fetched< T > {
	/** The latest answer; null until the first. Kept while it is asked again. */
	data: T | null;
	/** Why the latest request failed, in words (see api-error.ts). */
	error: string | null;
	isLoading: boolean;
}

/** Not asked yet. */
export const NOT_FETCHED: Fetched< never > = {
	data: null,
	error: null,
	isLoading: false,
};

/** What was read from the server, by key. */
export type FetchedEntries = Readonly< Record< string, Fetched< unknown > > >;

export type FetchAction =
	| { type: 'FETCHING'; sends: Ticket }
	| { type: 'FETCHED'; data: unknown; answers: Ticket }
	| { type: 'FETCH_FAILED'; error: string; answers: Ticket };

export function fetchedEntries(
	state: FetchedEntries = {},
	action: StoreAction
): FetchedEntries {
	switch ( action.type ) {
		case 'FETCHING': {
			const { key } = action.sends;
			const entry = state[ key ] ?? NOT_FETCHED;
			return { ...state, [ key ]: { ...entry, isLoading: true } };
		}
		case 'FETCHED':
			return {
				...state,
				[ action.answers.key ]: {
					data: action.data,
					error: null,
					isLoading: false,
				},
			};
		case 'FETCH_FAILED': {
			const { key } = action.answers;
			const entry = state[ key ] ?? NOT_FETCHED;
			return {
				...state,
				[ key ]: { ...entry, error: action.error, isLoading: false },
			};
		}
	}
	return state;
}

/**
 * What was read for a key, typed by the one who asked.
 *
 * @param state The store's state.
 * @param key   What was asked for.
 */
export function getFetched< T >( state: State, key: string ): Fetched< T > {
	return ( state.fetched[ key ] as Fetched< T > | undefined ) ?? NOT_FETCHED;
}

/**
 * Reads something from the server into the store, under `key`. Asked again, the
 * answer before stays shown until the new one comes.
 *
 * @param key  What is asked for.
 * @param read The request.
 */
export function fetchInto< T >(
	key: string,
	read: () => Promise< T >
): Thunk< Promise< void > > {
	return async ( { dispatch } ) => {
		const ticket = newTicket( key );
		dispatch( { type: 'FETCHING', sends: ticket } );
		try {
			dispatch( {
				type: 'FETCHED',
				data: await read(),
				answers: ticket,
			} );
		} catch ( failure ) {
			dispatch( {
				type: 'FETCH_FAILED',
				error: messageOf( failure ),
				answers: ticket,
			} );
		}
	};
}

/**
 * A failure in words: requests reject with an ApiError, whose message is fit to show.
 *
 * @param failure What a request rejected with.
 */
export function messageOf( failure: unknown ): string {
	return failure instanceof Error ? failure.message : String( failure );
}
