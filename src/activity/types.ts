/**
 * The activity log, as `GET /wpm-user-sync/v1/activity` and `/site-activity` return it.
 */

/** What changed: a membership added or removed, or a role changed. */
export type ActivityKind = 'added' | 'removed' | 'role_changed';

/** Why it changed: a trigger, a sync, the People screen or WP-CLI, or core (a person or other code). */
export type ActivityCause =
	| 'new_user'
	| 'new_site'
	| 'role_change'
	| 'sync'
	| 'add_to_sites'
	| 'remove_from_sites'
	| 'core'
	| 'undo'
	| 'reconcile';

/** Through what the change came. */
export type ActivityVia = 'web' | 'rest' | 'cli' | 'cron' | 'code';

/** One change. */
export interface ActivityEntry {
	/** Its event, site and user, e.g. "12-3-45". */
	id: string;
	/** ISO 8601, UTC. */
	date: string;
	kind: ActivityKind;
	/** The name may be empty (a site deleted since). */
	site: { id: number; name: string; url: string };
	/** The name and login may be empty (an account deleted since). */
	user: { id: number; login: string; name: string };
	roleBefore: string | null;
	roleAfter: string | null;
	/** Who made the change; null for nobody (cron, code). */
	actor: { id: number; name: string } | null;
	via: ActivityVia;
	cause: ActivityCause;
	/** The job that made it, if one did. */
	job: number | null;
	/** The screen, hook or function, e.g. `user-edit.php`. */
	detail: string;
}

/** The filters of the list and of the export; empty ones are left out. */
export interface ActivityFilters {
	user?: number;
	/** Network screen only. */
	site?: number;
	kind?: ActivityKind;
	cause?: ActivityCause;
	/** A day, `YYYY-MM-DD`: from its start, in the browser's time zone. */
	after?: string;
	/** A day, `YYYY-MM-DD`: up to its end, in the browser's time zone. */
	before?: string;
}

/** The whole network (Network Admin) or the site of the REST root (Site Admin). */
export type ActivityScope = 'network' | 'site';
