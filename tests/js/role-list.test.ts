/**
 * Internal dependencies
 */
import { rolesToList } from '../../src/network-options/role-list';

const roles = [
	{ slug: 'administrator', name: 'Administrator' },
	{ slug: 'editor', name: 'Editor' },
];

describe( 'rolesToList', () => {
	it( 'lists the main site’s roles in their order', () => {
		expect( rolesToList( roles, [ 'editor' ] ) ).toEqual( roles );
	} );

	it( 'adds a chosen role the main site no longer defines, so it can be unticked', () => {
		expect( rolesToList( roles, [ 'shop_manager', 'editor' ] ) ).toEqual( [
			...roles,
			{
				slug: 'shop_manager',
				name: 'shop_manager (not defined on the main site)',
			},
		] );
	} );
} );
