/**
 * WordPress dependencies
 */
import apiFetch from '@wordpress/api-fetch';

/**
 * Internal dependencies
 */
import {
	ApiError,
	fetchSettings,
	saveSettings,
	SETTINGS_PATH,
} from '../../src/network-options/api';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

const mockedApiFetch = apiFetch as unknown as jest.Mock;

const settings = { newSiteSync: true, newUserSync: false, roleSync: true };

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
