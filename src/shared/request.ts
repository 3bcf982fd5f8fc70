/**
 * WordPress dependencies
 */
import apiFetch, { type APIFetchOptions } from '@wordpress/api-fetch';

/**
 * Internal dependencies
 */
import {
	errorMessage,
	isRestError,
	isTransient,
	outageMessage,
} from './api-error';

/**
 * A failed request, with a message fit to show as it is.
 */
export class ApiError extends Error {
	readonly code: string;
	/** The HTTP status, when the server answered. */
	readonly status: number | null;
	/** Whether the failure should pass by itself (the server or its database is away). */
	readonly transient: boolean;
	/** For a transient failure: what is wrong, in one sentence, without advice. */
	readonly outage: string | null;

	constructor( cause: unknown ) {
		super( errorMessage( cause ) );
		this.name = 'ApiError';
		this.code =
			typeof cause === 'object' && cause !== null && 'code' in cause
				? String( ( cause as { code: unknown } ).code )
				: 'unknown';
		const status = isRestError( cause ) ? cause.data?.status : undefined;
		this.status = typeof status === 'number' ? status : null;
		this.transient = isTransient( cause );
		this.outage = this.transient ? outageMessage( cause ) : null;
	}
}

/**
 * A request whose answer is the parsed body; a failure becomes an `ApiError`.
 *
 * @param options Request options.
 */
export async function request< T >(
	options: APIFetchOptions< true >
): Promise< T > {
	try {
		return await apiFetch< T >( options );
	} catch ( cause ) {
		throw new ApiError( cause );
	}
}

function isResponse( value: unknown ): value is Response {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof ( value as Response ).json === 'function' &&
		typeof ( value as Response ).status === 'number'
	);
}

/**
 * Reads a JSON body, reporting a body that is not JSON as `apiFetch` would.
 *
 * @param response The response.
 */
export async function json( response: Response ): Promise< unknown > {
	try {
		return await response.json();
	} catch {
		return { code: 'invalid_json', message: '' };
	}
}

/**
 * A request whose response headers matter too. Unparsed, `apiFetch` rejects
 * with the failed response itself, whose body holds the REST error.
 *
 * @param options Request options.
 */
export async function requestResponse(
	options: APIFetchOptions< false >
): Promise< Response > {
	try {
		return await apiFetch< Response, false >( options );
	} catch ( cause ) {
		throw new ApiError( isResponse( cause ) ? await json( cause ) : cause );
	}
}

/**
 * The REST nonce of the page, as core gave it to `wp-api-fetch` (and keeps it
 * fresh after a new login), for the links that must carry it, e.g. a download.
 *
 * @since 2.1.0
 */
export function restNonce(): string {
	const middleware = (
		apiFetch as unknown as { nonceMiddleware?: { nonce?: unknown } }
	 ).nonceMiddleware;
	return typeof middleware?.nonce === 'string' ? middleware.nonce : '';
}
