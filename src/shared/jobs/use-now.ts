/**
 * WordPress dependencies
 */
import { useEffect, useState } from '@wordpress/element';

/**
 * The browser's clock, read again every `everyMs` while `ticking`, so that texts
 * such as "Previewed 3 minutes ago" stay true.
 *
 * @param ticking Whether to keep reading the clock.
 * @param everyMs How often.
 * @return Milliseconds, as Date.now() gives them.
 */
export function useNow( ticking: boolean, everyMs: number ): number {
	const [ now, setNow ] = useState( () => Date.now() );
	useEffect( () => {
		if ( ! ticking ) {
			return;
		}
		setNow( Date.now() );
		const timer = setInterval( () => setNow( Date.now() ), everyMs );
		return () => clearInterval( timer );
	}, [ ticking, everyMs ] );
	return now;
}
