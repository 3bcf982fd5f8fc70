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

	switch ( error.code ) {
		case 'fetch_error':
			return __(
				'The server could not be reached. Check your connection and try again.',
				'wpm-user-sync'
			);
		case 'invalid_json':
			return __(
				'The server sent an answer that is not valid. A PHP error or another plugin may be interfering; check the server’s error log.',
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
	return error.message;
}
