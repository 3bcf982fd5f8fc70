/**
 * Internal dependencies
 */
import { MAX_PEOPLE } from './api';
import type { PeopleAction } from './types';

const ACTIONS: readonly PeopleAction[] = [ 'add', 'remove', 'remove-all' ];

/**
 * A positive whole number, or null.
 *
 * @param text The text.
 */
function positive( text: string ): number | null {
	const value = Number( text.trim() );
	return Number.isInteger( value ) && value > 0 ? value : null;
}

/**
 * What the page tells the app through its root element's `data-*` attributes
 * (PHP read them from the address the row action or bulk action led to).
 *
 * @since 2.1.0
 *
 * @param data The root element's dataset.
 */
export function screenProps( data: DOMStringMap ) {
	const users = [
		...new Set(
			( data.users ?? '' )
				.split( ',' )
				.map( positive )
				.filter( ( id ): id is number => id !== null )
		),
	].slice( 0, MAX_PEOPLE );
	const action = ACTIONS.find( ( known ) => known === data.action ) ?? null;
	return {
		user: positive( data.user ?? '' ),
		users,
		action,
		activityUrl: data.activityUrl ?? '',
		canChange: data.canChange === '1',
	};
}
