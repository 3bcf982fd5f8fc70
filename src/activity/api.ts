/**
 * WordPress dependencies
 */
import { addQueryArgs } from '@wordpress/url';

/**
 * Internal dependencies
 */
import { fetchPage, type Page } from '../shared/paged';
import type { ActivityEntry, ActivityFilters, ActivityScope } from './types';

/** Network admins: the whole network. */
export const ACTIVITY_PATH = '/wpm-user-sync/v1/activity';

/** The site of the REST root: its administrators. */
export const SITE_ACTIVITY_PATH = '/wpm-user-sync/v1/site-activity';

/** Changes on one page of the table. */
export const ACTIVITY_PAGE_SIZE = 50;

/**
 * The route of a screen's activity.
 *
 * @since 2.1.0
 *
 * @param scope Network or site.
 */
export function activityBase( scope: ActivityScope ): string {
	return scope === 'network' ? ACTIVITY_PATH : SITE_ACTIVITY_PATH;
}

/**
 * A day's bound as the server takes it (ISO 8601, UTC), in the browser's time
 * zone: the start of `after`'s day, and for `before` (which the server takes as
 * "earlier than") the start of the day after.
 *
 * @param day   `YYYY-MM-DD`.
 * @param until Whether it is the last day.
 */
function dayBound( day: string, until: boolean ): string | undefined {
	const time = new Date( `${ day }T00:00:00` );
	if ( ! Number.isFinite( time.getTime() ) ) {
		return undefined;
	}
	if ( until ) {
		time.setDate( time.getDate() + 1 );
	}
	return time.toISOString();
}

/**
 * The query of the filters, without the empty ones, and without a site on
 * a site's own screen.
 *
 * @since 2.1.0
 *
 * @param scope   Network or site.
 * @param filters The filters.
 */
export function filterArgs(
	scope: ActivityScope,
	filters: ActivityFilters
): Record< string, string | number > {
	const args: Record< string, string | number | undefined > = {
		user: filters.user,
		site: scope === 'network' ? filters.site : undefined,
		kind: filters.kind,
		cause: filters.cause,
		after: filters.after ? dayBound( filters.after, false ) : undefined,
		before: filters.before ? dayBound( filters.before, true ) : undefined,
	};
	return Object.fromEntries(
		Object.entries( args ).filter(
			( entry ): entry is [ string, string | number ] =>
				entry[ 1 ] !== undefined && entry[ 1 ] !== ''
		)
	);
}

/**
 * The REST path of one page of the activity.
 *
 * @since 2.1.0
 *
 * @param scope   Network or site.
 * @param filters The filters.
 * @param page    From 1.
 */
export function activityPath(
	scope: ActivityScope,
	filters: ActivityFilters,
	page: number
): string {
	return addQueryArgs( activityBase( scope ), {
		...filterArgs( scope, filters ),
		page,
		per_page: ACTIVITY_PAGE_SIZE,
	} );
}

/**
 * One page of the activity, newest first.
 *
 * @since 2.1.0
 *
 * @param scope   Network or site.
 * @param filters The filters.
 * @param page    From 1.
 */
export function fetchActivity(
	scope: ActivityScope,
	filters: ActivityFilters,
	page: number
): Promise< Page< ActivityEntry > > {
	return fetchPage< ActivityEntry >( activityPath( scope, filters, page ) );
}

/**
 * The address of the CSV export of what the filters show: a plain link, so
 * the browser downloads it, authenticated by the REST nonce.
 *
 * @since 2.1.0
 *
 * @param exportUrl The export route's full URL, from the page.
 * @param scope     Network or site.
 * @param filters   The filters.
 * @param nonce     A `wp_rest` nonce.
 */
export function exportHref(
	exportUrl: string,
	scope: ActivityScope,
	filters: ActivityFilters,
	nonce: string
): string {
	return addQueryArgs( exportUrl, {
		...filterArgs( scope, filters ),
		_wpnonce: nonce,
	} );
}
