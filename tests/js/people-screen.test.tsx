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

// jsdom lays nothing out, so it has no scrollIntoView; the pickers' lists call it.
Element.prototype.scrollIntoView = () => undefined;

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
 * Picks a radio button by its value.
 *
 * @param value  The option's value.
 * @param within Where to look.
 */
function radio( value: string, within: ParentNode = container ) {
	return [
		...within.querySelectorAll< HTMLInputElement >( 'input[type="radio"]' ),
	].find( ( input ) => input.value === value );
}

/**
 * The field labelled so, as a person finds it.
 *
 * @param label  The label's text.
 * @param within Where to look.
 */
function field( label: string, within: ParentNode = container ) {
	const found = [ ...within.querySelectorAll( 'label' ) ].find(
		( element ) => element.textContent === label
	);
	const input = found?.htmlFor
		? document.getElementById( found.htmlFor )
		: null;
	if ( ! ( input instanceof HTMLInputElement ) ) {
		throw new Error( `No field “${ label }”.` );
	}
	return input;
}

/**
 * Types into a person picker and chooses a person it finds, as a person would.
 *
 * @param input  The picker's field.
 * @param typed  What is typed.
 * @param option The label of the person to choose.
 */
async function choosePerson(
	input: HTMLInputElement,
	typed: string,
	option: string
) {
	act( () => {
		input.focus();
		Object.getOwnPropertyDescriptor(
			HTMLInputElement.prototype,
			'value'
		)?.set?.call( input, typed );
		input.dispatchEvent( new Event( 'input', { bubbles: true } ) );
	} );
	// The picker waits for a pause in the typing before it searches.
	await act( () => new Promise( ( resolve ) => setTimeout( resolve, 350 ) ) );
	const options = () => [
		...document.querySelectorAll< HTMLElement >( '[role="option"]' ),
	];
	await waitUntil( () =>
		options().some( ( element ) => element.textContent === option )
	);
	act( () =>
		options()
			.find( ( element ) => element.textContent === option )
			?.click()
	);
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

/** The sites a person belongs to, as the server lists them. */
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

/**
 * A search of the people that finds Mike, who inherits content (new each time:
 * the fake server uses its answers up).
 */
function findMike() {
	return {
		[ `GET ${ peoplePath( 'network', 'mi' ) }` ]: [
			[ { id: 8, name: 'Mike', username: 'mike' } ],
		],
	};
}

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
			canChange: true,
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
			canChange: true,
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

	it( 'hands the content on each site of the one person offboarded to the person chosen there, leaving out the sites left empty', async () => {
		const calls = fakeServer( {
			[ `GET ${ JOBS }?per_page=20` ]: [ [], [] ],
			[ `GET ${ peoplePath( 'network', '', [ 4 ] ) }` ]: [
				[ { id: 4, name: 'Ana', username: 'ana' } ],
			],
			'GET /wpm-user-sync/v1/people/4/sites?page=1&per_page=100': [
				fakeResponse( sites, {
					'X-WP-Total': '150',
					'X-WP-TotalPages': '2',
				} ),
			],
			...findMike(),
			[ `POST ${ JOBS }` ]: [ offboarding( makeJob() ) ],
			[ `POST ${ JOBS }/12/step` ]: [ offboardPreview ],
		} );
		render( {
			user: null,
			users: [ 4 ],
			action: 'remove-all',
			activityUrl: '',
			canChange: true,
		} );
		await waitUntil( () => text().includes( 'People chosen: Ana (ana).' ) );
		const offboard = card( 'Remove from all sites' );

		act( () => radio( 'per-site', offboard )?.click() );
		await waitUntil( () =>
			text().includes( 'Who inherits them on each site' )
		);
		expect( text() ).toContain(
			'150 sites; only the first 2 are listed here. On the others, the content stays attributed to the people removed.'
		);
		field( 'Marketing', offboard );

		act( () => button( 'Preview', offboard ).click() );
		expect( text() ).toContain(
			'Choose who inherits their posts and pages on at least one site, or keep them attributed.'
		);
		expect( calls.filter( ( call ) => call.method === 'POST' ) ).toEqual(
			[]
		);

		await choosePerson( field( 'Library', offboard ), 'mi', 'Mike (mike)' );
		act( () => button( 'Preview', offboard ).click() );
		await waitUntil( () => text().includes( 'Remove 3 memberships' ) );

		expect(
			calls.find( ( call ) => call.method === 'POST' )?.data
		).toEqual( {
			type: 'remove_from_sites',
			users: [ 4 ],
			kind: 'network',
			reassign: { perSite: { 5: 8 } },
		} );
	} );

	it( 'offers one person or none, not a person per site, when several people are offboarded, and says why', async () => {
		fakeServer( {
			[ `GET ${ JOBS }?per_page=20` ]: [ [] ],
			[ `GET ${ peoplePath( 'network', '', [ 4, 5 ] ) }` ]: [ [] ],
		} );
		render( {
			user: null,
			users: [ 4, 5 ],
			action: 'remove-all',
			activityUrl: '',
			canChange: true,
		} );
		await waitUntil( () => text().includes( 'People chosen' ) );

		const offboard = card( 'Remove from all sites' );
		expect(
			[
				...offboard.querySelectorAll< HTMLInputElement >(
					'input[type="radio"]'
				),
			].map( ( input ) => input.value )
		).toEqual( [ 'keep', 'one' ] );
		expect( offboard.textContent ).toContain(
			'A person for each site can be chosen when one person is removed from all their sites; the people chosen here belong to different sites.'
		);
	} );
} );

