/**
 * Manual syncs ("jobs"), as the `/jobs` and `/site-jobs` REST routes describe
 * them (docs/jobs-api.md).
 */

/** Where a job stands. */
export type JobStatus =
	'previewing' | 'ready' | 'running' | 'done' | 'cancelled' | 'failed';

/** Every site of the network, the sites listed, or the one site of a site admin. */
export type JobKind = 'network' | 'sites' | 'site';

/**
 * Why a user–site pair was left out. The server may add reasons; the screens
 * name the ones they know and show the others as they come.
 */
export type SkipReason =
	| 'removed'
	| 'super_admin'
	| 'excluded'
	| 'vetoed'
	| 'role_missing'
	| 'inactive'
	| 'not_allowed'
	| 'privileged_role'
	| 'site_inactive'
	| 'already_member'
	| 'not_member'
	| 'last_administrator'
	| 'changed_since';

/** Pairs skipped, by reason. */
export type SkipCounts = Partial< Record< SkipReason | string, number > >;

/**
 * What some of the pairs done were (jobs about named people): added back after a
 * removal, given the role asked for as members already, or removed with their
 * content kept theirs because the heir is not a member there.
 */
export type NoteCounts = Partial<
	Record<
		| 'was_removed'
		| 'role_changed'
		| 'inheritor_not_member'
		| 'content_not_returned'
		| string,
		number
	>
>;

/** One site of a preview. */
export interface PreviewSite {
	id: number;
	/**
	 * The site's title as plain text, already decoded by the server ("Tom & Jerry",
	 * never "Tom &amp; Jerry"); may be empty. Shown as text: never decoded again,
	 * never inserted as HTML.
	 */
	name: string;
	url: string;
	/** Memberships the sync would add there. */
	toAdd: number;
	skipped: SkipCounts;
	/** Jobs about named people; `{}` for others. */
	noted?: NoteCounts;
}

/** What the sync would add and skip. */
export interface JobPreview {
	/** False while the preview is still counting. */
	complete: boolean;
	/** Memberships to add, in all. */
	total: number;
	skipped: SkipCounts;
	/** At most 200 sites, those with the most to add or skip first. */
	sites: PreviewSite[];
	/** How many sites the job covers. */
	siteCount: number;
	noted?: NoteCounts;
}

/** What the run did so far. */
export interface JobProgress {
	added: number;
	total: number;
	skipped: SkipCounts;
	noted?: NoteCounts;
}

export interface Job {
	id: number;
	/**
	 * The work: `add_memberships`, `copy_role` (a role change copied to the user's
	 * other sites), `add_to_sites` or `remove_from_sites` (chosen people, see `users`).
	 */
	type?: string;
	/** The work, in words. */
	typeLabel?: string;
	kind: JobKind;
	/** The sites; null for the whole network. */
	sites: number[] | null;
	addRemoved: boolean;
	status: JobStatus;
	preview: JobPreview;
	progress: JobProgress;
	createdBy: { id: number; name: string };
	/** ISO 8601, UTC. */
	createdAt: string;
	startedAt: string | null;
	finishedAt: string | null;
	lastError: string | null;
	/** When the preview finished (ISO 8601, UTC); null while it counts. */
	previewedAt: string | null;
	/**
	 * Whether the preview can no longer be confirmed: it is older than ten minutes, or
	 * sites or users were added, removed or archived since it was made. Only while ready.
	 */
	stale: boolean;
	/**
	 * Set when the last step could not work because another batch of this job holds
	 * its lock (usually one that was interrupted); that step changed nothing.
	 */
	waiting: JobWaiting | null;
	/**
	 * Where the job came from: `person`, a trigger (`new_site`, `new_user`, `role_change`),
	 * or the schedule (`drift`: a drift check; `reconcile`: Reconcile automatically).
	 */
	origin?: string;
	/** The people an `add_to_sites` or `remove_from_sites` job is about. */
	users?: number[] | null;
	/** The role an `add_to_sites` job gives; null for each site's default role. */
	role?: string | null;
	/** Who inherits the content of the people a `remove_from_sites` job removes; null keeps it theirs. */
	reassign?: Reassign | null;
	/** For an `undo` job: the number of the job it takes back; null for other types. */
	undoes?: number | null;
	/** For an `undo` job: who changed, since, what it skips as `changed_since`. */
	changedBy?: ChangedBy[] | null;
	/** What can be done to the job; `wp:action-undo` when the caller may undo it. */
	_links?: Partial< Record< string, Array< { href: string } > > >;
}

/** Someone who changed memberships or roles since the job an undo takes back. */
export interface ChangedBy {
	/** User ID; 0 when nobody was logged in. */
	id: number;
	/** Display name; empty for nobody, or an account deleted since. */
	name: string;
	/** Memberships and roles they changed. */
	count: number;
}

/** A step that found the job's lock taken. */
export interface JobWaiting {
	/** About how long until the lock is released. */
	seconds: number;
}

/**
 * Who inherits the posts and pages of a person removed from a site: one person
 * wherever they are a member, or a person per site (keys are site IDs).
 */
export type Reassign = { to: number } | { perSite: Record< string, number > };

/** The job types a screen creates. */
export type NewJobType =
	'add_memberships' | 'add_to_sites' | 'remove_from_sites' | 'undo';

/** The body of `POST /jobs` (network) or `POST /site-jobs` (site: `addRemoved` only). */
export interface NewJob {
	/** Omitted: `add_memberships`, a sync. */
	type?: NewJobType;
	/** `network`: every site (for a removal, every site the people belong to). */
	kind?: 'network' | 'sites';
	sites?: number[];
	addRemoved?: boolean;
	/** The people of `add_to_sites` and `remove_from_sites`, at most 1,000. */
	users?: number[];
	/** For `add_to_sites`: the role to give; omitted, each site's default role. */
	role?: string;
	/** For `remove_from_sites`: omitted, content stays attributed to the people removed. */
	reassign?: Reassign;
	/** For `undo`, alone with `type`: the number of the finished job to take back. */
	job?: number;
}
