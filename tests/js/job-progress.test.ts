/**
 * Internal dependencies
 */
import {
	addSample,
	MIN_RATE_SPAN_MS,
	percentDone,
	progressRate,
	RATE_WINDOW_MS,
	secondsBetween,
	secondsLeft,
} from '../../src/shared/jobs/progress';

describe( 'addSample', () => {
	it( 'keeps the samples of the last half minute', () => {
		const samples = [
			{ at: 0, added: 0 },
			{ at: 10_000, added: 100 },
		];

		expect(
			addSample( samples, { at: RATE_WINDOW_MS + 5_000, added: 400 } )
		).toEqual( [
			{ at: 10_000, added: 100 },
			{ at: 35_000, added: 400 },
		] );
	} );

	it( 'starts again when the count goes down (another run)', () => {
		expect(
			addSample( [ { at: 0, added: 50 } ], { at: 1_000, added: 3 } )
		).toEqual( [ { at: 1_000, added: 3 } ] );
	} );
} );

describe( 'progressRate', () => {
	const now = Date.parse( '2026-11-25T07:41:10Z' );

	it( 'measures the pace on the screen’s samples when they span a second or more', () => {
		const samples = [
			{ at: 1_000, added: 100 },
			{ at: 3_000, added: 300 },
			{ at: 5_000, added: 500 },
		];

		// 400 memberships in 4 seconds; the start time is not needed.
		expect( progressRate( samples, null, 500, now ) ).toBe( 100 );
	} );

	it( 'falls back to the average since the server started the job', () => {
		const samples = [ { at: now, added: 500 } ];

		// 500 memberships in the 10 seconds since 07:41:00.
		expect(
			progressRate( samples, '2026-11-25T07:41:00Z', 500, now )
		).toBe( 50 );
	} );

	it( 'cannot tell before anything was added or a second has passed', () => {
		expect( progressRate( [], '2026-11-25T07:41:00Z', 0, now ) ).toBeNull();
		expect( progressRate( [], null, 10, now ) ).toBeNull();
		expect(
			progressRate(
				[],
				new Date( now - MIN_RATE_SPAN_MS / 2 ).toISOString(),
				10,
				now
			)
		).toBeNull();
		expect(
			progressRate(
				[
					{ at: 0, added: 0 },
					{ at: MIN_RATE_SPAN_MS / 2, added: 10 },
				],
				null,
				10,
				now
			)
		).toBeNull();
	} );

	it( 'ignores a start time it cannot read', () => {
		expect( progressRate( [], 'not a date', 10, now ) ).toBeNull();
	} );
} );

describe( 'secondsLeft', () => {
	it( 'divides what is left by the pace, rounding up', () => {
		expect( secondsLeft( 1_000, 250, 100 ) ).toBe( 8 );
		expect( secondsLeft( 1_000, 0, 3 ) ).toBe( 334 );
	} );

	it( 'is zero when everything is added', () => {
		expect( secondsLeft( 10, 10, null ) ).toBe( 0 );
	} );

	it( 'cannot tell without a pace, or with none', () => {
		expect( secondsLeft( 10, 5, null ) ).toBeNull();
		expect( secondsLeft( 10, 5, 0 ) ).toBeNull();
	} );
} );

describe( 'percentDone', () => {
	it( 'rounds down, so 100% means done', () => {
		expect( percentDone( 0, 200 ) ).toBe( 0 );
		expect( percentDone( 1, 3 ) ).toBe( 33 );
		expect( percentDone( 999, 1_000 ) ).toBe( 99 );
		expect( percentDone( 1_000, 1_000 ) ).toBe( 100 );
	} );

	it( 'is 100 when there was nothing to add', () => {
		expect( percentDone( 0, 0 ) ).toBe( 100 );
	} );
} );

describe( 'secondsBetween', () => {
	it( 'measures a finished job', () => {
		expect(
			secondsBetween( '2026-11-25T07:41:00Z', '2026-11-25T07:43:05Z' )
		).toBe( 125 );
	} );

	it( 'is null when a time is missing', () => {
		expect( secondsBetween( '2026-11-25T07:41:00Z', null ) ).toBeNull();
		expect( secondsBetween( null, '2026-11-25T07:41:00Z' ) ).toBeNull();
	} );
} );
