/**
 * External dependencies
 */
import { act } from 'react';

/**
 * Internal dependencies
 */
import {
	SEARCH_DELAY,
	useSiteSearch,
} from '../../src/shared/sites/use-site-search';
import { fakeResponse, makeSite } from './fixtures';
import { renderHook } from './render-hook';
import { fakeServer, storeRegistry } from './store-helpers';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

const SITES = '/wpm-user-sync/v1/sites';
const library = makeSite( 5, 'Library' );
const libraries = makeSite( 6, 'Libraries' );

/** Lets the answers that are already there arrive (timers stay fake). */
function answersArrive() {
	return act( async () => {
		for ( let turn = 0; turn < 10; turn++ ) {
			await Promise.resolve();
		}
	} );
}

describe( 'useSiteSearch', () => {
	beforeEach( () => jest.useFakeTimers() );
	afterEach( () => jest.useRealTimers() );

	it( 'asks nothing before the search box is used, then waits for a pause in typing', async () => {
		const calls = fakeServer( {
			[ `GET ${ SITES }?search=lib&per_page=10` ]: [
				fakeResponse( [ library ], {
					'X-WP-Total': '12',
					'X-WP-TotalPages': '2',
					'X-WPMUS-Search-Fields': 'domain,path',
				} ),
			],
		} );
		const { result, unmount } = renderHook(
			() => useSiteSearch( { pageSize: 10 } ),
			storeRegistry()
		);

		act( () => jest.advanceTimersByTime( 5 * SEARCH_DELAY ) );
		expect( calls ).toEqual( [] );
		expect( result.current.term ).toBeNull();

		act( () => result.current.search( 'l' ) );
		act( () => jest.advanceTimersByTime( SEARCH_DELAY - 1 ) );
		act( () => result.current.search( 'li' ) );
		act( () => result.current.search( 'lib' ) );
		act( () => jest.advanceTimersByTime( SEARCH_DELAY - 1 ) );
		expect( calls ).toEqual( [] );

		act( () => jest.advanceTimersByTime( 1 ) );
		await answersArrive();

		expect( calls.map( ( call ) => call.path ) ).toEqual( [
			`${ SITES }?search=lib&per_page=10`,
		] );
		expect( result.current.sites ).toEqual( [ library ] );
		expect( result.current.total ).toBe( 12 );
		expect( result.current.totalPages ).toBe( 2 );
		expect( result.current.searchFields ).toEqual( [ 'domain', 'path' ] );
		expect( result.current.isLoading ).toBe( false );
		unmount();
	} );

	it( 'turns a page at once, showing the page before until the next one comes, and starts again from the first page for other text', async () => {
		const calls = fakeServer( {
			[ `GET ${ SITES }?per_page=1` ]: [
				fakeResponse( [ library ], { 'X-WP-TotalPages': '2' } ),
			],
			[ `GET ${ SITES }?page=2&per_page=1` ]: [
				fakeResponse( [ libraries ], { 'X-WP-TotalPages': '2' } ),
			],
			[ `GET ${ SITES }?search=libraries&per_page=1` ]: [
				fakeResponse( [ libraries ] ),
			],
		} );
		const { result, unmount } = renderHook(
			() => useSiteSearch( { initialTerm: '', pageSize: 1 } ),
			storeRegistry()
		);
		act( () => jest.advanceTimersByTime( SEARCH_DELAY ) );
		await answersArrive();

		act( () => result.current.setPage( 2 ) );
		act( () => jest.advanceTimersByTime( 0 ) );
		expect( result.current.isLoading ).toBe( true );
		expect( result.current.sites ).toEqual( [ library ] );
		await answersArrive();
		expect( result.current.sites ).toEqual( [ libraries ] );

		act( () => result.current.search( 'libraries' ) );
		expect( result.current.page ).toBe( 1 );
		act( () => jest.advanceTimersByTime( SEARCH_DELAY ) );
		await answersArrive();

		expect( calls.map( ( call ) => call.path ) ).toEqual( [
			`${ SITES }?per_page=1`,
			`${ SITES }?page=2&per_page=1`,
			`${ SITES }?search=libraries&per_page=1`,
		] );
		unmount();
	} );
} );
