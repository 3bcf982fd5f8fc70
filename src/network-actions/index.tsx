/**
 * WordPress dependencies
 */
import domReady from '@wordpress/dom-ready';
import { createRoot } from '@wordpress/element';

/**
 * Internal dependencies
 */
import { App } from './app';
import '../shared/screen.scss';
import '../shared/jobs/jobs.scss';

domReady( () => {
	const root = document.getElementById( 'wpm-user-sync-network-actions' );
	if ( root ) {
		createRoot( root ).render(
			<App optionsUrl={ root.dataset.optionsUrl ?? '' } />
		);
	}
} );
