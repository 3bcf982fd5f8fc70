/**
 * WordPress dependencies
 */
import { __, _n, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { Site, SiteSearchField } from './types';

/**
 * Where a site lives: its domain and path, e.g. `example.com/marketing/`.
 *
 * @param site The site.
 */
export function siteAddress( site: Pick< Site, 'domain' | 'path' > ): string {
	return site.domain + site.path;
}

/**
 * The states that keep a site out of normal use, in words.
 *
 * @param site The site.
 */
export function siteStates(
	site: Pick< Site, 'archived' | 'spam' | 'deleted' >
): string[] {
	const states: string[] = [];
	if ( site.archived ) {
		states.push( __( 'archived', 'wpm-user-sync' ) );
	}
	if ( site.spam ) {
		states.push( __( 'spam', 'wpm-user-sync' ) );
	}
	if ( site.deleted ) {
		// Core's Sites screen calls the `deleted` flag "Deactivated".
		states.push( __( 'deactivated', 'wpm-user-sync' ) );
	}
	return states;
}

/**
 * How the screen names a site: "Site name — domain/path", then its states.
 *
 * @param site The site.
 */
export function siteLabel( site: Site ): string {
	const address = siteAddress( site );
	const name = site.name.trim();
	const label = name
		? sprintf(
				/* translators: 1: Site name, 2: Site address (domain and path). */
				__( '%1$s — %2$s', 'wpm-user-sync' ),
				name,
				address
			)
		: address;
	const states = siteStates( site );
	return states.length
		? sprintf(
				/* translators: 1: Site name and address, 2: Comma-separated states of the site, e.g. "archived". */
				__( '%1$s (%2$s)', 'wpm-user-sync' ),
				label,
				states.join( ', ' )
			)
		: label;
}

/**
 * How the screen names an excluded site it has no details of.
 *
 * @param id      Site ID.
 * @param missing Whether the server said the site does not exist.
 */
export function unknownSiteLabel( id: number, missing: boolean ): string {
	return missing
		? sprintf(
				/* translators: %d: Site ID. */
				__( 'Site %d (no longer in this network)', 'wpm-user-sync' ),
				id
			)
		: sprintf(
				/* translators: %d: Site ID. */
				__( 'Site %d', 'wpm-user-sync' ),
				id
			);
}

/**
 * What the site search box says under it: what a search matches and, when there
 * are more matches than listed, how to find the others.
 *
 * @param fields What the server searches.
 * @param listed How many matching sites are listed.
 * @param total  How many sites match.
 */
export function siteSearchHelp(
	fields: SiteSearchField[],
	listed: number,
	total: number
): string {
	const hint = fields.includes( 'name' )
		? __(
				'Type part of a site’s name, domain or path, then choose the site from the list.',
				'wpm-user-sync'
			)
		: __(
				'Type part of a site’s domain or path, then choose the site from the list. This network has too many sites to search their names.',
				'wpm-user-sync'
			);
	if ( total <= listed ) {
		return hint;
	}
	return sprintf(
		/* translators: 1: What the search matches and how to use it, 2: Number of sites listed, 3: Number of matching sites. */
		_n(
			'%1$s %2$d of %3$d matching site are listed; type more to narrow the list.',
			'%1$s %2$d of %3$d matching sites are listed; type more to narrow the list.',
			total,
			'wpm-user-sync'
		),
		hint,
		listed,
		total
	);
}
