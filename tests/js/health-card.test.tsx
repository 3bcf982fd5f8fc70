/**
 * External dependencies
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';

/**
 * WordPress dependencies
 */
import apiFetch from '@wordpress/api-fetch';

/**
 * Internal dependencies
 */
import { HealthCard } from '../../src/network-home/health-card';
import type { Health } from '../../src/shared/health/types';
import { RunnerNotice } from '../../src/shared/health/runner-notice';
import { JobHistory } from '../../src/shared/jobs/job-history';
import { activeJob } from '../../src/shared/jobs/shown-job';
import { makeJob } from './fixtures';
import { user, waitUntil } from './render-hook';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

// uuid ships ES modules only, which this Jest cannot load; components need just one ID.
jest.mock( 'uuid', () => {
	let next = 0;
	return { v4: () => `uuid-${ ++next }` };
} );

jest.mock( '@wordpress/theme', () => ( {
	ThemeProvider: ( { children }: { children: unknown } ) => children,
} ) );

jest.mock( '@wordpress/a11y', () => ( {
	__esModule: true,
	speak: jest.fn(),
} ) );

const mockedApiFetch = apiFetch as unknown as jest.Mock;

function makeHealth( overrides: Partial< Health > = {} ): Health {
	return {
		cron: {
			lastRun: '2026-11-29T12:00:00Z',
			ok: true,
			disabled: false,
			helpUrl: 'https://example.org/help#cron',
		},
		stalledJobs: [],
		drift: null,
		reconcile: { schedule: 'never', lastRun: null, next: null },
		...overrides,
	};
}

let container: HTMLDivElement;
let root: Root;

beforeEach( () => {
	mockedApiFetch.mockReset();
	container = document.createElement( 'div' );
	document.body.appendChild( container );
	root = createRoot( container );
} );

afterEach( () => {
	act( () => root.unmount() );
	container.remove();
} );

describe( 'HealthCard', () => {
	it( 'checks now, shows the progress in a live region, then the drift', async () => {
		const drift = {
			missing: 3,
			sites: 2,
			checkedAt: '2026-11-29T12:05:00Z',
			job: 40,
			running: false,
			runningJob: null,
		};
		const paths: string[] = [];
		const answers: unknown[] = [
			makeHealth(),
			{ ...drift, missing: null, running: true, runningJob: 40 },
			makeJob( {
				id: 40,
				status: 'previewing',
				preview: { ...makeJob().preview, total: 2 },
			} ),
			makeJob( {
				id: 40,
				status: 'done',
				preview: { ...makeJob().preview, total: 3 },
			} ),
			makeHealth( { drift } ),
		];
		let releaseStep: () => void = () => undefined;
		mockedApiFetch.mockImplementation( ( options: { path: string } ) => {
			paths.push( options.path );
			const answer = answers.shift();
			// Hold the second step, so the screen shows the progress of the first.
			if ( paths.length === 4 ) {
				return new Promise( ( resolve ) => {
					releaseStep = () => resolve( answer );
				} );
			}
			return Promise.resolve( answer );
		} );

		act( () => root.render( <HealthCard optionsUrl="/options" /> ) );
		await waitUntil( () =>
			( container.textContent ?? '' ).includes(
				'The network has not been checked yet.'
			)
		);
		expect( container.querySelector( 'h2' )?.textContent ).toBe(
			'Network health'
		);
		expect( container.textContent ).toContain(
			'Reconcile automatically is off.'
		);
		expect( container.textContent ).toContain(
			'WP-Cron runs the background work: no job is stuck.'
		);

		const button = Array.from(
			container.querySelectorAll( 'button' )
		).find( ( candidate ) => candidate.textContent === 'Check now' );
		await user( () => button?.click() );
		await waitUntil( () => paths.length === 4 );
		const live = container.querySelector( '[aria-live="polite"]' );
		expect( live?.textContent ).toBe(
			'Checking the network… 2 memberships missing so far.'
		);

		await user( () => releaseStep() );
		await waitUntil( () =>
			( container.textContent ?? '' ).includes( 'Missing: 3 memberships' )
		);
		expect( paths ).toEqual( [
			'/wpm-user-sync/v1/health',
			'/wpm-user-sync/v1/drift',
			'/wpm-user-sync/v1/jobs/40/step',
			'/wpm-user-sync/v1/jobs/40/step',
			'/wpm-user-sync/v1/health',
		] );
		expect( live?.textContent ).toBe( '' );
	} );

	it( 'says why the runner does not run, with the fix and the link', async () => {
		mockedApiFetch.mockResolvedValue(
			makeHealth( {
				cron: {
					lastRun: null,
					ok: false,
					disabled: true,
					helpUrl: 'https://example.org/help#cron',
				},
			} )
		);

		act( () => root.render( <HealthCard optionsUrl="/options" /> ) );
		await waitUntil( () =>
			( container.textContent ?? '' ).includes( 'DISABLE_WP_CRON' )
		);

		expect( container.textContent ).toContain(
			'wp user-sync run --until-empty'
		);
		const link = Array.from( container.querySelectorAll( 'a' ) ).find(
			( candidate ) =>
				candidate.textContent === 'How to run the jobs from system cron'
		);
		expect( link?.getAttribute( 'href' ) ).toBe(
			'https://example.org/help#cron'
		);
	} );
} );

