/**
 * WordPress dependencies
 */
import apiFetch from '@wordpress/api-fetch';

/**
 * Internal dependencies
 */
import { JOBS_PATH } from '../../src/shared/jobs/api';
import { store } from '../../src/shared/store';
import {
	fakeResponse,
	makeSettings,
	makeSite,
	readyJob,
	runningJob,
} from './fixtures';
import { deferred, fakeServer, settle, storeRegistry } from './store-helpers';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

const SETTINGS = '/wpm-user-sync/v1/settings';
const JOBS = '/wpm-user-sync/v1/jobs?per_page=20';

beforeEach( () => ( apiFetch as unknown as jest.Mock ).mockReset() );

describe( 'the settings in the store', () => {
	it( 'are read once, whichever selector asks first', async () => {
		const saved = makeSettings();
		const calls = fakeServer( { [ `GET ${ SETTINGS }` ]: [ saved ] } );
		const registry = storeRegistry();

		expect( registry.select( store ).getSavedSettings() ).toBeNull();
		await registry.resolveSelect( store ).getEditedSettings();
		await settle();

		expect( registry.select( store ).getEditedSettings() ).toEqual( saved );
		expect( registry.select( store ).getSavedSettings() ).toEqual( saved );
		expect( calls ).toEqual( [ { path: SETTINGS } ] );
	} );

	it( 'send only the settings changed, and show what the server then holds', async () => {
		const saved = makeSettings();
		const calls = fakeServer( {
			[ `GET ${ SETTINGS }` ]: [ saved ],
			// Another administrator switched newUserSync on meanwhile.
			[ `PUT ${ SETTINGS }` ]: [
				makeSettings( { roleSync: true, newUserSync: true } ),
			],
		} );
		const registry = storeRegistry();
		await registry.resolveSelect( store ).getEditedSettings();
		const { editSetting, saveSettings } = registry.dispatch( store );

		await editSetting( 'roleSync', true );
		await editSetting( 'excludedSites', [ 3, 7 ] );
		// Back to what is saved: no longer a change.
		await editSetting( 'excludedSites', [ 3 ] );

		expect( registry.select( store ).getSettingsChanges() ).toEqual( {
			roleSync: true,
		} );
		expect( registry.select( store ).getEditedSettings() ).toEqual(
			makeSettings( { roleSync: true } )
		);

		await expect( saveSettings() ).resolves.toBe( true );

		expect( calls[ 1 ] ).toEqual( {
			path: SETTINGS,
			method: 'PUT',
			data: { roleSync: true },
		} );
		expect( registry.select( store ).getSettingsChanges() ).toEqual( {} );
		expect( registry.select( store ).getEditedSettings() ).toEqual(
			makeSettings( { roleSync: true, newUserSync: true } )
		);
	} );

	it( 'keep a change made while saving', async () => {
		const answer = deferred< unknown >();
		fakeServer( {
			[ `GET ${ SETTINGS }` ]: [ makeSettings() ],
			[ `PUT ${ SETTINGS }` ]: [ answer.promise ],
		} );
		const registry = storeRegistry();
		await registry.resolveSelect( store ).getEditedSettings();
		const { editSetting, saveSettings } = registry.dispatch( store );

		await editSetting( 'roleSync', true );
		const saving = saveSettings();
		expect( registry.select( store ).isSavingSettings() ).toBe( true );
		await editSetting( 'includeSuperAdmins', true );
		answer.resolve( makeSettings( { roleSync: true } ) );
		await saving;

		expect( registry.select( store ).isSavingSettings() ).toBe( false );
		expect( registry.select( store ).getSettingsChanges() ).toEqual( {
			includeSuperAdmins: true,
		} );
		expect( registry.select( store ).getEditedSettings() ).toEqual(
			makeSettings( { roleSync: true, includeSuperAdmins: true } )
		);
	} );

	it( 'say in words why they could not be read', async () => {
		fakeServer( {
			[ `GET ${ SETTINGS }` ]: [
				{
					reject: {
						code: 'wpmus_forbidden',
						message:
							'Sorry, only network administrators may view or change the WPM User Sync settings.',
						data: { status: 403 },
					},
				},
			],
		} );
		const registry = storeRegistry();
		await registry.resolveSelect( store ).getEditedSettings();
		await settle();

		expect( registry.select( store ).getEditedSettings() ).toBeNull();
		expect( registry.select( store ).getSettingsLoadError() ).toBe(
			'You are not allowed to do this. Sorry, only network administrators may view or change the WPM User Sync settings.'
		);
	} );

	it( 'say in words why they could not be saved, keep the changes, and save them when asked again', async () => {
		const calls = fakeServer( {
			[ `GET ${ SETTINGS }` ]: [ makeSettings() ],
			[ `PUT ${ SETTINGS }` ]: [
				{
					reject: {
						code: 'rest_invalid_param',
						message: 'Invalid parameter(s): excludedSites',
						data: {
							status: 400,
							params: {
								excludedSites:
									'These sites do not exist in this network: 9.',
							},
						},
					},
				},
				makeSettings( { excludedSites: [ 3, 5 ] } ),
			],
		} );
		const registry = storeRegistry();
		await registry.resolveSelect( store ).getEditedSettings();
		const { editSetting, saveSettings } = registry.dispatch( store );

		await editSetting( 'excludedSites', [ 3, 9 ] );
		await expect( saveSettings() ).resolves.toBe( false );

		expect( registry.select( store ).getSettingsSaveError() ).toBe(
			'Some values were not accepted: These sites do not exist in this network: 9.'
		);
		expect( registry.select( store ).isSavingSettings() ).toBe( false );
		expect( registry.select( store ).getSettingsChanges() ).toEqual( {
			excludedSites: [ 3, 9 ],
		} );

		await editSetting( 'excludedSites', [ 3, 5 ] );
		await expect( saveSettings() ).resolves.toBe( true );

		expect( registry.select( store ).getSettingsSaveError() ).toBeNull();
		expect( calls.map( ( call ) => call.data ) ).toEqual( [
			undefined,
			{ excludedSites: [ 3, 9 ] },
			{ excludedSites: [ 3, 5 ] },
		] );
	} );
} );

