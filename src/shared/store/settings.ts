/**
 * The network settings: as the server holds them, and as edited on screen.
 *
 * Edits are kept apart from what was saved, and only the settings that differ are
 * sent: two administrators who save at the same time each change only what they
 * changed, not the other's untouched settings.
 */

/**
 * WordPress dependencies
 */
import { createSelector } from '@wordpress/data';

/**
 * Internal dependencies
 */
import { fetchSettings, saveSettings, type Settings } from '../settings';
import {
	messageOf,
	newTicket,
	type RequestFields,
	type Ticket,
} from './requests';
import type { State, StoreAction, Thunk } from './types';

type SettingName = keyof Settings;

export interface SettingsState {
	/** What the server holds, as it last said; null until loaded. */
	saved: Settings | null;
	isLoading: boolean;
	loadError: string | null;
	/** The settings changed on screen that differ from the saved ones. */
	edits: Partial< Settings >;
	isSaving: boolean;
	saveError: string | null;
}

/** Loading and saving are one key: an answer older than a save never replaces it. */
const SETTINGS = 'settings';

export type SettingsAction =
	| { type: 'SETTINGS_LOADING'; sends: Ticket }
	| ( { type: 'SETTINGS_LOADED'; settings: Settings } & RequestFields )
	| ( { type: 'SETTINGS_LOAD_FAILED'; error: string } & RequestFields )
	| {
			type: 'SETTING_EDITED';
			name: SettingName;
			value: Settings[ SettingName ];
	  }
	| { type: 'SETTINGS_SAVING'; sends: Ticket }
	| ( {
			type: 'SETTINGS_SAVED';
			settings: Settings;
			/** The changes sent. */
			sent: Partial< Settings >;
	  } & RequestFields )
	| ( { type: 'SETTINGS_SAVE_FAILED'; error: string } & RequestFields );

const initialState: SettingsState = {
	saved: null,
	isLoading: false,
	loadError: null,
	edits: {},
	isSaving: false,
	saveError: null,
};

/**
 * Whether two values of a setting are the same (settings are JSON: flags and lists).
 *
 * @param a One value.
 * @param b The other.
 */
function same( a: unknown, b: unknown ): boolean {
	return JSON.stringify( a ) === JSON.stringify( b );
}

/**
 * The edits that still differ from the settings the server holds.
 *
 * @param edits The edits.
 * @param saved What the server holds.
 * @param sent  Changes the server just stored: an edit that is still what was sent is done.
 */
function editsLeft(
	edits: Partial< Settings >,
	saved: Settings,
	sent: Partial< Settings > = {}
): Partial< Settings > {
	return Object.fromEntries(
		Object.entries( edits ).filter(
			( [ name, value ] ) =>
				! same( value, saved[ name as SettingName ] ) &&
				! ( name in sent && same( value, sent[ name as SettingName ] ) )
		)
	);
}

export function settings(
	state: SettingsState = initialState,
	action: StoreAction
): SettingsState {
	switch ( action.type ) {
		case 'SETTINGS_LOADING':
			return { ...state, isLoading: true };
		case 'SETTINGS_LOADED':
			return {
				...state,
				saved: action.settings,
				isLoading: false,
				loadError: null,
				edits: editsLeft( state.edits, action.settings ),
			};
		case 'SETTINGS_LOAD_FAILED':
			return { ...state, isLoading: false, loadError: action.error };
		case 'SETTING_EDITED': {
			const { [ action.name ]: _previous, ...others } = state.edits;
			return {
				...state,
				edits:
					state.saved &&
					same( state.saved[ action.name ], action.value )
						? others
						: { ...others, [ action.name ]: action.value },
			};
		}
		case 'SETTINGS_SAVING':
			return { ...state, isSaving: true, saveError: null };
		case 'SETTINGS_SAVED':
			return {
				...state,
				saved: action.settings,
				edits: editsLeft( state.edits, action.settings, action.sent ),
				isSaving: false,
			};
		case 'SETTINGS_SAVE_FAILED':
			return { ...state, isSaving: false, saveError: action.error };
	}
	return state;
}

export const selectors = {
	/**
	 * What the server holds, as it last said; null until loaded.
	 *
	 * @param state The store's state.
	 */
	getSavedSettings: ( state: State ): Settings | null => state.settings.saved,

	/**
	 * The settings as edited on screen; null until loaded.
	 *
	 * @param state The store's state.
	 */
	getEditedSettings: createSelector(
		( state: State ): Settings | null =>
			state.settings.saved && {
				...state.settings.saved,
				...state.settings.edits,
			},
		( state: State ) => [ state.settings.saved, state.settings.edits ]
	),

	/**
	 * The settings changed on screen and not saved yet: what Save sends.
	 *
	 * @param state The store's state.
	 */
	getSettingsChanges: ( state: State ): Partial< Settings > =>
		state.settings.edits,

	/**
	 * Whether the settings were asked for: read, on their way, or refused.
	 * (A selector without a resolver, for the resolvers to check.)
	 *
	 * @param state The store's state.
	 */
	wereSettingsRequested: ( state: State ): boolean =>
		state.settings.isLoading ||
		state.settings.saved !== null ||
		state.settings.loadError !== null,

	getSettingsLoadError: ( state: State ): string | null =>
		state.settings.loadError,

	isSavingSettings: ( state: State ): boolean => state.settings.isSaving,

	getSettingsSaveError: ( state: State ): string | null =>
		state.settings.saveError,
};

export const actions = {
	/**
	 * Changes one setting on screen.
	 *
	 * @param name  The setting.
	 * @param value Its new value.
	 */
	editSetting< Name extends SettingName >(
		name: Name,
		value: Settings[ Name ]
	): SettingsAction {
		return { type: 'SETTING_EDITED', name, value };
	},

	/**
	 * Sends the settings changed on screen, and only those.
	 *
	 * @return Resolves to true when the server stored them.
	 */
	saveSettings(): Thunk< Promise< boolean > > {
		return async ( { select, dispatch } ) => {
			// Save exists only on a screen that shows the settings it read.
			if ( select.getEditedSettings() === null ) {
				return false;
			}
			const sent = select.getSettingsChanges();
			const ticket = newTicket( SETTINGS );
			dispatch( { type: 'SETTINGS_SAVING', sends: ticket } );
			try {
				dispatch( {
					type: 'SETTINGS_SAVED',
					settings: await saveSettings( sent ),
					sent,
					answers: ticket,
				} );
				return true;
			} catch ( failure ) {
				dispatch( {
					type: 'SETTINGS_SAVE_FAILED',
					error: messageOf( failure ),
					answers: ticket,
				} );
				return false;
			}
		};
	},
};

/**
 * Reads the settings, once: both selectors of them start here.
 */
function loadSettings(): Thunk< Promise< void > > {
	return async ( { select, dispatch } ) => {
		if ( select.wereSettingsRequested() ) {
			return;
		}
		const ticket = newTicket( SETTINGS );
		dispatch( { type: 'SETTINGS_LOADING', sends: ticket } );
		try {
			dispatch( {
				type: 'SETTINGS_LOADED',
				settings: await fetchSettings(),
				answers: ticket,
			} );
		} catch ( failure ) {
			dispatch( {
				type: 'SETTINGS_LOAD_FAILED',
				error: messageOf( failure ),
				answers: ticket,
			} );
		}
	};
}

export const resolvers = {
	getSavedSettings: loadSettings,
	getEditedSettings: loadSettings,
};
