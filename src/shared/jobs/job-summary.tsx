/**
 * WordPress dependencies
 */
import { Notice } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { formatDuration } from '../format';
import {
	isRemoval,
	membershipsText,
	notedText,
	resultText,
	skippedText,
} from './job-text';
import { JobProgress } from './job-progress';
import { secondsBetween } from './progress';
import type { Job } from './types';

interface Props {
	job: Job;
}

const NOTICE_STATUS = {
	done: 'success',
	cancelled: 'warning',
	failed: 'error',
} as const;

/**
 * How a sync ended: what it added, what it skipped and why, how long it took.
 *
 * @param props     Component props.
 * @param props.job The finished job.
 */
export function JobSummary( { job }: Props ) {
	const duration = secondsBetween( job.startedAt, job.finishedAt );
	const ran = job.startedAt !== null;
	const removal = isRemoval( job );
	const status =
		job.status in NOTICE_STATUS
			? NOTICE_STATUS[ job.status as keyof typeof NOTICE_STATUS ]
			: 'info';
	return (
		<div className="wpmus-job-summary">
			<Notice status={ status } isDismissible={ false }>
				{ resultText( job, duration ) }
			</Notice>
			{ ran && <JobProgress job={ job } rate={ null } /> }
			<dl className="wpmus-job-summary__facts">
				<dt>
					{ removal
						? __( 'Removed', 'wpm-user-sync' )
						: __( 'Added', 'wpm-user-sync' ) }
				</dt>
				<dd>{ membershipsText( job.progress.added ) }</dd>
				<dt>{ __( 'Skipped', 'wpm-user-sync' ) }</dt>
				<dd>
					{ skippedText(
						ran ? job.progress.skipped : job.preview.skipped,
						false,
						removal
					) }
				</dd>
				{ notedText( job.progress.noted ) && (
					<>
						<dt>{ __( 'Of which', 'wpm-user-sync' ) }</dt>
						<dd>{ notedText( job.progress.noted ) }</dd>
					</>
				) }
				{ duration !== null && (
					<>
						<dt>{ __( 'Duration', 'wpm-user-sync' ) }</dt>
						<dd>{ formatDuration( duration ) }</dd>
					</>
				) }
			</dl>
		</div>
	);
}
