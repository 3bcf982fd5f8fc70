/**
 * WordPress dependencies
 */
import { TabPanel } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { AboutTab } from './about-tab';
import { ConceptsTab } from './concepts-tab';
import { WelcomeTab } from './welcome-tab';

export interface HomeData {
	optionsUrl: string;
	actionsUrl: string;
	version: string;
	jobsTable: string;
}

const TAB_NAMES = [ 'welcome', 'concepts', 'about' ] as const;

/**
 * The tab named in the address (`#concepts`), so a link can open it.
 *
 * @param hash `location.hash`.
 */
export function tabFromHash( hash: string ): string {
	const name = hash.replace( /^#/, '' );
	return ( TAB_NAMES as readonly string[] ).includes( name )
		? name
		: 'welcome';
}

/**
 * Network Admin → WPM User Sync → Home.
 *
 * @param props The screen's addresses and facts.
 */
export function App( props: HomeData ) {
	const tabs = [
		{ name: 'welcome', title: __( 'Welcome', 'wpm-user-sync' ) },
		{ name: 'concepts', title: __( 'Concepts', 'wpm-user-sync' ) },
		{ name: 'about', title: __( 'About', 'wpm-user-sync' ) },
	];
	return (
		<div className="wpmus-screen wpmus-home">
			<TabPanel
				className="wpmus-home__tabs"
				tabs={ tabs }
				initialTabName={ tabFromHash( window.location.hash ) }
				onSelect={ ( name ) =>
					window.history.replaceState( null, '', `#${ name }` )
				}
			>
				{ ( tab ) => {
					switch ( tab.name ) {
						case 'concepts':
							return <ConceptsTab />;
						case 'about':
							return (
								<AboutTab
									version={ props.version }
									jobsTable={ props.jobsTable }
								/>
							);
						default:
							return (
								<WelcomeTab
									optionsUrl={ props.optionsUrl }
									actionsUrl={ props.actionsUrl }
								/>
							);
					}
				} }
			</TabPanel>
		</div>
	);
}
