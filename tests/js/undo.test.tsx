/**
 * External dependencies
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';

/**
 * Internal dependencies
 */
import { JobHistory } from '../../src/shared/jobs/job-history';
import { JobPreview } from '../../src/shared/jobs/job-preview';
import {
	confirmLabel,
	jobVerb,
	notedText,
	skippedText,
} from '../../src/shared/jobs/job-text';
import { activeJob, undoJobToShow } from '../../src/shared/jobs/shown-job';
import type { Job } from '../../src/shared/jobs/types';
import {
	canUndo,
	changedByText,
	undoSummaryText,
} from '../../src/shared/jobs/undo-text';
import { makeJob, readyJob } from './fixtures';
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

const undoLink = {
	'wp:action-undo': [
		{ href: 'http://localhost:8889/wp-json/wpm-user-sync/v1/jobs' },
	],
};

function doneJob( overrides: Partial< Job > = {} ): Job {
	return makeJob( {
		status: 'done',
		startedAt: '2026-11-25T07:41:00Z',
		finishedAt: '2026-11-25T07:42:00Z',
		progress: { added: 12, total: 12, skipped: {} },
		...overrides,
	} );
}

function undoPreview( overrides: Partial< Job > = {} ): Job {
	return readyJob( {
		id: 20,
		type: 'undo',
		undoes: 12,
		preview: {
			complete: true,
			total: 9,
			skipped: { changed_since: 3 },
			sites: [],
			siteCount: 2,
			noted: { content_not_returned: 2 },
		},
		changedBy: [
			{ id: 7, name: 'Ana Silva', count: 2 },
			{ id: 0, name: '', count: 1 },
		],
		...overrides,
	} );
}

let container: HTMLDivElement;
let root: Root;

beforeEach( () => {
	container = document.createElement( 'div' );
	document.body.appendChild( container );
	root = createRoot( container );
} );

afterEach( () => {
	act( () => root.unmount() );
	container.remove();
} );

describe( 'The Undo button of the history', () => {
	it( 'shows on the jobs the server lets the caller undo, and undoes the one pressed', () => {
		const onUndo = jest.fn();
		const mine = doneJob( { id: 12, _links: undoLink } );
		const theirs = doneJob( { id: 11 } );
		act( () =>
			root.render(
				<JobHistory
					jobs={ [ mine, theirs ] }
					error={ null }
					caption="History"
					onUndo={ onUndo }
				/>
			)
		);
		const buttons = Array.from( container.querySelectorAll( 'button' ) );
		expect( buttons.map( ( button ) => button.textContent ) ).toEqual( [
			'Undo',
		] );
		expect( buttons[ 0 ]?.getAttribute( 'aria-label' ) ).toBe(
			'Undo job #12'
		);
		act( () => buttons[ 0 ]?.click() );
		expect( onUndo ).toHaveBeenCalledWith( mine );
	} );

	it( 'is not offered where the screen undoes nothing, and waits while an undo is under way', () => {
		const jobs = [ doneJob( { _links: undoLink } ) ];
		act( () =>
			root.render(
				<JobHistory jobs={ jobs } error={ null } caption="History" />
			)
		);
		expect( container.querySelectorAll( 'button' ) ).toHaveLength( 0 );

		act( () =>
			root.render(
				<JobHistory
					jobs={ jobs }
					error={ null }
					caption="History"
					onUndo={ jest.fn() }
					undoBusy
				/>
			)
		);
		expect(
			container.querySelector( 'button' )?.getAttribute( 'aria-disabled' )
		).toBe( 'true' );
	} );

	it( 'reads the link the server gives', () => {
		expect( canUndo( doneJob( { _links: undoLink } ) ) ).toBe( true );
		expect( canUndo( doneJob() ) ).toBe( false );
	} );
} );

describe( 'An undo’s preview', () => {
	it( 'says what it takes back, what it leaves and who changed it since, and that content stays', () => {
		act( () => root.render( <JobPreview job={ undoPreview() } /> ) );
		const text = container.textContent ?? '';
		expect( text ).toContain(
			'This will take back 9 changes that job #12 made and nobody changed since'
		);
		expect( text ).toContain(
			'Left as they are, because someone changed them since: Ana Silva (2) and nobody logged in (1).'
		);
	} );

	it( 'says when nothing is left to take back', () => {
		const job = undoPreview( {
			preview: {
				complete: true,
				total: 0,
				skipped: { changed_since: 12 },
				sites: [],
				siteCount: 2,
			},
		} );
		expect( undoSummaryText( job ) ).toBe(
			'Nothing to take back from job #12: everything it changed was changed since, or undone already.'
		);
	} );

	it( 'names the skip reason and the note in words, and confirms with its own verb', () => {
		expect( skippedText( { changed_since: 3 } ) ).toBe(
			'3 changed by someone since (left as they are)'
		);
		expect( notedText( { content_not_returned: 2 } ) ).toBe(
			'2 put back without their posts and pages: what the job gave to someone else stays theirs'
		);
		expect( jobVerb( undoPreview() ) ).toBe( 'undo' );
		expect( confirmLabel( 9, 'undo' ) ).toBe( 'Take back 9 changes' );
		expect( confirmLabel( 1, 'undo' ) ).toBe( 'Take back 1 change' );
	} );

	it( 'names nobody when nobody changed anything', () => {
		expect( changedByText( [] ) ).toBe( '' );
		expect( changedByText( null ) ).toBe( '' );
		expect( changedByText( [ { id: 9, name: '', count: 1 } ] ) ).toBe(
			'Left as they are, because someone changed them since: user #9 (1).'
		);
	} );
} );

describe( 'Which panel carries an undo on after a reload', () => {
	it( 'is the undo panel’s, never a sync panel’s', () => {
		const undo = undoPreview( { kind: 'network', sites: null } );
		const sync = makeJob( { id: 5, kind: 'network', sites: null } );
		expect( activeJob( [ undo, sync ], [ 'network' ] ) ).toBe( sync );
		expect( undoJobToShow( [ undo, sync ], null ) ).toBe( undo );
	} );

	it( 'shows again a finished undo the tab showed before the reload', () => {
		const finished = undoPreview( { status: 'done' } );
		expect( undoJobToShow( [ finished ], 20 ) ).toBe( finished );
		expect( undoJobToShow( [ finished ], 21 ) ).toBeNull();
	} );
} );
