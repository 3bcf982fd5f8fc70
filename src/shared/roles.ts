/**
 * Internal dependencies
 */
import { request } from './request';

export const ROLES_PATH = '/wpm-user-sync/v1/roles';

/**
 * A role of the main site, as `GET /wpm-user-sync/v1/roles` returns it.
 */
export interface Role {
	slug: string;
	/** Translated. */
	name: string;
}

export function fetchRoles(): Promise< Role[] > {
	return request< Role[] >( { path: ROLES_PATH } );
}
