/**
 * WordPress dependencies
 */
import apiFetch from '@wordpress/api-fetch';
import { createRegistry } from '@wordpress/data';

/**
 * Internal dependencies
 */
import { store } from '../../src/shared/store';

/**
 * A registry of its own with the plugin's store, so that no test sees another's data.
 */
export function storeRegistry() {
	const registry = createRegistry();
	registry.register( store );
	return registry;
}

/** What a screen sent, as `apiFetch` received it. */
export interface Call {
	path: string;
	method?: string;
	data?: unknown;
	parse?: boolean;
}

/** What the fake server answers: a body, an error to reject with, or a promise the test settles. */
export type FakeAnswer = unknown;

/**
 * Answers requests by route, each route its answers in order: a value, `{ reject }`
 * to fail with, or a promise the test settles itself. Needs `@wordpress/api-fetch`
 * mocked with `jest.fn()`.
 *
 * @param routes Answers by `METHOD path`, e.g. `GET /wpm-user-sync/v1/roles`.
 * @return The requests sent, in order.
 */
export function fakeServer( routes: Record< string, FakeAnswer[] > ) {
	const calls: Call[] = [];
	( apiFetch as unknown as jest.Mock ).mockImplementation(
		( options: Call ) => {
			calls.push( options );
			const route = `${ options.method ?? 'GET' } ${ options.path }`;
			const answer = routes[ route ]?.shift();
			if ( answer === undefined ) {
				return Promise.reject( new Error( `Unexpected ${ route }` ) );
			}
			if ( answer instanceof Promise ) {
				return answer;
			}
			if (
				typeof answer === 'object' &&
				answer !== null &&
				'reject' in answer
			) {
				return Promise.reject( answer.reject );
			}
			return Promise.resolve( answer );
		}
	);
	return calls;
}

/**
 * A promise that the test settles when it wants the answer to arrive.
 */
export function deferred< T >() {
	let resolve: ( value: T ) => void = () => undefined;
	const promise = new Promise< T >( ( done ) => ( resolve = done ) );
	return { promise, resolve };
}

/**
 * Lets the settled promises and 0 ms timers run (resolvers start in a timer).
 */
export function settle() {
	return new Promise( ( resolve ) => setTimeout( resolve, 0 ) );
}
