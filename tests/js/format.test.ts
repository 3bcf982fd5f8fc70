/**
 * Internal dependencies
 */
import {
	formatDate,
	formatDuration,
	formatNumber,
	listText,
} from '../../src/shared/format';

describe( 'formatNumber', () => {
	it( 'groups digits, and shows decimals only when asked', () => {
		expect( formatNumber( 1234.4 ) ).toBe( '1,234' );
		expect( formatNumber( 0.54, 1 ) ).toBe( '0.5' );
		expect( formatNumber( 12, 1 ) ).toBe( '12' );
	} );
} );

describe( 'formatDate', () => {
	it( 'shows an em dash for no time, or a time that is not one', () => {
		expect( formatDate( null ) ).toBe( '—' );
		expect( formatDate( 'soon' ) ).toBe( '—' );
	} );

	it( 'shows the date and time', () => {
		expect( formatDate( '2026-11-25T07:40:00Z' ) ).toMatch( /2026/ );
	} );
} );

describe( 'listText', () => {
	it( 'lists items as a sentence does', () => {
		expect( listText( [ 'Marketing' ] ) ).toBe( 'Marketing' );
		expect( listText( [ 'Marketing', 'Library', 'Engineering' ] ) ).toBe(
			'Marketing, Library, and Engineering'
		);
	} );
} );

describe( 'formatDuration', () => {
	it.each( [
		[ 0, 'less than a second' ],
		[ 0.4, 'less than a second' ],
		[ 1, '1 second' ],
		[ 59.4, '59 seconds' ],
		[ 60, '1 minute' ],
		[ 200, '3 minutes 20 seconds' ],
		[ 3600, '1 hour' ],
		[ 7500, '2 hours 5 minutes' ],
	] )( '%d s reads "%s"', ( seconds, words ) => {
		expect( formatDuration( seconds ) ).toBe( words );
	} );
} );
