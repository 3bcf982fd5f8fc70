/**
 * WordPress dependencies
 */
import apiFetch, { type APIFetchOptions } from '@wordpress/api-fetch';
import { addQueryArgs } from '@wordpress/url';

/**
 * Internal dependencies
 */
import { errorMessage } from '../shared/api-error';
import type {
	Role,
	Settings,
	Site,
	SiteSearchField,
	SitesPage,
	SitesQuery,
} from './types';

export const SETTINGS_PATH = '/wpm-user-sync/v1/settings';
export const SITES_PATH = '/wpm-user-sync/v1/sites';
export const ROLES_PATH = '/wpm-user-sync/v1/roles';

/** The most sites the server returns in one page. */
export const MAX_PER_PAGE = 100;

/**
 * A failed request, with a message fit to show as it is.
 */
export class ApiError extends Error {
	readonly code: string;

	constructor( cause: unknown ) {
		super( errorMessage( cause ) );
		this.name = 'ApiError';
		this.code =
			typeof cause === 'object' && cause !== null && 'code' in cause
				? String( ( cause as { code: unknown } ).code )
				: 'unknown';
	}
}

async function request< T >( options: APIFetchOptions< true > ): Promise< T > {
	try {
		return await apiFetch< T >( options );
	} catch ( cause ) {
		throw new ApiError( cause );
	}
}

function isResponse( value: unknown ): value is Response {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof ( value as Response ).json === 'function' &&
		typeof ( value as Response ).status === 'number'
	);
}

/**
 * Reads a JSON body, reporting a body that is not JSON as `apiFetch` would.
 *
 * @param response The response.
 */
async function json( response: Response ): Promise< unknown > {
	try {
		return await response.json();
	} catch {
		return { code: 'invalid_json', message: '' };
	}
}

/**
 * A request whose response headers matter too. Unparsed, `apiFetch` rejects
 * with the failed response itself, whose body holds the REST error.
 *
 * @param options Request options.
 */
async function requestResponse(
	options: APIFetchOptions< false >
): Promise< Response > {
	try {
		return await apiFetch< Response, false >( options );
	} catch ( cause ) {
		throw new ApiError( isResponse( cause ) ? await json( cause ) : cause );
	}
}

export function fetchSettings(): Promise< Settings > {
	return request< Settings >( { path: SETTINGS_PATH } );
}

export function saveSettings(
	changes: Partial< Settings >
): Promise< Settings > {
	return request< Settings >( {
		path: SETTINGS_PATH,
		method: 'PUT',
		data: changes,
	} );
}

export function fetchRoles(): Promise< Role[] > {
	return request< Role[] >( { path: ROLES_PATH } );
}

/**
 * The REST path of a query of the sites.
 *
 * @param query What to ask for.
 */
export function sitesPath( query: SitesQuery ): string {
	const args = Object.fromEntries(
		Object.entries( {
			search: query.search?.trim() || undefined,
			page: query.page,
			per_page: query.perPage,
			include: query.include?.length
				? query.include.join( ',' )
				: undefined,
		} ).filter( ( [ , value ] ) => value !== undefined )
	);
	return addQueryArgs( SITES_PATH, args );
}

/**
 * Reads the `X-WPMUS-Search-Fields` header; without it, assumes the documented
 * domain, path and name.
 *
 * @param header The header's value.
 */
export function parseSearchFields( header: string | null ): SiteSearchField[] {
	const known: SiteSearchField[] = [ 'domain', 'path', 'name' ];
	if ( header === null ) {
		return known;
	}
	const named = header.split( ',' ).map( ( field ) => field.trim() );
	return known.filter( ( field ) => named.includes( field ) );
}

/**
 * One page of the network's sites, in ID order.
 *
 * @param query  Search, page, page size and IDs.
 * @param signal Aborts the request, e.g. when a newer search replaces it.
 */
export async function fetchSites(
	query: SitesQuery = {},
	signal?: AbortSignal
): Promise< SitesPage > {
	const response = await requestResponse( {
		path: sitesPath( query ),
		parse: false,
		...( signal ? { signal } : {} ),
	} );
	const sites = await json( response );
	if ( ! Array.isArray( sites ) ) {
		throw new ApiError( sites );
	}
	const header = ( name: string, fallback: number ) => {
		const value = Number( response.headers.get( name ) ?? fallback );
		return Number.isFinite( value ) ? value : fallback;
	};
	return {
		sites: sites as Site[],
		total: header( 'X-WP-Total', sites.length ),
		totalPages: header( 'X-WP-TotalPages', 1 ),
		searchFields: parseSearchFields(
			response.headers.get( 'X-WPMUS-Search-Fields' )
		),
	};
}

/**
 * Splits a list into runs of at most `size` items.
 *
 * @param items The list.
 * @param size  Largest run.
 */
export function chunk< T >( items: readonly T[], size: number ): T[][] {
	const runs: T[][] = [];
	for ( let start = 0; start < items.length; start += size ) {
		runs.push( items.slice( start, start + size ) );
	}
	return runs;
}

/**
 * The sites with these IDs that still exist in the network, a page of 100 per request.
 *
 * @param ids Site IDs.
 */
export async function fetchSitesById(
	ids: readonly number[]
): Promise< Site[] > {
	const pages = await Promise.all(
		chunk( [ ...new Set( ids ) ], MAX_PER_PAGE ).map( ( include ) =>
			fetchSites( { include, perPage: MAX_PER_PAGE } )
		)
	);
	return pages.flatMap( ( page ) => page.sites );
}
