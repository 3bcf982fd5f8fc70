/**
 * What the screens say about syncs ("jobs"): statuses, reasons for skipping,
 * previews, progress and results. Generic formatting is in ../format.ts.
 */

/**
 * WordPress dependencies
 */
import { __, _n, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { formatDuration, formatNumber, listText } from '../format';
import { undoSummaryText } from './undo-text';
import type {
	Job,
	JobStatus,
	NoteCounts,
	PreviewSite,
	SkipCounts,
} from './types';

/**
 * The pace of a run: "12 memberships per second", or "0.5 memberships per second".
 *
 * @param rate Memberships per second.
 */
export function rateText( rate: number ): string {
	// A decimal only when the pace is slow: "0.5", but "1,234".
	const shown = formatNumber( rate, rate >= 10 ? 0 : 1 );
	return sprintf(
		/* translators: %s: Number of memberships added each second, e.g. "12" or "0.5". */
		_n(
			'%s membership per second',
			'%s memberships per second',
			rate === 1 ? 1 : 2,
			'wpm-user-sync'
		),
		shown
	);
}

/**
 * How long the rest of a run should take, in words.
 *
 * @param seconds Seconds left, or null when it cannot be told yet.
 */
export function timeLeftText( seconds: number | null ): string {
	if ( seconds === null ) {
		return __( 'Estimating the time left…', 'wpm-user-sync' );
	}
	if ( seconds < 5 ) {
		return __( 'Almost done', 'wpm-user-sync' );
	}
	return sprintf(
		/* translators: %s: A length of time, e.g. "3 minutes 20 seconds". */
		__( 'About %s left', 'wpm-user-sync' ),
		formatDuration( seconds )
	);
}

/**
 * One reason for leaving people out, with how many, in words.
 *
 * @param reason  A skip reason from the server.
 * @param count   How many user–site pairs (or, for `excluded`, sites).
 * @param removal Whether the job removes people (a reason may then say something else).
 */
export function skipReasonText(
	reason: string,
	count: number,
	removal = false
): string {
	const shown = formatNumber( count );
	switch ( reason ) {
		case 'removed':
			return sprintf(
				/* translators: %s: Number of people. */
				_n(
					'%s removed from the site by hand',
					'%s removed from the site by hand',
					count,
					'wpm-user-sync'
				),
				shown
			);
		case 'super_admin':
			if ( removal ) {
				return sprintf(
					/* translators: %s: Number of people. */
					_n(
						'%s super admin (super admins are never removed from sites)',
						'%s super admins (super admins are never removed from sites)',
						count,
						'wpm-user-sync'
					),
					shown
				);
			}
			return sprintf(
				/* translators: %s: Number of people. */
				_n(
					'%s super admin (not included in Options)',
					'%s super admins (not included in Options)',
					count,
					'wpm-user-sync'
				),
				shown
			);
		case 'excluded':
			return sprintf(
				/* translators: %s: Number of sites. */
				_n(
					'%s site excluded in Options',
					'%s sites excluded in Options',
					count,
					'wpm-user-sync'
				),
				shown
			);
		case 'vetoed':
			return sprintf(
				/* translators: %s: Number of people. */
				_n(
					'%s refused by another plugin',
					'%s refused by another plugin',
					count,
					'wpm-user-sync'
				),
				shown
			);
		case 'role_missing':
			return sprintf(
				/* translators: %s: Number of people. */
				_n(
					'%s with no role to give (the site has neither its default role nor Subscriber)',
					'%s with no role to give (the site has neither its default role nor Subscriber)',
					count,
					'wpm-user-sync'
				),
				shown
			);
		case 'inactive':
			return sprintf(
				/* translators: %s: Number of people. */
				_n(
					'%s inactive account (spam or deleted)',
					'%s inactive accounts (spam or deleted)',
					count,
					'wpm-user-sync'
				),
				shown
			);
		case 'not_allowed':
			return sprintf(
				/* translators: %s: Number of people. */
				_n(
					'%s not allowed for you',
					'%s not allowed for you',
					count,
					'wpm-user-sync'
				),
				shown
			);
		case 'privileged_role':
			return sprintf(
				/* translators: %s: Number of people. */
				_n(
					'%s not added because the site’s default role is privileged (it can manage users or options, or post unfiltered HTML), which this network does not let syncs give',
					'%s not added because the site’s default role is privileged (it can manage users or options, or post unfiltered HTML), which this network does not let syncs give',
					count,
					'wpm-user-sync'
				),
				shown
			);
		case 'site_inactive':
			return sprintf(
				/* translators: %s: Number of sites. */
				_n(
					'%s site archived, spam or deactivated, where nothing is added',
					'%s sites archived, spam or deactivated, where nothing is added',
					count,
					'wpm-user-sync'
				),
				shown
			);
		case 'already_member':
			return sprintf(
				/* translators: %s: Number of people. */
				_n(
					'%s already a member',
					'%s already members',
					count,
					'wpm-user-sync'
				),
				shown
			);
		case 'not_member':
			return sprintf(
				/* translators: %s: Number of people. */
				_n(
					'%s not a member of the site',
					'%s not members of the site',
					count,
					'wpm-user-sync'
				),
				shown
			);
		case 'changed_since':
			return sprintf(
				/* translators: %s: Number of memberships and roles. */
				_n(
					'%s changed by someone since (left as it is)',
					'%s changed by someone since (left as they are)',
					count,
					'wpm-user-sync'
				),
				shown
			);
		case 'last_administrator':
			return sprintf(
				/* translators: %s: Number of people. */
				_n(
					'%s kept as the site’s last administrator',
					'%s kept so that no site is left without an administrator',
					count,
					'wpm-user-sync'
				),
				shown
			);
		default:
			return sprintf(
				/* translators: 1: Number of people, 2: The reason's code, as the server sent it. */
				__( '%1$s skipped (%2$s)', 'wpm-user-sync' ),
				shown,
				reason
			);
	}
}

/**
 * What some of the pairs done were, in words, most frequent first; empty when
 * nothing is to be said.
 *
 * @since 2.1.0
 *
 * @param noted Counts by note.
 */
export function notedText( noted: NoteCounts | undefined ): string {
	const phrases = Object.entries( noted ?? {} )
		.filter( ( [ , count ] ) => ( count ?? 0 ) > 0 )
		.sort( ( [ , a ], [ , b ] ) => ( b ?? 0 ) - ( a ?? 0 ) )
		.map( ( [ note, count ] ) => noteText( note, count ?? 0 ) );
	return listText( phrases );
}

/**
 * One note on pairs done, with how many, in words.
 *
 * @param note  A note from the server.
 * @param count How many user–site pairs.
 */
function noteText( note: string, count: number ): string {
	const shown = formatNumber( count );
	switch ( note ) {
		case 'was_removed':
			return sprintf(
				/* translators: %s: Number of people. */
				_n(
					'%s removed from the site before, added back because you asked for it',
					'%s removed from the site before, added back because you asked for it',
					count,
					'wpm-user-sync'
				),
				shown
			);
		case 'role_changed':
			return sprintf(
				/* translators: %s: Number of people. */
				_n(
					'%s a member already, given the new role',
					'%s members already, given the new role',
					count,
					'wpm-user-sync'
				),
				shown
			);
		case 'inheritor_not_member':
			return sprintf(
				/* translators: %s: Number of people. */
				_n(
					'%s removed with their content kept attributed to them, because the person chosen to inherit it is not a member of the site',
					'%s removed with their content kept attributed to them, because the person chosen to inherit it is not a member of the site',
					count,
					'wpm-user-sync'
				),
				shown
			);
		case 'content_not_returned':
			return sprintf(
				/* translators: %s: Number of people. */
				_n(
					'%s put back without their posts and pages: what the job gave to someone else stays theirs',
					'%s put back without their posts and pages: what the job gave to someone else stays theirs',
					count,
					'wpm-user-sync'
				),
				shown
			);
		default:
			return sprintf(
				/* translators: 1: Number of people, 2: The note's code, as the server sent it. */
				__( '%1$s noted (%2$s)', 'wpm-user-sync' ),
				shown,
				note
			);
	}
}

/**
 * The reasons that left people out, most frequent first, one phrase each.
 *
 * @param skipped Counts by reason.
 * @param oneSite Whether the counts are those of one site (an excluded site is
 *                then said as such, not counted).
 * @param removal Whether the job removes people.
 */
export function skippedPhrases(
	skipped: SkipCounts,
	oneSite = false,
	removal = false
): string[] {
	return Object.entries( skipped )
		.filter( ( [ , count ] ) => ( count ?? 0 ) > 0 )
		.sort( ( [ , a ], [ , b ] ) => ( b ?? 0 ) - ( a ?? 0 ) )
		.map( ( [ reason, count ] ) => {
			if ( oneSite && reason === 'excluded' ) {
				return __( 'Site excluded in Options', 'wpm-user-sync' );
			}
			if ( oneSite && reason === 'site_inactive' ) {
				return __(
					'Site archived, spam or deactivated: nothing is added there',
					'wpm-user-sync'
				);
			}
			return skipReasonText( reason, count ?? 0, removal );
		} );
}

/**
 * The reasons that left people out, in one line.
 *
 * @param skipped Counts by reason.
 * @param oneSite Whether the counts are those of one site.
 * @param removal Whether the job removes people.
 */
export function skippedText(
	skipped: SkipCounts,
	oneSite = false,
	removal = false
): string {
	const phrases = skippedPhrases( skipped, oneSite, removal );
	return phrases.length ? listText( phrases ) : __( 'None', 'wpm-user-sync' );
}

/** A preview older than this cannot be confirmed (the server's rule). */
export const PREVIEW_LIFETIME_SECONDS = 600;

/**
 * How old a preview is, in words: "Previewed just now", "Previewed 3 minutes ago".
 *
 * @param previewedAt When the preview finished (ISO 8601), or null.
 * @param now         The browser's clock, in milliseconds.
 * @return Empty when the time is unknown.
 */
export function previewAgeText(
	previewedAt: string | null | undefined,
	now: number
): string {
	const at = previewedAt ? Date.parse( previewedAt ) : NaN;
	if ( ! Number.isFinite( at ) ) {
		return '';
	}
	// A browser clock a little behind the server's must not say "in 1 minute".
	const seconds = Math.max( 0, ( now - at ) / 1000 );
	const minutes = Math.floor( seconds / 60 );
	if ( minutes < 1 ) {
		return __( 'Previewed just now', 'wpm-user-sync' );
	}
	const hours = Math.floor( minutes / 60 );
	if ( hours < 1 ) {
		return sprintf(
			/* translators: %d: Number of minutes. */
			_n(
				'Previewed %d minute ago',
				'Previewed %d minutes ago',
				minutes,
				'wpm-user-sync'
			),
			minutes
		);
	}
	const days = Math.floor( hours / 24 );
	if ( days < 1 ) {
		return sprintf(
			/* translators: %d: Number of hours. */
			_n(
				'Previewed %d hour ago',
				'Previewed %d hours ago',
				hours,
				'wpm-user-sync'
			),
			hours
		);
	}
	return sprintf(
		/* translators: %d: Number of days. */
		_n(
			'Previewed %d day ago',
			'Previewed %d days ago',
			days,
			'wpm-user-sync'
		),
		days
	);
}

function refreshAdvice(): string {
	return __(
		'Refresh it to see what the sync would do now; nothing is added before you confirm the new preview.',
		'wpm-user-sync'
	);
}

/**
 * Why a preview cannot be confirmed as it is, in words.
 *
 * @param previewedAt When the preview finished (ISO 8601), or null.
 * @param now         The browser's clock, in milliseconds.
 * @param reason      The server's words, when it refused to start the preview.
 */
export function staleText(
	previewedAt: string | null | undefined,
	now: number,
	reason: string | null = null
): string {
	if ( reason ) {
		return sprintf(
			/* translators: 1: Why the server refused to start, 2: What to do. */
			__( '%1$s %2$s', 'wpm-user-sync' ),
			reason,
			refreshAdvice()
		);
	}
	const at = previewedAt ? Date.parse( previewedAt ) : NaN;
	const why =
		Number.isFinite( at ) && now - at >= PREVIEW_LIFETIME_SECONDS * 1000
			? __(
					'This preview is more than 10 minutes old: sites or people may have changed since, so it cannot be confirmed.',
					'wpm-user-sync'
				)
			: __(
					'Sites or users were added, removed or archived since this preview was made, so it cannot be confirmed.',
					'wpm-user-sync'
				);
	return sprintf(
		/* translators: 1: Why the preview cannot be confirmed, 2: What to do. */
		__( '%1$s %2$s', 'wpm-user-sync' ),
		why,
		refreshAdvice()
	);
}

/**
 * What the step loop is waiting for, when an interrupted batch holds the job.
 *
 * @param seconds About how long until its lock is released.
 */
export function waitingText( seconds: number ): string {
	if ( seconds < 1 ) {
		return __(
			'Waiting for an interrupted batch to be released, any moment now; then this screen carries on.',
			'wpm-user-sync'
		);
	}
	return sprintf(
		/* translators: %s: A length of time, e.g. "45 seconds". */
		__(
			'Waiting for an interrupted batch to be released, about %s; then this screen carries on.',
			'wpm-user-sync'
		),
		formatDuration( seconds )
	);
}

/**
 * Whether a job takes people out of sites rather than adding them.
 *
 * @param job The job, or its type.
 */
export function isRemoval( job: Pick< Job, 'type' > | null ): boolean {
	return job?.type === 'remove_from_sites';
}

/**
 * What a job does to memberships: adds them; removes them; or, for people added
 * to sites with a role, adds those not members yet and gives the role to those
 * who are (how "Change their role" works).
 */
export type JobVerb = 'add' | 'remove' | 'set' | 'undo';

/**
 * What a job does to memberships.
 *
 * @since 2.1.0
 *
 * @param job The job.
 */
export function jobVerb( job: Pick< Job, 'type' | 'role' > ): JobVerb {
	if ( job.type === 'undo' ) {
		return 'undo';
	}
	if ( isRemoval( job ) ) {
		return 'remove';
	}
	return job.type === 'add_to_sites' && job.role ? 'set' : 'add';
}

/**
 * Memberships to add or added, e.g. "12 memberships".
 *
 * @param count How many.
 */
export function membershipsText( count: number ): string {
	return sprintf(
		/* translators: %s: Number of memberships (a person in a site). */
		_n( '%s membership', '%s memberships', count, 'wpm-user-sync' ),
		formatNumber( count )
	);
}

/**
 * The label of the button that confirms a preview.
 *
 * @param total Memberships the run will add, remove or change.
 * @param verb  What it does to them.
 */
export function confirmLabel( total: number, verb: JobVerb = 'add' ): string {
	const shown = formatNumber( total );
	switch ( verb ) {
		case 'remove':
			return sprintf(
				/* translators: %s: Number of memberships the job will remove. */
				_n(
					'Remove %s membership',
					'Remove %s memberships',
					total,
					'wpm-user-sync'
				),
				shown
			);
		case 'undo':
			return sprintf(
				/* translators: %s: Number of memberships and roles the undo will take back. */
				_n(
					'Take back %s change',
					'Take back %s changes',
					total,
					'wpm-user-sync'
				),
				shown
			);
		case 'set':
			return sprintf(
				/* translators: %s: Number of memberships the job will add or give the new role. */
				_n(
					'Add or change %s membership',
					'Add or change %s memberships',
					total,
					'wpm-user-sync'
				),
				shown
			);
		default:
			return sprintf(
				/* translators: %s: Number of memberships the sync will add. */
				_n(
					'Add %s membership',
					'Add %s memberships',
					total,
					'wpm-user-sync'
				),
				shown
			);
	}
}

/**
 * A site of a preview, by name or, when it has none, by address.
 *
 * @param site The site.
 */
export function previewSiteName(
	site: Pick< PreviewSite, 'id' | 'name' | 'url' >
): string {
	return site.name.trim() || site.url || `#${ site.id }`;
}

/**
 * What a job covers, in a few words: "All sites", "Marketing, Library", "This site".
 *
 * @param job The job.
 */
export function jobScopeText( job: Job ): string {
	if ( job.type === 'copy_role' ) {
		return __(
			'The other sites of a person whose role changed',
			'wpm-user-sync'
		);
	}
	if ( job.kind === 'network' ) {
		return isRemoval( job )
			? __( 'Every site they belong to', 'wpm-user-sync' )
			: __( 'All sites', 'wpm-user-sync' );
	}
	if ( job.kind === 'site' ) {
		const site = job.preview.sites[ 0 ];
		return site
			? previewSiteName( site )
			: __( 'This site', 'wpm-user-sync' );
	}
	const ids = job.sites ?? [];
	const names = new Map(
		job.preview.sites.map( ( site ) => [
			site.id,
			previewSiteName( site ),
		] )
	);
	const named = ids.filter( ( id ) => names.has( id ) );
	if ( ids.length > 0 && ids.length <= 3 && named.length === ids.length ) {
		return listText( named.map( ( id ) => names.get( id ) ?? '' ) );
	}
	return sprintf(
		/* translators: %s: Number of sites. */
		_n( '%s site', '%s sites', ids.length, 'wpm-user-sync' ),
		formatNumber( ids.length )
	);
}

/**
 * Where a job stands, in a word or two.
 *
 * @param job The job.
 */
export function statusText( job: Pick< Job, 'status' | 'startedAt' > ): string {
	const words: Record< JobStatus, string > = {
		previewing: __( 'Previewing', 'wpm-user-sync' ),
		ready: __( 'Waiting for confirmation', 'wpm-user-sync' ),
		running: __( 'Running', 'wpm-user-sync' ),
		done: __( 'Done', 'wpm-user-sync' ),
		cancelled:
			job.startedAt === null
				? __( 'Preview discarded', 'wpm-user-sync' )
				: __( 'Cancelled', 'wpm-user-sync' ),
		failed: __( 'Failed', 'wpm-user-sync' ),
	};
	return words[ job.status ] ?? job.status;
}

/**
 * What a preview found, in one sentence.
 *
 * @param job The job, previewed.
 */
export function previewSummaryText( job: Job ): string {
	const { total, siteCount } = job.preview;
	if ( job.type === 'undo' ) {
		return undoSummaryText( job );
	}
	if ( isRemoval( job ) ) {
		return total === 0
			? __(
					'Nothing to remove: the people chosen are not members of these sites, or are protected there.',
					'wpm-user-sync'
				)
			: sprintf(
					/* translators: 1: Memberships, e.g. "12 memberships", 2: Number of sites. */
					_n(
						'This will remove %1$s, on %2$s site. The accounts stay.',
						'This will remove %1$s, on %2$s sites. The accounts stay.',
						siteCount,
						'wpm-user-sync'
					),
					membershipsText( total ),
					formatNumber( siteCount )
				);
	}
	if ( jobVerb( job ) === 'set' && total > 0 ) {
		return sprintf(
			/* translators: 1: Memberships, e.g. "12 memberships", 2: Number of sites, 3: A role. */
			_n(
				'This will add or change %1$s, on %2$s site: people who are not members yet join as %3$s, members get %3$s.',
				'This will add or change %1$s, on %2$s sites: people who are not members yet join as %3$s, members get %3$s.',
				siteCount,
				'wpm-user-sync'
			),
			membershipsText( total ),
			formatNumber( siteCount ),
			job.role ?? ''
		);
	}
	if ( total === 0 ) {
		return __(
			'Nothing to add: everyone the sync may add is already a member.',
			'wpm-user-sync'
		);
	}
	return sprintf(
		/* translators: 1: Memberships, e.g. "12 memberships", 2: Number of sites. */
		_n(
			'The sync will add %1$s, on %2$s site.',
			'The sync will add %1$s, on %2$s sites.',
			siteCount,
			'wpm-user-sync'
		),
		membershipsText( total ),
		formatNumber( siteCount )
	);
}

/**
 * How the copy of a role change to a user's other sites ended.
 *
 * @param job A copy_role job.
 */
function roleCopyResultText( job: Job ): string {
	const sites = formatNumber( job.progress.added );
	switch ( job.status ) {
		case 'done':
			return sprintf(
				/* translators: %s: Number of sites. */
				_n(
					'Done: the role change reached %s other site.',
					'Done: the role change reached %s other sites.',
					job.progress.added,
					'wpm-user-sync'
				),
				sites
			);
		case 'cancelled':
			return sprintf(
				/* translators: %s: Number of sites. */
				_n(
					'Stopped by a newer change of the same person’s role, after %s site.',
					'Stopped by a newer change of the same person’s role, after %s sites.',
					job.progress.added,
					'wpm-user-sync'
				),
				sites
			);
		case 'failed':
			return sprintf(
				/* translators: 1: Number of sites, 2: The error, as the server reported it. */
				__(
					'Copying the role change stopped with an error after %1$s sites. Error: %2$s',
					'wpm-user-sync'
				),
				sites,
				job.lastError ?? __( 'unknown', 'wpm-user-sync' )
			);
		default:
			return statusText( job );
	}
}

/**
 * How a removal of people from sites ended.
 *
 * @param job      A remove_from_sites job.
 * @param duration Seconds it ran, or null.
 */
function removalResultText( job: Job, duration: number | null ): string {
	const removed = membershipsText( job.progress.added );
	switch ( job.status ) {
		case 'done':
			return duration === null
				? sprintf(
						/* translators: %s: Memberships, e.g. "12 memberships". */
						__( 'Done: removed %s.', 'wpm-user-sync' ),
						removed
					)
				: sprintf(
						/* translators: 1: Memberships, e.g. "12 memberships", 2: A length of time, e.g. "3 seconds". */
						__( 'Done: removed %1$s in %2$s.', 'wpm-user-sync' ),
						removed,
						formatDuration( duration )
					);
		case 'cancelled':
			if ( job.startedAt === null ) {
				return __(
					'The preview was discarded; nobody was removed.',
					'wpm-user-sync'
				);
			}
			return sprintf(
				/* translators: %s: Memberships, e.g. "12 memberships". */
				__(
					'Cancelled after removing %s. Those removals stay.',
					'wpm-user-sync'
				),
				removed
			);
		case 'failed':
			return sprintf(
				/* translators: 1: Memberships, e.g. "12 memberships", 2: The error, as the server reported it. */
				__(
					'The removal stopped with an error after removing %1$s. Those removals stay. Error: %2$s',
					'wpm-user-sync'
				),
				removed,
				job.lastError ?? __( 'unknown', 'wpm-user-sync' )
			);
		default:
			return statusText( job );
	}
}

/**
 * How a finished job ended, in one or two sentences.
 *
 * @param job      The job.
 * @param duration Seconds it ran, or null.
 */
export function resultText( job: Job, duration: number | null ): string {
	if ( job.type === 'copy_role' ) {
		return roleCopyResultText( job );
	}
	if ( isRemoval( job ) ) {
		return removalResultText( job, duration );
	}
	const added = membershipsText( job.progress.added );
	switch ( job.status ) {
		case 'done':
			return duration === null
				? sprintf(
						/* translators: %s: Memberships, e.g. "12 memberships". */
						__( 'Done: added %s.', 'wpm-user-sync' ),
						added
					)
				: sprintf(
						/* translators: 1: Memberships, e.g. "12 memberships", 2: A length of time, e.g. "3 seconds". */
						__( 'Done: added %1$s in %2$s.', 'wpm-user-sync' ),
						added,
						formatDuration( duration )
					);
		case 'cancelled':
			if ( job.startedAt === null ) {
				return __(
					'The preview was discarded; nothing was added.',
					'wpm-user-sync'
				);
			}
			return sprintf(
				/* translators: %s: Memberships, e.g. "12 memberships". */
				__(
					'Cancelled after adding %s. What was already added stays: those people remain members of their new sites.',
					'wpm-user-sync'
				),
				added
			);
		case 'failed':
			return sprintf(
				/* translators: 1: Memberships, e.g. "12 memberships", 2: The error, as the server reported it. */
				__(
					'The sync stopped with an error after adding %1$s. What was already added stays. Error: %2$s',
					'wpm-user-sync'
				),
				added,
				job.lastError ?? __( 'unknown', 'wpm-user-sync' )
			);
		default:
			return statusText( job );
	}
}
