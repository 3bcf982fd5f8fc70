/**
 * Internal dependencies
 */
import { request } from './request';

export const SETTINGS_PATH = '/wpm-user-sync/v1/settings';

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
	/** Also add super admins to sites (they can reach every site anyway). */
	includeSuperAdmins: boolean;
	/** Let site administrators run "Sync from scratch" on their own site. */
	allowSiteSync: boolean;
	/** IDs of the sites that no sync ever adds anyone to. */
	excludedSites: number[];
	/** Slugs of the roles that a role change never copies to other sites. */
	neverReplicatedRoles: string[];
	/**
	 * Let new memberships get a site's default role even when that role can
	 * manage users or options or post unfiltered HTML; off: such sites are skipped.
	 */
	privilegedDefaultRoles: boolean;
}

export function fetchSettings(): Promise< Settings > {
	return request< Settings >( { path: SETTINGS_PATH } );
}

export function saveSettings(
	changes: Partial< Settings >
): Promise< Settings > {
	return request< Settings >( {
		path: SETTINGS_PATH,
		method: 'PUT',
		data: changes,
	} );
}
