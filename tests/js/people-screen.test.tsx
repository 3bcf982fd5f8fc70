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
import { App } from '../../src/network-users/app';
import type { PersonSite } from '../../src/network-users/types';
import type { Job } from '../../src/shared/jobs/types';
import { peoplePath } from '../../src/shared/people/api';
import { fakeResponse, makeJob, readyJob, runningJob } from './fixtures';
import { waitUntil } from './render-hook';
import { type Call, fakeServer, storeRegistry } from './store-helpers';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
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

const JOBS = '/wpm-user-sync/v1/jobs';

let container: HTMLDivElement;
let root: Root;

beforeEach( () => {
	window.sessionStorage.clear();
	container = document.createElement( 'div' );
	document.body.appendChild( container );
	root = createRoot( container );
} );

afterEach( () => {
	act( () => root.unmount() );
	container.remove();
} );

function render( props: Parameters< typeof App >[ 0 ] ) {
	act( () =>
		root.render(
			<RegistryProvider value={ storeRegistry() }>
				<App { ...props } />
			</RegistryProvider>
		)
	);
}

function button(
	name: string,
	within: ParentNode = container
): HTMLButtonElement {
	const found = [ ...within.querySelectorAll( 'button' ) ].find(
		( element ) => element.textContent === name
	);
	if ( ! found ) {
		throw new Error( `No button “${ name }”.` );
	}
	return found;
}

/**
 * The card of an action, by its title.
 *
 * @param title The card's title.
 */
function card( title: string ): HTMLElement {
	const heading = [ ...container.querySelectorAll( 'h2' ) ].find(
		( element ) => element.textContent === title
	);
	const section = heading?.closest( 'section' );
	if ( ! section ) {
		throw new Error( `No card “${ title }”.` );
	}
	return section;
}

function text() {
	return container.textContent ?? '';
}

/**
 * An offboarding job of people 4 and 5, as the server answers it.
 *
 * @param job The job as a sync.
 */
function offboarding( job: Job ): Job {
	return {
		...job,
		type: 'remove_from_sites',
		kind: 'network',
		sites: null,
		users: [ 4, 5 ],
		role: null,
		reassign: null,
	};
}

const offboardPreview = offboarding(
	readyJob( {
		preview: {
			complete: true,
			total: 3,
			skipped: { last_administrator: 1 },
			sites: [
				{
					id: 3,
					name: 'Marketing',
					url: 'http://localhost/marketing/',
					toAdd: 2,
					skipped: {},
				},
				{
					id: 5,
					name: 'Library',
					url: 'http://localhost/library/',
					toAdd: 1,
					skipped: { last_administrator: 1 },
					noted: { inheritor_not_member: 1 },
				},
			],
			siteCount: 2,
			noted: { inheritor_not_member: 1 },
		},
		progress: { added: 0, total: 3, skipped: {} },
	} )
);

describe( 'People: Remove from all sites, for the people selected on Network Admin → Users', () => {
	it( 'previews the offboarding per site with the protected ones, confirms it and reports it', async () => {
		// The history is read again whenever the job changes status.
		const calls: Call[] = fakeServer( {
			[ `GET ${ JOBS }?per_page=20` ]: [ [], [], [], [], [], [] ],
			[ `GET ${ peoplePath( 'network', '', [ 4, 5 ] ) }` ]: [
				[
					{ id: 4, name: 'Ana', username: 'ana' },
					{ id: 5, name: 'Bo', username: 'bo' },
				],
			],
			[ `POST ${ JOBS }` ]: [ offboarding( makeJob() ) ],
			[ `POST ${ JOBS }/12/step` ]: [
				offboardPreview,
				offboarding(
					runningJob( 3, {
						...offboardPreview,
						status: 'done',
						startedAt: '2026-11-25T07:41:00Z',
						finishedAt: '2026-11-25T07:41:02Z',
						progress: {
							added: 3,
							total: 3,
							skipped: { last_administrator: 1 },
						},
					} )
				),
			],
			[ `POST ${ JOBS }/12/start` ]: [
				offboarding(
					runningJob( 0, {
						...offboardPreview,
						status: 'running',
						startedAt: '2026-11-25T07:41:00Z',
						progress: { added: 0, total: 3, skipped: {} },
					} )
				),
			],
		} );
		render( {
			user: null,
			users: [ 4, 5 ],
			action: 'remove-all',
			activityUrl: '',
		} );
		await waitUntil( () =>
			text().includes( 'People chosen: Ana (ana) and Bo (bo).' )
		);

		const offboard = card( 'Remove from all sites' );
		expect( offboard.textContent ).toContain(
			'Keep them attributed to the people removed'
		);
		act( () => button( 'Preview', offboard ).click() );
		await waitUntil( () => text().includes( 'Remove 3 memberships' ) );

		const created = calls.find( ( call ) => call.method === 'POST' );
		expect( created?.data ).toEqual( {
			type: 'remove_from_sites',
			users: [ 4, 5 ],
			kind: 'network',
		} );
		expect( text() ).toContain(
			'This will remove 3 memberships, on 2 sites. The accounts stay.'
		);
		const headers = [ ...container.querySelectorAll( 'thead th' ) ].map(
			( cell ) => cell.textContent
		);
		expect( headers ).toEqual( [
			'Site',
			'To remove',
			'Skipped',
			'Of which',
		] );
		expect(
			[ ...container.querySelectorAll( 'tbody tr' ) ][ 1 ]?.textContent
		).toContain(
			'1 removed with their content kept attributed to them, because the person chosen to inherit it is not a member of the site'
		);
		expect( text() ).toContain( '1 kept as the site’s last administrator' );

		act( () => button( 'Remove 3 memberships' ).click() );
		await waitUntil( () =>
			text().includes( 'Done: removed 3 memberships' )
		);

		expect(
			calls
				.filter( ( call ) => call.method === 'POST' )
				.map( ( call ) => `${ call.method } ${ call.path }` )
		).toEqual( [
			`POST ${ JOBS }`,
			`POST ${ JOBS }/12/step`,
			`POST ${ JOBS }/12/start`,
			`POST ${ JOBS }/12/step`,
		] );
	} );

	it( 'asks who inherits the content before a preview when it is to be handed over', async () => {
		const calls = fakeServer( {
			[ `GET ${ JOBS }?per_page=20` ]: [ [] ],
			[ `GET ${ peoplePath( 'network', '', [ 4 ] ) }` ]: [ [] ],
		} );
		render( {
			user: null,
			users: [ 4 ],
			action: 'remove-all',
			activityUrl: '',
		} );
		await waitUntil( () => text().includes( 'People chosen' ) );

		const handOver = [
			...container.querySelectorAll< HTMLInputElement >(
				'input[type="radio"]'
			),
		].find( ( input ) => input.value === 'one' );
		act( () => handOver?.click() );
		act( () =>
			button( 'Preview', card( 'Remove from all sites' ) ).click()
		);

		expect( text() ).toContain(
			'Choose who inherits their posts and pages, or keep them attributed.'
		);
		expect( text() ).toContain( 'Who inherits them' );
		expect( calls.filter( ( call ) => call.method === 'POST' ) ).toEqual(
			[]
		);
	} );
} );

