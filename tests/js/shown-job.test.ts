/**
 * Internal dependencies
 */
import {
	activeJob,
	jobToShow,
	shownJobStore,
} from '../../src/shared/jobs/shown-job';
import { makeJob, readyJob, runningJob } from './fixtures';

describe( 'activeJob', () => {
	it( 'finds the newest job under way of the kinds asked for', () => {
		const jobs = [
			runningJob( 3, { id: 9, kind: 'network', sites: null } ),
			readyJob( { id: 8 } ),
			makeJob( { id: 7 } ),
			runningJob( 12, { id: 6, status: 'done' } ),
		];

		expect( activeJob( jobs, [ 'network' ] )?.id ).toBe( 9 );
		expect( activeJob( jobs, [ 'sites' ] )?.id ).toBe( 8 );
	} );

	it( 'finds nothing when every job has ended', () => {
		const jobs = [
			runningJob( 12, { status: 'done' } ),
			runningJob( 4, { id: 3, status: 'cancelled' } ),
			runningJob( 4, { id: 2, status: 'failed' } ),
		];

		expect( activeJob( jobs, [ 'sites', 'network', 'site' ] ) ).toBeNull();
		expect( activeJob( [], [ 'site' ] ) ).toBeNull();
	} );
} );

describe( 'jobToShow', () => {
	const done = runningJob( 12, { id: 7, status: 'done' } );

	it( 'prefers a job under way', () => {
		const jobs = [ readyJob( { id: 9 } ), done ];

		expect( jobToShow( jobs, [ 'sites' ], 7 )?.id ).toBe( 9 );
	} );

	it( 'shows again the job the panel showed before the reload, even if it ended', () => {
		expect( jobToShow( [ done ], [ 'sites' ], 7 ) ).toBe( done );
		expect( jobToShow( [ done ], [ 'sites' ], null ) ).toBeNull();
		// Not a job of this panel.
		expect( jobToShow( [ done ], [ 'network' ], 7 ) ).toBeNull();
	} );
} );

describe( 'shownJobStore', () => {
	afterEach( () => window.sessionStorage.clear() );

	it( 'keeps a job number for the session, and forgets it', () => {
		expect( shownJobStore.get( 'wpmus-test' ) ).toBeNull();
		shownJobStore.set( 'wpmus-test', 12 );
		expect( shownJobStore.get( 'wpmus-test' ) ).toBe( 12 );
		shownJobStore.set( 'wpmus-test', null );
		expect( shownJobStore.get( 'wpmus-test' ) ).toBeNull();
	} );

	it( 'ignores what is not a job number', () => {
		window.sessionStorage.setItem( 'wpmus-test', 'nonsense' );
		expect( shownJobStore.get( 'wpmus-test' ) ).toBeNull();
	} );
} );
