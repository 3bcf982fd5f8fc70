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
	createUser,
	DATABASE_DOWN_HTML,
	DATABASE_DOWN_JSON,
	greyAvatars,
	isRoute,
	screenshot,
	updateSettings,
	userInList,
} from './helpers';

test.use( { storageState: SUPER_ADMIN.storageState } );

const ACTIONS = '/wp-admin/network/admin.php?page=wpmus-networksyncactions';

async function openActions( page: Page ) {
	await page.goto( ACTIONS );
	await expect(
		page.getByRole( 'heading', { name: 'WPM User Sync Actions' } )
	).toBeVisible();
	const panel = page.getByRole( 'region', { name: 'Sync selected sites' } );
	await expect( panel.getByRole( 'checkbox' ).first() ).toBeVisible();
	return panel;
}

/**
 * Ticks a site in the "Sync selected sites" list.
 *
 * @param page The page.
 * @param name The site's name, e.g. "Marketing".
 */
async function pickSite( page: Page, name: string ) {
	const panel = page.getByRole( 'region', { name: 'Sync selected sites' } );
	await panel
		.getByRole( 'checkbox', { name: new RegExp( `^${ name } — ` ) } )
		.check();
	await expect(
		panel.getByRole( 'list', { name: '1 site selected' } )
	).toContainText( name );
	return panel;
}

