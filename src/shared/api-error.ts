/**
 * WordPress dependencies
 */
import { __, sprintf } from '@wordpress/i18n';

/**
 * The shape in which the REST API and `apiFetch` report errors.
 */
export interface RestError {
	code: string;
	message: string;
	data?: {
		status?: number;
		params?: Record< string, string >;
	} | null;
}

export function isRestError( error: unknown ): error is RestError {
	return (
		typeof error === 'object' &&
		error !== null &&
		typeof ( error as RestError ).code === 'string' &&
		typeof ( error as RestError ).message === 'string'
	);
}

/**
 * The text of a message that may be HTML (wp_die() messages are), decoded once.
 *
 * @param html The message.
 */
export function plainText( html: string ): string {
	// Blocks and line breaks part words, as on the page.
	const spaced = html.replace(
		/<\/(?:p|h[1-6]|div|li)>|<br\s*\/?>/gi,
		'$& '
	);
	let text;
	if ( typeof DOMParser !== 'undefined' ) {
		// A parsed, unattached document runs no script and loads nothing.
		text =
			new DOMParser().parseFromString( spaced, 'text/html' ).body
				.textContent ?? '';
	} else {
		text = spaced.replace( /<[^>]*>/g, ' ' );
	}
	return text.replace( /\s+/g, ' ' ).trim();
}

/**
 * Whether the server stopped in wp_die() before the REST API answered.
 *
 * With MariaDB stopped, WordPress dies while connecting (dead_db()). For a request
 * that accepts JSON, as apiFetch's do, wp_die() answers
 * `500 {"code":"wp_die","message":"<h1>Error establishing a database connection</h1>"}`
 * (measured on WordPress 7.1 and 6.8). Without a JSON Accept header, or with a
 * `db-error.php` drop-in, the answer is an HTML page, which apiFetch reports as
 * `invalid_json`.
 *
 * @param error The error.
 */
function isWpDie( error: RestError ): boolean {
	return error.code === 'wp_die';
}

/**
 * Whether a wp_die() answer is WordPress's "Error establishing a database
 * connection". The message is in the site's language; in another one the
 * screen says what the server said instead.
 *
 * @param error The error.
 */
function isDatabaseDown( error: RestError ): boolean {
	return (
		isWpDie( error ) && /\bdatabase\b/i.test( plainText( error.message ) )
	);
}

/**
 * Whether a failure should pass by itself: the server or its database is away for
 * a moment (down, restarting, a batch killed mid-way), so asking again later works.
 * Refusals (4xx) and answers of the plugin are not: asking again changes nothing.
 *
 * @param error What `apiFetch` rejected with.
 */
export function isTransient( error: unknown ): boolean {
	if ( ! isRestError( error ) ) {
		return false;
	}
	if (
		error.code === 'fetch_error' ||
		error.code === 'invalid_json' ||
		isWpDie( error )
	) {
		return true;
	}
	const status = error.data?.status;
	return typeof status === 'number' && status >= 500;
}

/**
 * What is wrong with the server, in one sentence, for a failure that should pass
 * (see isTransient()). The caller says what happens meanwhile.
 *
 * @param error What `apiFetch` rejected with.
 */
export function outageMessage( error: unknown ): string {
	if ( isRestError( error ) ) {
		if ( isDatabaseDown( error ) ) {
			return __(
				'The server cannot reach its database right now.',
				'wpm-user-sync'
			);
		}
		if ( isWpDie( error ) ) {
			const said = plainText( error.message );
			return said
				? sprintf(
						/* translators: %s: What WordPress said, e.g. "Error establishing a database connection". */
						__(
							'The server stopped before answering: %s',
							'wpm-user-sync'
						),
						said
					)
				: __( 'The server stopped before answering.', 'wpm-user-sync' );
		}
		switch ( error.code ) {
			case 'fetch_error':
				return __(
					'The server could not be reached.',
					'wpm-user-sync'
				);
			case 'invalid_json':
				return __(
					'The server answered with an error page instead of data: it may not reach its database right now, or PHP stopped.',
					'wpm-user-sync'
				);
		}
		const said = plainText( error.message );
		if ( said ) {
			return said;
		}
	}
	return __( 'The server had an error.', 'wpm-user-sync' );
}

/**
 * Turns whatever a failed request rejected with into a sentence a network
 * administrator can act on.
 *
 * @param error What `apiFetch` rejected with.
 */
export function errorMessage( error: unknown ): string {
	if ( ! isRestError( error ) ) {
		return __(
			'Something went wrong. Reload the page and try again.',
			'wpm-user-sync'
		);
	}

	if ( isWpDie( error ) ) {
		return sprintf(
			/* translators: %s: What is wrong with the server, e.g. "The server cannot reach its database right now." */
			__( '%s Try again in a moment.', 'wpm-user-sync' ),
			outageMessage( error )
		);
	}

	switch ( error.code ) {
		case 'fetch_error':
			return __(
				'The server could not be reached. Check your connection and try again.',
				'wpm-user-sync'
			);
		case 'invalid_json':
			return __(
				'The server sent an answer that is not valid: it may not reach its database right now, or a PHP error or another plugin is interfering. Try again in a moment; if it persists, check the server’s error log.',
				'wpm-user-sync'
			);
		case 'rest_cookie_invalid_nonce':
			return __(
				'Your session has expired. Reload the page, log in again if asked, and retry.',
				'wpm-user-sync'
			);
		case 'rest_invalid_param': {
			const details = Object.values( error.data?.params ?? {} );
			return details.length > 0
				? sprintf(
						/* translators: %s: The server's description of the invalid values. */
						__(
							'Some values were not accepted: %s',
							'wpm-user-sync'
						),
						details.join( ' ' )
					)
				: error.message;
		}
	}

	if ( error.data?.status === 401 || error.data?.status === 403 ) {
		return sprintf(
			/* translators: %s: The server's explanation. */
			__( 'You are not allowed to do this. %s', 'wpm-user-sync' ),
			error.message
		);
	}
	// Server errors (a PHP fatal error's wp_die(), for one) may carry HTML.
	if ( ( error.data?.status ?? 0 ) >= 500 ) {
		return outageMessage( error );
	}
	return error.message;
}
