/**
 * The network settings, as `GET /wpm-user-sync/v1/settings` returns them.
 */
export interface Settings {
	/** Add every user to a site when it is created. */
	newSiteSync: boolean;
	/** Add a new user to every site. */
	newUserSync: boolean;
	/** Copy a role change to the user's other sites. */
	roleSync: boolean;
}

export type SettingName = keyof Settings;
