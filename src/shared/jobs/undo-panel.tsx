/**
 * WordPress dependencies
 */
import { Card, CardBody, CardHeader, Notice } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { JobsBase } from './api';
import { JobFlow } from './job-flow';
import { shownJobStore, undoJobToShow } from './shown-job';
import type { Job } from './types';
import { type UseJob, useJob } from './use-job';

/**
 * Whether an undo is under way on screen (not before one is asked for, nor after it ended).
 *
 * @param flow The undo's job and its controls.
 */
function isBusy( flow: UseJob ): boolean {
	return flow.phase !== 'idle' && flow.phase !== 'finished';
}

export interface UseUndo {
	flow: UseJob;
	/** Creates the undo of a job; its preview starts at once. */
	undo: ( jobId: number ) => void;
	/** Whether an undo is under way: no other can be asked for meanwhile. */
	busy: boolean;
}

/**
 * The undo of a screen: created from the history or Activity, then previewed,
 * confirmed and run like any job. An undo found under way when the screen loads
 * (or the one shown before a reload) is carried on.
 *
 * @param base       `/jobs` or `/site-jobs`.
 * @param storageKey Where the tab keeps the undo shown.
 * @param loaded     The jobs as the screen loaded; null while loading (or when unknown).
 */
export function useUndo(
	base: JobsBase,
	storageKey: string,
	loaded: Job[] | null
): UseUndo {
	const flow = useJob( base, storageKey );
	const [ resumed, setResumed ] = useState( false );
	const { resume, phase, create } = flow;
	useEffect( () => {
		if ( resumed || loaded === null || phase !== 'idle' ) {
			return;
		}
		setResumed( true );
		const found = undoJobToShow( loaded, shownJobStore.get( storageKey ) );
		if ( found ) {
			resume( found );
		}
	}, [ resumed, loaded, phase, resume, storageKey ] );

	const jobId = flow.job?.id ?? null;
	useEffect( () => {
		if ( jobId !== null ) {
			shownJobStore.set( storageKey, jobId );
		}
	}, [ storageKey, jobId ] );

	return {
		flow,
		undo: ( target: number ) => create( { type: 'undo', job: target } ),
		busy: isBusy( flow ),
	};
}

interface Props {
	undo: UseUndo;
	/** Where the tab keeps the undo shown. */
	storageKey: string;
}

/**
 * The undo under way, in its own card: its preview (what is taken back, what is
 * skipped and why, who changed it since), then its progress and result. Nothing
 * until an undo is asked for.
 *
 * @param props            Component props.
 * @param props.undo       The undo (useUndo).
 * @param props.storageKey Where the tab keeps the undo shown.
 */
export function UndoPanel( { undo, storageKey }: Props ) {
	const { flow } = undo;
	if ( flow.phase === 'idle' && ! flow.error ) {
		return null;
	}
	const title = flow.job?.undoes
		? sprintf(
				/* translators: %d: Job number. */
				__( 'Undo job #%d', 'wpm-user-sync' ),
				flow.job.undoes
			)
		: __( 'Undo', 'wpm-user-sync' );
	return (
		<section aria-label={ title }>
			<Card className="wpmus-job-card">
				<CardHeader>
					<h2 className="wpmus-screen__title">{ title }</h2>
				</CardHeader>
				<CardBody>
					{ flow.job ? (
						<>
							<p className="wpmus-screen__description">
								{ __(
									'Only what the job changed and nobody changed since is taken back. Posts and pages a removal gave to someone else are not given back.',
									'wpm-user-sync'
								) }
							</p>
							<JobFlow
								flow={ flow }
								focusOnShow
								onDone={ () => {
									shownJobStore.set( storageKey, null );
									flow.reset();
								} }
							/>
						</>
					) : (
						flow.error && (
							<Notice status="error" onRemove={ flow.reset }>
								{ flow.error }
							</Notice>
						)
					) }
				</CardBody>
			</Card>
		</section>
	);
}
