/**
 * The People screen's data, as `GET /wpm-user-sync/v1/people/{user}/sites` returns it.
 */

/** A site a person belongs to, with their roles there. */
export interface PersonSite {
	id: number;
	/** The site's title as plain text; may be empty. */
	name: string;
	url: string;
	/** Role slugs. */
	roles: string[];
	/** Whether they are the site's only administrator (removing them is refused). */
	isLastAdministrator: boolean;
}

/**
 * What a People panel does: add to sites, remove from chosen sites, remove from
 * every site they belong to (offboarding), or change their role on chosen sites.
 */
export type PeopleAction = 'add' | 'remove' | 'remove-all' | 'change-role';

/** A site a removal lists by name: one of a person's sites, or one picked. */
export type NamedSite = Pick< PersonSite, 'id' | 'name' | 'url' >;

/**
 * Whose content a removal hands over: nobody (kept attributed), one person, or
 * a person per site (site ID => user ID; only the sites given a heir).
 */
export type ReassignChoice =
	| { keep: true }
	| { keep: false; to: number | null }
	| { keep: false; perSite: Record< string, number > };
