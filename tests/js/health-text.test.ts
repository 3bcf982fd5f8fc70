/**
 * WordPress dependencies
 */
import apiFetch from '@wordpress/api-fetch';

/**
 * Internal dependencies
 */
import { formatDate } from '../../src/shared/format';
import {
	driftProgressText,
	driftText,
	reconcileLines,
	runnerFixText,
	runnerProblems,
} from '../../src/shared/health/health-text';
import type { Health } from '../../src/shared/health/types';
import { driveDriftCheck } from '../../src/shared/health/use-health';
import { makeJob } from './fixtures';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

const mockedApiFetch = apiFetch as unknown as jest.Mock;

const TWO_HOURS_AGO = '2026-11-29T10:00:00Z';

function makeHealth( overrides: Partial< Health > = {} ): Health {
	return {
		cron: {
			lastRun: '2026-11-29T12:00:00Z',
			ok: true,
			disabled: false,
			helpUrl: 'https://example.org/help',
		},
		stalledJobs: [],
		drift: null,
		reconcile: { schedule: 'never', lastRun: null, next: null },
		...overrides,
	};
}

describe( 'runnerProblems', () => {
	it( 'says nothing when the runner runs and no job is stuck', () => {
		expect( runnerProblems( makeHealth() ) ).toEqual( [] );
	} );

	it( 'says since when WP-Cron has not run', () => {
		const problems = runnerProblems(
			makeHealth( {
				cron: {
					lastRun: TWO_HOURS_AGO,
					ok: false,
					disabled: false,
					helpUrl: '',
				},
			} )
		);
		expect( problems ).toEqual( [
			{
				message: `WP-Cron has not run since ${ formatDate(
					TWO_HOURS_AGO
				) }: running jobs go on only while their screen stays open, and drift checks and automatic reconciles do not run.`,
				cause: null,
			},
		] );
	} );

	it( 'names DISABLE_WP_CRON when it is set and nothing ran', () => {
		const [ problem ] = runnerProblems(
			makeHealth( {
				cron: {
					lastRun: null,
					ok: false,
					disabled: true,
					helpUrl: '',
				},
			} )
		);
		expect( problem?.message ).toBe(
			'WP-Cron has not run for more than an hour: running jobs go on only while their screen stays open, and drift checks and automatic reconciles do not run.'
		);
		expect( problem?.cause ).toBe(
			'DISABLE_WP_CRON is set in wp-config.php, and no system cron runs the jobs instead.'
		);
	} );

	it( 'does not blame DISABLE_WP_CRON when a system cron runs the jobs', () => {
		expect(
			runnerProblems(
				makeHealth( {
					cron: {
						lastRun: TWO_HOURS_AGO,
						ok: true,
						disabled: true,
						helpUrl: '',
					},
				} )
			)
		).toEqual( [] );
	} );

	it( 'names each job that has not moved for 10 minutes', () => {
		const problems = runnerProblems(
			makeHealth( {
				stalledJobs: [
					{
						id: 12,
						typeLabel: 'Add missing memberships',
						since: TWO_HOURS_AGO,
					},
				],
			} )
		);
		expect( problems.map( ( problem ) => problem.message ) ).toEqual( [
			`Job #12 (Add missing memberships) has not moved since ${ formatDate(
				TWO_HOURS_AGO
			) }.`,
		] );
	} );

	it( 'gives the fix with both commands', () => {
		expect( runnerFixText() ).toContain( 'wp user-sync run --until-empty' );
		expect( runnerFixText() ).toContain( 'wp cron event run --due-now' );
	} );
} );

