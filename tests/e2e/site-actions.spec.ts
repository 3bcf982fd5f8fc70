/**
 * External dependencies
 */
import { expect, test, type Browser } from '@playwright/test';

/**
 * Internal dependencies
 */
import { asAccount, OTHER_SITE_ADMIN, SITE_ADMIN, SUPER_ADMIN } from './auth';
import {
	collectConsoleErrors,
	greyAvatars,
	pluginMenu,
	restAs,
	screenshot,
	updateSettings,
	userInList,
} from './helpers';
import { newestSync, preview, previewedSite, syncToTheEnd } from './sync';

const SITE_ACTIONS =
	'/engineering/wp-admin/admin.php?page=wpmus-sitesyncactions';

/**
 * Switches "Allow site administrators to sync their site" as the super admin.
 *
 * @param browser The browser.
 * @param on      On or off.
 */
async function allowSiteSync( browser: Browser, on: boolean ) {
	await asAccount( browser, SUPER_ADMIN, ( page ) =>
		updateSettings( page, { allowSiteSync: on } )
	);
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

		await pluginMenu( page ).link.click();
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
		await preview( panel );

		const { table, toAdd } = await previewedSite( panel, 'Engineering' );
		// Only this site: one site in the table.
		await expect( table.getByRole( 'row' ) ).toHaveCount( 3 );
		await screenshot( page, 'site-actions' );

		await syncToTheEnd( panel, toAdd );
		await expect(
			newestSync( page, 'Syncs of this site, newest first' )
		).toContainText( 'Done' );
		expect( consoleErrors ).toEqual( [] );

		await page.goto( '/engineering/wp-admin/users.php' );
		await expect( userInList( page, 'emma.jones' ) ).toBeVisible();
		// Nobody's role here changed.
		await expect(
			page.getByRole( 'row', { name: /priya\.patel/ } )
		).toContainText( 'Editor' );
	} );

	test( 'when the network switches it off, only Activity stays in the menu and the page answers 403', async ( {
		page,
		browser,
	} ) => {
		await allowSiteSync( browser, false );
		try {
			await page.goto( '/engineering/wp-admin/' );
			const { menu, link, submenu } = pluginMenu( page );
			await expect(
				menu.getByRole( 'link', { name: 'Users', exact: true } )
			).toBeVisible();
			// Activity alone: WordPress shows it as the menu's own link, with no submenu.
			await expect( link ).toHaveAttribute(
				'href',
				/page=wpmus-siteactivity/
			);
			await expect( submenu ).toHaveCount( 0 );
			const response = await page.goto( SITE_ACTIONS );
			expect( response?.status() ).toBe( 403 );

			const rest = await restAs( page, '/engineering' );
			const jobs = await rest.get(
				'/engineering/wp-json/wpm-user-sync/v1/site-jobs'
			);
			expect( jobs.status() ).toBe( 403 );
			expect( ( await jobs.json() ).code ).toBe(
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
		await expect( pluginMenu( page ).link ).toBeVisible();

		const rest = await restAs( page, '/marketing' );
		const other = await rest.post(
			'/engineering/wp-json/wpm-user-sync/v1/site-jobs',
			{}
		);
		expect( other.status() ).toBe( 403 );

		const own = await rest.get(
			'/marketing/wp-json/wpm-user-sync/v1/site-jobs'
		);
		expect( own.status() ).toBe( 200 );
	} );
} );
