/**
 * Internal dependencies
 */
import { errorMessage, isRestError } from '../../src/shared/api-error';

describe( 'errorMessage', () => {
	it( 'explains that the server could not be reached when the request never arrived', () => {
		expect(
			errorMessage( {
				code: 'fetch_error',
				message: 'You are probably offline.',
			} )
		).toBe(
			'The server could not be reached. Check your connection and try again.'
		);
	} );

	it( 'points at the server log when the answer is not JSON', () => {
		expect(
			errorMessage( {
				code: 'invalid_json',
				message: 'The response is not a valid JSON response.',
			} )
		).toContain( 'error log' );
	} );

	it( 'asks to reload when the session has expired', () => {
		expect(
			errorMessage( {
				code: 'rest_cookie_invalid_nonce',
				message: 'Cookie check failed',
				data: { status: 403 },
			} )
		).toContain( 'Reload the page' );
	} );

	it( 'lists what the server said about each invalid value', () => {
		expect(
			errorMessage( {
				code: 'rest_invalid_param',
				message: 'Invalid parameter(s): newUserSync',
				data: {
					status: 400,
					params: {
						newUserSync: 'newUserSync is not of type boolean.',
					},
				},
			} )
		).toBe(
			'Some values were not accepted: newUserSync is not of type boolean.'
		);
	} );

	it( 'falls back to the server message for invalid values without details', () => {
		expect(
			errorMessage( {
				code: 'rest_invalid_param',
				message: 'Invalid parameter(s): newUserSync',
				data: { status: 400 },
			} )
		).toBe( 'Invalid parameter(s): newUserSync' );
	} );

	it( 'says the action is not allowed on 401 and 403, with the server’s reason', () => {
		expect(
			errorMessage( {
				code: 'wpmus_forbidden',
				message: 'Only network administrators may change this.',
				data: { status: 403 },
			} )
		).toBe(
			'You are not allowed to do this. Only network administrators may change this.'
		);
	} );

	it( 'passes other server messages through', () => {
		expect(
			errorMessage( {
				code: 'wpmus_unknown_setting',
				message: 'Unknown setting: foo.',
				data: { status: 400 },
			} )
		).toBe( 'Unknown setting: foo.' );
	} );

	it( 'has a generic message for anything that is not a REST error', () => {
		expect( errorMessage( new TypeError( 'boom' ) ) ).toBe(
			'Something went wrong. Reload the page and try again.'
		);
		expect( errorMessage( undefined ) ).toBe(
			'Something went wrong. Reload the page and try again.'
		);
	} );
} );

describe( 'isRestError', () => {
	it( 'recognises the REST error shape only', () => {
		expect( isRestError( { code: 'x', message: 'y' } ) ).toBe( true );
		expect( isRestError( { code: 'x' } ) ).toBe( false );
		expect( isRestError( null ) ).toBe( false );
		expect( isRestError( 'x' ) ).toBe( false );
	} );
} );
