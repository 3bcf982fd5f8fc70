/**
 * External dependencies
 */
import { expect, test, type Page } from '@playwright/test';

/**
 * Internal dependencies
 */
import { SUPER_ADMIN } from './auth';
import {
	collectConsoleErrors,
	greyAvatars,
	isRoute,
	isSettingsSave,
	networkScreen,
	pluginMenu,
	recordRequests,
	routeRest,
	screenshot,
	siteLabel,
} from './helpers';

test.use( { storageState: SUPER_ADMIN.storageState } );

const OPTIONS = networkScreen( 'wpmus-networksyncoptions' );

/**
 * The server's answer to a search of the site picker, for that text.
 *
 * @param page The page.
 * @param text The text searched for.
 */
function sitesFound( page: Page, text: string ) {
	return page.waitForResponse(
		( response ) =>
			isRoute( response.url(), '/sites' ) &&
			new URL( response.url() ).searchParams.get( 'search' ) === text
	);
}

/**
 * Types into the site search box and waits for the server's answer to that text.
 *
 * @param page The page.
 * @param text What to type.
 */
async function searchSites( page: Page, text: string ) {
	const answered = sitesFound( page, text );
	await page.getByRole( 'combobox', { name: 'Exclude a site' } ).fill( text );
	expect( ( await answered ).status() ).toBe( 200 );
}

async function openOptionsFromTheMenu( page: Page ) {
	await page.goto( '/wp-admin/network/' );
	const { menu, link } = pluginMenu( page );
	// The top-level item opens Home; Options is the second entry under it.
	await link.click();
	await expect( page ).toHaveURL( /page=wpmus-networkhome/ );
	await menu.getByRole( 'link', { name: 'Options', exact: true } ).click();
	await expect(
		page.getByRole( 'heading', { name: 'WPM User Sync Options' } )
	).toBeVisible();
}

/**
 * Waits for the snackbar that says the settings were saved.
 *
 * @param page The page.
 */
async function expectSaved( page: Page ) {
	await expect(
		page.locator( '.components-snackbar' ).getByText( 'Settings saved.' )
	).toBeVisible();
}

/**
 * Presses "Save changes" and waits until the settings are saved.
 *
 * @param page The page.
 */
async function saveChanges( page: Page ) {
	await page.getByRole( 'button', { name: 'Save changes' } ).click();
	await expectSaved( page );
}

