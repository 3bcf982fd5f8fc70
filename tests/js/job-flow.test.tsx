/**
 * External dependencies
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';

/**
 * Internal dependencies
 */
import { AddRemovedControl } from '../../src/shared/jobs/add-removed-control';
import { JobFlow } from '../../src/shared/jobs/job-flow';
import type { Job } from '../../src/shared/jobs/types';
import type { UseJob } from '../../src/shared/jobs/use-job';
import { readyJob, runningJob } from './fixtures';
import './render-hook';

// uuid ships ES modules only, which this Jest cannot load; components need just one ID.
jest.mock( 'uuid', () => {
	let next = 0;
	return { v4: () => `uuid-${ ++next }` };
} );

// Likewise @wordpress/theme, which @wordpress/ui loads for a provider these screens do not use.
jest.mock( '@wordpress/theme', () => ( {
	ThemeProvider: ( { children }: { children: unknown } ) => children,
} ) );

jest.mock( '@wordpress/a11y', () => ( {
	__esModule: true,
	speak: jest.fn(),
} ) );

// What the notices say aloud, through the live regions of @wordpress/a11y.
const mockedSpeak = jest.requireMock< { speak: jest.Mock } >(
	'@wordpress/a11y'
).speak;

function flowOf( job: Job, overrides: Partial< UseJob > = {} ): UseJob {
	const phases: Record< Job[ 'status' ], UseJob[ 'phase' ] > = {
		previewing: 'previewing',
		ready: 'ready',
		running: 'running',
		done: 'finished',
		cancelled: 'finished',
		failed: 'finished',
	};
	return {
		job,
		phase: phases[ job.status ],
		error: null,
		retrying: false,
		note: null,
		stale: false,
		staleReason: null,
		waiting: null,
		rate: null,
		secondsLeft: null,
		create: jest.fn(),
		start: jest.fn(),
		refresh: jest.fn(),
		cancel: jest.fn(),
		retry: jest.fn(),
		resume: jest.fn(),
		reset: jest.fn(),
		...overrides,
	};
}

let container: HTMLDivElement;
let root: Root;

beforeEach( () => {
	mockedSpeak.mockReset();
	container = document.createElement( 'div' );
	document.body.appendChild( container );
	root = createRoot( container );
} );

afterEach( () => {
	act( () => root.unmount() );
	container.remove();
} );

function show( flow: UseJob ) {
	act( () =>
		root.render(
			<JobFlow flow={ flow } focusOnShow={ false } onDone={ jest.fn() } />
		)
	);
}

function button( name: string ): HTMLButtonElement | undefined {
	return Array.from( container.querySelectorAll( 'button' ) ).find(
		( element ) => element.textContent === name
	);
}

function minutesAgo( minutes: number ): string {
	return new Date( Date.now() - minutes * 60_000 ).toISOString();
}

