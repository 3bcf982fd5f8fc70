/**
 * WordPress dependencies
 */
import { addQueryArgs } from '@wordpress/url';

/**
 * Internal dependencies
 */
import { fetchPage } from '../paged';
import type { Site, SiteSearchField, SitesPage, SitesQuery } from './types';

export const SITES_PATH = '/wpm-user-sync/v1/sites';

/** The most sites the server returns in one page. */
export const MAX_PER_PAGE = 100;

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
 * @param query Search, page, page size and IDs.
 */
export async function fetchSites(
	query: SitesQuery = {}
): Promise< SitesPage > {
	const page = await fetchPage< Site >( sitesPath( query ) );
	return {
		sites: page.items,
		total: page.total,
		totalPages: page.totalPages,
		searchFields: parseSearchFields(
			page.response.headers.get( 'X-WPMUS-Search-Fields' )
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
