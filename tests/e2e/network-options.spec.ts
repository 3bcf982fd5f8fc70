/**
 * External dependencies
 */
import { expect, test, type Page } from '@playwright/test';

/**
 * Internal dependencies
 */
import { SUPER_ADMIN } from './auth';

test.use( { storageState: SUPER_ADMIN.storageState } );

const SETTINGS_ROUTE = ( url: URL ) =>
	decodeURIComponent( url.toString() ).includes(
		'/wpm-user-sync/v1/settings'
	);

async function openOptionsFromTheMenu( page: Page ) {
	await page.goto( '/wp-admin/network/' );
	await page
		.locator( '#adminmenu' )
		.getByRole( 'link', { name: 'WPM User Sync' } )
		.first()
		.click();
	await expect(
		page.getByRole( 'heading', { name: 'WPM User Sync Options' } )
	).toBeVisible();
}

test.describe( 'Network Admin → WPM User Sync → Options', () => {
	test( 'a super admin toggles two triggers, saves, and finds them kept after a reload', async ( {
		page,
	} ) => {
		const consoleErrors: string[] = [];
		page.on( 'console', ( message ) => {
			// Avatars come from the internet, which this machine may not reach.
			const fromThisSite = message
				.location()
				.url.startsWith( test.info().project.use.baseURL ?? '' );
			if ( message.type() === 'error' && fromThisSite ) {
				consoleErrors.push( message.text() );
			}
		} );

		await openOptionsFromTheMenu( page );
		await expect( page ).toHaveURL( /page=wpmus-networksyncoptions/ );

		const newSite = page.getByLabel( 'New site automatic sync' );
		const newUser = page.getByLabel( 'New user automatic sync' );
		const roleSync = page.getByLabel( 'Set user role automatic sync' );
		await expect( newSite ).not.toBeChecked();
		await expect( newUser ).not.toBeChecked();
		await expect( roleSync ).not.toBeChecked();

		await newSite.click();
		await roleSync.click();
		await page.getByRole( 'button', { name: 'Save changes' } ).click();

		await expect(
			page
				.locator( '.components-snackbar' )
				.getByText( 'Settings saved.' )
		).toBeVisible();

		await page.reload();
		await expect(
			page.getByLabel( 'New site automatic sync' )
		).toBeChecked();
		await expect(
			page.getByLabel( 'New user automatic sync' )
		).not.toBeChecked();
		await expect(
			page.getByLabel( 'Set user role automatic sync' )
		).toBeChecked();

		await page.screenshot( {
			path: process.env.WPMUS_SCREENSHOTS
				? 'docs/screenshots/network-options.png'
				: test.info().outputPath( 'network-options.png' ),
			fullPage: true,
		} );
		expect( consoleErrors ).toEqual( [] );
	} );

	test( 'works with the keyboard alone', async ( { page } ) => {
		await openOptionsFromTheMenu( page );
		const newUser = page.getByLabel( 'New user automatic sync' );
		const wasChecked = await newUser.isChecked();

		await newUser.focus();
		await page.keyboard.press( 'Space' );
		await expect( newUser ).toBeChecked( { checked: ! wasChecked } );
		await page.keyboard.press( 'Enter' );

		await expect(
			page
				.locator( '.components-snackbar' )
				.getByText( 'Settings saved.' )
		).toBeVisible();
		await page.reload();
		await expect(
			page.getByLabel( 'New user automatic sync' )
		).toBeChecked( { checked: ! wasChecked } );
	} );

	test( 'the Save button is busy while saving and a failure is shown in words', async ( {
		page,
	} ) => {
		await openOptionsFromTheMenu( page );

		let release: () => void = () => undefined;
		const held = new Promise< void >(
			( resolve ) => ( release = resolve )
		);
		await page.route( SETTINGS_ROUTE, async ( route ) => {
			// apiFetch sends PUT as POST with an X-HTTP-Method-Override header.
			if ( route.request().method() === 'GET' ) {
				return route.continue();
			}
			await held;
			await route.fulfill( {
				status: 403,
				contentType: 'application/json',
				body: JSON.stringify( {
					code: 'wpmus_forbidden',
					message:
						'Sorry, only network administrators may view or change the WPM User Sync settings.',
					data: { status: 403 },
				} ),
			} );
		} );

		await page.getByLabel( 'Set user role automatic sync' ).click();
		await page.getByRole( 'button', { name: 'Save changes' } ).click();

		const busy = page.getByRole( 'button', { name: 'Saving…' } );
		await expect( busy ).toBeVisible();
		await expect( busy ).toHaveAttribute( 'aria-disabled', 'true' );
		release();

		// Scoped to the app: the notice is also spoken through core's a11y live region.
		await expect(
			page
				.locator( '#wpm-user-sync-network-options' )
				.getByText(
					'You are not allowed to do this. Sorry, only network administrators may view or change the WPM User Sync settings.'
				)
		).toBeVisible();
		await expect(
			page.getByRole( 'button', { name: 'Save changes' } )
		).toBeEnabled();
	} );
} );
