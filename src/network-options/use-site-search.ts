/**
 * WordPress dependencies
 */
import { useEffect, useState } from '@wordpress/element';

/**
 * Internal dependencies
 */
import { fetchSites } from './api';
import type { Site, SiteSearchField, SitesPage } from './types';

/** Milliseconds to wait after the last keystroke before asking the server. */
export const SEARCH_DELAY = 300;

/** How many matching sites a search shows. */
export const SEARCH_PAGE_SIZE = 20;

interface UseSiteSearch {
	/** The first page of matching sites, from the latest search that answered. */
	sites: Site[];
	/** How many sites match in all. */
	total: number;
	/** What the server searched; tells the screen how to describe the search. */
	searchFields: SiteSearchField[];
	isLoading: boolean;
	error: string | null;
}

/**
 * Searches the network's sites as the text changes, after a pause in typing.
 * Each new search cancels the one before, so answers never arrive out of order.
 *
 * @param term The text to search for; null until the picker is first used.
 */
export function useSiteSearch( term: string | null ): UseSiteSearch {
	const [ result, setResult ] = useState< SitesPage | null >( null );
	const [ isLoading, setIsLoading ] = useState( false );
	const [ error, setError ] = useState< string | null >( null );

	useEffect( () => {
		if ( term === null ) {
			return;
		}
		const controller = new AbortController();
		const timer = setTimeout( () => {
			setIsLoading( true );
			fetchSites(
				{ search: term, perPage: SEARCH_PAGE_SIZE },
				controller.signal
			).then(
				( page ) => {
					if ( ! controller.signal.aborted ) {
						setResult( page );
						setError( null );
						setIsLoading( false );
					}
				},
				( failure: Error ) => {
					if ( ! controller.signal.aborted ) {
						setError( failure.message );
						setIsLoading( false );
					}
				}
			);
		}, SEARCH_DELAY );
		return () => {
			clearTimeout( timer );
			controller.abort();
		};
	}, [ term ] );

	return {
		sites: result?.sites ?? [],
		total: result?.total ?? 0,
		searchFields: result?.searchFields ?? [ 'domain', 'path', 'name' ],
		isLoading,
		error,
	};
}
