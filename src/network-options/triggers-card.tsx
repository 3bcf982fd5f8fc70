/**
 * WordPress dependencies
 */
import {
	Card,
	CardBody,
	CardHeader,
	ToggleControl,
} from '@wordpress/components';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { FlagName, Settings } from './types';

interface Trigger {
	name: FlagName;
	label: string;
	help: string;
}

const TRIGGERS: Trigger[] = [
	{
		name: 'newSiteSync',
		label: __( 'New site automatic sync', 'wpm-user-sync' ),
		help: __(
			'When a network administrator (or WP-CLI) creates a site, every user is added to it with the site’s default role. If the site has no default role, users join as “Subscriber”. Sites that people create for themselves by signing up are left alone: their owners would see every user.',
			'wpm-user-sync'
		),
	},
	{
		name: 'newUserSync',
		label: __( 'New user automatic sync', 'wpm-user-sync' ),
		help: __(
			'When a new user is created in the network, they are added to every site with each site’s default role. Where a site has no default role, they join as “Subscriber”.',
			'wpm-user-sync'
		),
	},
	{
		name: 'roleSync',
		label: __( 'Set user role automatic sync', 'wpm-user-sync' ),
		help: __(
			'When a user’s role changes on one site (for example, they become an administrator there), the change is copied to the other sites they belong to.',
			'wpm-user-sync'
		),
	},
];

interface Props {
	settings: Settings;
	change: ( name: FlagName, value: boolean ) => void;
}

/**
 * The three triggers, each switched on or off.
 *
 * @param props          Component props.
 * @param props.settings The settings as edited.
 * @param props.change   Changes one setting.
 */
export function TriggersCard( { settings, change }: Props ) {
	return (
		<Card>
			<CardHeader>
				<h2 className="wpmus-options__title">
					{ __( 'Triggers', 'wpm-user-sync' ) }
				</h2>
			</CardHeader>
			<CardBody>
				<p className="wpmus-options__intro">
					{ __(
						'A trigger adds people to sites automatically when something happens in the network. Each one can be switched on or off; with all of them off, you sync only by hand.',
						'wpm-user-sync'
					) }
				</p>
				{ TRIGGERS.map( ( trigger ) => (
					<ToggleControl
						key={ trigger.name }
						__nextHasNoMarginBottom
						label={ trigger.label }
						help={ trigger.help }
						checked={ settings[ trigger.name ] }
						onChange={ ( value ) => change( trigger.name, value ) }
					/>
				) ) }
			</CardBody>
		</Card>
	);
}
