/**
 * WordPress dependencies
 */
import { Notice, Spinner } from '@wordpress/components';
import { useSelect } from '@wordpress/data';
import {
	createInterpolateElement,
	useEffect,
	useId,
	useState,
} from '@wordpress/element';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { RunnerNotice } from '../shared/health/runner-notice';
import { useHealth } from '../shared/health/use-health';
import { AddRemovedControl } from '../shared/jobs/add-removed-control';
import { JOBS_PATH } from '../shared/jobs/api';
import { JobCard } from '../shared/jobs/job-card';
import { JobHistoryCard } from '../shared/jobs/job-history';
import { jobToShow, shownJobStore } from '../shared/jobs/shown-job';
import type { Job } from '../shared/jobs/types';
import { useJob } from '../shared/jobs/use-job';
import { UndoPanel, useUndo } from '../shared/jobs/undo-panel';
import { SitePicker } from '../shared/sites/site-picker';
import type { Site } from '../shared/sites/types';
import { store } from '../shared/store';

interface PanelProps {
	/** The jobs as the screen loaded. */
	loaded: Job[];
}

const SCRATCH_KEY = 'wpmus-network-scratch-job';
const SITES_KEY = 'wpmus-network-sites-job';
const UNDO_KEY = 'wpmus-network-undo-job';

function SyncFromScratch( { loaded }: PanelProps ) {
	const flow = useJob( JOBS_PATH, SCRATCH_KEY );
	const [ resume ] = useState( () =>
		jobToShow( loaded, [ 'network' ], shownJobStore.get( SCRATCH_KEY ) )
	);
	const [ addRemoved, setAddRemoved ] = useState( false );
	return (
		<JobCard
			title={ __( 'Sync from scratch', 'wpm-user-sync' ) }
			description={
				<p>
					{ __(
						'Adds every user of the network to every site, with each site’s default role (Subscriber where a site has none). Nobody’s existing role changes; excluded sites and super admins are left out as set in Options.',
						'wpm-user-sync'
					) }
				</p>
			}
			flow={ flow }
			resume={ resume }
			storageKey={ SCRATCH_KEY }
			onPreview={ () => flow.create( { kind: 'network', addRemoved } ) }
		>
			<AddRemovedControl
				checked={ addRemoved }
				onChange={ setAddRemoved }
				scope="network"
			/>
		</JobCard>
	);
}

function SyncSelectedSites( { loaded }: PanelProps ) {
	const flow = useJob( JOBS_PATH, SITES_KEY );
	const [ resume ] = useState( () =>
		jobToShow( loaded, [ 'sites' ], shownJobStore.get( SITES_KEY ) )
	);
	const [ addRemoved, setAddRemoved ] = useState( false );
	const [ sites, setSites ] = useState< Site[] >( [] );
	const [ needsSite, setNeedsSite ] = useState( false );
	const messageId = useId();

	function preview() {
		if ( sites.length === 0 ) {
			setNeedsSite( true );
			return;
		}
		flow.create( {
			kind: 'sites',
			sites: sites.map( ( site ) => site.id ),
			addRemoved,
		} );
	}

	return (
		<JobCard
			title={ __( 'Sync selected sites', 'wpm-user-sync' ) }
			description={
				<p>
					{ __(
						'Adds every user of the network to the sites you select, with each site’s default role (Subscriber where a site has none). Nobody’s existing role changes.',
						'wpm-user-sync'
					) }
				</p>
			}
			flow={ flow }
			resume={ resume }
			storageKey={ SITES_KEY }
			onPreview={ preview }
		>
			<SitePicker
				selected={ sites }
				onChange={ ( chosen ) => {
					setSites( chosen );
					if ( chosen.length > 0 ) {
						setNeedsSite( false );
					}
				} }
				describedBy={ needsSite ? messageId : undefined }
			/>
			<div id={ messageId }>
				{ needsSite && (
					<Notice status="warning" isDismissible={ false }>
						{ __( 'Select at least one site.', 'wpm-user-sync' ) }
					</Notice>
				) }
			</div>
			<AddRemovedControl
				checked={ addRemoved }
				onChange={ setAddRemoved }
				scope="network"
			/>
		</JobCard>
	);
}

interface Props {
	/** Network Admin → WPM User Sync → Options. */
	optionsUrl: string;
}

/**
 * Network Admin → WPM User Sync → Actions.
 *
 * @param props            Component props.
 * @param props.optionsUrl Address of the Options screen.
 */
export function App( { optionsUrl }: Props ) {
	// Read again by the store whenever a panel's sync changes status.
	const history = useSelect(
		( select ) => select( store ).getJobs( JOBS_PATH ),
		[]
	);
	// Only read: Network Home carries drift checks on.
	const { health } = useHealth( false );
	// The jobs as the screen loaded: those under way are carried on by their panels.
	const [ loaded, setLoaded ] = useState< Job[] | null >( null );
	useEffect( () => {
		if ( loaded === null && history.data !== null ) {
			setLoaded( history.data );
		}
	}, [ loaded, history.data ] );
	const undo = useUndo( JOBS_PATH, UNDO_KEY, loaded );

	return (
		<div className="wpmus-screen wpmus-actions">
			<p className="wpmus-screen__description">
				{ createInterpolateElement(
					__(
						'Manual syncs add people to sites now, whatever the triggers in <a>Options</a> are set to. Each one is previewed first: nothing is written until you confirm.',
						'wpm-user-sync'
					),
					// eslint-disable-next-line jsx-a11y/anchor-has-content -- The text comes from the string.
					{ a: <a href={ optionsUrl } /> }
				) }
			</p>
			{ loaded === null && ! history.error ? (
				<Spinner />
			) : (
				<>
					<SyncFromScratch loaded={ loaded ?? [] } />
					<SyncSelectedSites loaded={ loaded ?? [] } />
				</>
			) }
			<RunnerNotice health={ health } />
			<UndoPanel undo={ undo } storageKey={ UNDO_KEY } />
			<JobHistoryCard
				jobs={ history.data }
				error={ history.error }
				caption={ __(
					'Syncs of the network, newest first',
					'wpm-user-sync'
				) }
				onUndo={ ( job ) => undo.undo( job.id ) }
				undoBusy={ undo.busy }
			/>
		</div>
	);
}
