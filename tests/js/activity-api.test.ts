/**
 * Internal dependencies
 */
import { activityPath, exportHref, filterArgs } from '../../src/activity/api';
import {
	actorText,
	causeOptions,
	causeText,
	changeText,
	personText,
	siteText,
} from '../../src/activity/activity-text';
import { retentionDays } from '../../src/network-options/retention';

/**
 * A day's start or end in the test's time zone, as the server receives it.
 *
 * @param day  `YYYY-MM-DD`.
 * @param time `HH:MM:SS`.
 */
function bound( day: string, time: string ) {
	return new Date( `${ day }T${ time }` ).toISOString();
}

function query( path: string ): Record< string, string > {
	return Object.fromEntries(
		new URL( path, 'http://example.com' ).searchParams.entries()
	);
}

describe( 'activity queries', () => {
	it( 'sends every filter set, the days as the bounds of whole days, and the page', () => {
		const path = activityPath(
			'network',
			{
				user: 7,
				site: 3,
				kind: 'removed',
				cause: 'remove_from_sites',
				after: '2026-11-01',
				before: '2026-11-28',
			},
			2
		);

		expect( path.startsWith( '/wpm-user-sync/v1/activity?' ) ).toBe( true );
		expect( query( path ) ).toEqual( {
			user: '7',
			site: '3',
			kind: 'removed',
			cause: 'remove_from_sites',
			after: bound( '2026-11-01', '00:00:00' ),
			before: bound( '2026-11-29', '00:00:00' ),
			page: '2',
			per_page: '50',
		} );
	} );

	it( 'leaves out the filters not set', () => {
		expect( query( activityPath( 'network', {}, 1 ) ) ).toEqual( {
			page: '1',
			per_page: '50',
		} );
	} );

	it( 'asks a site’s own route, never with a site filter', () => {
		const path = activityPath( 'site', { site: 3, user: 7 }, 1 );

		expect( path.startsWith( '/wpm-user-sync/v1/site-activity?' ) ).toBe(
			true
		);
		expect( query( path ) ).toEqual( {
			user: '7',
			page: '1',
			per_page: '50',
		} );
	} );

	it( 'ignores a day that is not a date', () => {
		expect( filterArgs( 'network', { after: 'soon' } ) ).toEqual( {} );
	} );

	it( 'exports what the filters show, on all pages, with the REST nonce', () => {
		const href = exportHref(
			'http://example.com/wp-json/wpm-user-sync/v1/activity/export',
			'network',
			{ user: 7, kind: 'added' },
			'abc123'
		);

		expect(
			href.startsWith(
				'http://example.com/wp-json/wpm-user-sync/v1/activity/export?'
			)
		).toBe( true );
		expect( query( href ) ).toEqual( {
			user: '7',
			kind: 'added',
			_wpnonce: 'abc123',
		} );
	} );

	it( 'keeps the query of an export address without pretty permalinks', () => {
		const href = exportHref(
			'http://example.com/?rest_route=/wpm-user-sync/v1/site-activity/export',
			'site',
			{ cause: 'core', site: 4 },
			'n'
		);

		expect( query( href ) ).toEqual( {
			rest_route: '/wpm-user-sync/v1/site-activity/export',
			cause: 'core',
			_wpnonce: 'n',
		} );
	} );
} );

describe( 'activity texts', () => {
	it( 'says each change with the role before and after', () => {
		expect(
			changeText( {
				kind: 'added',
				roleBefore: null,
				roleAfter: 'author',
			} )
		).toBe( 'Added as author' );
		expect(
			changeText( {
				kind: 'removed',
				roleBefore: 'editor',
				roleAfter: null,
			} )
		).toBe( 'Removed (was editor)' );
		expect(
			changeText( {
				kind: 'role_changed',
				roleBefore: 'author',
				roleAfter: 'editor',
			} )
		).toBe( 'Role changed: author → editor' );
		expect(
			changeText( {
				kind: 'role_changed',
				roleBefore: null,
				roleAfter: 'editor',
			} )
		).toBe( 'Role changed: no role → editor' );
	} );

	it( 'says who made the change, or through what when nobody did', () => {
		expect(
			actorText( { actor: { id: 1, name: 'Ana' }, via: 'web' } )
		).toBe( 'Ana' );
		expect( actorText( { actor: null, via: 'cli' } ) ).toBe(
			'Nobody (WP-CLI)'
		);
		expect( actorText( { actor: null, via: 'cron' } ) ).toBe(
			'Nobody (WP-Cron)'
		);
	} );

	it( 'names deleted people and sites without failing', () => {
		expect( personText( { id: 9, login: '', name: '' } ) ).toBe(
			'Deleted account #9'
		);
		expect(
			personText( { id: 9, login: 'maria', name: 'Maria Garcia' } )
		).toBe( 'Maria Garcia (maria)' );
		expect( siteText( { id: 4, name: '', url: '' } ) ).toBe(
			'Deleted site #4'
		);
	} );

	it( 'has words for every cause, and shows an unknown one as it came', () => {
		for ( const option of causeOptions() ) {
			expect( causeText( option.value ) ).not.toBe( option.value );
		}
		expect( causeText( 'import' ) ).toBe( 'import' );
	} );
} );

describe( 'retention days', () => {
	it( 'takes whole numbers from 1 to 3650 only', () => {
		expect( retentionDays( '90' ) ).toBe( 90 );
		expect( retentionDays( ' 1 ' ) ).toBe( 1 );
		expect( retentionDays( '3650' ) ).toBe( 3650 );
		expect( retentionDays( '0' ) ).toBeNull();
		expect( retentionDays( '3651' ) ).toBeNull();
		expect( retentionDays( '1.5' ) ).toBeNull();
		expect( retentionDays( '' ) ).toBeNull();
	} );
} );
