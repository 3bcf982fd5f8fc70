/**
 * What the screens say about undoing a job.
 */

/**
 * WordPress dependencies
 */
import { __, _n, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { formatNumber, listText } from '../format';
import type { ChangedBy, Job } from './types';

/**
 * Whether the caller may undo a job: the server links the action only then.
 *
 * @param job A job of the history.
 */
export function canUndo( job: Pick< Job, '_links' > ): boolean {
	return ( job._links?.[ 'wp:action-undo' ]?.length ?? 0 ) > 0;
}

/**
 * Changes taken back or to take back, e.g. "12 changes".
 *
 * @param count How many memberships and roles.
 */
export function changesText( count: number ): string {
	return sprintf(
		/* translators: %s: Number of memberships and roles. */
		_n( '%s change', '%s changes', count, 'wpm-user-sync' ),
		formatNumber( count )
	);
}

/**
 * What an undo's preview found, in one sentence.
 *
 * @param job An undo job, previewed.
 */
export function undoSummaryText( job: Job ): string {
	const { total } = job.preview;
	if ( total === 0 ) {
		return sprintf(
			/* translators: %d: Job number. */
			__(
				'Nothing to take back from job #%d: everything it changed was changed since, or undone already.',
				'wpm-user-sync'
			),
			job.undoes ?? 0
		);
	}
	return sprintf(
		/* translators: 1: Changes, e.g. "12 changes", 2: Job number. */
		__(
			'This will take back %1$s that job #%2$d made and nobody changed since: memberships it added are removed, memberships it removed and roles it changed are put back.',
			'wpm-user-sync'
		),
		changesText( total ),
		job.undoes ?? 0
	);
}

/**
 * Who changed, since the job, what the undo leaves as it is, e.g. "Changed since
 * by Ana Silva (3) and nobody logged in (1)."; empty when nobody did.
 *
 * @param changedBy The people, the most first.
 */
export function changedByText(
	changedBy: ChangedBy[] | null | undefined
): string {
	if ( ! changedBy || changedBy.length === 0 ) {
		return '';
	}
	const people = changedBy.map( ( person ) =>
		sprintf(
			/* translators: 1: A person's name, 2: Number of changes. */
			__( '%1$s (%2$s)', 'wpm-user-sync' ),
			personName( person ),
			formatNumber( person.count )
		)
	);
	return sprintf(
		/* translators: %s: People with how many changes each, e.g. "Ana Silva (3) and Tom Becker (1)". */
		__(
			'Left as they are, because someone changed them since: %s.',
			'wpm-user-sync'
		),
		listText( people )
	);
}

/**
 * A person who changed something, by name.
 *
 * @param person Who.
 */
function personName( person: ChangedBy ): string {
	if ( person.id === 0 ) {
		return __( 'nobody logged in', 'wpm-user-sync' );
	}
	return (
		person.name ||
		sprintf(
			/* translators: %d: User ID. */
			__( 'user #%d', 'wpm-user-sync' ),
			person.id
		)
	);
}

/**
 * The label of the button that undoes a job: "Undo job #12".
 *
 * @param jobId The job.
 */
export function undoLabel( jobId: number ): string {
	return sprintf(
		/* translators: %d: Job number. */
		__( 'Undo job #%d', 'wpm-user-sync' ),
		jobId
	);
}
