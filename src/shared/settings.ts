/**
 * Internal dependencies
 */
import { request } from './request';
import { settingsSchema } from './settings-schema';

export const SETTINGS_PATH = '/wpm-user-sync/v1/settings';

type SettingsSchema = typeof settingsSchema;

/**
 * The value a setting's JSON schema describes: a switch, a number (of days), a list of site IDs, a list of roles, or one of a few names (a choice).
 */
type SettingValue< Property > = Property extends { type: 'boolean' }
	? boolean
	: Property extends { type: 'integer' }
		? number
		: Property extends { type: 'array'; items: { type: 'integer' } }
			? number[]
			: Property extends { type: 'array'; items: { type: 'string' } }
				? string[]
				: Property extends {
							type: 'string';
							enum: readonly ( infer Choice )[];
					  }
					? Choice
					: never;

/**
 * The network settings, as `GET /wpm-user-sync/v1/settings` returns them: one
 * field per setting of the PHP definitions (see settings-schema.ts, generated
 * from them), so the two cannot drift apart.
 */
export type Settings = {
	-readonly [ Name in keyof SettingsSchema ]: SettingValue<
		SettingsSchema[ Name ]
	>;
};

export function fetchSettings(): Promise< Settings > {
	return request< Settings >( { path: SETTINGS_PATH } );
}

/**
 * Stores only the settings given; the others stay as they are on the server.
 *
 * @param changes The settings to change.
 */
export function saveSettings(
	changes: Partial< Settings >
): Promise< Settings > {
	return request< Settings >( {
		path: SETTINGS_PATH,
		method: 'PUT',
		data: changes,
	} );
}
