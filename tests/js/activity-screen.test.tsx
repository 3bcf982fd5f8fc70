/**
 * External dependencies
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';

/**
 * WordPress dependencies
 */
import { RegistryProvider } from '@wordpress/data';

/**
 * Internal dependencies
 */
import { App } from '../../src/activity/app';
import type { ActivityEntry } from '../../src/activity/types';
import { fakeResponse } from './fixtures';
import { waitUntil } from './render-hook';
import { fakeServer, storeRegistry } from './store-helpers';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: Object.assign( jest.fn(), {
		nonceMiddleware: { nonce: 'n0nce' },
	} ),
} ) );

// uuid ships ES modules only, which this Jest cannot load; components need just one ID.
jest.mock( 'uuid', () => {
	let next = 0;
	return { v4: () => `uuid-${ ++next }` };
} );

jest.mock( '@wordpress/theme', () => ( {
	ThemeProvider: ( { children }: { children: unknown } ) => children,
} ) );

jest.mock( '@wordpress/a11y', () => ( {
	__esModule: true,
	speak: jest.fn(),
} ) );

const EXPORT =
	'http://localhost:8889/wp-json/wpm-user-sync/v1/site-activity/export';

function entry( overrides: Partial< ActivityEntry > = {} ): ActivityEntry {
	return {
		id: '30-3-7',
		date: '2026-11-28T10:00:00Z',
		kind: 'removed',
		site: { id: 3, name: 'Marketing', url: 'http://localhost/marketing/' },
		user: { id: 7, login: 'maria', name: 'Maria Garcia' },
		roleBefore: 'editor',
		roleAfter: null,
		actor: { id: 1, name: 'admin' },
		via: 'rest',
		cause: 'remove_from_sites',
		job: 30,
		detail: '/wpm-user-sync/v1/jobs/30/step',
		...overrides,
	};
}

function page( entries: ActivityEntry[], total: number, pages: number ) {
	return fakeResponse( entries, {
		'X-WP-Total': String( total ),
		'X-WP-TotalPages': String( pages ),
	} );
}

let container: HTMLDivElement;
let root: Root;

beforeEach( () => {
	container = document.createElement( 'div' );
	document.body.appendChild( container );
	root = createRoot( container );
} );

afterEach( () => {
	act( () => root.unmount() );
	container.remove();
} );

function render( scope: 'network' | 'site', historyUrl = '/actions' ) {
	act( () =>
		root.render(
			<RegistryProvider value={ storeRegistry() }>
				<App
					scope={ scope }
					exportUrl={ EXPORT }
					historyUrl={ historyUrl }
				/>
			</RegistryProvider>
		)
	);
}

function button( name: string ): HTMLElement {
	const found = [ ...container.querySelectorAll( 'a, button' ) ].find(
		( element ) => element.textContent === name
	);
	if ( ! found ) {
		throw new Error( `No button or link “${ name }”.` );
	}
	return found as HTMLElement;
}

function select( label: string, value: string ) {
	const labelElement = [ ...container.querySelectorAll( 'label' ) ].find(
		( element ) => element.textContent === label
	);
	const field = container.querySelector< HTMLSelectElement >(
		`#${ labelElement?.getAttribute( 'for' ) }`
	);
	if ( ! field ) {
		throw new Error( `No field “${ label }”.` );
	}
	act( () => {
		field.value = value;
		field.dispatchEvent( new Event( 'change', { bubbles: true } ) );
	} );
}