describe( 'People: the sites of one person', () => {
	/**
	 * What the screen of Maria (user 7) reads as it opens: the jobs, her name,
	 * her sites and the roles.
	 */
	function mariasScreen() {
		return {
			// Read again when a job's status changes.
			[ `GET ${ JOBS }?per_page=20` ]: [ [], [] ],
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
		};
	}

	it( 'shows someone who manages users without being a super admin the sites, and no action', async () => {
		fakeServer( mariasScreen() );
		render( {
			user: 7,
			users: [],
			action: null,
			activityUrl: '/act',
			canChange: false,
		} );
		await waitUntil( () => text().includes( 'Page 1 of 1 (2 sites)' ) );

		expect( text() ).toContain( 'Sites of Maria Garcia (maria)' );
		expect( text() ).toContain(
			'Only super admins can add people to sites, change their roles there or remove them.'
		);
		expect( text() ).not.toContain( 'Change their role' );
		expect( text() ).not.toContain( 'Remove from all sites' );
		expect(
			[ ...container.querySelectorAll( 'button' ) ].map(
				( element ) => element.textContent
			)
		).not.toContain( 'Preview' );
	} );

	it( 'lists their sites with their roles, and changes the role on the sites selected', async () => {
		const calls = fakeServer( {
			...mariasScreen(),
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
		render( {
			user: 7,
			users: [],
			action: null,
			activityUrl: '/act',
			canChange: true,
		} );
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

	it( 'removes from the sites selected, each with the heir chosen for it, only for the sites still selected', async () => {
		const calls = fakeServer( {
			...mariasScreen(),
			...findMike(),
			[ `GET ${ peoplePath( 'network', 'ju' ) }` ]: [
				[ { id: 9, name: 'Julia', username: 'julia' } ],
			],
			[ `POST ${ JOBS }` ]: [
				{ ...makeJob(), type: 'remove_from_sites', users: [ 7 ] },
			],
			[ `POST ${ JOBS }/12/step` ]: [
				{ ...readyJob(), type: 'remove_from_sites', users: [ 7 ] },
			],
		} );
		render( {
			user: 7,
			users: [],
			action: null,
			activityUrl: '/act',
			canChange: true,
		} );
		await waitUntil( () => text().includes( 'Page 1 of 1 (2 sites)' ) );

		const select = ( name: string ) =>
			act( () =>
				container
					.querySelector< HTMLInputElement >(
						`input[aria-label="Select ${ name }"]`
					)
					?.click()
			);
		select( 'Marketing' );
		select( 'Library' );
		const remove = card( 'Remove from sites' );
		act( () => radio( 'per-site', remove )?.click() );

		await choosePerson(
			field( 'Marketing', remove ),
			'ju',
			'Julia (julia)'
		);
		await choosePerson( field( 'Library', remove ), 'mi', 'Mike (mike)' );
		select( 'Marketing' );
		expect( () => field( 'Marketing', remove ) ).toThrow();

		act( () => button( 'Preview', remove ).click() );
		await waitUntil( () => text().includes( 'Remove 12 memberships' ) );
		expect(
			calls.find( ( call ) => call.method === 'POST' )?.data
		).toEqual( {
			type: 'remove_from_sites',
			users: [ 7 ],
			kind: 'sites',
			sites: [ 5 ],
			reassign: { perSite: { 5: 8 } },
		} );
	} );
} );
