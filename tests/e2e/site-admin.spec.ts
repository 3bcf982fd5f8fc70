/**
 * External dependencies
 */
import { expect, request, test } from '@playwright/test';

/**
 * Internal dependencies
 */
import { SITE_ADMIN } from './auth';
import { networkScreen, pluginMenu, restAs } from './helpers';

test.use( { storageState: SITE_ADMIN.storageState } );

test.describe( 'A site administrator of a sub-site', () => {
	test( 'sees the site’s WPM User Sync menu, Home, Actions and Activity, and no Options', async ( {
		page,
	} ) => {
		await page.goto( '/engineering/wp-admin/' );
		const { menu, link, submenu } = pluginMenu( page );
		await expect(
			menu.getByRole( 'link', { name: 'Users', exact: true } )
		).toBeVisible();
		await expect( link ).toHaveAttribute( 'href', /page=wpmus-sitehome/ );
		await expect( submenu ).toHaveText( [ 'Home', 'Actions', 'Activity' ] );
	} );

	test( 'cannot open the network Home and Actions screens', async ( {
		page,
	} ) => {
		for ( const slug of [
			'wpmus-networkhome',
			'wpmus-networksyncactions',
		] ) {
			const response = await page.goto( networkScreen( slug ) );
			expect( response?.status(), slug ).toBe( 403 );
		}
	} );

	test( 'cannot open the network Options screen', async ( { page } ) => {
		const response = await page.goto(
			networkScreen( 'wpmus-networksyncoptions' )
		);
		expect( response?.status() ).toBe( 403 );
		await expect(
			page.getByRole( 'heading', { name: 'WPM User Sync Options' } )
		).toHaveCount( 0 );
	} );

	test( 'gets 403 from the settings REST route', async ( { page } ) => {
		await page.goto( '/engineering/wp-admin/' );
		const rest = await restAs( page, '/engineering' );
		const read = await rest.get(
			'/engineering/wp-json/wpm-user-sync/v1/settings'
		);
		expect( read.status() ).toBe( 403 );
		expect( ( await read.json() ).code ).toBe( 'wpmus_forbidden' );

		const write = await rest.put(
			'/engineering/wp-json/wpm-user-sync/v1/settings',
			{ newUserSync: true }
		);
		expect( write.status() ).toBe( 403 );
	} );

	test( 'gets 403 from the sites and roles REST routes', async ( {
		page,
	} ) => {
		await page.goto( '/engineering/wp-admin/' );
		const rest = await restAs( page, '/engineering' );

		for ( const route of [ 'sites?search=market', 'roles' ] ) {
			const response = await rest.get(
				`/engineering/wp-json/wpm-user-sync/v1/${ route }`
			);
			expect( response.status(), route ).toBe( 403 );
			expect( ( await response.json() ).code, route ).toBe(
				'wpmus_forbidden'
			);
		}
	} );
} );

test( 'a visitor who is not logged in gets 401 from the settings, sites and roles REST routes', async ( {
	baseURL,
} ) => {
	const anonymous = await request.newContext( { baseURL } );
	const response = await anonymous.get(
		'/wp-json/wpm-user-sync/v1/settings'
	);
	expect( response.status() ).toBe( 401 );
	for ( const route of [ 'sites', 'roles' ] ) {
		const other = await anonymous.get(
			`/wp-json/wpm-user-sync/v1/${ route }`
		);
		expect( other.status(), route ).toBe( 401 );
	}
	await anonymous.dispose();
} );
