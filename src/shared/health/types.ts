/**
 * The network's health, as `GET /wpm-user-sync/v1/health` returns it.
 */

/** How often the network sync runs by itself. */
export type ReconcileSchedule = 'never' | 'daily' | 'weekly';

/** The background runner: WP-Cron, or `wp user-sync run` from a system cron. */
export interface CronHealth {
	/** When the plugin's background work last ran (ISO 8601, UTC); null before it first did. */
	lastRun: string | null;
	/** Whether it ran within the last hour. */
	ok: boolean;
	/** Whether WP-Cron is switched off (`DISABLE_WP_CRON`). */
	disabled: boolean;
	/** Where the instructions for running the jobs from system cron are. */
	helpUrl: string;
}

/** A running job that has not moved for 10 minutes. */
export interface StalledJob {
	id: number;
	typeLabel: string;
	/** When it last moved (ISO 8601, UTC). */
	since: string | null;
}

/** Memberships the rules expect but are missing. */
export interface Drift {
	/** At the last check; null before the first one ended. */
	missing: number | null;
	sites: number | null;
	checkedAt: string | null;
	/** The last check's job number. */
	job: number | null;
	/** Whether a check is under way. */
	running: boolean;
	/** The job number of the check under way. */
	runningJob: number | null;
}

/** The last run of the reconcile. */
export interface ReconcileRun {
	job: number;
	added: number;
	status: string;
	finishedAt: string | null;
}

export interface Health {
	cron: CronHealth;
	stalledJobs: StalledJob[];
	/** Null before the first check. */
	drift: Drift | null;
	reconcile: {
		schedule: ReconcileSchedule;
		lastRun: ReconcileRun | null;
		/** When the next run is due; null for never. */
		next: string | null;
	};
}
