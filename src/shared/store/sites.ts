/**
 * The network's sites: what each picker's search found, and the details (names,
 * addresses) of sites known by ID, such as the excluded ones.
 */

/**
 * WordPress dependencies
 */
import { createSelector } from '@wordpress/data';

/**
 * Internal dependencies
 */
import { fetchSites, fetchSitesById } from '../sites/api';
import type { Site, SitesPage, SitesQuery } from '../sites/types';
import { fetchInto, type Fetched, getFetched, messageOf } from './requests';
import type { State, StoreAction, Thunk } from './types';

export interface SitesState {
	/** The sites whose details are known, by ID. */
	known: Readonly< Record< number, Site > >;
	/** IDs the server did not return: those sites no longer exist in the network. */
	missing: readonly number[];
	/** IDs asked for, answered or not, so that no site is asked for twice. */
	requested: readonly number[];
	/** Requests of details under way. */
	pending: number;
	/** Why the last request of details failed, in words. */
	error: string | null;
}

export type SitesAction =
	| { type: 'SITES_REQUESTED'; ids: number[] }
	| { type: 'SITES_ANSWERED'; ids: number[]; sites: Site[] }
	| { type: 'SITES_REQUEST_FAILED'; ids: number[]; error: string }
	| { type: 'SITES_RECEIVED'; sites: Site[] };

const initialState: SitesState = {
	known: {},
	missing: [],
	requested: [],
	pending: 0,
	error: null,
};

function withSites(
	known: SitesState[ 'known' ],
	found: readonly Site[]
): SitesState[ 'known' ] {
	return {
		...known,
		...Object.fromEntries( found.map( ( site ) => [ site.id, site ] ) ),
	};
}

/**
 * Answers only add what they say, so their order does not matter: a late one is
 * as true as any.
 *
 * @param state  The sites known.
 * @param action Any action.
 */
export function sites(
	state: SitesState = initialState,
	action: StoreAction
): SitesState {
	switch ( action.type ) {
		case 'SITES_REQUESTED':
			return {
				...state,
				requested: [ ...state.requested, ...action.ids ],
				pending: state.pending + 1,
			};
		case 'SITES_ANSWERED': {
			const found = new Set( action.sites.map( ( site ) => site.id ) );
			return {
				...state,
				known: withSites( state.known, action.sites ),
				missing: [
					...state.missing,
					...action.ids.filter( ( id ) => ! found.has( id ) ),
				],
				pending: state.pending - 1,
				error: null,
			};
		}
		case 'SITES_REQUEST_FAILED':
			return {
				...state,
				// Asked again when the screen next needs them.
				requested: state.requested.filter(
					( id ) => ! action.ids.includes( id )
				),
				pending: state.pending - 1,
				error: action.error,
			};
		case 'SITES_RECEIVED':
			return {
				...state,
				known: withSites( state.known, action.sites ),
				requested: [
					...state.requested,
					...action.sites.map( ( site ) => site.id ),
				],
			};
	}
	return state;
}

/** The details of sites, as a picker shows them. */
export interface SiteDetails {
	/** The sites whose details are known, by ID. */
	sites: Readonly< Record< number, Site > >;
	/** IDs of sites that no longer exist in the network. */
	missing: readonly number[];
	isLoading: boolean;
	error: string | null;
}

function searchKey( picker: string ): string {
	return `sites ${ picker }`;
}

export const selectors = {
	/**
	 * The latest search of a picker: a page of matching sites, with the totals.
	 *
	 * @param state  The store's state.
	 * @param picker The picker.
	 */
	getSiteSearch: ( state: State, picker: string ): Fetched< SitesPage > =>
		getFetched< SitesPage >( state, searchKey( picker ) ),

	/**
	 * The details of sites known by ID. Asked with IDs, the resolver reads those
	 * not known yet, a hundred per request.
	 *
	 * @param state The store's state.
	 * @param ids   The sites the screen shows.
	 */
	getSiteDetails: createSelector(
		// eslint-disable-next-line @typescript-eslint/no-unused-vars -- The IDs are for the resolver; every known site is returned.
		( state: State, ids: readonly number[] ): SiteDetails => ( {
			sites: state.sites.known,
			missing: state.sites.missing,
			isLoading: state.sites.pending > 0,
			error: state.sites.error,
		} ),
		( state: State ) => [ state.sites ]
	),

	/**
	 * Whether the details of a site were asked for, answered or not.
	 *
	 * @param state The store's state.
	 * @param id    Site ID.
	 */
	isSiteRequested: ( state: State, id: number ): boolean =>
		state.sites.requested.includes( id ),
};

export const actions = {
	/**
	 * Searches the sites for a picker. Each search replaces the one before:
	 * its answer is the only one kept.
	 *
	 * @param picker The picker.
	 * @param query  Search, page and page size.
	 */
	searchSites: ( picker: string, query: SitesQuery ) =>
		fetchInto( searchKey( picker ), () => fetchSites( query ) ),

	/**
	 * Keeps the details of sites the screen already has, such as a search result.
	 *
	 * @param found The sites.
	 */
	receiveSites: ( found: Site[] ): SitesAction => ( {
		type: 'SITES_RECEIVED',
		sites: found,
	} ),
};

export const resolvers = {
	getSiteDetails( ids: readonly number[] ): Thunk< Promise< void > > {
		return async ( { select, dispatch } ) => {
			const wanted = [ ...new Set( ids ) ].filter(
				( id ) => ! select.isSiteRequested( id )
			);
			if ( wanted.length === 0 ) {
				return;
			}
			dispatch( { type: 'SITES_REQUESTED', ids: wanted } );
			try {
				dispatch( {
					type: 'SITES_ANSWERED',
					ids: wanted,
					sites: await fetchSitesById( wanted ),
				} );
			} catch ( failure ) {
				dispatch( {
					type: 'SITES_REQUEST_FAILED',
					ids: wanted,
					error: messageOf( failure ),
				} );
			}
		};
	},
};