describe( 'the roles in the store', () => {
	it( 'are read once', async () => {
		const roles = [ { slug: 'editor', name: 'Editor' } ];
		const calls = fakeServer( {
			'GET /wpm-user-sync/v1/roles': [ roles ],
		} );
		const registry = storeRegistry();

		expect( registry.select( store ).getRoles().data ).toBeNull();
		await registry.resolveSelect( store ).getRoles();
		await settle();
		registry.select( store ).getRoles();

		expect( registry.select( store ).getRoles() ).toEqual( {
			data: roles,
			error: null,
			isLoading: false,
		} );
		expect( calls ).toHaveLength( 1 );
	} );

	it( 'say in words why they could not be read', async () => {
		fakeServer( {
			'GET /wpm-user-sync/v1/roles': [
				{ reject: { code: 'fetch_error', message: 'Offline.' } },
			],
		} );
		const registry = storeRegistry();
		await registry.resolveSelect( store ).getRoles();
		await settle();

		expect( registry.select( store ).getRoles().error ).toBe(
			'The server could not be reached. Check your connection and try again.'
		);
	} );
} );

describe( 'the sites in the store', () => {
	const marketing = makeSite( 3, 'Marketing' );
	const library = makeSite( 5, 'Library' );

	it( 'keep the answer to the latest search, whichever answer comes last', async () => {
		const first = deferred< Response >();
		fakeServer( {
			'GET /wpm-user-sync/v1/sites?search=m&per_page=20': [
				first.promise,
			],
			'GET /wpm-user-sync/v1/sites?search=mar&per_page=20': [
				fakeResponse( [ marketing ], { 'X-WP-Total': '1' } ),
			],
		} );
		const registry = storeRegistry();
		const { searchSites } = registry.dispatch( store );

		const late = searchSites( 'picker', { search: 'm', perPage: 20 } );
		await searchSites( 'picker', { search: 'mar', perPage: 20 } );
		first.resolve(
			fakeResponse( [ marketing, library ], { 'X-WP-Total': '2' } )
		);
		await late;

		expect( registry.select( store ).getSiteSearch( 'picker' ) ).toEqual( {
			data: {
				sites: [ marketing ],
				total: 1,
				totalPages: 1,
				searchFields: [ 'domain', 'path', 'name' ],
			},
			error: null,
			isLoading: false,
		} );
	} );

	it( 'keep showing the sites found while searching again, and say why a search failed', async () => {
		const second = deferred< Response >();
		fakeServer( {
			'GET /wpm-user-sync/v1/sites?search=lib&per_page=20': [
				fakeResponse( [ library ] ),
				second.promise,
			],
		} );
		const registry = storeRegistry();
		const { searchSites } = registry.dispatch( store );
		await searchSites( 'picker', { search: 'lib', perPage: 20 } );

		const again = searchSites( 'picker', { search: 'lib', perPage: 20 } );
		expect( registry.select( store ).getSiteSearch( 'picker' ) ).toEqual(
			expect.objectContaining( {
				data: expect.objectContaining( { sites: [ library ] } ),
				isLoading: true,
			} )
		);
		second.resolve(
			fakeResponse( { code: 'invalid_json', message: '' }, {}, 200 )
		);
		await again;

		const search = registry.select( store ).getSiteSearch( 'picker' );
		expect( search.isLoading ).toBe( false );
		expect( search.data?.sites ).toEqual( [ library ] );
		expect( search.error ).toContain( 'not valid' );
	} );

	it( 'read the details of the sites not known yet, once each', async () => {
		const calls = fakeServer( {
			'GET /wpm-user-sync/v1/sites?per_page=100&include=3%2C999': [
				fakeResponse( [ marketing ] ),
			],
			'GET /wpm-user-sync/v1/sites?per_page=100&include=5': [
				fakeResponse( [ library ] ),
			],
		} );
		const registry = storeRegistry();

		await registry.resolveSelect( store ).getSiteDetails( [ 3, 999 ] );
		await registry.resolveSelect( store ).getSiteDetails( [ 3, 999, 5 ] );
		const details = registry
			.select( store )
			.getSiteDetails( [ 3, 999, 5 ] );

		expect( details.sites ).toEqual( { 3: marketing, 5: library } );
		expect( details.missing ).toEqual( [ 999 ] );
		expect( details.isLoading ).toBe( false );
		expect( details.error ).toBeNull();
		expect( calls ).toHaveLength( 2 );
	} );

	it( 'ask nothing for a site the screen already has', async () => {
		const calls = fakeServer( {} );
		const registry = storeRegistry();

		await registry.dispatch( store ).receiveSites( [ library ] );
		await registry.resolveSelect( store ).getSiteDetails( [ 5 ] );

		expect(
			registry.select( store ).getSiteDetails( [ 5 ] ).sites
		).toEqual( { 5: library } );
		expect( calls ).toEqual( [] );
	} );

	it( 'say why details could not be read, and ask for them again when the list changes', async () => {
		const calls = fakeServer( {
			'GET /wpm-user-sync/v1/sites?per_page=100&include=3': [
				{ reject: { code: 'fetch_error', message: 'Offline.' } },
			],
			'GET /wpm-user-sync/v1/sites?per_page=100&include=3%2C5': [
				fakeResponse( [ marketing, library ] ),
			],
		} );
		const registry = storeRegistry();

		await registry.resolveSelect( store ).getSiteDetails( [ 3 ] );
		expect( registry.select( store ).getSiteDetails( [ 3 ] ).error ).toBe(
			'The server could not be reached. Check your connection and try again.'
		);

		await registry.resolveSelect( store ).getSiteDetails( [ 3, 5 ] );
		const details = registry.select( store ).getSiteDetails( [ 3, 5 ] );
		expect( details.sites ).toEqual( { 3: marketing, 5: library } );
		expect( details.error ).toBeNull();
		expect( calls ).toHaveLength( 2 );
	} );
} );

