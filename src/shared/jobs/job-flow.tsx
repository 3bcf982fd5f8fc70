/**
 * WordPress dependencies
 */
import { Button, Notice, Spinner } from '@wordpress/components';
import { useEffect, useRef } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { formatDate } from '../format';
import {
	confirmLabel,
	isRemoval,
	jobVerb,
	membershipsText,
	previewAgeText,
	skippedPhrases,
	skippedText,
	staleText,
	statusText,
	waitingText,
} from './job-text';
import { JobPreview } from './job-preview';
import { JobProgress } from './job-progress';
import { JobSummary } from './job-summary';
import { hasOwnPanel } from './shown-job';
import type { Job } from './types';
import type { UseJob } from './use-job';
import { useNow } from './use-now';

/** How often the age of a preview waiting for confirmation is told again. */
const AGE_TICK_MS = 15_000;

interface Props {
	flow: UseJob;
	/** Whether to move focus to the heading when the flow first shows (not after a reload). */
	focusOnShow: boolean;
	/** "Start a new sync" (or "Close" for other jobs), after the job ended. */
	onDone: () => void;
}

function heading( flow: UseJob ): string {
	const { job, phase } = flow;
	if ( ! job ) {
		return '';
	}
	switch ( phase ) {
		case 'previewing':
			return __( 'Preview: counting…', 'wpm-user-sync' );
		case 'ready':
		case 'starting':
		case 'refreshing':
			return __( 'Preview', 'wpm-user-sync' );
		case 'running':
			if ( job.type === 'undo' ) {
				return __( 'Taking back…', 'wpm-user-sync' );
			}
			return isRemoval( job )
				? __( 'Removing memberships…', 'wpm-user-sync' )
				: __( 'Adding memberships…', 'wpm-user-sync' );
		case 'cancelling':
			return __( 'Cancelling…', 'wpm-user-sync' );
	}
	if ( job.status !== 'done' && job.startedAt === null ) {
		return __( 'Preview discarded', 'wpm-user-sync' );
	}
	if ( hasOwnPanel( job ) ) {
		// An undo, or a job about named people, is no sync.
		switch ( job.status ) {
			case 'done':
				return __( 'Job done', 'wpm-user-sync' );
			case 'failed':
				return __( 'Job failed', 'wpm-user-sync' );
			default:
				return __( 'Job cancelled', 'wpm-user-sync' );
		}
	}
	switch ( job.status ) {
		case 'done':
			return __( 'Sync done', 'wpm-user-sync' );
		case 'failed':
			return __( 'Sync failed', 'wpm-user-sync' );
		default:
			return __( 'Sync cancelled', 'wpm-user-sync' );
	}
}

/**
 * One sync after its creation: the preview as it counts, the preview to confirm,
 * the run's progress, then the result. Errors pause it with a way to try again.
 *
 * @param props             Component props.
 * @param props.flow        The job and its controls.
 * @param props.focusOnShow Move focus to the heading when first shown.
 * @param props.onDone      Back to the form.
 */
