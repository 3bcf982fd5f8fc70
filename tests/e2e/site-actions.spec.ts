/**
 * External dependencies
 */
import { expect, test, type Browser } from '@playwright/test';

/**
 * Internal dependencies
 */
import { OTHER_SITE_ADMIN, SITE_ADMIN, SUPER_ADMIN } from './auth';
import {
	collectConsoleErrors,
	greyAvatars,
	restNonce,
	screenshot,
	updateSettings,
	userInList,
} from './helpers';

const SITE_ACTIONS =
	'/engineering/wp-admin/admin.php?page=wpmus-sitesyncactions';

/**
 * Switches "Allow site administrators to sync their site" as the super admin.
 *
 * @param browser The browser.
 * @param on      On or off.
 */
async function allowSiteSync( browser: Browser, on: boolean ) {
	const context = await browser.newContext( {
		storageState: SUPER_ADMIN.storageState,
	} );
	await updateSettings( await context.newPage(), { allowSiteSync: on } );
	await context.close();
}

test.describe( 'Site Admin → WPM User Sync, for the site’s administrator', () => {
	test.use( { storageState: SITE_ADMIN.storageState } );
	test.beforeEach( async ( { page } ) => greyAvatars( page ) );

	test( 'Home explains and leads to Actions, where Sync from scratch works end to end', async ( {
		page,
	} ) => {
		const consoleErrors = collectConsoleErrors( page );
		await page.goto( '/engineering/wp-admin/users.php' );
		await expect( userInList( page, 'maria.garcia' ) ).toBeVisible();
		await expect( userInList( page, 'emma.jones' ) ).toHaveCount( 0 );

		const menu = page.locator( '#adminmenu' );
		await menu
			.getByRole( 'link', { name: 'WPM User Sync', exact: true } )
			.click();
		await expect( page ).toHaveURL( /page=wpmus-sitehome/ );
		await expect(
			page.getByRole( 'heading', { name: 'WPM User Sync', level: 1 } )
		).toBeVisible();
		await expect(
			page.getByRole( 'heading', { name: 'Sync from scratch' } )
		).toBeVisible();
		await screenshot( page, 'site-home' );

		await page.getByRole( 'link', { name: 'Go to Actions' } ).click();
		await expect( page ).toHaveURL( /page=wpmus-sitesyncactions/ );
		const panel = page.getByRole( 'region', { name: 'Sync from scratch' } );
		// Only this site's own removals can be undone from here, and it says so.
		await expect(
			panel.getByRole( 'checkbox', {
				name: 'Also add back people who were removed from this site by its administrators',
			} )
		).toHaveAccessibleDescription(
			/People a network administrator removed are never added back from here; only a network administrator’s sync can do that\./
		);
		await panel.getByRole( 'button', { name: 'Preview' } ).click();

		const preview = panel.getByRole( 'table', {
			name: 'What the sync will do, site by site',
		} );
		const row = preview.getByRole( 'row', { name: /Engineering/ } );
		await expect( row ).toBeVisible();
		const toAdd = Number(
			await row.getByRole( 'cell' ).first().textContent()
		);
		expect( toAdd ).toBeGreaterThan( 0 );
		// Only this site: one site in the table.
		await expect( preview.getByRole( 'row' ) ).toHaveCount( 3 );
		await screenshot( page, 'site-actions' );

		await panel
			.getByRole( 'button', { name: `Add ${ toAdd } memberships` } )
			.click();
		await expect(
			panel.getByRole( 'heading', { name: 'Sync done' } )
		).toBeVisible();
		await expect(
			panel.getByRole( 'progressbar', { name: 'Sync progress' } )
		).toHaveAttribute( 'value', '100' );
		await expect(
			page
				.getByRole( 'table', {
					name: 'Syncs of this site, newest first',
				} )
				.getByRole( 'row' )
				.nth( 1 )
		).toContainText( 'Done' );
		expect( consoleErrors ).toEqual( [] );

		await page.goto( '/engineering/wp-admin/users.php' );
		await expect( userInList( page, 'emma.jones' ) ).toBeVisible();
		// Nobody's role here changed.
		await expect(
			page.getByRole( 'row', { name: /priya\.patel/ } )
		).toContainText( 'Editor' );
	} );

	test( 'when the network switches it off, the menu goes and the page answers 403', async ( {
		page,
		browser,
	} ) => {
		await allowSiteSync( browser, false );
		try {
			await page.goto( '/engineering/wp-admin/' );
			await expect(
				page
					.locator( '#adminmenu' )
					.getByRole( 'link', { name: 'Users', exact: true } )
			).toBeVisible();
			await expect(
				page
					.locator( '#adminmenu' )
					.getByRole( 'link', { name: 'WPM User Sync' } )
			).toHaveCount( 0 );
			const response = await page.goto( SITE_ACTIONS );
			expect( response?.status() ).toBe( 403 );

			const rest = await page.request.get(
				'/engineering/wp-json/wpm-user-sync/v1/site-jobs',
				{
					headers: {
						'X-WP-Nonce': await restNonce( page, '/engineering' ),
					},
				}
			);
			expect( rest.status() ).toBe( 403 );
			expect( ( await rest.json() ).code ).toBe(
				'wpmus_site_sync_disabled'
			);
		} finally {
			await allowSiteSync( browser, true );
		}
		await page.goto( SITE_ACTIONS );
		await expect(
			page.getByRole( 'region', { name: 'Sync from scratch' } )
		).toBeVisible();
	} );
} );

test.describe( 'An administrator of another site', () => {
	test.use( { storageState: OTHER_SITE_ADMIN.storageState } );

	test( 'cannot reach the Actions of /engineering/', async ( { page } ) => {
		const response = await page.goto( SITE_ACTIONS );

		expect( response?.status() ).toBe( 403 );
		await expect(
			page.getByRole( 'region', { name: 'Sync from scratch' } )
		).toHaveCount( 0 );
	} );

	test( 'gets 403 from the site jobs of /engineering/, and has her own site’s', async ( {
		page,
	} ) => {
		await page.goto( '/marketing/wp-admin/' );
		await expect(
			page
				.locator( '#adminmenu' )
				.getByRole( 'link', { name: 'WPM User Sync', exact: true } )
		).toBeVisible();

		const nonce = await restNonce( page, '/marketing' );
		const other = await page.request.post(
			'/engineering/wp-json/wpm-user-sync/v1/site-jobs',
			{ headers: { 'X-WP-Nonce': nonce }, data: {} }
		);
		expect( other.status() ).toBe( 403 );

		const own = await page.request.get(
			'/marketing/wp-json/wpm-user-sync/v1/site-jobs',
			{ headers: { 'X-WP-Nonce': nonce } }
		);
		expect( own.status() ).toBe( 200 );
	} );
} );