describe( 'the lists of jobs in the store', () => {
	const flow = { base: JOBS_PATH, key: 'panel' } as const;

	it( 'are read from their route, and say in words why they could not be', async () => {
		const jobs = [ readyJob() ];
		fakeServer( {
			[ `GET ${ JOBS }` ]: [ jobs ],
			'GET /wpm-user-sync/v1/site-jobs?per_page=5': [
				{
					reject: {
						code: 'wp_die',
						message:
							'<h1>Error establishing a database connection</h1>',
						data: { status: 500 },
					},
				},
			],
		} );
		const registry = storeRegistry();

		await registry.resolveSelect( store ).getJobs( JOBS_PATH );
		await registry
			.resolveSelect( store )
			.getJobs( '/wpm-user-sync/v1/site-jobs', 5 );
		await settle();

		expect( registry.select( store ).getJobs( JOBS_PATH ).data ).toEqual(
			jobs
		);
		expect(
			registry.select( store ).getJobs( '/wpm-user-sync/v1/site-jobs', 5 )
				.error
		).toBe(
			'The server cannot reach its database right now. Try again in a moment.'
		);
	} );

	it( 'are read again when a panel’s sync changes status, and a late answer does not overwrite a newer one', async () => {
		const staleList = deferred< unknown >();
		const calls = fakeServer( {
			[ `GET ${ JOBS }` ]: [
				[],
				staleList.promise,
				[ runningJob( 4, { status: 'cancelled' } ) ],
			],
			'POST /wpm-user-sync/v1/jobs/12/cancel': [
				runningJob( 4, { status: 'cancelled' } ),
			],
		} );
		const registry = storeRegistry();
		await registry.resolveSelect( store ).getJobs( JOBS_PATH );
		await settle();
		const { resumeJob, cancelJob } = registry.dispatch( store );

		// A job shown: the list is read again (that answer comes late).
		await resumeJob( flow, runningJob( 4 ) );
		// Cancelled: read again, and this answer comes first.
		await cancelJob( flow );
		await settle();
		staleList.resolve( [ runningJob( 4 ) ] );
		await settle();

		expect(
			calls.map( ( call ) => `${ call.method ?? 'GET' } ${ call.path }` )
		).toEqual( [
			`GET ${ JOBS }`,
			`GET ${ JOBS }`,
			'POST /wpm-user-sync/v1/jobs/12/cancel',
			`GET ${ JOBS }`,
		] );
		expect(
			registry.select( store ).getJobs( JOBS_PATH ).data?.[ 0 ]?.status
		).toBe( 'cancelled' );
	} );
} );

