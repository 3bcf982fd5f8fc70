/**
 * WordPress dependencies
 */
import { Button, Notice, SnackbarList, Spinner } from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import type { FormEvent } from 'react';
import { __ } from '@wordpress/i18n';
import { store as noticesStore } from '@wordpress/notices';

/**
 * Internal dependencies
 */
import { store } from '../shared/store';
import { ActivityCard } from './activity-card';
import { ReconcileCard } from './reconcile-card';
import { TriggersCard } from './triggers-card';
import { WhoIsSyncedCard } from './who-is-synced-card';

function Snackbars() {
	const notices = useSelect(
		( select ) =>
			select( noticesStore )
				.getNotices()
				.filter( ( notice ) => notice.type === 'snackbar' ),
		[]
	);
	const { removeNotice } = useDispatch( noticesStore );
	return (
		<SnackbarList
			className="wpmus-snackbars"
			notices={ notices }
			onRemove={ removeNotice }
		/>
	);
}

export function App() {
	const { settings, loadError, saveError, isSaving } = useSelect(
		( select ) => {
			const {
				getEditedSettings,
				getSettingsLoadError,
				getSettingsSaveError,
				isSavingSettings,
			} = select( store );
			return {
				settings: getEditedSettings(),
				loadError: getSettingsLoadError(),
				saveError: getSettingsSaveError(),
				isSaving: isSavingSettings(),
			};
		},
		[]
	);
	const { editSetting: change, saveSettings } = useDispatch( store );
	const { createSuccessNotice } = useDispatch( noticesStore );

	async function onSubmit( event: FormEvent ) {
		event.preventDefault();
		if ( await saveSettings() ) {
			createSuccessNotice( __( 'Settings saved.', 'wpm-user-sync' ), {
				type: 'snackbar',
			} );
		}
	}

	if ( loadError ) {
		return (
			<Notice status="error" isDismissible={ false }>
				{ loadError }
			</Notice>
		);
	}
	if ( ! settings ) {
		return <Spinner />;
	}

	return (
		<form className="wpmus-options" onSubmit={ onSubmit }>
			<TriggersCard settings={ settings } change={ change } />
			<WhoIsSyncedCard settings={ settings } change={ change } />
			<ActivityCard settings={ settings } change={ change } />
			<ReconcileCard settings={ settings } change={ change } />
			<div className="wpmus-options__actions">
				{ saveError && (
					<Notice
						status="error"
						isDismissible={ false }
						className="wpmus-options__error"
					>
						{ saveError }
					</Notice>
				) }
				<Button
					type="submit"
					variant="primary"
					isBusy={ isSaving }
					disabled={ isSaving }
					accessibleWhenDisabled
				>
					{ isSaving
						? __( 'Saving…', 'wpm-user-sync' )
						: __( 'Save changes', 'wpm-user-sync' ) }
				</Button>
			</div>
			<Snackbars />
		</form>
	);
}