test.describe( 'Network Admin → WPM User Sync → Actions', () => {
	test.beforeEach( async ( { page } ) => {
		await greyAvatars( page );
		// Other specs may exclude sites; these tests need Marketing and Library in scope.
		await updateSettings( page, {
			excludedSites: [],
			includeSuperAdmins: false,
		} );
	} );

	test( 'says to select a site before asking the server anything', async ( {
		page,
	} ) => {
		const consoleErrors = collectConsoleErrors( page );
		const created: string[] = [];
		page.on( 'request', ( request ) => {
			if (
				isRoute( request.url(), '/jobs' ) &&
				request.method() === 'POST'
			) {
				created.push( request.url() );
			}
		} );
		const panel = await openActions( page );

		await panel.getByRole( 'button', { name: 'Preview' } ).click();

		await expect(
			panel.getByText( 'Select at least one site.', { exact: true } )
		).toBeVisible();
		expect( created ).toEqual( [] );

		// Choosing a site clears the message.
		await pickSite( page, 'Library' );
		await expect(
			panel.getByText( 'Select at least one site.', { exact: true } )
		).toHaveCount( 0 );
		expect( consoleErrors ).toEqual( [] );
	} );

	test( 'syncs Marketing: preview, confirm, progress to 100%, and the people are there', async ( {
		page,
	} ) => {
		const consoleErrors = collectConsoleErrors( page );
		await page.goto( '/marketing/wp-admin/users.php' );
		await expect( userInList( page, 'li.wei' ) ).toBeVisible();
		await expect( userInList( page, 'emma.jones' ) ).toHaveCount( 0 );

		await openActions( page );
		const panel = await pickSite( page, 'Marketing' );
		await panel.getByRole( 'button', { name: 'Preview' } ).click();

		// The preview, in a table: Marketing, its memberships to add, and who is skipped.
		const preview = panel.getByRole( 'table', {
			name: 'What the sync will do, site by site',
		} );
		await expect( preview ).toBeVisible();
		const row = preview.getByRole( 'row', { name: /Marketing/ } );
		await expect( row ).toContainText( 'super admin' );
		const toAdd = Number(
			await row.getByRole( 'cell' ).first().textContent()
		);
		expect( toAdd ).toBeGreaterThan( 0 );
		await expect(
			panel.getByText(
				`The sync will add ${ toAdd } memberships, on 1 site.`
			)
		).toBeVisible();
		// Focus follows the flow: the Preview button is gone.
		await expect(
			panel.getByRole( 'heading', { name: 'Preview', exact: true } )
		).toBeFocused();
		await screenshot( page, 'network-actions-preview' );

		await panel
			.getByRole( 'button', { name: `Add ${ toAdd } memberships` } )
			.click();

		await expect(
			panel.getByRole( 'heading', { name: 'Sync done' } )
		).toBeVisible();
		const progress = panel.getByRole( 'progressbar', {
			name: 'Sync progress',
		} );
		await expect( progress ).toHaveAttribute( 'value', '100' );
		await expect(
			panel.getByText(
				`${ toAdd } of ${ toAdd } memberships added (100%)`
			)
		).toBeVisible();
		await expect(
			panel.getByText( `Done: added ${ toAdd } memberships in` )
		).toBeVisible();

		// The history lists the sync.
		const history = page.getByRole( 'table', {
			name: 'Syncs of the network, newest first',
		} );
		await expect( history.getByRole( 'row' ).nth( 1 ) ).toContainText(
			'Marketing'
		);
		await expect( history.getByRole( 'row' ).nth( 1 ) ).toContainText(
			'Done'
		);
		await screenshot( page, 'network-actions-done' );
		expect( consoleErrors ).toEqual( [] );

		await page.goto( '/marketing/wp-admin/users.php' );
		await expect( userInList( page, 'emma.jones' ) ).toBeVisible();
		await expect( userInList( page, 'maria.garcia' ) ).toBeVisible();
		// Existing memberships keep their role.
		await expect(
			page.getByRole( 'row', { name: /li\.wei/ } )
		).toContainText( 'Administrator' );
	} );

	test( 'a running sync is shown again after a reload, and carries on to the end', async ( {
		page,
	} ) => {
		const panel = await openActions( page );
		await pickSite( page, 'Library' );
		const created = page.waitForResponse(
			( response ) =>
				isRoute( response.url(), '/jobs' ) &&
				response.request().method() === 'POST'
		);
		await panel.getByRole( 'button', { name: 'Preview' } ).click();
		const job = await ( await created ).json();
		const confirm = panel.getByRole( 'button', {
			name: /^Add \d+ memberships?$/,
		} );
		await expect( confirm ).toBeVisible();

		// Keep the run's first batch from reaching the server: the job stays running.
		const stepHeld = new Promise< void >( ( resolve ) =>
			page.route(
				( url ) => isRoute( url.toString(), /\/jobs\/\d+\/step$/ ),
				() => resolve()
			)
		);
		await confirm.click();
		await stepHeld;
		await expect(
			panel.getByRole( 'heading', { name: 'Adding memberships…' } )
		).toBeVisible();
		await expect(
			panel.getByText( /^0 of \d+ memberships added \(0%\)$/ )
		).toBeVisible();

		await page.unrouteAll( { behavior: 'ignoreErrors' } );
		const consoleErrors = collectConsoleErrors( page );
		await page.reload();

		// The same job, running (or already finished by WP-Cron meanwhile), then done.
		await expect(
			panel.getByText( new RegExp( `^Sync #${ job.id } by ` ) )
		).toBeVisible();
		await expect(
			panel.getByRole( 'heading', {
				name: /^(Adding memberships…|Sync done)$/,
			} )
		).toBeVisible();
		await expect(
			panel.getByRole( 'heading', { name: 'Sync done' } )
		).toBeVisible();
		await expect(
			panel.getByRole( 'progressbar', { name: 'Sync progress' } )
		).toHaveAttribute( 'value', '100' );
		expect( consoleErrors ).toEqual( [] );
	} );

	test( 'works with the keyboard alone, and a discarded preview writes nothing', async ( {
		page,
	} ) => {
		const panel = await openActions( page );
		const engineering = panel.getByRole( 'checkbox', {
			name: /^Engineering — /,
		} );

		await engineering.focus();
		await page.keyboard.press( 'Space' );
		await expect( engineering ).toBeChecked();
		await panel.getByRole( 'button', { name: 'Preview' } ).focus();
		await page.keyboard.press( 'Enter' );

		const heading = panel.getByRole( 'heading', {
			name: 'Preview',
			exact: true,
		} );
		await expect( heading ).toBeFocused();
		const discard = panel.getByRole( 'button', {
			name: 'Discard the preview',
		} );
		await discard.focus();
		await page.keyboard.press( 'Enter' );
		await expect(
			panel.getByRole( 'heading', { name: 'Preview discarded' } )
		).toBeFocused();
		await expect(
			panel.getByText( 'The preview was discarded; nothing was added.' )
		).toBeVisible();

		await panel.getByRole( 'button', { name: 'Start a new sync' } ).focus();
		await page.keyboard.press( 'Enter' );
		// Back to the form, with focus on the panel's title.
		await expect(
			page.getByRole( 'heading', { name: 'Sync selected sites' } )
		).toBeFocused();
		await expect(
			page
				.getByRole( 'table', {
					name: 'Syncs of the network, newest first',
				} )
				.getByRole( 'row' )
				.nth( 1 )
		).toContainText( 'Preview discarded' );
	} );

	test( 'a refused start is explained in words, and the preview stays', async ( {
		page,
	} ) => {
		const panel = await openActions( page );
		await pickSite( page, 'Engineering' );
		await panel.getByRole( 'button', { name: 'Preview' } ).click();
		const confirm = panel.getByRole( 'button', {
			name: /^Add \d+ memberships?$/,
		} );
		await expect( confirm ).toBeVisible();

		await page.route(
			( url ) => isRoute( url.toString(), /\/jobs\/\d+\/start$/ ),
			( route ) =>
				route.fulfill( {
					status: 409,
					contentType: 'application/json',
					body: JSON.stringify( {
						code: 'wpmus_job_conflict',
						message:
							'Another sync (#3) is running on some of the same sites. Wait for it to finish, or cancel it, then start this one.',
						data: { status: 409 },
					} ),
				} )
		);
		await confirm.click();

		await expect(
			panel.getByText(
				'Another sync (#3) is running on some of the same sites. Wait for it to finish, or cancel it, then start this one.'
			)
		).toBeVisible();
		await expect( confirm ).toBeEnabled();

		// Leave nothing running for the site specs: discard it.
		await panel
			.getByRole( 'button', { name: 'Discard the preview' } )
			.click();
		await expect(
			panel.getByRole( 'heading', { name: 'Preview discarded' } )
		).toBeVisible();
	} );

	test( 'while the database is down, the preview says so in words, retries by itself, and goes on when it is back', async ( {
		page,
	} ) => {
		const consoleErrors = collectConsoleErrors( page );
		const panel = await openActions( page );
		await pickSite( page, 'Engineering' );

		// The preview's steps meet a stopped MariaDB: first the JSON that WordPress
		// answers apiFetch then, then an HTML error page (a db-error.php drop-in, a proxy).
		const answers = [ DATABASE_DOWN_JSON, DATABASE_DOWN_HTML ];
		let held = 0;
		await page.route(
			( url ) => isRoute( url.toString(), /\/jobs\/\d+\/step$/ ),
			( route ) => {
				const answer = answers.shift();
				if ( ! answer ) {
					return route.fallback();
				}
				held++;
				return route.fulfill( answer );
			}
		);
		await panel.getByRole( 'button', { name: 'Preview' } ).click();

		const notice = panel.locator( '.components-notice' );
		await expect( notice ).toContainText(
			'The server cannot reach its database right now. The preview will continue when it is back; this screen retries.'
		);
		await expect(
			panel.getByRole( 'button', { name: 'Try again now' } )
		).toBeVisible();
		// Nobody presses anything: the next step comes by itself, and gets the HTML page.
		await expect( notice ).toContainText(
			'The server answered with an error page instead of data: it may not reach its database right now, or PHP stopped.'
		);
		await expect( notice ).not.toContainText( '<h1>' );

		// The database is back: the preview ends, and the message goes.
		await expect(
			panel.getByRole( 'button', { name: /^Add \d+ memberships?$/ } )
		).toBeVisible( { timeout: 15_000 } );
		expect( held ).toBe( 2 );
		await expect( notice ).toHaveCount( 0 );
		// The browser logs the failed requests themselves; the screen adds nothing.
		expect(
			consoleErrors.filter( ( error ) => ! /status of 500/.test( error ) )
		).toEqual( [] );

		await panel
			.getByRole( 'button', { name: 'Discard the preview' } )
			.click();
		await expect(
			panel.getByRole( 'heading', { name: 'Preview discarded' } )
		).toBeVisible();
	} );

	test( 'says what it waits for while an interrupted batch holds the job, then carries on', async ( {
		page,
	} ) => {
		const panel = await openActions( page );
		await pickSite( page, 'Engineering' );
		const created = page.waitForResponse(
			( response ) =>
				isRoute( response.url(), '/jobs' ) &&
				response.request().method() === 'POST'
		);

		// The first step finds the job's lock held by a batch that was killed.
		let waited = false;
		let job: Record< string, unknown > | null = null;
		await page.route(
			( url ) => isRoute( url.toString(), /\/jobs\/\d+\/step$/ ),
			async ( route ) => {
				if ( waited || ! job ) {
					return route.fallback();
				}
				waited = true;
				return route.fulfill( {
					json: { ...job, waiting: { seconds: 3 } },
				} );
			}
		);
		const answer = created.then( async ( response ) => {
			job = await response.json();
		} );
		await panel.getByRole( 'button', { name: 'Preview' } ).click();
		await answer;

		await expect(
			panel.getByText(
				'Waiting for an interrupted batch to be released, about 3 seconds; then this screen carries on.'
			)
		).toBeVisible();
		await expect(
			panel.getByRole( 'button', { name: /^Add \d+ memberships?$/ } )
		).toBeVisible();
		await expect(
			panel.getByText( /^Waiting for an interrupted batch/ )
		).toHaveCount( 0 );

		await panel
			.getByRole( 'button', { name: 'Discard the preview' } )
			.click();
		await expect(
			panel.getByRole( 'heading', { name: 'Preview discarded' } )
		).toBeVisible();
	} );

	// Needs the jobs API of issue 7 (previewedAt, stale, POST /jobs/{id}/refresh).
	test( 'a preview made before the network changed cannot be confirmed: it says why and refreshes', async ( {
		page,
	} ) => {
		const consoleErrors = collectConsoleErrors( page );
		const panel = await openActions( page );
		await pickSite( page, 'Engineering' );
		await panel.getByRole( 'button', { name: 'Preview' } ).click();
		const confirm = panel.getByRole( 'button', {
			name: /^Add \d+ memberships?$/,
		} );
		await expect( confirm ).toBeVisible();
		await expect( panel.getByText( 'Previewed just now' ) ).toBeVisible();

		// Someone adds a user meanwhile: the preview no longer tells the truth.
		// Multisite logins take lowercase letters and digits only.
		await createUser( page, `stalecheck${ Date.now() }` );
		await confirm.click();

		const refresh = panel.getByRole( 'button', {
			name: 'Refresh preview',
		} );
		await expect( refresh ).toBeVisible();
		// Focus follows the flow to its heading, the reason is said aloud (a notice).
		await expect(
			panel.getByRole( 'heading', { name: 'Preview', exact: true } )
		).toBeFocused();
		await expect( panel.locator( '.components-notice' ) ).toContainText(
			'Refresh it to see what the sync would do now'
		);
		await expect( confirm ).toHaveCount( 0 );
		await screenshot( page, 'network-actions-stale' );

		await refresh.focus();
		await page.keyboard.press( 'Enter' );
		await expect(
			panel.getByRole( 'button', { name: /^Add \d+ memberships?$/ } )
		).toBeVisible();
		await expect( panel.getByText( 'Previewed just now' ) ).toBeVisible();
		await expect( refresh ).toHaveCount( 0 );
		// The browser logs the refused start (409) itself; the screen adds nothing.
		expect(
			consoleErrors.filter( ( error ) => ! /status of 409/.test( error ) )
		).toEqual( [] );

		await panel
			.getByRole( 'button', { name: 'Discard the preview' } )
			.click();
		await expect(
			panel.getByRole( 'heading', { name: 'Preview discarded' } )
		).toBeVisible();
	} );
} );