describe( 'a panel’s sync in the store', () => {
	const flow = { base: JOBS_PATH, key: 'panel' } as const;

	it( 'drops a read of the preview that answers after the person asked for something', async () => {
		const poll = deferred< unknown >();
		fakeServer( {
			'GET /wpm-user-sync/v1/jobs/12': [ poll.promise ],
			'POST /wpm-user-sync/v1/jobs/12/start': [
				{
					reject: {
						code: 'wpmus_job_conflict',
						message: 'Another sync (#3) is running.',
						data: { status: 409 },
					},
				},
			],
		} );
		const registry = storeRegistry();
		const { resumeJob, pollJob, startJob } = registry.dispatch( store );

		await resumeJob( flow, readyJob() );
		const polled = pollJob( flow );
		await startJob( flow );
		poll.resolve( readyJob( { stale: true } ) );
		await polled;

		const state = registry.select( store ).getJobFlow( 'panel' );
		expect( state.error ).toBe( 'Another sync (#3) is running.' );
		expect( state.job?.stale ).toBe( false );
	} );

	it( 'asks for no batch while a request of the person’s is under way', async () => {
		const cancelled = deferred< unknown >();
		const calls = fakeServer( {
			'POST /wpm-user-sync/v1/jobs/12/cancel': [ cancelled.promise ],
		} );
		const registry = storeRegistry();
		const { resumeJob, cancelJob, stepJob } = registry.dispatch( store );

		await resumeJob( flow, runningJob( 4 ) );
		const cancelling = cancelJob( flow );
		await stepJob( flow );
		cancelled.resolve( runningJob( 4, { status: 'cancelled' } ) );
		await cancelling;

		expect( calls.map( ( call ) => call.path ) ).toEqual( [
			'/wpm-user-sync/v1/jobs/12/cancel',
		] );
		expect(
			registry.select( store ).getJobFlow( 'panel' ).job?.status
		).toBe( 'cancelled' );
	} );

	it( 'drops what a sync answers after the panel went back to its form', async () => {
		const created = deferred< unknown >();
		fakeServer( { 'POST /wpm-user-sync/v1/jobs': [ created.promise ] } );
		const registry = storeRegistry();
		const { createJob, resetJob } = registry.dispatch( store );

		const creating = createJob( flow, { kind: 'network' } );
		await resetJob( flow );
		created.resolve( readyJob() );
		await creating;

		expect( registry.select( store ).getJobFlow( 'panel' ).job ).toBeNull();
	} );
} );