describe( 'People: the sites of one person', () => {
	const sites: PersonSite[] = [
		{
			id: 3,
			name: 'Marketing',
			url: 'http://localhost/marketing/',
			roles: [ 'author' ],
			isLastAdministrator: false,
		},
		{
			id: 5,
			name: 'Library',
			url: 'http://localhost/library/',
			roles: [ 'administrator' ],
			isLastAdministrator: true,
		},
	];

	it( 'lists their sites with their roles, and changes the role on the sites selected', async () => {
		const calls = fakeServer( {
			[ `GET ${ JOBS }?per_page=20` ]: [ [] ],
			[ `GET ${ peoplePath( 'network', '', [ 7 ] ) }` ]: [
				[ { id: 7, name: 'Maria Garcia', username: 'maria' } ],
			],
			'GET /wpm-user-sync/v1/people/7/sites?page=1&per_page=20': [
				fakeResponse( sites, {
					'X-WP-Total': '2',
					'X-WP-TotalPages': '1',
				} ),
			],
			'GET /wpm-user-sync/v1/roles': [
				[
					{ slug: 'editor', name: 'Editor' },
					{ slug: 'author', name: 'Author' },
				],
			],
			[ `POST ${ JOBS }` ]: [
				{ ...makeJob(), type: 'add_to_sites', users: [ 7 ] },
			],
			[ `POST ${ JOBS }/12/step` ]: [
				{
					...readyJob(),
					type: 'add_to_sites',
					users: [ 7 ],
					role: 'editor',
				},
			],
		} );
		render( { user: 7, users: [], action: null, activityUrl: '/act' } );
		await waitUntil( () => text().includes( 'Page 1 of 1 (2 sites)' ) );

		expect( text() ).toContain( 'Sites of Maria Garcia (maria)' );
		const rows = [ ...container.querySelectorAll( 'tbody tr' ) ].map(
			( row ) => row.textContent
		);
		expect( rows[ 0 ] ).toContain( 'Marketing' );
		expect( rows[ 0 ] ).toContain( 'author' );
		expect( rows[ 1 ] ).toContain(
			'The site’s last administrator: not removed from it'
		);
		expect(
			container.querySelector( 'a[href="/act?user=7"]' )?.textContent
		).toBe( 'Their activity' );

		const marketing = container.querySelector< HTMLInputElement >(
			'input[aria-label="Select Marketing"]'
		);
		act( () => marketing?.click() );
		const change = card( 'Change their role' );
		const role = change.querySelector( 'select' )!;
		await waitUntil( () => role.options.length === 3 );
		act( () => {
			role.value = 'editor';
			role.dispatchEvent( new Event( 'change', { bubbles: true } ) );
		} );
		act( () => button( 'Preview', change ).click() );
		await waitUntil( () =>
			text().includes( 'Add or change 12 memberships' )
		);
		expect( text() ).toContain(
			'people who are not members yet join as editor, members get editor.'
		);

		expect(
			calls.find( ( call ) => call.method === 'POST' )?.data
		).toEqual( {
			type: 'add_to_sites',
			users: [ 7 ],
			kind: 'sites',
			sites: [ 3 ],
			role: 'editor',
		} );
	} );
} );
