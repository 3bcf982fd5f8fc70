/**
 * WordPress dependencies
 */
import { useEffect, useRef, useState } from '@wordpress/element';

/**
 * Internal dependencies
 */
import type { Page } from './paged';

/** A page of a list as a screen shows it. */
export interface UsePaged< T > {
	items: T[];
	total: number;
	totalPages: number;
	isLoading: boolean;
	error: string | null;
	/** Reads the same page again (after a change). */
	reload: () => void;
}

/**
 * Reads a page of a list whenever what it depends on changes; an answer that
 * comes after a newer request was sent is dropped.
 *
 * @since 2.1.0
 *
 * @param load Reads the page; a new function (new filters, page) reads again.
 */
export function usePaged< T >(
	load: () => Promise< Page< T > >
): UsePaged< T > {
	const [ state, setState ] = useState< Omit< UsePaged< T >, 'reload' > >( {
		items: [],
		total: 0,
		totalPages: 0,
		isLoading: true,
		error: null,
	} );
	const [ round, setRound ] = useState( 0 );
	const latest = useRef( 0 );

	useEffect( () => {
		const ticket = ++latest.current;
		setState( ( before ) => ( { ...before, isLoading: true } ) );
		load().then(
			( page ) =>
				ticket === latest.current &&
				setState( {
					items: page.items,
					total: page.total,
					totalPages: page.totalPages,
					isLoading: false,
					error: null,
				} ),
			( error: Error ) =>
				ticket === latest.current &&
				setState( ( before ) => ( {
					...before,
					isLoading: false,
					error: error.message,
				} ) )
		);
	}, [ load, round ] );

	return { ...state, reload: () => setRound( ( value ) => value + 1 ) };
}
