/**
 * WordPress dependencies
 */
import { useCallback, useEffect, useState } from '@wordpress/element';

/**
 * Internal dependencies
 */
import { fetchSettings, saveSettings } from './api';
import type { SettingName, Settings } from './types';

interface UseSettings {
	/** The settings as edited on screen; null until loaded. */
	settings: Settings | null;
	loadError: string | null;
	saveError: string | null;
	isSaving: boolean;
	change: < Name extends SettingName >(
		name: Name,
		value: Settings[ Name ]
	) => void;
	/** Resolves to true when the server stored the settings. */
	save: () => Promise< boolean >;
}

export function useSettings(): UseSettings {
	const [ settings, setSettings ] = useState< Settings | null >( null );
	const [ loadError, setLoadError ] = useState< string | null >( null );
	const [ saveError, setSaveError ] = useState< string | null >( null );
	const [ isSaving, setIsSaving ] = useState( false );

	useEffect( () => {
		fetchSettings().then( setSettings, ( error: Error ) =>
			setLoadError( error.message )
		);
	}, [] );

	const change = useCallback(
		< Name extends SettingName >( name: Name, value: Settings[ Name ] ) => {
			setSettings( ( current ) =>
				current ? { ...current, [ name ]: value } : current
			);
		},
		[]
	);

	const save = useCallback( async () => {
		if ( ! settings ) {
			return false;
		}
		setIsSaving( true );
		setSaveError( null );
		try {
			setSettings( await saveSettings( settings ) );
			return true;
		} catch ( error ) {
			setSaveError( ( error as Error ).message );
			return false;
		} finally {
			setIsSaving( false );
		}
	}, [ settings ] );

	return { settings, loadError, saveError, isSaving, change, save };
}