describe( 'RunnerNotice', () => {
	it( 'shows nothing when all is well', () => {
		act( () => root.render( <RunnerNotice health={ makeHealth() } /> ) );
		expect( container.textContent ).toBe( '' );
	} );

	it( 'names a job that stopped moving', () => {
		act( () =>
			root.render(
				<RunnerNotice
					health={ makeHealth( {
						stalledJobs: [
							{
								id: 12,
								typeLabel: 'Add missing memberships',
								since: '2026-11-29T10:00:00Z',
							},
						],
					} ) }
				/>
			)
		);
		expect( container.textContent ).toContain(
			'Job #12 (Add missing memberships) has not moved since'
		);
	} );
} );

describe( 'JobHistory', () => {
	it( 'says WP-Cron started what the schedule started', () => {
		act( () =>
			root.render(
				<JobHistory
					jobs={ [
						makeJob( {
							id: 50,
							kind: 'network',
							status: 'running',
							origin: 'reconcile',
							createdBy: { id: 0, name: '' },
						} ),
						makeJob( {
							id: 49,
							kind: 'network',
							status: 'done',
							origin: 'new_user',
							createdBy: { id: 0, name: '' },
						} ),
					] }
					error={ null }
					caption="History"
				/>
			)
		);
		const cells = Array.from(
			container.querySelectorAll( 'tbody tr td:first-child' )
		).map( ( cell ) => cell.textContent );
		expect( cells ).toEqual( [ 'WP-Cron', 'unknown' ] );
	} );

	it( 'lists syncs, not drift checks, which Network Home shows', () => {
		act( () =>
			root.render(
				<JobHistory
					jobs={ [
						makeJob( {
							id: 51,
							kind: 'network',
							type: 'check_drift',
							status: 'done',
							origin: 'drift',
						} ),
					] }
					error={ null }
					caption="History"
				/>
			)
		);
		expect( container.textContent ).toBe( 'No sync has run yet.' );
	} );
} );

describe( 'activeJob', () => {
	it( 'never hands a drift check under way to the Sync from scratch panel', () => {
		const check = makeJob( {
			id: 52,
			kind: 'network',
			type: 'check_drift',
			status: 'previewing',
		} );
		const sync = makeJob( { id: 40, kind: 'network', status: 'running' } );
		expect( activeJob( [ check ], [ 'network' ] ) ).toBeNull();
		expect( activeJob( [ check, sync ], [ 'network' ] ) ).toBe( sync );
	} );
} );