export function JobFlow( { flow, focusOnShow, onDone }: Props ) {
	const { job, phase, error } = flow;
	const now = useNow( job?.status === 'ready', AGE_TICK_MS );
	const headingRef = useRef< HTMLHeadingElement >( null );
	const sectionRef = useRef< HTMLElement >( null );
	const shown = useRef( false );

	// When the button that was pressed is gone (focus fell back to the page) or was in
	// this sync, focus follows to the new heading. Focus elsewhere is left alone: a sync
	// that ends on its own must not pull the person away from what they are doing.
	useEffect( () => {
		const section = sectionRef.current;
		const active = section?.ownerDocument.activeElement;
		const lost = ! active || active === section?.ownerDocument.body;
		const inside = !! active && !! section?.contains( active );
		if ( shown.current ? lost || inside : focusOnShow && lost ) {
			headingRef.current?.focus();
		}
		shown.current = true;
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [ phase ] );

	if ( ! job ) {
		return null;
	}

	const title = heading( flow );
	const removal = isRemoval( job );
	const busyCancelling = phase === 'cancelling';
	let content;
	let actions = null;

	if ( job.status === 'previewing' ) {
		content = (
			<p className="wpmus-job__counting">
				<Spinner />
				{ removal
					? sprintf(
							/* translators: %s: Memberships found so far, e.g. "12 memberships". */
							__(
								'Checking who belongs where. So far: %s to remove.',
								'wpm-user-sync'
							),
							membershipsText( job.preview.total )
						)
					: sprintf(
							/* translators: %s: Memberships found so far, e.g. "12 memberships". */
							__(
								'Checking who is missing where. So far: %s to add.',
								'wpm-user-sync'
							),
							membershipsText( job.preview.total )
						) }
			</p>
		);
		actions = (
			<Button
				variant="secondary"
				onClick={ flow.cancel }
				isBusy={ busyCancelling }
				disabled={ busyCancelling }
				accessibleWhenDisabled
			>
				{ __( 'Stop the preview', 'wpm-user-sync' ) }
			</Button>
		);
	} else if ( job.status === 'ready' ) {
		const age = previewAgeText( job.previewedAt, now );
		content = (
			<>
				{ age && <p className="wpmus-job__age">{ age }</p> }
				{ flow.stale && (
					<Notice status="warning" isDismissible={ false }>
						{ staleText( job.previewedAt, now, flow.staleReason ) }
					</Notice>
				) }
				<JobPreview job={ job } />
			</>
		);
		const nothing = job.preview.total === 0;
		// One button, relabelled when the preview goes stale, so that focus stays on it.
		actions = (
			<>
				{ ( ! nothing || flow.stale ) && (
					<Button
						variant="primary"
						onClick={ flow.stale ? flow.refresh : flow.start }
						isBusy={
							phase === 'starting' || phase === 'refreshing'
						}
						disabled={ phase !== 'ready' }
						accessibleWhenDisabled
					>
						{ flow.stale
							? __( 'Refresh preview', 'wpm-user-sync' )
							: confirmLabel(
									job.preview.total,
									jobVerb( job )
								) }
					</Button>
				) }
				<Button
					variant={
						nothing && ! flow.stale ? 'primary' : 'secondary'
					}
					onClick={ flow.cancel }
					isBusy={ busyCancelling }
					disabled={ phase !== 'ready' }
					accessibleWhenDisabled
				>
					{ nothing
						? __( 'Close', 'wpm-user-sync' )
						: __( 'Discard the preview', 'wpm-user-sync' ) }
				</Button>
			</>
		);
	} else if ( job.status === 'running' ) {
		content = (
			<JobProgress
				job={ job }
				rate={ flow.rate }
				secondsLeft={ flow.secondsLeft }
			/>
		);
		actions = (
			<Button
				variant="secondary"
				isDestructive
				onClick={ flow.cancel }
				isBusy={ busyCancelling }
				disabled={ busyCancelling }
				accessibleWhenDisabled
			>
				{ __( 'Cancel', 'wpm-user-sync' ) }
			</Button>
		);
	} else {
		content = <JobSummary job={ job } />;
		actions = (
			<Button variant="secondary" onClick={ onDone }>
				{ hasOwnPanel( job )
					? __( 'Close', 'wpm-user-sync' )
					: __( 'Start a new sync', 'wpm-user-sync' ) }
			</Button>
		);
	}

	return (
		<section
			ref={ sectionRef }
			className="wpmus-job"
			aria-labelledby={ `wpmus-job-${ job.id }` }
			aria-busy={ phase === 'previewing' || phase === 'running' }
		>
			<h3
				id={ `wpmus-job-${ job.id }` }
				ref={ headingRef }
				tabIndex={ -1 }
				className="wpmus-job__title"
			>
				{ title }
			</h3>
			<p className="wpmus-job__meta">
				{ sprintf(
					/* translators: 1: Job number, 2: Name of the person who created it, 3: Date and time, 4: Status, e.g. "Running". */
					__( 'Job #%1$d by %2$s, %3$s — %4$s.', 'wpm-user-sync' ),
					job.id,
					job.createdBy.name || __( 'unknown', 'wpm-user-sync' ),
					formatDate( job.createdAt ),
					statusText( job )
				) }
				{ job.addRemoved && (
					<>
						<br />
						{ addedBackText( job ) }
					</>
				) }
			</p>
			{ content }
			{ flow.waiting && (
				<Notice
					status="info"
					isDismissible={ false }
					// Said once when the wait begins, not at every new count of seconds.
					spokenMessage={ __(
						'Waiting for an interrupted batch to be released.',
						'wpm-user-sync'
					) }
				>
					{ waitingText( flow.waiting.seconds ) }
				</Notice>
			) }
			{ flow.note && (
				<Notice status="info" isDismissible={ false }>
					{ flow.note }
				</Notice>
			) }
			{ error && (
				<Notice
					status={ flow.retrying ? 'warning' : 'error' }
					isDismissible={ false }
					actions={ [
						{
							label: flow.retrying
								? __( 'Try again now', 'wpm-user-sync' )
								: __( 'Try again', 'wpm-user-sync' ),
							onClick: flow.retry,
							variant: 'secondary',
						},
					] }
				>
					{ errorText( job, error, flow.retrying ) }
				</Notice>
			) }
			{ job.status === 'running' &&
				skippedPhrases( job.progress.skipped, false, removal ).length >
					0 && (
					<SkippedSoFar
						skipped={ skippedText(
							job.progress.skipped,
							false,
							removal
						) }
					/>
				) }
			<div className="wpmus-job__actions">{ actions }</div>
		</section>
	);
}

/**
 * Whom a sync with `addRemoved` adds back: a site's own sync only those its own
 * administrators removed; a network sync also those a network administrator removed.
 *
 * @param job The job.
 */
function addedBackText( job: Job ): string {
	return job.kind === 'site'
		? __(
				'People removed from this site by its administrators are added back (not those a network administrator removed).',
				'wpm-user-sync'
			)
		: __(
				'People removed from a site by hand are added back, whether a site administrator or a network administrator removed them.',
				'wpm-user-sync'
			);
}

/**
 * A failure, with what happens meanwhile.
 *
 * @param job      The job.
 * @param error    The failure, in words.
 * @param retrying Whether the screen keeps trying by itself (the server or its database is away).
 */
function errorText( job: Job, error: string, retrying: boolean ): string {
	if ( retrying ) {
		return job.status === 'running'
			? sprintf(
					/* translators: %s: What is wrong, e.g. "The server cannot reach its database right now." */
					__(
						'%s The sync will continue when it is back; this screen retries.',
						'wpm-user-sync'
					),
					error
				)
			: sprintf(
					/* translators: %s: What is wrong, e.g. "The server cannot reach its database right now." */
					__(
						'%s The preview will continue when it is back; this screen retries.',
						'wpm-user-sync'
					),
					error
				);
	}
	if ( job.status === 'running' ) {
		return sprintf(
			/* translators: %s: Why the request failed. */
			__(
				'%s The sync goes on in the background meanwhile.',
				'wpm-user-sync'
			),
			error
		);
	}
	return error;
}

function SkippedSoFar( { skipped }: { skipped: string } ) {
	return (
		<p className="wpmus-job__note">
			{ sprintf(
				/* translators: %s: The reasons people were left out, with counts. */
				__( 'Skipped so far: %s', 'wpm-user-sync' ),
				skipped
			) }
		</p>
	);
}
