/**
 * WordPress dependencies
 */
import { useEffect, useRef, useState } from '@wordpress/element';

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
	/** The requested page of matching sites, from the latest search that answered. */
	sites: Site[];
	/** How many sites match in all. */
	total: number;
	/** How many pages the matching sites fill. */
	totalPages: number;
	/** What the server searched; tells the screen how to describe the search. */
	searchFields: SiteSearchField[];
	isLoading: boolean;
	error: string | null;
}

/**
 * Searches the network's sites as the text changes, after a pause in typing.
 * Each new search cancels the one before, so answers never arrive out of order.
 *
 * @param term     The text to search for; null until the picker is first used.
 * @param page     The page of results, from 1.
 * @param pageSize How many sites a page holds.
 */
export function useSiteSearch(
	term: string | null,
	page = 1,
	pageSize = SEARCH_PAGE_SIZE
): UseSiteSearch {
	const [ result, setResult ] = useState< SitesPage | null >( null );
	const [ isLoading, setIsLoading ] = useState( false );
	const [ error, setError ] = useState< string | null >( null );
	// Typing waits for a pause; turning a page asks at once.
	const lastTerm = useRef< string | null >( null );

	useEffect( () => {
		if ( term === null ) {
			return;
		}
		const delay = term === lastTerm.current ? 0 : SEARCH_DELAY;
		lastTerm.current = term;
		const controller = new AbortController();
		const timer = setTimeout( () => {
			setIsLoading( true );
			fetchSites(
				{
					search: term,
					perPage: pageSize,
					...( page > 1 ? { page } : {} ),
				},
				controller.signal
			).then(
				( found ) => {
					if ( ! controller.signal.aborted ) {
						setResult( found );
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
		}, delay );
		return () => {
			clearTimeout( timer );
			controller.abort();
		};
	}, [ term, page, pageSize ] );

	return {
		sites: result?.sites ?? [],
		total: result?.total ?? 0,
		totalPages: result?.totalPages ?? 0,
		searchFields: result?.searchFields ?? [ 'domain', 'path', 'name' ],
		isLoading,
		error,
	};
}
