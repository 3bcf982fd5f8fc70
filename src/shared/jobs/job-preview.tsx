/**
 * WordPress dependencies
 */
import { __, _n, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { formatNumber } from '../format';
import { SiteRowHeader } from '../sites/site-row-header';
import {
	isRemoval,
	jobVerb,
	notedText,
	previewSummaryText,
	skippedText,
} from './job-text';
import type { Job } from './types';
import { changedByText } from './undo-text';

interface Props {
	job: Job;
}

/**
 * What a previewed sync will do: per site, the memberships it adds and the people
 * it leaves out and why; then the totals.
 *
 * @param props     Component props.
 * @param props.job The previewed job.
 */
export function JobPreview( { job }: Props ) {
	const { preview } = job;
	const removal = isRemoval( job );
	const columns = {
		add: __( 'To add', 'wpm-user-sync' ),
		remove: __( 'To remove', 'wpm-user-sync' ),
		set: __( 'To add or change', 'wpm-user-sync' ),
		undo: __( 'To take back', 'wpm-user-sync' ),
	};
	const changedBy = changedByText( job.changedBy );
	// Jobs about named people say what some of the pairs are; syncs have nothing to say.
	const withNotes = notedText( preview.noted ) !== '';
	return (
		<div className="wpmus-job-preview">
			<p className="wpmus-job__lead">{ previewSummaryText( job ) }</p>
			{ changedBy && <p className="wpmus-job__note">{ changedBy }</p> }
			{ preview.sites.length > 0 && (
				<table className="widefat striped wpmus-jobs-table">
					<caption className="screen-reader-text">
						{ __(
							'What the sync will do, site by site',
							'wpm-user-sync'
						) }
					</caption>
					<thead>
						<tr>
							<th scope="col">
								{ __( 'Site', 'wpm-user-sync' ) }
							</th>
							<th
								scope="col"
								className="wpmus-jobs-table__number"
							>
								{ columns[ jobVerb( job ) ] }
							</th>
							<th scope="col">
								{ __( 'Skipped', 'wpm-user-sync' ) }
							</th>
							{ withNotes && (
								<th scope="col">
									{ __( 'Of which', 'wpm-user-sync' ) }
								</th>
							) }
						</tr>
					</thead>
					<tbody>
						{ preview.sites.map( ( site ) => (
							<tr key={ site.id }>
								<SiteRowHeader site={ site } />
								<td className="wpmus-jobs-table__number">
									{ formatNumber( site.toAdd ) }
								</td>
								<td>
									{ skippedText(
										site.skipped,
										true,
										removal
									) }
								</td>
								{ withNotes && (
									<td>{ notedText( site.noted ) }</td>
								) }
							</tr>
						) ) }
					</tbody>
					<tfoot>
						<tr>
							<th scope="row">
								{ __( 'Total', 'wpm-user-sync' ) }
							</th>
							<td className="wpmus-jobs-table__number">
								{ formatNumber( preview.total ) }
							</td>
							<td>
								{ skippedText(
									preview.skipped,
									false,
									removal
								) }
							</td>
							{ withNotes && (
								<td>{ notedText( preview.noted ) }</td>
							) }
						</tr>
					</tfoot>
				</table>
			) }
			{ preview.siteCount > preview.sites.length &&
				preview.sites.length > 0 && (
					<p className="wpmus-job__note">
						{ sprintf(
							/* translators: 1: Number of sites listed, 2: Number of sites in the sync. */
							_n(
								'The %1$s sites with the most to do are listed, of %2$s site in this sync.',
								'The %1$s sites with the most to do are listed, of %2$s sites in this sync.',
								preview.siteCount,
								'wpm-user-sync'
							),
							formatNumber( preview.sites.length ),
							formatNumber( preview.siteCount )
						) }
					</p>
				) }
		</div>
	);
}