describe( 'JobFlow, a preview waiting for confirmation', () => {
	it( 'says how old the preview is, and keeps saying it as time passes', () => {
		jest.useFakeTimers();
		try {
			show( flowOf( readyJob( { previewedAt: minutesAgo( 3 ) } ) ) );
			expect( container.textContent ).toContain(
				'Previewed 3 minutes ago'
			);

			act( () => jest.advanceTimersByTime( 60_000 ) );
			expect( container.textContent ).toContain(
				'Previewed 4 minutes ago'
			);
		} finally {
			jest.useRealTimers();
		}
	} );

	it( 'confirms a fresh preview', () => {
		const flow = flowOf( readyJob( { previewedAt: minutesAgo( 0 ) } ) );
		show( flow );

		expect( container.textContent ).toContain( 'Previewed just now' );
		act( () => button( 'Add 12 memberships' )?.click() );
		expect( flow.start ).toHaveBeenCalledTimes( 1 );
		expect( button( 'Refresh preview' ) ).toBeUndefined();
	} );

	it( 'offers to refresh a stale preview instead of confirming it, and says why aloud', () => {
		const flow = flowOf( readyJob( { previewedAt: minutesAgo( 12 ) } ), {
			stale: true,
		} );
		show( flow );

		const why =
			'This preview is more than 10 minutes old: sites or people may have changed since, so it cannot be confirmed. Refresh it to see what the sync would do now; nothing is added before you confirm the new preview.';
		expect( container.textContent ).toContain( why );
		expect( mockedSpeak ).toHaveBeenCalledWith( why, 'polite' );
		expect( button( 'Add 12 memberships' ) ).toBeUndefined();

		act( () => button( 'Refresh preview' )?.click() );
		expect( flow.refresh ).toHaveBeenCalledTimes( 1 );
		expect( flow.start ).not.toHaveBeenCalled();
	} );

	it( 'gives the server’s reason when it refused to start the preview', () => {
		show(
			flowOf( readyJob( { previewedAt: minutesAgo( 1 ) } ), {
				stale: true,
				staleReason:
					'This preview is out of date: 2 sites were added since it was made.',
			} )
		);

		expect( container.textContent ).toContain(
			'This preview is out of date: 2 sites were added since it was made. Refresh it'
		);
	} );

	it( 'keeps focus on the button when a periodic check finds the preview stale', () => {
		const job = readyJob( { previewedAt: minutesAgo( 1 ) } );
		show( flowOf( job ) );
		const confirm = button( 'Add 12 memberships' );
		confirm?.focus();

		show( flowOf( job, { stale: true } ) );

		const focused = container.ownerDocument.activeElement;
		expect( focused ).toBe( confirm );
		expect( focused?.textContent ).toBe( 'Refresh preview' );
	} );

	it( 'shows site names as the text they are, decoded once by the server', () => {
		show(
			flowOf(
				readyJob( {
					preview: {
						complete: true,
						total: 3,
						skipped: {},
						sites: [
							{
								id: 3,
								name: 'Tom & Jerry',
								url: 'http://localhost:8889/tom/',
								toAdd: 1,
								skipped: {},
							},
							{
								id: 4,
								// Someone really typed "&amp;": it is not decoded again.
								name: 'R&amp;D',
								url: 'http://localhost:8889/rd/',
								toAdd: 1,
								skipped: {},
							},
							{
								id: 5,
								name: '<img src=x onerror="window.hacked=1">',
								url: 'http://localhost:8889/x/',
								toAdd: 1,
								skipped: {},
							},
						],
						siteCount: 3,
					},
				} )
			)
		);

		const names = Array.from(
			container.querySelectorAll( '.wpmus-jobs-table__site' )
		).map( ( element ) => element.textContent );
		expect( names ).toEqual( [
			'Tom & Jerry',
			'R&amp;D',
			'<img src=x onerror="window.hacked=1">',
		] );
		expect( container.querySelector( 'img' ) ).toBeNull();
	} );

	it( 'words the new skip reasons in the preview', () => {
		show(
			flowOf(
				readyJob( {
					preview: {
						complete: true,
						total: 1,
						skipped: { privileged_role: 4, site_inactive: 1 },
						sites: [
							{
								id: 3,
								name: 'Marketing',
								url: 'http://localhost:8889/marketing/',
								toAdd: 1,
								skipped: { privileged_role: 4 },
							},
							{
								id: 6,
								name: 'Old',
								url: 'http://localhost:8889/old/',
								toAdd: 0,
								skipped: { site_inactive: 1 },
							},
						],
						siteCount: 2,
					},
				} )
			)
		);

		expect( container.textContent ).toContain(
			'4 not added because the site’s default role is privileged'
		);
		expect( container.textContent ).toContain(
			'Site archived, spam or deactivated: nothing is added there'
		);
		expect( container.textContent ).toContain(
			'1 site archived, spam or deactivated, where nothing is added'
		);
	} );
} );

