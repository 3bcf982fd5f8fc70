/**
 * WordPress dependencies
 */
import { addQueryArgs } from '@wordpress/url';

/**
 * Internal dependencies
 */
import type { NewJob } from '../shared/jobs/types';
import { fetchPage, type Page } from '../shared/paged';
import type { PeopleAction, PersonSite, ReassignChoice } from './types';

/** Sites on one page of a person's list. */
export const PERSON_SITES_PAGE_SIZE = 20;

/**
 * The most sites that get a heir picker each; the others keep the content
 * attributed (one page of the server's list at its largest).
 */
export const MAX_HEIR_SITES = 100;

/** The most people one job takes (the server's limit). */
export const MAX_PEOPLE = 1000;

/**
 * The REST path of a page of the sites a person belongs to.
 *
 * @since 2.1.0
 *
 * @param user    User ID.
 * @param search  Text in the site's name or address.
 * @param page    From 1.
 * @param perPage Sites on a page (1 to 100).
 */
export function personSitesPath(
	user: number,
	search: string,
	page: number,
	perPage = PERSON_SITES_PAGE_SIZE
): string {
	return addQueryArgs( `/wpm-user-sync/v1/people/${ user }/sites`, {
		...( search.trim() ? { search: search.trim() } : {} ),
		page,
		per_page: perPage,
	} );
}

/**
 * A page of the sites a person belongs to, with their roles.
 *
 * @since 2.1.0
 *
 * @param user    User ID.
 * @param search  Text in the site's name or address.
 * @param page    From 1.
 * @param perPage Sites on a page (1 to 100).
 */
export function fetchPersonSites(
	user: number,
	search: string,
	page: number,
	perPage = PERSON_SITES_PAGE_SIZE
): Promise< Page< PersonSite > > {
	return fetchPage< PersonSite >(
		personSitesPath( user, search, page, perPage )
	);
}

/** What a People panel's form holds when Preview is pressed. */
export interface PeopleForm {
	action: PeopleAction;
	users: number[];
	/** The sites chosen (not for `remove-all`). */
	sites: number[];
	/** The role to give; '' for each site's default role. */
	role: string;
	reassign: ReassignChoice;
}

/**
 * The job a People panel creates: `add_to_sites` (adding, or changing a role,
 * which is adding with a role to people already members) or `remove_from_sites`.
 *
 * @since 2.1.0
 *
 * @param form The panel's form.
 */
export function peopleJob( form: PeopleForm ): NewJob {
	const removal = form.action === 'remove' || form.action === 'remove-all';
	const job: NewJob = {
		type: removal ? 'remove_from_sites' : 'add_to_sites',
		users: form.users,
		...( form.action === 'remove-all'
			? { kind: 'network' }
			: { kind: 'sites', sites: form.sites } ),
	};
	if ( ! removal && form.role ) {
		job.role = form.role;
	}
	if ( removal && ! form.reassign.keep ) {
		if ( 'perSite' in form.reassign ) {
			job.reassign = { perSite: form.reassign.perSite };
		} else if ( form.reassign.to !== null ) {
			job.reassign = { to: form.reassign.to };
		}
	}
	return job;
}

/**
 * What is missing from a People panel's form, or null when it can be previewed.
 *
 * @since 2.1.0
 *
 * @param form The panel's form.
 */
export function peopleFormProblem(
	form: PeopleForm
): 'users' | 'sites' | 'role' | 'reassign' | 'heirs' | null {
	if ( form.users.length === 0 ) {
		return 'users';
	}
	if ( form.action !== 'remove-all' && form.sites.length === 0 ) {
		return 'sites';
	}
	if ( form.action === 'change-role' && ! form.role ) {
		return 'role';
	}
	const removal = form.action === 'remove' || form.action === 'remove-all';
	if ( removal && ! form.reassign.keep ) {
		if ( ! ( 'perSite' in form.reassign ) ) {
			return form.reassign.to === null ? 'reassign' : null;
		}
		// The server refuses an empty list: keeping everything attributed is the other choice.
		if ( Object.keys( form.reassign.perSite ).length === 0 ) {
			return 'heirs';
		}
	}
	return null;
}
