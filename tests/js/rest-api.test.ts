/**
 * WordPress dependencies
 */
import apiFetch from '@wordpress/api-fetch';

/**
 * Internal dependencies
 */
import { ApiError } from '../../src/shared/request';
import { fetchRoles, ROLES_PATH } from '../../src/shared/roles';
import {
	fetchSettings,
	saveSettings,
	SETTINGS_PATH,
	type Settings,
} from '../../src/shared/settings';
import {
	chunk,
	fetchSites,
	fetchSitesById,
	parseSearchFields,
	SITES_PATH,
	sitesPath,
} from '../../src/shared/sites/api';
import { fakeResponse, makeSite } from './fixtures';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

const mockedApiFetch = apiFetch as unknown as jest.Mock;

const settings: Settings = {
	newSiteSync: true,
	newUserSync: false,
	roleSync: true,
	includeSuperAdmins: false,
	allowSiteSync: true,
	excludedSites: [ 3 ],
	neverReplicatedRoles: [ 'administrator' ],
	privilegedDefaultRoles: false,
	activityRetentionDays: 90,
	reconcile: 'never',
};

describe( 'settings API', () => {
	beforeEach( () => mockedApiFetch.mockReset() );

	it( 'reads the settings from the REST route', async () => {
		mockedApiFetch.mockResolvedValue( settings );

		await expect( fetchSettings() ).resolves.toEqual( settings );
		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/wpm-user-sync/v1/settings',
		} );
	} );

	it( 'saves with PUT and returns what the server stored', async () => {
		mockedApiFetch.mockResolvedValue( settings );

		await expect( saveSettings( { roleSync: true } ) ).resolves.toEqual(
			settings
		);
		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: SETTINGS_PATH,
			method: 'PUT',
			data: { roleSync: true },
		} );
	} );

	it( 'sends every setting, lists included, in one PUT', async () => {
		mockedApiFetch.mockResolvedValue( settings );

		await saveSettings( settings );

		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: SETTINGS_PATH,
			method: 'PUT',
			data: settings,
		} );
	} );

	it( 'turns a refusal into an ApiError with a readable message and the server code', async () => {
		mockedApiFetch.mockRejectedValue( {
			code: 'wpmus_forbidden',
			message:
				'Sorry, only network administrators may view or change the WPM User Sync settings.',
			data: { status: 403 },
		} );

		const error = await saveSettings( { newUserSync: true } ).catch(
			( caught: unknown ) => caught
		);

		expect( error ).toBeInstanceOf( ApiError );
		expect( ( error as ApiError ).code ).toBe( 'wpmus_forbidden' );
		expect( ( error as ApiError ).message ).toBe(
			'You are not allowed to do this. Sorry, only network administrators may view or change the WPM User Sync settings.'
		);
	} );

	it( 'turns a network failure into an ApiError that says so', async () => {
		mockedApiFetch.mockRejectedValue( {
			code: 'fetch_error',
			message: 'You are probably offline.',
		} );

		await expect( fetchSettings() ).rejects.toMatchObject( {
			code: 'fetch_error',
			message:
				'The server could not be reached. Check your connection and try again.',
		} );
	} );
} );

const marketing = makeSite( 3, 'Marketing' );

describe( 'roles API', () => {
	beforeEach( () => mockedApiFetch.mockReset() );

	it( 'reads the main site’s roles from the REST route', async () => {
		const roles = [ { slug: 'editor', name: 'Editor' } ];
		mockedApiFetch.mockResolvedValue( roles );

		await expect( fetchRoles() ).resolves.toEqual( roles );
		expect( mockedApiFetch ).toHaveBeenCalledWith( { path: ROLES_PATH } );
		expect( ROLES_PATH ).toBe( '/wpm-user-sync/v1/roles' );
	} );

	it( 'turns a refusal into an ApiError', async () => {
		mockedApiFetch.mockRejectedValue( {
			code: 'wpmus_forbidden',
			message: 'Only network administrators.',
			data: { status: 401 },
		} );

		await expect( fetchRoles() ).rejects.toMatchObject( {
			code: 'wpmus_forbidden',
			message:
				'You are not allowed to do this. Only network administrators.',
		} );
	} );
} );

describe( 'sitesPath', () => {
	it( 'is the bare route when nothing is asked for', () => {
		expect( sitesPath( {} ) ).toBe( '/wpm-user-sync/v1/sites' );
	} );

	it( 'names the search, page, page size and IDs in the REST API’s terms', () => {
		expect(
			sitesPath( {
				search: ' market ',
				page: 2,
				perPage: 20,
				include: [ 3, 7 ],
			} )
		).toBe(
			'/wpm-user-sync/v1/sites?search=market&page=2&per_page=20&include=3%2C7'
		);
	} );

	it( 'leaves out an empty search and an empty list of IDs', () => {
		expect( sitesPath( { search: '  ', include: [] } ) ).toBe( SITES_PATH );
	} );
} );

