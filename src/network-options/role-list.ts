/**
 * WordPress dependencies
 */
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { Role } from '../shared/roles';

/**
 * The main site's roles, then any chosen role the main site no longer defines,
 * so that it is shown and can be unticked.
 *
 * @param roles  The main site's roles.
 * @param chosen Slugs of the roles ticked.
 */
export function rolesToList( roles: Role[], chosen: string[] ): Role[] {
	const known = new Set( roles.map( ( role ) => role.slug ) );
	return [
		...roles,
		...chosen
			.filter( ( slug ) => ! known.has( slug ) )
			.map( ( slug ) => ( {
				slug,
				name: sprintf(
					/* translators: %s: Role identifier, e.g. "shop_manager". */
					__( '%s (not defined on the main site)', 'wpm-user-sync' ),
					slug
				),
			} ) ),
	];
}
