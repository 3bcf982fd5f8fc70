/**
 * WordPress dependencies
 */
import { createInterpolateElement } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

interface Props {
	version: string;
	/** The table of the sync history, with its prefix. */
	jobsTable: string;
}

/**
 * Version, privacy and storage.
 *
 * @param props           Component props.
 * @param props.version   The plugin's version.
 * @param props.jobsTable The table of the sync history.
 */
export function AboutTab( { version, jobsTable }: Props ) {
	return (
		<div className="wpmus-home__tab">
			<h2 className="wpmus-screen__subtitle">
				{ __( 'Version', 'wpm-user-sync' ) }
			</h2>
			<p>
				{ sprintf(
					/* translators: %s: Version number, e.g. "2.0.0". */
					__( 'WPM User Sync %s.', 'wpm-user-sync' ),
					version
				) }{ ' ' }
				{ __(
					'It carries on version 1.3 by Pablo Di Loreto: the same menu, option names and settings.',
					'wpm-user-sync'
				) }
			</p>

			<h2 className="wpmus-screen__subtitle">
				{ __( 'No external service', 'wpm-user-sync' ) }
			</h2>
			<p>
				{ __(
					'The plugin never contacts any service outside your WordPress. Everything it does runs on your own server, in your own database.',
					'wpm-user-sync'
				) }
			</p>

			<h2 className="wpmus-screen__subtitle">
				{ __( 'Where things are stored', 'wpm-user-sync' ) }
			</h2>
			<ul className="wpmus-screen__list">
				<li>
					{ createInterpolateElement(
						__(
							'Settings: in the network’s options (the <table>sitemeta</table> table), under the names version 1.3 used — <option1>wpmus_newSiteSync</option1>, <option2>wpmus_newUserSync</option2> and <option3>wpmus_setUserRoleSync</option3> — and other names starting with <prefix>wpmus_</prefix>.',
							'wpm-user-sync'
						),
						{
							table: <code />,
							option1: <code />,
							option2: <code />,
							option3: <code />,
							prefix: <code />,
						}
					) }
				</li>
				<li>
					{ createInterpolateElement(
						sprintf(
							/* translators: %s: Database table name. */
							__(
								'The history of syncs: in the <table>%s</table> table (the last 50 of the network, and of each site).',
								'wpm-user-sync'
							),
							jobsTable
						),
						{ table: <code /> }
					) }
				</li>
				<li>
					{ createInterpolateElement(
						__(
							'Who was removed from which site by a person: user meta <site>wpmus_removed</site> (by the site’s administrators) and <network>wpmus_removed_network</network> (by anyone else), so that syncs never add them back unasked.',
							'wpm-user-sync'
						),
						{ site: <code />, network: <code /> }
					) }
				</li>
				<li>
					{ __(
						'Deleting the plugin removes all of the above. Memberships: the plugin adds ordinary WordPress memberships. They stay if you deactivate or delete the plugin.',
						'wpm-user-sync'
					) }
				</li>
			</ul>
		</div>
	);
}
