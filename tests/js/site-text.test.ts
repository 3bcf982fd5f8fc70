/**
 * Internal dependencies
 */
import {
	siteAddress,
	siteLabel,
	siteSearchHelp,
	siteStates,
	unknownSiteLabel,
} from '../../src/shared/sites/site-text';
import { makeSite } from './fixtures';

const marketing = makeSite( 3, 'Marketing' );

describe( 'siteAddress', () => {
	it( 'joins domain and path', () => {
		expect( siteAddress( marketing ) ).toBe( 'example.com/marketing/' );
	} );
} );

describe( 'siteLabel', () => {
	it( 'names a site by its name and address', () => {
		expect( siteLabel( marketing ) ).toBe(
			'Marketing — example.com/marketing/'
		);
	} );

	it( 'uses the address alone when the site has no name', () => {
		expect( siteLabel( { ...marketing, name: '  ' } ) ).toBe(
			'example.com/marketing/'
		);
	} );

	it( 'keeps a name the server decoded as it is: no second decoding, no markup', () => {
		expect( siteLabel( { ...marketing, name: 'Tom & Jerry' } ) ).toBe(
			'Tom & Jerry — example.com/marketing/'
		);
		expect( siteLabel( { ...marketing, name: 'R&amp;D' } ) ).toBe(
			'R&amp;D — example.com/marketing/'
		);
		expect( siteLabel( { ...marketing, name: '<b>Bold</b>' } ) ).toBe(
			'<b>Bold</b> — example.com/marketing/'
		);
	} );

	it( 'says when a site is archived, spam or deactivated', () => {
		expect( siteLabel( { ...marketing, archived: true } ) ).toBe(
			'Marketing — example.com/marketing/ (archived)'
		);
		expect( siteLabel( { ...marketing, spam: true, deleted: true } ) ).toBe(
			'Marketing — example.com/marketing/ (spam, deactivated)'
		);
	} );
} );

describe( 'siteStates', () => {
	it( 'is empty for a site in normal use', () => {
		expect( siteStates( marketing ) ).toEqual( [] );
	} );

	it( 'lists every state in words', () => {
		expect(
			siteStates( { archived: true, spam: true, deleted: true } )
		).toEqual( [ 'archived', 'spam', 'deactivated' ] );
	} );
} );

describe( 'unknownSiteLabel', () => {
	it( 'names a site by its ID while its details load', () => {
		expect( unknownSiteLabel( 12, false ) ).toBe( 'Site 12' );
	} );

	it( 'says when the site no longer exists', () => {
		expect( unknownSiteLabel( 12, true ) ).toBe(
			'Site 12 (no longer in this network)'
		);
	} );
} );

describe( 'siteSearchHelp', () => {
	it( 'says that names, domains and paths are searched', () => {
		expect( siteSearchHelp( [ 'domain', 'path', 'name' ], 4, 4 ) ).toBe(
			'Type part of a site’s name, domain or path, then choose the site from the list.'
		);
	} );

	it( 'says when names are not searched', () => {
		expect( siteSearchHelp( [ 'domain', 'path' ], 0, 0 ) ).toBe(
			'Type part of a site’s domain or path, then choose the site from the list. This network has too many sites to search their names.'
		);
	} );

	it( 'says how many sites match when not all are listed', () => {
		expect( siteSearchHelp( [ 'domain', 'path', 'name' ], 20, 1234 ) ).toBe(
			'Type part of a site’s name, domain or path, then choose the site from the list. 20 of 1234 matching sites are listed; type more to narrow the list.'
		);
	} );
} );
