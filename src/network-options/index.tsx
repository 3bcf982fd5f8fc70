/**
 * WordPress dependencies
 */
import domReady from '@wordpress/dom-ready';
import { createRoot } from '@wordpress/element';

/**
 * Internal dependencies
 */
import { App } from './app';
import './index.scss';

domReady( () => {
	const root = document.getElementById( 'wpm-user-sync-network-options' );
	if ( root ) {
		createRoot( root ).render( <App /> );
	}
} );
