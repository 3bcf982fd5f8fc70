/**
 * WordPress dependencies
 */
import { useEffect, useState } from '@wordpress/element';

/**
 * Internal dependencies
 */
import { fetchSettings, type Settings } from '../shared/settings';

interface UseSettingsOnce {
	settings: Settings | null;
	error: string | null;
}

/**
 * The network settings, read once (preloaded with the screen).
 */
export function useSettingsOnce(): UseSettingsOnce {
	const [ settings, setSettings ] = useState< Settings | null >( null );
	const [ error, setError ] = useState< string | null >( null );

	useEffect( () => {
		let current = true;
		fetchSettings().then(
			( loaded ) => current && setSettings( loaded ),
			( failure: Error ) => current && setError( failure.message )
		);
		return () => {
			current = false;
		};
	}, [] );

	return { settings, error };
}