test.describe( 'Network Admin → WPM User Sync → Options', () => {
	test.beforeEach( async ( { page } ) => greyAvatars( page ) );

	test( 'a super admin toggles two triggers, saves, and finds them kept after a reload', async ( {
		page,
	} ) => {
		const consoleErrors = collectConsoleErrors( page );

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
		await saveChanges( page );

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

		await expectSaved( page );
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
		await routeRest( page, '/settings', async ( route ) => {
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

	test( 'a super admin excludes a site found by searching, picks a role never copied, includes super admins, and finds it all kept after a reload', async ( {
		page,
		baseURL,
	} ) => {
		const consoleErrors = collectConsoleErrors( page );
		const marketing = siteLabel( baseURL, 'Marketing' );

		await openOptionsFromTheMenu( page );
		const excluded = page.getByRole( 'list', { name: 'Excluded sites' } );
		const roles = page.getByRole( 'group', {
			name: 'Roles never copied by the role trigger',
		} );
		const superAdmins = page.getByLabel( 'Include super admins' );
		await expect( page.getByText( 'No site is excluded.' ) ).toBeVisible();
		await expect(
			roles.getByRole( 'checkbox', { name: 'Administrator' } )
		).not.toBeChecked();
		await expect( superAdmins ).not.toBeChecked();

		await searchSites( page, 'market' );
		await expect(
			page.getByRole( 'option', { name: marketing } )
		).toBeVisible();
		await page.getByRole( 'option', { name: marketing } ).click();
		await expect( excluded.getByRole( 'listitem' ) ).toHaveCount( 1 );
		await expect( excluded.getByRole( 'listitem' ) ).toContainText(
			marketing
		);
		await expect(
			excluded.getByRole( 'button', {
				name: `Remove ${ marketing } from the excluded sites`,
			} )
		).toBeVisible();

		await roles.getByRole( 'checkbox', { name: 'Administrator' } ).check();
		await superAdmins.click();

		const saved = page.waitForRequest( isSettingsSave );
		await saveChanges( page );
		// One Save button sends the settings changed on screen, and only those: since
		// issue 8 it no longer sends every setting, so that two administrators saving
		// at once do not overwrite each other's untouched settings.
		expect( ( await saved ).postDataJSON() ).toEqual( {
			includeSuperAdmins: true,
			excludedSites: [ expect.any( Number ) ],
			neverReplicatedRoles: [ 'administrator' ],
		} );

		await page.reload();
		// The name comes back from GET /sites?include=…; the ID alone would read "Site 3".
		await expect( excluded.getByRole( 'listitem' ) ).toHaveCount( 1 );
		await expect( excluded.getByRole( 'listitem' ) ).toContainText(
			marketing
		);
		await expect(
			roles.getByRole( 'checkbox', { name: 'Administrator' } )
		).toBeChecked();
		await expect(
			roles.getByRole( 'checkbox', { name: 'Editor' } )
		).not.toBeChecked();
		await expect( superAdmins ).toBeChecked();

		await screenshot( page, 'network-options' );
		expect( consoleErrors ).toEqual( [] );
	} );

	test( 'the site picker works with the keyboard alone', async ( {
		page,
		baseURL,
	} ) => {
		const library = siteLabel( baseURL, 'Library' );
		await openOptionsFromTheMenu( page );
		const excluded = page.getByRole( 'list', { name: 'Excluded sites' } );
		const search = page.getByRole( 'combobox', { name: 'Exclude a site' } );
		// The app renders the list and the search box together.
		await expect( search ).toBeVisible();
		const before = await excluded.getByRole( 'listitem' ).count();
		const saves = recordRequests( page, isSettingsSave );

		await search.focus();
		const answered = sitesFound( page, 'libr' );
		await page.keyboard.type( 'libr' );
		await answered;
		await expect(
			page.getByRole( 'option', { name: library } )
		).toBeVisible();
		await page.keyboard.press( 'ArrowDown' );
		await expect(
			page.getByRole( 'option', { name: library } )
		).toHaveAttribute( 'aria-selected', 'true' );
		await page.keyboard.press( 'Enter' );

		const item = excluded
			.getByRole( 'listitem' )
			.filter( { hasText: library } );
		await expect( item ).toBeVisible();

		const remove = item.getByRole( 'button', {
			name: `Remove ${ library } from the excluded sites`,
		} );
		await remove.focus();
		await page.keyboard.press( 'Enter' );
		await expect( item ).toHaveCount( 0 );
		await expect( excluded.getByRole( 'listitem' ) ).toHaveCount( before );
		// Focus stays in the list (or on its empty message), not lost to the page.
		await expect(
			page.locator( '.wpmus-excluded-sites :focus' )
		).toHaveCount( 1 );
		// Enter picked a site and pressed Remove; it never submitted the form.
		expect( saves ).toEqual( [] );
	} );
} );

test( 'a super admin lets site administrators sync, or not, and the choice is kept', async ( {
	page,
} ) => {
	await greyAvatars( page );
	await page.goto( OPTIONS );
	const allow = page.getByLabel(
		'Allow site administrators to sync their site'
	);
	// On by default.
	await expect( allow ).toBeChecked();

	await allow.click();
	await saveChanges( page );
	await page.reload();
	await expect( allow ).not.toBeChecked();

	await allow.click();
	await saveChanges( page );
	await page.reload();
	await expect( allow ).toBeChecked();
} );

test( 'a super admin lets new memberships give privileged default roles, or not, and the choice is kept', async ( {
	page,
} ) => {
	await greyAvatars( page );
	await page.goto( OPTIONS );
	const card = page
		.locator( '.components-card' )
		.filter( { hasText: 'Who is synced' } );
	const allow = card.getByRole( 'checkbox', {
		name: 'Allow new memberships to give privileged roles',
	} );
	// Off by default, and it says what it is about.
	await expect( allow ).not.toBeChecked();
	await expect(
		card.getByText( /promote_users, edit_users, manage_options/ )
	).toBeVisible();

	const saved = page.waitForRequest( isSettingsSave );
	await allow.click();
	await saveChanges( page );
	expect( ( await saved ).postDataJSON() ).toMatchObject( {
		privilegedDefaultRoles: true,
	} );
	await page.reload();
	await expect( allow ).toBeChecked();

	await allow.click();
	await saveChanges( page );
	await page.reload();
	await expect( allow ).not.toBeChecked();
} );
