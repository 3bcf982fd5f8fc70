/**
 * WordPress dependencies
 */
import apiFetch, { type APIFetchOptions } from '@wordpress/api-fetch';

/**
 * Internal dependencies
 */
import { errorMessage } from '../shared/api-error';
import type { Settings } from './types';

export const SETTINGS_PATH = '/wpm-user-sync/v1/settings';

/**
 * A failed request, with a message fit to show as it is.
 */
export class ApiError extends Error {
	readonly code: string;

	constructor( cause: unknown ) {
		super( errorMessage( cause ) );
		this.name = 'ApiError';
		this.code =
			typeof cause === 'object' && cause !== null && 'code' in cause
				? String( ( cause as { code: unknown } ).code )
				: 'unknown';
	}
}

async function request< T >( options: APIFetchOptions< true > ): Promise< T > {
	try {
		return await apiFetch< T >( options );
	} catch ( cause ) {
		throw new ApiError( cause );
	}
}

export function fetchSettings(): Promise< Settings > {
	return request< Settings >( { path: SETTINGS_PATH } );
}

export function saveSettings(
	changes: Partial< Settings >
): Promise< Settings > {
	return request< Settings >( {
		path: SETTINGS_PATH,
		method: 'PUT',
		data: changes,
	} );
}
