/**
 * The main site's roles, which the settings may name.
 */

/**
 * Internal dependencies
 */
import { fetchRoles, type Role } from '../roles';
import { fetchInto, type Fetched, getFetched } from './requests';
import type { State } from './types';

const ROLES = 'roles';

export const selectors = {
	/**
	 * The main site's roles (preloaded with the Options screen).
	 *
	 * @param state The store's state.
	 */
	getRoles: ( state: State ): Fetched< Role[] > =>
		getFetched< Role[] >( state, ROLES ),
};

export const resolvers = {
	getRoles: () => fetchInto( ROLES, fetchRoles ),
};
