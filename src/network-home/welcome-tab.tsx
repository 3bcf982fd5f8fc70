/**
 * WordPress dependencies
 */
import { Notice, Spinner } from '@wordpress/components';
import { useSelect } from '@wordpress/data';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { JOBS_PATH } from '../shared/jobs/api';
import { JobHistory } from '../shared/jobs/job-history';
import type { Settings } from '../shared/settings';
import { store } from '../shared/store';
import { HealthCard } from './health-card';

/** How many syncs the Welcome tab lists. */
export const LAST_JOBS = 5;

type TriggerName = keyof Pick<
	Settings,
	'newSiteSync' | 'newUserSync' | 'roleSync'
>;

export function triggerList(): { name: TriggerName; label: string }[] {
	return [
		{
			name: 'newUserSync',
			label: __( 'New user automatic sync', 'wpm-user-sync' ),
		},
		{
			name: 'newSiteSync',
			label: __( 'New site automatic sync', 'wpm-user-sync' ),
		},
		{
			name: 'roleSync',
			label: __( 'Set user role automatic sync', 'wpm-user-sync' ),
		},
	];
}

function Triggers() {
	// Preloaded with the screen.
	const { settings, error } = useSelect( ( select ) => {
		const { getSavedSettings, getSettingsLoadError } = select( store );
		return {
			settings: getSavedSettings(),
			error: getSettingsLoadError(),
		};
	}, [] );
	if ( error ) {
		return (
			<Notice status="error" isDismissible={ false }>
				{ error }
			</Notice>
		);
	}
	if ( ! settings ) {
		return <Spinner />;
	}
	return (
		<ul className="wpmus-home__triggers">
			{ triggerList().map( ( trigger ) => (
				<li key={ trigger.name } className="wpmus-home__trigger">
					<span>{ trigger.label }</span>
					<span
						className={ `wpmus-home__state ${
							settings[ trigger.name ] ? 'is-on' : 'is-off'
						}` }
					>
						{ settings[ trigger.name ]
							? __( 'On', 'wpm-user-sync' )
							: __( 'Off', 'wpm-user-sync' ) }
					</span>
				</li>
			) ) }
		</ul>
	);
}

interface Props {
	optionsUrl: string;
	actionsUrl: string;
}

/**
 * What the plugin does, the triggers at a glance and the last syncs.
 *
 * @param props            Component props.
 * @param props.optionsUrl Address of the Options screen.
 * @param props.actionsUrl Address of the Actions screen.
 */
export function WelcomeTab( { optionsUrl, actionsUrl }: Props ) {
	const { data: jobs, error } = useSelect(
		( select ) => select( store ).getJobs( JOBS_PATH, LAST_JOBS ),
		[]
	);
	return (
		<div className="wpmus-home__tab">
			<p className="wpmus-screen__lead">
				{ __(
					'WPM User Sync keeps the people of your network in the right sites with the right roles. Out of the box, WordPress never adds a new user to the network’s other sites, nor the network’s users to a new site: you would add them by hand, one person and one site at a time. This plugin does it for you, automatically with triggers, or when you choose with manual actions.',
					'wpm-user-sync'
				) }
			</p>
			<p>
				{ __(
					'Accounts are never duplicated: each person keeps one account, which becomes a member of more sites.',
					'wpm-user-sync'
				) }
			</p>

			<HealthCard optionsUrl={ optionsUrl } />

			<h2 className="wpmus-screen__subtitle">
				{ __( 'Triggers', 'wpm-user-sync' ) }
			</h2>
			<Triggers />
			<p className="wpmus-screen__link">
				<a href={ optionsUrl }>
					{ __( 'Change the triggers in Options', 'wpm-user-sync' ) }
				</a>
			</p>

			<h2 className="wpmus-screen__subtitle">
				{ __( 'Last syncs', 'wpm-user-sync' ) }
			</h2>
			<JobHistory
				jobs={ jobs }
				error={ error }
				caption={ __(
					'The last manual syncs, newest first',
					'wpm-user-sync'
				) }
			/>
			<p className="wpmus-screen__link">
				<a href={ actionsUrl }>
					{ __( 'Run a sync in Actions', 'wpm-user-sync' ) }
				</a>
			</p>
		</div>
	);
}