describe( 'the Activity screen of a site', () => {
	it( 'lists the site’s changes, without a site column, with the job and the channel', async () => {
		const calls = fakeServer( {
			'GET /wpm-user-sync/v1/site-activity?page=1&per_page=50': [
				page( [ entry() ], 1, 1 ),
			],
		} );
		render( 'site' );
		await waitUntil(
			() => container.querySelectorAll( 'tbody tr td' ).length > 1
		);

		expect( calls.map( ( call ) => call.path ) ).toEqual( [
			'/wpm-user-sync/v1/site-activity?page=1&per_page=50',
		] );
		const headers = [ ...container.querySelectorAll( 'thead th' ) ].map(
			( cell ) => cell.textContent
		);
		expect( headers ).toEqual( [
			'Date',
			'Person',
			'Change',
			'Who',
			'Why',
		] );
		const cells = [
			...container.querySelectorAll( 'tbody tr:first-child td' ),
		].map( ( cell ) => cell.textContent );
		expect( cells.slice( 1 ) ).toEqual( [
			'Maria Garcia (maria)',
			'Removed (was editor)',
			'admin',
			'Removed from sites (People) · Job #30Through the REST API: /wpm-user-sync/v1/jobs/30/step',
		] );
		expect( button( 'Job #30' ).getAttribute( 'href' ) ).toBe( '/actions' );
		expect( container.textContent ).toContain( 'Page 1 of 1 (1 change)' );
	} );

	it( 'filters from the first page, and the export link carries the filters and the nonce', async () => {
		const calls = fakeServer( {
			'GET /wpm-user-sync/v1/site-activity?page=1&per_page=50': [
				page( [ entry() ], 120, 3 ),
			],
			'GET /wpm-user-sync/v1/site-activity?page=2&per_page=50': [
				page( [ entry( { id: '29-3-7' } ) ], 120, 3 ),
			],
			'GET /wpm-user-sync/v1/site-activity?kind=added&page=1&per_page=50':
				[ page( [], 0, 0 ) ],
			'GET /wpm-user-sync/v1/site-activity?kind=added&cause=core&page=1&per_page=50':
				[ page( [], 0, 0 ) ],
		} );
		render( 'site' );
		await waitUntil( () =>
			container.textContent!.includes( 'Page 1 of 3 (120 changes)' )
		);

		act( () => button( 'Next page' ).click() );
		await waitUntil( () =>
			container.textContent!.includes( 'Page 2 of 3' )
		);
		select( 'Change', 'added' );
		await waitUntil( () =>
			container.textContent!.includes(
				'No change matches these filters.'
			)
		);
		select( 'Cause', 'core' );
		await waitUntil(
			() =>
				calls.length === 4 &&
				container
					.querySelector( 'table' )
					?.getAttribute( 'aria-busy' ) === 'false'
		);

		expect( calls.map( ( call ) => call.path ) ).toEqual( [
			'/wpm-user-sync/v1/site-activity?page=1&per_page=50',
			'/wpm-user-sync/v1/site-activity?page=2&per_page=50',
			'/wpm-user-sync/v1/site-activity?kind=added&page=1&per_page=50',
			'/wpm-user-sync/v1/site-activity?kind=added&cause=core&page=1&per_page=50',
		] );
		expect( button( 'Export CSV' ).getAttribute( 'href' ) ).toBe(
			`${ EXPORT }?kind=added&cause=core&_wpnonce=n0nce`
		);
	} );

	it( 'names a job without a link when the site has no Actions screen', async () => {
		fakeServer( {
			'GET /wpm-user-sync/v1/site-activity?page=1&per_page=50': [
				page( [ entry() ], 1, 1 ),
			],
		} );
		render( 'site', '' );
		await waitUntil( () => container.textContent!.includes( 'Job #30' ) );

		expect(
			[ ...container.querySelectorAll( 'a' ) ].map(
				( a ) => a.textContent
			)
		).not.toContain( 'Job #30' );
	} );
} );

describe( 'the Activity screen of the network', () => {
	it( 'shows the site of each change, and nobody’s changes by their channel', async () => {
		fakeServer( {
			'GET /wpm-user-sync/v1/activity?page=1&per_page=50': [
				page(
					[
						entry( {
							kind: 'added',
							roleBefore: null,
							roleAfter: 'author',
							actor: null,
							via: 'cron',
							cause: 'new_user',
							job: null,
							detail: '',
						} ),
					],
					1,
					1
				),
			],
		} );
		render( 'network' );
		await waitUntil( () =>
			container.textContent!.includes( 'Nobody (WP-Cron)' )
		);

		const cells = [
			...container.querySelectorAll( 'tbody tr:first-child td' ),
		].map( ( cell ) => cell.textContent );
		expect( cells.slice( 1 ) ).toEqual( [
			'Marketing',
			'Maria Garcia (maria)',
			'Added as author',
			'Nobody (WP-Cron)',
			'New user automatic syncThrough WP-Cron',
		] );
	} );
} );
