/**
 * The plugin's data store (`wpm-user-sync`): what the screens read from the
 * server and what they ask it to do, in one place.
 *
 * - settings: as saved and as edited; Save sends only what changed;
 * - roles: the main site's;
 * - sites: each picker's search, and the details of sites known by ID;
 * - jobs: the lists of syncs, and the sync each panel drives.
 *
 * Selectors with a resolver read from the server the first time they are used.
 * Every request has a ticket, and an answer is dropped when a newer request of the
 * same thing was sent (requests.ts): late answers are handled here, and only here.
 */

/**
 * WordPress dependencies
 */
import { combineReducers, createReduxStore, register } from '@wordpress/data';

/**
 * Internal dependencies
 */
import * as jobs from './jobs';
import {
	fetchedEntries,
	isLate,
	latestTickets,
	selectors as requestSelectors,
} from './requests';
import * as roles from './roles';
import * as settings from './settings';
import * as sites from './sites';
import type { State, StoreAction } from './types';

export const STORE_NAME = 'wpm-user-sync';

const slices = combineReducers( {
	latestTickets,
	fetched: fetchedEntries,
	settings: settings.settings,
	sites: sites.sites,
	jobFlows: jobs.jobFlows,
} );

function reducer( state: State | undefined, action: StoreAction ): State {
	if ( state && isLate( state.latestTickets, action ) ) {
		return state;
	}
	return slices( state, action );
}

export const store = createReduxStore( STORE_NAME, {
	reducer,
	selectors: {
		...requestSelectors,
		...settings.selectors,
		...roles.selectors,
		...sites.selectors,
		...jobs.selectors,
	},
	actions: {
		...settings.actions,
		...sites.actions,
		...jobs.actions,
	},
	resolvers: {
		...settings.resolvers,
		...roles.resolvers,
		...sites.resolvers,
		...jobs.resolvers,
	},
} );

register( store );

export type { Fetched } from './requests';
export type { JobFlowId } from './jobs';
export type { SiteDetails } from './sites';
