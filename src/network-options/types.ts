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

/** What a card of the Options screen gets: the settings as edited, and how to change one. */
export interface CardProps {
	settings: Settings;
	change: < Name extends SettingName >(
		name: Name,
		value: Settings[ Name ]
	) => void;
}
