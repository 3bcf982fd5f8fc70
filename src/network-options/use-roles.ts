/**
 * WordPress dependencies
 */
import { useEffect, useState } from '@wordpress/element';

/**
 * Internal dependencies
 */
import { fetchRoles } from './api';
import type { Role } from './types';

interface UseRoles {
	/** The main site's roles; null until loaded. */
	roles: Role[] | null;
	error: string | null;
}

/**
 * The roles the settings may name (preloaded with the screen).
 */
export function useRoles(): UseRoles {
	const [ roles, setRoles ] = useState< Role[] | null >( null );
	const [ error, setError ] = useState< string | null >( null );

	useEffect( () => {
		let current = true;
		fetchRoles().then(
			( loaded ) => current && setRoles( loaded ),
			( failure: Error ) => current && setError( failure.message )
		);
		return () => {
			current = false;
		};
	}, [] );

	return { roles, error };
}
