/**
 * WordPress dependencies
 */
import domReady from '@wordpress/dom-ready';
import { createRoot } from '@wordpress/element';

/**
 * Internal dependencies
 */
import { App } from './app';
import { screenProps } from './screen-props';
import '../shared/screen.scss';
import '../shared/jobs/jobs.scss';
import './index.scss';

domReady( () => {
	const root = document.getElementById( 'wpm-user-sync-network-users' );
	if ( root ) {
		createRoot( root ).render( <App { ...screenProps( root.dataset ) } /> );
	}
} );