describe( 'parseSearchFields', () => {
	it( 'reads the fields the server searched', () => {
		expect( parseSearchFields( 'domain,path' ) ).toEqual( [
			'domain',
			'path',
		] );
		expect( parseSearchFields( 'name, domain ,path' ) ).toEqual( [
			'domain',
			'path',
			'name',
		] );
	} );

	it( 'ignores fields it does not know', () => {
		expect( parseSearchFields( 'domain,colour' ) ).toEqual( [ 'domain' ] );
	} );

	it( 'assumes the documented fields when the header is missing', () => {
		expect( parseSearchFields( null ) ).toEqual( [
			'domain',
			'path',
			'name',
		] );
	} );
} );

describe( 'fetchSites', () => {
	beforeEach( () => mockedApiFetch.mockReset() );

	it( 'returns the sites with the totals and search fields from the headers', async () => {
		mockedApiFetch.mockResolvedValue(
			fakeResponse( [ marketing ], {
				'X-WP-Total': '41',
				'X-WP-TotalPages': '3',
				'X-WPMUS-Search-Fields': 'domain,path',
			} )
		);

		await expect(
			fetchSites( { search: 'market', perPage: 20 } )
		).resolves.toEqual( {
			sites: [ marketing ],
			total: 41,
			totalPages: 3,
			searchFields: [ 'domain', 'path' ],
		} );
		expect( mockedApiFetch ).toHaveBeenCalledWith( {
			path: '/wpm-user-sync/v1/sites?search=market&per_page=20',
			parse: false,
		} );
	} );

	it( 'falls back to the list itself when the totals are missing', async () => {
		mockedApiFetch.mockResolvedValue( fakeResponse( [ marketing ] ) );

		await expect( fetchSites() ).resolves.toMatchObject( {
			total: 1,
			totalPages: 1,
		} );
	} );

	it( 'reads the REST error out of a failed response', async () => {
		mockedApiFetch.mockRejectedValue(
			fakeResponse(
				{
					code: 'rest_invalid_param',
					message: 'Invalid parameter(s): per_page',
					data: {
						status: 400,
						params: {
							per_page:
								'per_page must be between 1 (inclusive) and 100 (inclusive)',
						},
					},
				},
				{},
				400
			)
		);

		await expect( fetchSites( { perPage: 500 } ) ).rejects.toMatchObject( {
			code: 'rest_invalid_param',
			message:
				'Some values were not accepted: per_page must be between 1 (inclusive) and 100 (inclusive)',
		} );
	} );

	it( 'says so when a failed response is not JSON', async () => {
		mockedApiFetch.mockRejectedValue(
			fakeResponse(
				() => {
					throw new SyntaxError( 'Unexpected token <' );
				},
				{},
				500
			)
		);

		const error = await fetchSites().catch( ( caught: unknown ) => caught );

		expect( error ).toBeInstanceOf( ApiError );
		expect( ( error as ApiError ).code ).toBe( 'invalid_json' );
		expect( ( error as ApiError ).message ).toContain( 'error log' );
	} );

	it( 'says so when a successful response is not a list', async () => {
		mockedApiFetch.mockResolvedValue( fakeResponse( '<html>' ) );

		await expect( fetchSites() ).rejects.toBeInstanceOf( ApiError );
	} );

	it( 'reports a network failure in words', async () => {
		mockedApiFetch.mockRejectedValue( {
			code: 'fetch_error',
			message: 'You are probably offline.',
		} );

		await expect( fetchSites() ).rejects.toMatchObject( {
			code: 'fetch_error',
			message:
				'The server could not be reached. Check your connection and try again.',
		} );
	} );
} );

describe( 'chunk', () => {
	it( 'splits a list into runs of at most the given size', () => {
		expect( chunk( [ 1, 2, 3, 4, 5 ], 2 ) ).toEqual( [
			[ 1, 2 ],
			[ 3, 4 ],
			[ 5 ],
		] );
		expect( chunk( [], 100 ) ).toEqual( [] );
	} );
} );

describe( 'fetchSitesById', () => {
	beforeEach( () => mockedApiFetch.mockReset() );

	it( 'asks for the sites by ID, 100 per request, once per ID', async () => {
		mockedApiFetch.mockImplementation( async ( { path } ) =>
			fakeResponse(
				decodeURIComponent( path )
					.replace( /.*include=/, '' )
					.replace( /&.*/, '' )
					.split( ',' )
					.map( ( id ) => ( { ...marketing, id: Number( id ) } ) )
			)
		);
		const ids = Array.from( { length: 150 }, ( _, index ) => index + 1 );

		const sites = await fetchSitesById( [ ...ids, 1, 2 ] );

		expect( sites.map( ( site ) => site.id ) ).toEqual( ids );
		expect( mockedApiFetch ).toHaveBeenCalledTimes( 2 );
		expect( mockedApiFetch.mock.calls[ 0 ][ 0 ].path ).toContain(
			'per_page=100'
		);
	} );

	it( 'leaves out the IDs the server does not return', async () => {
		mockedApiFetch.mockResolvedValue( fakeResponse( [ marketing ] ) );

		await expect( fetchSitesById( [ 3, 999 ] ) ).resolves.toEqual( [
			marketing,
		] );
	} );

	it( 'asks nothing when there is nothing to ask for', async () => {
		await expect( fetchSitesById( [] ) ).resolves.toEqual( [] );
		expect( mockedApiFetch ).not.toHaveBeenCalled();
	} );
} );
