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
 * The REST path of a search of the people, on the site of the REST root
 * (the main site in Network Admin).
 *
 * @since 2.1.0
 *
 * @param search  Text in their name, login or email.
 * @param include Only these IDs.
 */
export function peoplePath( search: string, include: number[] = [] ): string {
	return addQueryArgs( '/wp/v2/users', {
		context: 'edit',
		per_page: include.length > 0 ? include.length : PEOPLE_SEARCH_SIZE,
		_fields: 'id,name,username',
		...( search.trim() ? { search: search.trim() } : {} ),
		...( include.length > 0 ? { include: include.join( ',' ) } : {} ),
	} );
}

/**
 * People matching a search.
 *
 * @since 2.1.0
 *
 * @param search Text in their name, login or email.
 */
export function searchPeople( search: string ): Promise< Person[] > {
	return request< Person[] >( { path: peoplePath( search ) } );
}

/**
 * The people with these IDs (at most 100).
 *
 * @since 2.1.0
 *
 * @param ids User IDs.
 */
export function fetchPeople( ids: number[] ): Promise< Person[] > {
	if ( ids.length === 0 ) {
		return Promise.resolve( [] );
	}
	return request< Person[] >( { path: peoplePath( '', ids ) } );
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
