/**
 * A site of the network, as `GET /wpm-user-sync/v1/sites` returns it.
 */
export interface Site {
	id: number;
	domain: string;
	/** With leading and trailing slashes. */
	path: string;
	/** The site's title, as plain text; may be empty. */
	name: string;
	/** Home URL. */
	url: string;
	archived: boolean;
	spam: boolean;
	deleted: boolean;
}

/** What a search of the sites matches (the `X-WPMUS-Search-Fields` header). */
export type SiteSearchField = 'domain' | 'path' | 'name';

/** Query parameters of `GET /wpm-user-sync/v1/sites`. */
export interface SitesQuery {
	/** Text in the domain, path or name. */
	search?: string;
	/** 1-based. */
	page?: number;
	/** 1 to 100; the server's default is 20. */
	perPage?: number;
	/** Only these site IDs. */
	include?: number[];
}

/** One page of sites, with the totals the server sent in its headers. */
export interface SitesPage {
	sites: Site[];
	/** Sites matching the query, on all pages. */
	total: number;
	totalPages: number;
	searchFields: SiteSearchField[];
}
