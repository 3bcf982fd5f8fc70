/**
 * Internal dependencies
 */
import { ApiError, json, requestResponse } from './request';

/** One page of a REST collection, with the totals the server sent in its headers. */
export interface Page< T > {
	items: T[];
	/** Items matching the query, on all pages. */
	total: number;
	totalPages: number;
	/** The response, for other headers. */
	response: Response;
}

/**
 * One page of a REST collection: its items and the `X-WP-Total` and
 * `X-WP-TotalPages` headers.
 *
 * @since 2.1.0
 *
 * @param path The REST path, with its query.
 */
export async function fetchPage< T >( path: string ): Promise< Page< T > > {
	const response = await requestResponse( { path, parse: false } );
	const items = await json( response );
	if ( ! Array.isArray( items ) ) {
		throw new ApiError( items );
	}
	const header = ( name: string, fallback: number ) => {
		const value = Number( response.headers.get( name ) ?? fallback );
		return Number.isFinite( value ) ? value : fallback;
	};
	return {
		items: items as T[],
		total: header( 'X-WP-Total', items.length ),
		totalPages: header( 'X-WP-TotalPages', 1 ),
		response,
	};
}
