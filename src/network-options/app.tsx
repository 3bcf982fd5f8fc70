/**
 * WordPress dependencies
 */
import {
	Button,
	Card,
	CardBody,
	CardFooter,
	CardHeader,
	Notice,
	SnackbarList,
	Spinner,
	ToggleControl,
} from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import type { FormEvent } from 'react';
import { __ } from '@wordpress/i18n';
import { store as noticesStore } from '@wordpress/notices';

/**
 * Internal dependencies
 */
import type { SettingName } from './types';
import { useSettings } from './use-settings';

interface Trigger {
	name: SettingName;
	label: string;
	help: string;
}

const TRIGGERS: Trigger[] = [
	{
		name: 'newSiteSync',
		label: __( 'New site automatic sync', 'wpm-user-sync' ),
		help: __(
			'When a new site is created in the network, every user is added to it with the site’s default role. If the site has no default role, users join as “Subscriber”.',
			'wpm-user-sync'
		),
	},
	{
		name: 'newUserSync',
		label: __( 'New user automatic sync', 'wpm-user-sync' ),
		help: __(
			'When a new user is created in the network, they are added to every site with each site’s default role. Where a site has no default role, they join as “Subscriber”.',
			'wpm-user-sync'
		),
	},
	{
		name: 'roleSync',
		label: __( 'Set user role automatic sync', 'wpm-user-sync' ),
		help: __(
			'When a user’s role changes on one site (for example, they become an administrator there), the change is copied to the other sites they belong to.',
			'wpm-user-sync'
		),
	},
];

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
	const { settings, loadError, saveError, isSaving, change, save } =
		useSettings();
	const { createSuccessNotice } = useDispatch( noticesStore );

	async function onSubmit( event: FormEvent ) {
		event.preventDefault();
		if ( await save() ) {
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
			<Card>
				<CardHeader>
					<h2 className="wpmus-options__title">
						{ __( 'Triggers', 'wpm-user-sync' ) }
					</h2>
				</CardHeader>
				<CardBody>
					<p className="wpmus-options__intro">
						{ __(
							'A trigger adds people to sites automatically when something happens in the network. Each one can be switched on or off; with all of them off, you sync only by hand.',
							'wpm-user-sync'
						) }
					</p>
					{ TRIGGERS.map( ( trigger ) => (
						<ToggleControl
							key={ trigger.name }
							__nextHasNoMarginBottom
							label={ trigger.label }
							help={ trigger.help }
							checked={ settings[ trigger.name ] }
							onChange={ ( value ) =>
								change( trigger.name, value )
							}
						/>
					) ) }
				</CardBody>
				<CardFooter>
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
				</CardFooter>
			</Card>
			<Snackbars />
		</form>
	);
}
