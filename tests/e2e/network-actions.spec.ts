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
	networkScreen,
	recordRequests,
	routeRest,
	screenshot,
	updateSettings,
	userInList,
} from './helpers';
import {
	confirmButton,
	discardPreview,
	expectSyncDone,
	isJobCreation,
	JOB_START,
	JOB_STEP,
	jobCreated,
	newestSync,
	preview,
	previewedSite,
	syncToTheEnd,
} from './sync';

test.use( { storageState: SUPER_ADMIN.storageState } );

const HISTORY = 'Syncs of the network, newest first';

async function openActions( page: Page ) {
	await page.goto( networkScreen( 'wpmus-networksyncactions' ) );
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
		const created = recordRequests( page, isJobCreation );
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
		await preview( panel );

		// The preview, in a table: Marketing, its memberships to add, and who is skipped.
		const { row, toAdd } = await previewedSite( panel, 'Marketing' );
		await expect( row ).toContainText( 'super admin' );
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

		await syncToTheEnd( panel, toAdd );
		await expect(
			panel.getByText(
				`${ toAdd } of ${ toAdd } memberships added (100%)`
			)
		).toBeVisible();
		await expect(
			panel.getByText( `Done: added ${ toAdd } memberships in` )
		).toBeVisible();

		// The history lists the sync.
		await expect( newestSync( page, HISTORY ) ).toContainText(
			'Marketing'
		);
		await expect( newestSync( page, HISTORY ) ).toContainText( 'Done' );
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
		const created = jobCreated( page );
		const confirm = await preview( panel );
		const job = await created;

		// Keep the run's first batch from reaching the server: the job stays running.
		let holdStep: () => void = () => undefined;
		const stepHeld = new Promise< void >(
			( resolve ) => ( holdStep = resolve )
		);
		await routeRest( page, JOB_STEP, () => holdStep() );
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
			panel.getByText( new RegExp( `^Job #${ job.id } by ` ) )
		).toBeVisible();
		await expect(
			panel.getByRole( 'heading', {
				name: /^(Adding memberships…|Sync done)$/,
			} )
		).toBeVisible();
		await expectSyncDone( panel );
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
		await expect( newestSync( page, HISTORY ) ).toContainText(
			'Preview discarded'
		);
	} );

	test( 'a refused start is explained in words, and the preview stays', async ( {
		page,
	} ) => {
		const panel = await openActions( page );
		await pickSite( page, 'Engineering' );
		const confirm = await preview( panel );

		await routeRest( page, JOB_START, ( route ) =>
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
		await discardPreview( panel );
	} );

	test( 'while the database is down, the preview says so in words, retries by itself, and goes on when it is back', async ( {
		page,
	} ) => {
		// The browser logs the failed requests themselves; the screen adds nothing.
		const consoleErrors = collectConsoleErrors( page, /status of 500/ );
		const panel = await openActions( page );
		await pickSite( page, 'Engineering' );

		// The preview's steps meet a stopped MariaDB: first the JSON that WordPress
		// answers apiFetch then, then an HTML error page (a db-error.php drop-in, a proxy).
		const answers = [ DATABASE_DOWN_JSON, DATABASE_DOWN_HTML ];
		let held = 0;
		await routeRest( page, JOB_STEP, ( route ) => {
			const answer = answers.shift();
			if ( ! answer ) {
				return route.fallback();
			}
			held++;
			return route.fulfill( answer );
		} );
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
		await expect( confirmButton( panel ) ).toBeVisible( {
			timeout: 15_000,
		} );
		expect( held ).toBe( 2 );
		await expect( notice ).toHaveCount( 0 );
		expect( consoleErrors ).toEqual( [] );

		await discardPreview( panel );
	} );

	test( 'says what it waits for while an interrupted batch holds the job, then carries on', async ( {
		page,
	} ) => {
		const panel = await openActions( page );
		await pickSite( page, 'Engineering' );
		const created = jobCreated( page );

		// The first step finds the job's lock held by a batch that was killed. It
		// waits for the created job itself: the screen may ask for that step
		// before this test has read the job.
		let waited = false;
		await routeRest( page, JOB_STEP, async ( route ) => {
			if ( waited ) {
				return route.fallback();
			}
			waited = true;
			return route.fulfill( {
				json: { ...( await created ), waiting: { seconds: 3 } },
			} );
		} );
		await panel.getByRole( 'button', { name: 'Preview' } ).click();
		await created;

		await expect(
			panel.getByText(
				'Waiting for an interrupted batch to be released, about 3 seconds; then this screen carries on.'
			)
		).toBeVisible();
		await expect( confirmButton( panel ) ).toBeVisible();
		await expect(
			panel.getByText( /^Waiting for an interrupted batch/ )
		).toHaveCount( 0 );

		await discardPreview( panel );
	} );

	// Needs the jobs API of issue 7 (previewedAt, stale, POST /jobs/{id}/refresh).
	test( 'a preview made before the network changed cannot be confirmed: it says why and refreshes', async ( {
		page,
	} ) => {
		// The browser logs the refused start (409) itself; the screen adds nothing.
		const consoleErrors = collectConsoleErrors( page, /status of 409/ );
		const panel = await openActions( page );
		await pickSite( page, 'Engineering' );
		const confirm = await preview( panel );
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
		await expect( confirmButton( panel ) ).toBeVisible();
		await expect( panel.getByText( 'Previewed just now' ) ).toBeVisible();
		await expect( refresh ).toHaveCount( 0 );
		expect( consoleErrors ).toEqual( [] );

		await discardPreview( panel );
	} );
} );
