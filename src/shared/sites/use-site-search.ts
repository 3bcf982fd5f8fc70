/**
 * WordPress dependencies
 */
import { useDispatch, useSelect } from '@wordpress/data';
import {
	useCallback,
	useEffect,
	useId,
	useRef,
	useState,
} from '@wordpress/element';

/**
 * Internal dependencies
 */
import { store } from '../store';
import type { Site, SiteSearchField } from './types';

/** Milliseconds to wait after the last keystroke before asking the server. */
export const SEARCH_DELAY = 300;

/** How many matching sites a search shows. */
export const SEARCH_PAGE_SIZE = 20;

const NO_SITES: Site[] = [];

const ALL_FIELDS: SiteSearchField[] = [ 'domain', 'path', 'name' ];

interface Options {
	/** The text searched at first; null: nothing is asked before the search box is used. */
	initialTerm?: string | null;
	/** How many sites a page holds. */
	pageSize?: number;
}

interface UseSiteSearch {
	/** The text searched for; null until the search box is first used. */
	term: string | null;
	/** Searches for other text, from the first page. */
	search: ( term: string ) => void;
	/** The page asked for, from 1. */
	page: number;
	setPage: ( page: number ) => void;
	/** The page of matching sites of the latest search that answered. */
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
 * A search of the network's sites, a page at a time from the server. Typing waits
 * for a pause before asking; turning a page asks at once. The store keeps only the
 * latest search's answer, so answers never show out of order.
 *
 * @param options             What to search at first, and the page size.
 * @param options.initialTerm The text searched at first.
 * @param options.pageSize    How many sites a page holds.
 */
export function useSiteSearch( {
	initialTerm = null,
	pageSize = SEARCH_PAGE_SIZE,
}: Options = {} ): UseSiteSearch {
	const picker = useId();
	const [ term, setTerm ] = useState( initialTerm );
	const [ page, setPage ] = useState( 1 );
	const { searchSites } = useDispatch( store );
	const result = useSelect(
		( select ) => select( store ).getSiteSearch( picker ),
		[ picker ]
	);
	// The text of the latest search sent: the same text with another page is asked at once.
	const asked = useRef< string | null >( null );

	useEffect( () => {
		if ( term === null ) {
			return;
		}
		const delay = term === asked.current ? 0 : SEARCH_DELAY;
		const timer = setTimeout( () => {
			asked.current = term;
			searchSites( picker, {
				search: term,
				perPage: pageSize,
				...( page > 1 ? { page } : {} ),
			} );
		}, delay );
		return () => clearTimeout( timer );
	}, [ picker, searchSites, term, page, pageSize ] );

	const search = useCallback( ( text: string ) => {
		setTerm( text );
		setPage( 1 );
	}, [] );

	return {
		term,
		search,
		page,
		setPage,
		sites: result.data?.sites ?? NO_SITES,
		total: result.data?.total ?? 0,
		totalPages: result.data?.totalPages ?? 0,
		searchFields: result.data?.searchFields ?? ALL_FIELDS,
		isLoading: result.isLoading,
		error: result.error,
	};
}
