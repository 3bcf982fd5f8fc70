/**
 * WordPress dependencies
 */
import { addQueryArgs } from '@wordpress/url';

/**
 * Internal dependencies
 */
import { request } from '../request';

/** A person, as core's `GET /wp/v2/users` lists them with `context=edit`. */
export interface Person {
	id: number;
	name: string;
	username: string;
}

/** How many people a search of the pickers shows. */
export const PEOPLE_SEARCH_SIZE = 20;

/**
 * Who a search finds: every account of the network (network admins), or the
 * members of the site of the REST root.
 */
export type PeopleScope = 'network' | 'site';

/**
 * The REST path of a search of the people. Core's users route lists the members
 * of one site; `wpmus_scope=network` (includes/Admin/Network_User_Search.php)
 * widens it to the whole network for network admins.
 *
 * @since 2.1.0
 *
 * @param scope   The whole network, or the site of the REST root.
 * @param search  Text in their name, login or email.
 * @param include Only these IDs.
 */
export function peoplePath(
	scope: PeopleScope,
	search: string,
	include: number[] = []
): string {
	return addQueryArgs( '/wp/v2/users', {
		context: 'edit',
		per_page: include.length > 0 ? include.length : PEOPLE_SEARCH_SIZE,
		_fields: 'id,name,username',
		...( scope === 'network' ? { wpmus_scope: 'network' } : {} ),
		...( search.trim() ? { search: search.trim() } : {} ),
		...( include.length > 0 ? { include: include.join( ',' ) } : {} ),
	} );
}

/**
 * People matching a search.
 *
 * @since 2.1.0
 *
 * @param scope  The whole network, or the site of the REST root.
 * @param search Text in their name, login or email.
 */
export function searchPeople(
	scope: PeopleScope,
	search: string
): Promise< Person[] > {
	return request< Person[] >( { path: peoplePath( scope, search ) } );
}

/**
 * The people with these IDs (at most 100).
 *
 * @since 2.1.0
 *
 * @param scope The whole network, or the site of the REST root.
 * @param ids   User IDs.
 */
export function fetchPeople(
	scope: PeopleScope,
	ids: number[]
): Promise< Person[] > {
	if ( ids.length === 0 ) {
		return Promise.resolve( [] );
	}
	return request< Person[] >( { path: peoplePath( scope, '', ids ) } );
}

/**
 * A person in words: "Maria Garcia (maria.garcia)".
 *
 * @since 2.1.0
 *
 * @param person The person.
 */
export function personLabel( person: Person ): string {
	const name = person.name.trim();
	return name && name !== person.username
		? `${ name } (${ person.username })`
		: person.username || `#${ person.id }`;
}
