/**
 * WordPress dependencies
 */
import domReady from '@wordpress/dom-ready';
import { createRoot } from '@wordpress/element';
import { getQueryArg } from '@wordpress/url';

/**
 * Internal dependencies
 */
import { App } from './app';
import '../shared/screen.scss';
import '../shared/jobs/jobs.scss';
import './index.scss';

domReady( () => {
	const root = document.getElementById( 'wpm-user-sync-activity' );
	if ( root ) {
		const user = Number( getQueryArg( window.location.href, 'user' ) );
		createRoot( root ).render(
			<App
				scope={ root.dataset.scope === 'site' ? 'site' : 'network' }
				exportUrl={ root.dataset.exportUrl ?? '' }
				historyUrl={ root.dataset.historyUrl ?? '' }
				initialUser={
					Number.isInteger( user ) && user > 0 ? user : undefined
				}
			/>
		);
	}
} );
