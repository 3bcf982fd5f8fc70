/**
 * The shape of the store: its state, its actions, and what its thunks receive.
 */

/**
 * Internal dependencies
 */
import type {
	JobFlowAction,
	JobFlows,
	selectors as jobSelectors,
} from './jobs';
import type {
	FetchAction,
	FetchedEntries,
	LatestTickets,
	RequestFields,
	selectors as requestSelectors,
} from './requests';
import type { selectors as roleSelectors } from './roles';
import type {
	SettingsAction,
	SettingsState,
	selectors as settingSelectors,
} from './settings';
import type {
	SitesAction,
	SitesState,
	selectors as siteSelectors,
} from './sites';

export interface State {
	latestTickets: LatestTickets;
	/** Lists read from the server: roles, jobs, the pickers' searches. */
	fetched: FetchedEntries;
	settings: SettingsState;
	sites: SitesState;
	jobFlows: JobFlows;
}

/** An action that only sends a request (its slice changes when the answer comes). */
export interface RequestSentAction extends RequestFields {
	type: 'REQUEST_SENT';
}

export type StoreAction =
	| RequestSentAction
	| FetchAction
	| SettingsAction
	| SitesAction
	| JobFlowAction;

type Selectors = typeof requestSelectors &
	typeof settingSelectors &
	typeof roleSelectors &
	typeof siteSelectors &
	typeof jobSelectors;

/** The selectors as a thunk calls them: without the state. */
type BoundSelectors = {
	[ Name in keyof Selectors ]: Selectors[ Name ] extends (
		state: State,
		...args: infer Args
	) => infer Result
		? ( ...args: Args ) => Result
		: never;
};

/** What a thunk receives (see `@wordpress/data`'s thunks). */
export interface ThunkArgs {
	select: BoundSelectors;
	dispatch: {
		< Result >( thunk: Thunk< Result > ): Result;
		( action: StoreAction ): void;
	};
}

/** An action creator's answer that runs with the store at hand. */
export type Thunk< Result = void > = ( args: ThunkArgs ) => Result;
