/**
 * Internal dependencies
 */
import {
	errorMessage,
	isRestError,
	isTransient,
	outageMessage,
	plainText,
} from '../../src/shared/api-error';

/**
 * What a REST request answers while MariaDB is stopped, as measured on WordPress
 * 7.1 and 6.8 with apiFetch's `Accept: application/json, *\/*;q=0.1`: dead_db()
 * goes through wp_die(), which answers JSON to a JSON request (status 500).
 */
const DATABASE_DOWN = {
	code: 'wp_die',
	message: '<h1>Error establishing a database connection</h1>',
	data: { status: 500 },
	additional_errors: [],
};

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

	it( 'says in words that the database is down, not WordPress’s HTML', () => {
		expect( errorMessage( DATABASE_DOWN ) ).toBe(
			'The server cannot reach its database right now. Try again in a moment.'
		);
	} );

	it( 'gives the text of another wp_die() answer, without its markup', () => {
		expect(
			errorMessage( {
				code: 'wp_die',
				message:
					'<h1>Fehler beim Aufbau einer Datenbankverbindung</h1>',
				data: { status: 500 },
			} )
		).toBe(
			'The server stopped before answering: Fehler beim Aufbau einer Datenbankverbindung Try again in a moment.'
		);
	} );

	it( 'gives the text of a PHP fatal error’s answer, without its markup', () => {
		expect(
			errorMessage( {
				code: 'internal_server_error',
				message:
					'<p>There has been a critical error on this website.</p><p><a href="https://wordpress.org/documentation/article/faq-troubleshooting/">Learn more about troubleshooting WordPress.</a></p>',
				data: { status: 500 },
			} )
		).toBe(
			'There has been a critical error on this website. Learn more about troubleshooting WordPress.'
		);
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

describe( 'isTransient and outageMessage', () => {
	it.each( [
		[
			'the database is down',
			DATABASE_DOWN,
			'The server cannot reach its database right now.',
		],
		[
			'the answer is an HTML page (a db-error.php drop-in, a proxy’s 502)',
			{
				code: 'invalid_json',
				message: 'The response is not a valid JSON response.',
			},
			'The server answered with an error page instead of data: it may not reach its database right now, or PHP stopped.',
		],
		[
			'the request never got an answer (PHP killed mid-batch, offline)',
			{ code: 'fetch_error', message: 'You are probably offline.' },
			'The server could not be reached.',
		],
		[
			'the server had an error',
			{
				code: 'internal_server_error',
				message:
					'<p>There has been a critical error on this website.</p>',
				data: { status: 500 },
			},
			'There has been a critical error on this website.',
		],
	] )(
		'retries by itself when %s, and says what is wrong',
		( _case, error, words ) => {
			expect( isTransient( error ) ).toBe( true );
			expect( outageMessage( error ) ).toBe( words );
		}
	);

	it.each( [
		[
			{
				code: 'rest_cookie_invalid_nonce',
				message: 'x',
				data: { status: 403 },
			},
		],
		[
			{
				code: 'wpmus_job_not_found',
				message: 'x',
				data: { status: 404 },
			},
		],
		[
			{
				code: 'wpmus_preview_stale',
				message: 'x',
				data: { status: 409 },
			},
		],
		[ new TypeError( 'boom' ) ],
	] )( 'waits for the person on a refusal: %j', ( error ) => {
		expect( isTransient( error ) ).toBe( false );
	} );
} );

describe( 'plainText', () => {
	it( 'decodes the HTML of a wp_die() message once', () => {
		expect(
			plainText( '<p>Tom &amp; Jerry&rsquo;s <b>site</b></p>' )
		).toBe( 'Tom & Jerry’s site' );
		expect( plainText( 'Tom &amp;amp; Jerry' ) ).toBe( 'Tom &amp; Jerry' );
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
