/**
 * Internal dependencies
 */
import type { Settings } from '../shared/settings';

export type { Settings } from '../shared/settings';

export type SettingName = keyof Settings;

/** The settings that are switched on or off. */
export type FlagName = {
	[ Name in SettingName ]: Settings[ Name ] extends boolean ? Name : never;
}[ SettingName ];
