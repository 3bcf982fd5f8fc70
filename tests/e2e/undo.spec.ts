/**
 * External dependencies
 */
import { expect, test } from '@playwright/test';

/**
 * Internal dependencies
 */
import { SUPER_ADMIN } from './auth';
import {
	collectConsoleErrors,
	createUser,
	greyAvatars,
	networkScreen,
	restAs,
	screenshot,
	userInList,
} from './helpers';
import { previewThroughRest } from './sync';

test.use( { storageState: SUPER_ADMIN.storageState } );

const JOBS = '/wp-json/wpm-user-sync/v1/jobs';

test.describe( 'Undo from the history of Network Admin → WPM User Sync → Actions', () => {
	test( 'previews what it takes back, runs, and the person is gone again', async ( {
		page,
	} ) => {
		// A job made through REST, an undo previewed and run, then a screen to check: more than one screen's worth of time.
		test.slow();
		await greyAvatars( page );
		const consoleErrors = collectConsoleErrors( page );
		// Someone of their own, added to Library as an author by a job of the history.
		const login = `undo${ Date.now() }`;
		const person = await createUser( page, login );
		const rest = await restAs( page );
		const [ library ] = await (
			await rest.get( '/wp-json/wpm-user-sync/v1/sites?search=library' )
		).json();
		let job = await previewThroughRest( rest, {
			type: 'add_to_sites',
			kind: 'sites',
			sites: [ library.id ],
			users: [ person ],
			role: 'author',
		} );
		job = await ( await rest.post( `${ JOBS }/${ job.id }/start` ) ).json();
		while ( job.status === 'running' ) {
			job = await (
				await rest.post( `${ JOBS }/${ job.id }/step` )
			).json();
		}
		expect( job.status ).toBe( 'done' );

		await page.goto( networkScreen( 'wpmus-networksyncactions' ) );
		await page
			.getByRole( 'button', {
				name: `Undo job #${ job.id }`,
				exact: true,
			} )
			.click();

		const panel = page.getByRole( 'region', {
			name: `Undo job #${ job.id }`,
			exact: true,
		} );
		const confirm = panel.getByRole( 'button', {
			name: 'Take back 1 change',
		} );
		await expect( confirm ).toBeVisible();
		await expect(
			panel.getByText(
				`This will take back 1 change that job #${ job.id } made and nobody changed since`
			)
		).toBeVisible();
		await screenshot( page, 'undo-preview' );

		await confirm.click();
		await expect(
			panel.getByRole( 'heading', { name: 'Job done' } )
		).toBeVisible();
		expect( consoleErrors ).toEqual( [] );

		await page.goto( '/library/wp-admin/users.php' );
		await expect( userInList( page, login ) ).toHaveCount( 0 );
	} );
} );