describe( 'driftText', () => {
	const checkedAt = '2026-11-29T07:00:00Z';

	it( 'says when the network was never checked', () => {
		expect( driftText( null ) ).toBe(
			'The network has not been checked yet.'
		);
	} );

	it( 'counts what is missing, on how many sites, as of when', () => {
		expect(
			driftText( {
				missing: 1234,
				sites: 3,
				checkedAt,
				job: 7,
				running: false,
				runningJob: null,
			} )
		).toBe(
			`Missing: 1,234 memberships that the rules expect, on 3 sites (checked ${ formatDate(
				checkedAt
			) }).`
		);
		expect(
			driftText( {
				missing: 1,
				sites: 1,
				checkedAt,
				job: 7,
				running: false,
				runningJob: null,
			} )
		).toBe(
			`Missing: 1 membership that the rules expect, on 1 site (checked ${ formatDate(
				checkedAt
			) }).`
		);
	} );

	it( 'says when nothing is missing', () => {
		expect(
			driftText( {
				missing: 0,
				sites: 0,
				checkedAt,
				job: 7,
				running: false,
				runningJob: null,
			} )
		).toBe(
			`No membership is missing: the network follows its rules (checked ${ formatDate(
				checkedAt
			) }).`
		);
	} );

	it( 'tells the progress of a check', () => {
		expect( driftProgressText( null ) ).toBe( 'Checking the network…' );
		expect( driftProgressText( 40 ) ).toBe(
			'Checking the network… 40 memberships missing so far.'
		);
	} );
} );

describe( 'reconcileLines', () => {
	const next = '2026-11-30T12:00:00Z';
	const finishedAt = '2026-11-29T12:00:00Z';

	it( 'says the reconcile is off', () => {
		expect(
			reconcileLines( { schedule: 'never', lastRun: null, next: null } )
		).toEqual( [ 'Reconcile automatically is off.' ] );
	} );

	it( 'gives the schedule and the next run before the first one', () => {
		expect(
			reconcileLines( { schedule: 'daily', lastRun: null, next } )
		).toEqual( [
			`Reconcile automatically runs daily; the next run is due ${ formatDate(
				next
			) }.`,
			'It has not run yet.',
		] );
	} );

	it( 'gives the last run’s job, what it added and when', () => {
		expect(
			reconcileLines( {
				schedule: 'weekly',
				lastRun: { job: 31, added: 12, status: 'done', finishedAt },
				next,
			} )
		).toEqual( [
			`Reconcile automatically runs weekly; the next run is due ${ formatDate(
				next
			) }.`,
			`The last reconcile (job #31) added 12 memberships, ${ formatDate(
				finishedAt
			) }.`,
		] );
	} );

	it( 'says a run is under way, or that it stopped', () => {
		expect(
			reconcileLines( {
				schedule: 'never',
				lastRun: {
					job: 31,
					added: 5,
					status: 'running',
					finishedAt: null,
				},
				next: null,
			} )[ 1 ]
		).toBe(
			'The last reconcile (job #31) is running: 5 memberships added so far.'
		);
		expect(
			reconcileLines( {
				schedule: 'never',
				lastRun: { job: 31, added: 5, status: 'failed', finishedAt },
				next: null,
			} )[ 1 ]
		).toBe(
			`The last reconcile (job #31) stopped before the end, after adding 5 memberships, ${ formatDate(
				finishedAt
			) }; the history says why.`
		);
	} );
} );

describe( 'driveDriftCheck', () => {
	beforeEach( () => mockedApiFetch.mockReset() );

	it( 'steps the check until its preview is done, telling what it found', async () => {
		mockedApiFetch
			.mockResolvedValueOnce(
				makeJob( {
					id: 9,
					status: 'previewing',
					preview: { ...makeJob().preview, total: 10 },
				} )
			)
			.mockResolvedValueOnce(
				makeJob( {
					id: 9,
					status: 'previewing',
					waiting: { seconds: 3 },
					preview: { ...makeJob().preview, total: 10 },
				} )
			)
			.mockResolvedValueOnce(
				makeJob( {
					id: 9,
					status: 'done',
					preview: { ...makeJob().preview, total: 25 },
				} )
			);
		const found: number[] = [];
		const pauses: number[] = [];

		await driveDriftCheck(
			9,
			( soFar ) => found.push( soFar ),
			() => false,
			async ( ms ) => {
				pauses.push( ms );
			}
		);

		expect( found ).toEqual( [ 10, 10, 25 ] );
		expect( pauses ).toEqual( [ 3000 ] );
		expect( mockedApiFetch ).toHaveBeenCalledTimes( 3 );
		expect( mockedApiFetch.mock.calls[ 0 ][ 0 ] ).toEqual( {
			path: '/wpm-user-sync/v1/jobs/9/step',
			method: 'POST',
		} );
	} );

	it( 'stops when the screen goes away', async () => {
		await driveDriftCheck(
			9,
			() => undefined,
			() => true
		);
		expect( mockedApiFetch ).not.toHaveBeenCalled();
	} );
} );