describe( 'JobFlow, a running sync', () => {
	it( 'says it waits for an interrupted batch, announcing it once', () => {
		const job = runningJob( 4, { waiting: { seconds: 45 } } );
		show( flowOf( job, { waiting: { seconds: 45 } } ) );

		expect( container.textContent ).toContain(
			'Waiting for an interrupted batch to be released, about 45 seconds; then this screen carries on.'
		);
		show( flowOf( job, { waiting: { seconds: 40 } } ) );
		expect( container.textContent ).toContain( 'about 40 seconds' );

		const announced = mockedSpeak.mock.calls.filter( ( [ text ] ) =>
			String( text ).startsWith( 'Waiting for an interrupted batch' )
		);
		expect( announced ).toEqual( [
			[ 'Waiting for an interrupted batch to be released.', 'polite' ],
		] );
	} );

	it( 'says the database is down and that the screen retries, with a way to try now', () => {
		const flow = flowOf( runningJob( 4 ), {
			error: 'The server cannot reach its database right now.',
			retrying: true,
		} );
		show( flow );

		const text =
			'The server cannot reach its database right now. The sync will continue when it is back; this screen retries.';
		expect( container.textContent ).toContain( text );
		expect( mockedSpeak ).toHaveBeenCalledWith( text, 'polite' );
		act( () => button( 'Try again now' )?.click() );
		expect( flow.retry ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'says a preview continues once the database is back', () => {
		show(
			flowOf( readyJob( { status: 'previewing' } ), {
				error: 'The server cannot reach its database right now.',
				retrying: true,
			} )
		);

		expect( container.textContent ).toContain(
			'The server cannot reach its database right now. The preview will continue when it is back; this screen retries.'
		);
	} );

	it( 'ends an undo or a job about people as a job, not a sync, and offers to close it', () => {
		show( flowOf( runningJob( 14, { status: 'done', type: 'undo' } ) ) );

		expect( container.textContent ).toContain( 'Job done' );
		expect( container.textContent ).not.toContain( 'Sync done' );
		expect( container.textContent ).toContain( 'Close' );
		expect( container.textContent ).not.toContain( 'Start a new sync' );
	} );

	it( 'says a sync it tried to cancel had already finished', () => {
		show(
			flowOf( runningJob( 12, { status: 'done' } ), {
				note: 'This sync already finished; there is nothing to cancel.',
			} )
		);

		expect( container.textContent ).toContain( 'Sync done' );
		expect( container.textContent ).toContain(
			'This sync already finished; there is nothing to cancel.'
		);
		expect( mockedSpeak ).toHaveBeenCalledWith(
			'This sync already finished; there is nothing to cancel.',
			'polite'
		);
	} );

	it( 'says whose removals a sync adds back', () => {
		show( flowOf( runningJob( 4, { kind: 'site', addRemoved: true } ) ) );
		expect( container.textContent ).toContain(
			'People removed from this site by its administrators are added back (not those a network administrator removed).'
		);

		show(
			flowOf( runningJob( 4, { kind: 'network', addRemoved: true } ) )
		);
		expect( container.textContent ).toContain(
			'whether a site administrator or a network administrator removed them'
		);
	} );
} );

describe( 'AddRemovedControl', () => {
	it( 'tells a site administrator that removals by a network administrator stay', () => {
		act( () =>
			root.render(
				<AddRemovedControl
					checked={ false }
					onChange={ jest.fn() }
					scope="site"
				/>
			)
		);

		const checkbox = container.querySelector( 'input[type="checkbox"]' );
		const label = container.querySelector(
			`label[for="${ checkbox?.id }"]`
		);
		expect( label?.textContent ).toBe(
			'Also add back people who were removed from this site by its administrators'
		);
		const help = document.getElementById(
			checkbox?.getAttribute( 'aria-describedby' ) ?? ''
		);
		expect( help?.textContent ).toContain(
			'People a network administrator removed are never added back from here'
		);
	} );

	it( 'tells a network administrator that both kinds of removals are undone', () => {
		act( () =>
			root.render(
				<AddRemovedControl
					checked={ false }
					onChange={ jest.fn() }
					scope="network"
				/>
			)
		);

		expect( container.textContent ).toContain(
			'it adds back people removed by a site’s administrators and by network administrators'
		);
	} );
} );
