/**
 * What the screens say about the network's health.
 */

/**
 * WordPress dependencies
 */
import { __, _n, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { formatDate, formatNumber } from '../format';
import { membershipsText } from '../jobs/job-text';
import type { Drift, Health } from './types';

/** A problem of the background runner, and how to fix it, in words. */
export interface RunnerProblem {
	/** What is wrong. */
	message: string;
	/** Why, when it can be told. */
	cause: string | null;
}

/**
 * What is wrong with the runner: WP-Cron quiet for an hour, jobs that stopped moving.
 *
 * @since 2.2.0
 *
 * @param health The network's health.
 * @return Empty when all is well.
 */
export function runnerProblems( health: Health ): RunnerProblem[] {
	const problems: RunnerProblem[] = [];
	if ( ! health.cron.ok ) {
		problems.push( {
			message:
				health.cron.lastRun === null
					? __(
							'WP-Cron has not run for more than an hour: running jobs go on only while their screen stays open, and drift checks and automatic reconciles do not run.',
							'wpm-user-sync'
						)
					: sprintf(
							/* translators: %s: A date and time. */
							__(
								'WP-Cron has not run since %s: running jobs go on only while their screen stays open, and drift checks and automatic reconciles do not run.',
								'wpm-user-sync'
							),
							formatDate( health.cron.lastRun )
						),
			cause: health.cron.disabled
				? __(
						'DISABLE_WP_CRON is set in wp-config.php, and no system cron runs the jobs instead.',
						'wpm-user-sync'
					)
				: null,
		} );
	}
	for ( const job of health.stalledJobs ) {
		problems.push( {
			message: sprintf(
				/* translators: 1: Job number, 2: The job's work, e.g. "Add missing memberships", 3: A date and time. */
				__(
					'Job #%1$d (%2$s) has not moved since %3$s.',
					'wpm-user-sync'
				),
				job.id,
				job.typeLabel,
				formatDate( job.since )
			),
			cause: null,
		} );
	}
	return problems;
}

/**
 * How to fix a runner that does not run, in words (the commands stay as they are).
 *
 * @since 2.2.0
 */
export function runnerFixText(): string {
	return __(
		'To fix it, run the jobs from the system’s cron, every minute or so: “wp user-sync run --until-empty” for the network, or “wp cron event run --due-now” for each site.',
		'wpm-user-sync'
	);
}

/**
 * The drift in one sentence.
 *
 * @since 2.2.0
 *
 * @param drift The drift; null before the first check.
 */
export function driftText( drift: Drift | null ): string {
	if ( drift === null || drift.missing === null ) {
		return __( 'The network has not been checked yet.', 'wpm-user-sync' );
	}
	if ( drift.missing === 0 ) {
		return sprintf(
			/* translators: %s: A date and time. */
			__(
				'No membership is missing: the network follows its rules (checked %s).',
				'wpm-user-sync'
			),
			formatDate( drift.checkedAt )
		);
	}
	const sites = drift.sites ?? 0;
	return sprintf(
		/* translators: 1: Memberships, e.g. "12 memberships", 2: Number of sites, 3: A date and time. */
		_n(
			'Missing: %1$s that the rules expect, on %2$s site (checked %3$s).',
			'Missing: %1$s that the rules expect, on %2$s sites (checked %3$s).',
			sites,
			'wpm-user-sync'
		),
		membershipsText( drift.missing ),
		formatNumber( sites ),
		formatDate( drift.checkedAt )
	);
}

/**
 * The check under way, in words.
 *
 * @since 2.2.0
 *
 * @param found Memberships found missing so far; null before the first batch.
 */
export function driftProgressText( found: number | null ): string {
	if ( found === null ) {
		return __( 'Checking the network…', 'wpm-user-sync' );
	}
	return sprintf(
		/* translators: %s: Memberships, e.g. "12 memberships". */
		__( 'Checking the network… %s missing so far.', 'wpm-user-sync' ),
		membershipsText( found )
	);
}

/**
 * The reconcile: its last run and its schedule, a sentence each.
 *
 * @since 2.2.0
 *
 * @param reconcile The reconcile, as the health gives it.
 */
export function reconcileLines( reconcile: Health[ 'reconcile' ] ): string[] {
	const { schedule, lastRun, next } = reconcile;
	const lines: string[] = [];
	if ( lastRun === null ) {
		if ( schedule !== 'never' ) {
			lines.push( __( 'It has not run yet.', 'wpm-user-sync' ) );
		}
	} else if ( lastRun.status === 'running' ) {
		lines.push(
			sprintf(
				/* translators: 1: Job number, 2: Memberships, e.g. "12 memberships". */
				__(
					'The last reconcile (job #%1$d) is running: %2$s added so far.',
					'wpm-user-sync'
				),
				lastRun.job,
				membershipsText( lastRun.added )
			)
		);
	} else if ( lastRun.status === 'done' ) {
		lines.push(
			sprintf(
				/* translators: 1: Job number, 2: Memberships, e.g. "12 memberships", 3: A date and time. */
				__(
					'The last reconcile (job #%1$d) added %2$s, %3$s.',
					'wpm-user-sync'
				),
				lastRun.job,
				membershipsText( lastRun.added ),
				formatDate( lastRun.finishedAt )
			)
		);
	} else {
		lines.push(
			sprintf(
				/* translators: 1: Job number, 2: Memberships, e.g. "12 memberships", 3: A date and time. */
				__(
					'The last reconcile (job #%1$d) stopped before the end, after adding %2$s, %3$s; the history says why.',
					'wpm-user-sync'
				),
				lastRun.job,
				membershipsText( lastRun.added ),
				formatDate( lastRun.finishedAt )
			)
		);
	}
	if ( schedule === 'never' ) {
		lines.unshift(
			__( 'Reconcile automatically is off.', 'wpm-user-sync' )
		);
		return lines;
	}
	const due = formatDate( next );
	lines.unshift(
		schedule === 'daily'
			? sprintf(
					/* translators: %s: A date and time. */
					__(
						'Reconcile automatically runs daily; the next run is due %s.',
						'wpm-user-sync'
					),
					due
				)
			: sprintf(
					/* translators: %s: A date and time. */
					__(
						'Reconcile automatically runs weekly; the next run is due %s.',
						'wpm-user-sync'
					),
					due
				)
	);
	return lines;
}
