/**
 * Internal dependencies
 */
import { request } from '../shared/request';
import type { Role } from './types';

export { ApiError } from '../shared/request';
export { fetchSettings, saveSettings, SETTINGS_PATH } from '../shared/settings';

export const ROLES_PATH = '/wpm-user-sync/v1/roles';

export function fetchRoles(): Promise< Role[] > {
	return request< Role[] >( { path: ROLES_PATH } );
}
