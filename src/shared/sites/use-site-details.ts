/**
 * WordPress dependencies
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';

/**
 * Internal dependencies
 */
import { fetchSitesById } from './api';
import type { Site } from './types';

interface UseSiteDetails {
	/** The sites whose details are known, by ID. */
	sites: ReadonlyMap< number, Site >;
	/** IDs the server did not return: the sites no longer exist in the network. */
	missing: ReadonlySet< number >;
	isLoading: boolean;
	error: string | null;
	/** Keeps the details of a site the screen already has, such as a search result. */
	remember: ( site: Site ) => void;
}

/**
 * The details of the given sites (names and addresses), fetched once each by ID.
 *
 * @param ids Site IDs, e.g. the excluded sites.
 */
export function useSiteDetails( ids: readonly number[] ): UseSiteDetails {
	const [ sites, setSites ] = useState< Map< number, Site > >(
		() => new Map()
	);
	const [ missing, setMissing ] = useState< Set< number > >(
		() => new Set()
	);
	const [ pending, setPending ] = useState( 0 );
	const [ error, setError ] = useState< string | null >( null );
	// IDs asked for or already known, so that no site is fetched twice.
	const requested = useRef( new Set< number >() );

	useEffect( () => {
		const wanted = ids.filter( ( id ) => ! requested.current.has( id ) );
		if ( wanted.length === 0 ) {
			return;
		}
		wanted.forEach( ( id ) => requested.current.add( id ) );
		setPending( ( count ) => count + 1 );
		fetchSitesById( wanted )
			.then(
				( found ) => {
					const foundIds = new Set(
						found.map( ( site ) => site.id )
					);
					setSites( ( current ) => {
						const next = new Map( current );
						found.forEach( ( site ) => next.set( site.id, site ) );
						return next;
					} );
					setMissing(
						( current ) =>
							new Set( [
								...current,
								...wanted.filter(
									( id ) => ! foundIds.has( id )
								),
							] )
					);
					setError( null );
				},
				( failure: Error ) => {
					wanted.forEach( ( id ) => requested.current.delete( id ) );
					setError( failure.message );
				}
			)
			.finally( () => setPending( ( count ) => count - 1 ) );
	}, [ ids ] );

	const remember = useCallback( ( site: Site ) => {
		requested.current.add( site.id );
		setSites( ( current ) => new Map( current ).set( site.id, site ) );
	}, [] );

	return { sites, missing, isLoading: pending > 0, error, remember };
}
