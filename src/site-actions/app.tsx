/**
 * WordPress dependencies
 */
import { Spinner } from '@wordpress/components';
import { useSelect } from '@wordpress/data';
import { useEffect, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { AddRemovedControl } from '../shared/jobs/add-removed-control';
import { SITE_JOBS_PATH } from '../shared/jobs/api';
import { JobCard } from '../shared/jobs/job-card';
import { JobHistoryCard } from '../shared/jobs/job-history';
import { jobToShow, shownJobStore } from '../shared/jobs/shown-job';
import type { Job } from '../shared/jobs/types';
import { useJob } from '../shared/jobs/use-job';
import { UndoPanel, useUndo } from '../shared/jobs/undo-panel';
import { store } from '../shared/store';

const SITE_KEY = 'wpmus-site-job';
const UNDO_KEY = 'wpmus-site-undo-job';

/**
 * Site Admin → WPM User Sync → Actions: "Sync from scratch" for this site.
 */
export function App() {
	// Read again by the store whenever the sync changes status.
	const history = useSelect(
		( select ) => select( store ).getJobs( SITE_JOBS_PATH ),
		[]
	);
	const flow = useJob( SITE_JOBS_PATH, SITE_KEY );
	const [ addRemoved, setAddRemoved ] = useState( false );
	// The jobs as the screen loaded: one under way is carried on.
	const [ loaded, setLoaded ] = useState< Job[] | null >( null );
	const [ resume, setResume ] = useState< Job | null >( null );
	useEffect( () => {
		if ( loaded === null && history.data !== null ) {
			setLoaded( history.data );
			setResume(
				jobToShow(
					history.data,
					[ 'site' ],
					shownJobStore.get( SITE_KEY )
				)
			);
		}
	}, [ loaded, history.data ] );
	const undo = useUndo( SITE_JOBS_PATH, UNDO_KEY, loaded );

	return (
		<div className="wpmus-screen wpmus-actions">
			{ loaded === null && ! history.error ? (
				<Spinner />
			) : (
				<JobCard
					title={ __( 'Sync from scratch', 'wpm-user-sync' ) }
					description={
						<p>
							{ __(
								'Adds every user of the network to this site, with its default role (Subscriber if it has none). Nobody’s role here changes. Super admins, and people the network administrator keeps out, are left out.',
								'wpm-user-sync'
							) }
						</p>
					}
					flow={ flow }
					resume={ resume }
					storageKey={ SITE_KEY }
					onPreview={ () => flow.create( { addRemoved } ) }
				>
					<AddRemovedControl
						checked={ addRemoved }
						onChange={ setAddRemoved }
						scope="site"
					/>
				</JobCard>
			) }
			<UndoPanel undo={ undo } storageKey={ UNDO_KEY } />
			<JobHistoryCard
				jobs={ history.data }
				error={ history.error }
				caption={ __(
					'Syncs of this site, newest first',
					'wpm-user-sync'
				) }
				onUndo={ ( job ) => undo.undo( job.id ) }
				undoBusy={ undo.busy }
			/>
		</div>
	);
}
