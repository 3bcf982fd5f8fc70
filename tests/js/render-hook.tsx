/**
 * External dependencies
 */
import { act } from 'react';
import { createRoot } from 'react-dom/client';

/**
 * WordPress dependencies
 */
import { type DataRegistry, RegistryProvider } from '@wordpress/data';

declare global {
	var IS_REACT_ACT_ENVIRONMENT: boolean;
}

globalThis.IS_REACT_ACT_ENVIRONMENT = true;

/**
 * Renders a hook in a bare component, for tests without a testing library.
 *
 * @param hook     The hook, called on every render.
 * @param registry The data registry it reads stores from, if not the default one.
 */
export function renderHook< T >( hook: () => T, registry?: DataRegistry ) {
	const result = { current: undefined as unknown as T };
	function Probe() {
		result.current = hook();
		return null;
	}
	const root = createRoot( document.createElement( 'div' ) );
	act( () =>
		root.render(
			registry ? (
				<RegistryProvider value={ registry }>
					<Probe />
				</RegistryProvider>
			) : (
				<Probe />
			)
		)
	);
	return {
		result,
		unmount: () => act( () => root.unmount() ),
	};
}

/**
 * Lets timers of 0 ms and settled promises run, until the condition holds.
 *
 * @param condition What to wait for.
 * @param rounds    How many turns of the event loop to allow.
 */
export async function waitUntil( condition: () => boolean, rounds = 50 ) {
	for ( let round = 0; round < rounds && ! condition(); round++ ) {
		await act(
			() => new Promise( ( resolve ) => setTimeout( resolve, 0 ) )
		);
	}
	if ( ! condition() ) {
		throw new Error( 'The condition never held.' );
	}
}

/**
 * Does what a person would (press a button) and lets React render it.
 *
 * @param action What to do.
 */
export async function user( action: () => void ) {
	await act( async () => {
		action();
		// The answers to what it sent settle inside act().
		await new Promise( ( resolve ) => setTimeout( resolve, 0 ) );
	} );
}
