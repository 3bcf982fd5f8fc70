/**
 * WordPress dependencies
 */
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Notice,
	Spinner,
} from '@wordpress/components';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { formatDate, formatNumber } from '../format';
import { jobScopeText, statusText } from './job-text';
import { DRIFT_CHECK_TYPE } from './shown-job';
import type { Job } from './types';
import { canUndo, undoLabel } from './undo-text';

/**
 * Who started a job: a person's name; WP-Cron for what the schedule starts (drift checks, Reconcile automatically).
 *
 * @param job The job.
 */
function creatorText( job: Job ): string {
	if ( job.createdBy.name ) {
		return job.createdBy.name;
	}
	return job.origin === 'drift' || job.origin === 'reconcile'
		? __( 'WP-Cron', 'wpm-user-sync' )
		: __( 'unknown', 'wpm-user-sync' );
}

interface Props {
	/** Newest first; null while loading. */
	jobs: Job[] | null;
	error: string | null;
	/** What the table is, for screen readers. */
	caption: string;
	/** Undoes a job; an Undo button shows on each job the caller may undo. */
	onUndo?: ( job: Job ) => void;
	/** Whether an undo is under way (the buttons wait for it). */
	undoBusy?: boolean;
}

/**
 * The syncs run so far, newest first: who, what, how it ended, when.
 *
 * @param props          Component props.
 * @param props.jobs     The jobs.
 * @param props.error    Why they could not be loaded.
 * @param props.caption  What the table is.
 * @param props.onUndo   Undoes a job.
 * @param props.undoBusy Whether an undo is under way.
 */
export function JobHistory( {
	jobs: allJobs,
	error,
	caption,
	onUndo,
	undoBusy = false,
}: Props ) {
	if ( error ) {
		return (
			<Notice status="error" isDismissible={ false }>
				{ error }
			</Notice>
		);
	}
	if ( ! allJobs ) {
		return <Spinner />;
	}
	// Drift checks change nothing: Network Home shows them; these tables list the syncs.
	const jobs = allJobs.filter( ( job ) => job.type !== DRIFT_CHECK_TYPE );
	if ( jobs.length === 0 ) {
		return (
			<p className="wpmus-job__note">
				{ __( 'No sync has run yet.', 'wpm-user-sync' ) }
			</p>
		);
	}
	return (
		<table className="widefat striped wpmus-jobs-table wpmus-job-history">
			<caption className="screen-reader-text">{ caption }</caption>
			<thead>
				<tr>
					<th scope="col">{ __( 'Started by', 'wpm-user-sync' ) }</th>
					<th scope="col">{ __( 'Sites', 'wpm-user-sync' ) }</th>
					<th scope="col">{ __( 'Status', 'wpm-user-sync' ) }</th>
					<th scope="col" className="wpmus-jobs-table__number">
						{ __( 'Added', 'wpm-user-sync' ) }
					</th>
					<th scope="col">{ __( 'Started', 'wpm-user-sync' ) }</th>
					<th scope="col">{ __( 'Finished', 'wpm-user-sync' ) }</th>
					{ onUndo && (
						<th scope="col">
							<span className="screen-reader-text">
								{ __( 'Actions', 'wpm-user-sync' ) }
							</span>
						</th>
					) }
				</tr>
			</thead>
			<tbody>
				{ jobs.map( ( job ) => (
					<tr key={ job.id }>
						<td>{ creatorText( job ) }</td>
						<td>
							{ jobScopeText( job ) }
							{ job.type && job.type !== 'add_memberships' && (
								<span className="wpmus-jobs-table__url">
									{ job.typeLabel }
								</span>
							) }
							{ job.addRemoved && (
								<span className="wpmus-jobs-table__url">
									{ __(
										'Removed people added back',
										'wpm-user-sync'
									) }
								</span>
							) }
						</td>
						<td>{ statusText( job ) }</td>
						<td className="wpmus-jobs-table__number">
							{ job.startedAt === null
								? '—'
								: formatNumber( job.progress.added ) }
						</td>
						<td>
							{ formatDate( job.startedAt ?? job.createdAt ) }
						</td>
						<td>{ formatDate( job.finishedAt ) }</td>
						{ onUndo && (
							<td>
								{ canUndo( job ) && (
									<Button
										variant="secondary"
										size="compact"
										onClick={ () => onUndo( job ) }
										disabled={ undoBusy }
										accessibleWhenDisabled
										label={ undoLabel( job.id ) }
										showTooltip={ false }
									>
										{ __( 'Undo', 'wpm-user-sync' ) }
									</Button>
								) }
							</td>
						) }
					</tr>
				) ) }
			</tbody>
		</table>
	);
}

/**
 * The history in its own card, as the Actions screens show it below their actions.
 *
 * @param props          Component props.
 * @param props.jobs     The jobs.
 * @param props.error    Why they could not be loaded.
 * @param props.caption  What the table is.
 * @param props.onUndo   Undoes a job.
 * @param props.undoBusy Whether an undo is under way.
 */
export function JobHistoryCard( {
	jobs,
	error,
	caption,
	onUndo,
	undoBusy,
}: Props ) {
	return (
		<section aria-labelledby="wpmus-history-title">
			<Card>
				<CardHeader>
					<h2
						id="wpmus-history-title"
						className="wpmus-screen__title"
					>
						{ __( 'History', 'wpm-user-sync' ) }
					</h2>
				</CardHeader>
				<CardBody>
					<JobHistory
						jobs={ jobs }
						error={ error }
						caption={ caption }
						onUndo={ onUndo }
						undoBusy={ undoBusy }
					/>
				</CardBody>
			</Card>
		</section>
	);
}
