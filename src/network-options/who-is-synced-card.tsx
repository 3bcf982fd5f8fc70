/**
 * WordPress dependencies
 */
import {
	Card,
	CardBody,
	CardDivider,
	CardHeader,
	ToggleControl,
} from '@wordpress/components';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { ExcludedSitesPicker } from './excluded-sites-picker';
import { NeverCopiedRoles } from './never-copied-roles';
import type { CardProps } from './types';

/**
 * Who the syncs add, where, and which roles they copy.
 *
 * @param props          Component props.
 * @param props.settings The settings as edited.
 * @param props.change   Changes one setting.
 */
export function WhoIsSyncedCard( { settings, change }: CardProps ) {
	return (
		<Card>
			<CardHeader>
				<h2 className="wpmus-options__title">
					{ __( 'Who is synced', 'wpm-user-sync' ) }
				</h2>
			</CardHeader>
			<CardBody>
				<ToggleControl
					__nextHasNoMarginBottom
					label={ __( 'Include super admins', 'wpm-user-sync' ) }
					help={ __(
						'Also add super admins to sites when syncing. Off by default: super admins can reach every site anyway.',
						'wpm-user-sync'
					) }
					checked={ settings.includeSuperAdmins }
					onChange={ ( value ) =>
						change( 'includeSuperAdmins', value )
					}
				/>
				<ToggleControl
					__nextHasNoMarginBottom
					label={ __(
						'Allow site administrators to sync their site',
						'wpm-user-sync'
					) }
					help={ __(
						'Site administrators find WPM User Sync in their site’s dashboard and can add the network’s users to their own site with “Sync from scratch”, by the same rules as here. Off: only network administrators run syncs.',
						'wpm-user-sync'
					) }
					checked={ settings.allowSiteSync }
					onChange={ ( value ) => change( 'allowSiteSync', value ) }
				/>
				<ToggleControl
					__nextHasNoMarginBottom
					label={ __(
						'Allow new memberships to give privileged roles',
						'wpm-user-sync'
					) }
					help={ __(
						'A sync adds people to a site with the site’s default role. When that role can manage users or options or post unfiltered HTML (the capabilities promote_users, edit_users, manage_options and unfiltered_html), syncs skip the site and say why, unless this is on. Off by default.',
						'wpm-user-sync'
					) }
					checked={ settings.privilegedDefaultRoles }
					onChange={ ( value ) =>
						change( 'privilegedDefaultRoles', value )
					}
				/>
			</CardBody>
			<CardDivider />
			<CardBody>
				<ExcludedSitesPicker
					value={ settings.excludedSites }
					onChange={ ( ids ) => change( 'excludedSites', ids ) }
				/>
			</CardBody>
			<CardDivider />
			<CardBody>
				<NeverCopiedRoles
					value={ settings.neverReplicatedRoles }
					onChange={ ( slugs ) =>
						change( 'neverReplicatedRoles', slugs )
					}
				/>
			</CardBody>
		</Card>
	);
}
