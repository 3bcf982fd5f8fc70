/**
 * WordPress dependencies
 */
import { ProgressBar } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { formatNumber } from '../format';
import { isRemoval, rateText, timeLeftText } from './job-text';
import { percentDone } from './progress';
import type { Job } from './types';

interface Props {
	job: Job;
	/** Memberships per second, or null. */
	rate: number | null;
	/** Seconds left, or null; leave out to show neither pace nor time left. */
	secondsLeft?: number | null;
}

/**
 * A run's progress: a bar, memberships added of the total, the pace and the time left.
 *
 * @param props             Component props.
 * @param props.job         The job.
 * @param props.rate        Memberships per second.
 * @param props.secondsLeft Seconds left.
 */
export function JobProgress( { job, rate, secondsLeft }: Props ) {
	const { added, total } = job.progress;
	const percent = percentDone( added, total );
	return (
		<div className="wpmus-job-progress">
			<ProgressBar
				className="wpmus-job-progress__bar"
				value={ percent }
				aria-label={ __( 'Sync progress', 'wpm-user-sync' ) }
				aria-valuetext={ sprintf(
					/* translators: %d: Percentage done. */
					__( '%d%% done', 'wpm-user-sync' ),
					percent
				) }
			/>
			<p className="wpmus-job-progress__counts">
				{ isRemoval( job )
					? sprintf(
							/* translators: 1: Memberships removed so far, 2: Memberships to remove in all, 3: Percentage done. */
							__(
								'%1$s of %2$s memberships removed (%3$d%%)',
								'wpm-user-sync'
							),
							formatNumber( added ),
							formatNumber( total ),
							percent
						)
					: sprintf(
							/* translators: 1: Memberships added so far, 2: Memberships to add in all, 3: Percentage done. */
							__(
								'%1$s of %2$s memberships added (%3$d%%)',
								'wpm-user-sync'
							),
							formatNumber( added ),
							formatNumber( total ),
							percent
						) }
			</p>
			{ secondsLeft !== undefined && (
				<p className="wpmus-job-progress__pace">
					{ rate === null
						? timeLeftText( null )
						: sprintf(
								/* translators: 1: Pace, e.g. "12 memberships per second", 2: Time left, e.g. "About 3 minutes left". */
								__( '%1$s · %2$s', 'wpm-user-sync' ),
								rateText( rate ),
								timeLeftText( secondsLeft )
							) }
				</p>
			) }
		</div>
	);
}
