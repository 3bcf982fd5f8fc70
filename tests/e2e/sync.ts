/**
 * External dependencies
 */
import {
	expect,
	type Locator,
	type Page,
	type Request,
} from '@playwright/test';

/**
 * Internal dependencies
 */
import { isRoute, type Rest } from './helpers';

/**
 * The steps of a sync as the Actions screens show them (network and site alike):
 * preview, confirm, progress to 100 %, and the history of syncs.
 */

/** The route of one batch of a job, as `isRoute` takes it. */
export const JOB_STEP = /\/jobs\/\d+\/step$/;

/** The route that starts a previewed job. */
export const JOB_START = /\/jobs\/\d+\/start$/;

/** A job as the REST API answers it; the tests read its ID and status. */
type Job = { id: number; status: string } & Record< string, unknown >;

/**
 * Whether a request creates a job (`POST /jobs`).
 *
 * @param request The request.
 */
export function isJobCreation( request: Request ) {
	return isRoute( request.url(), '/jobs' ) && request.method() === 'POST';
}

/**
 * The job that the screen creates next (Preview creates it). Call it before
 * the click, await it after.
 *
 * @param page The page.
 */
export async function jobCreated( page: Page ): Promise< Job > {
	const response = await page.waitForResponse( ( answer ) =>
		isJobCreation( answer.request() )
	);
	return response.json();
}

/**
 * The button that confirms a preview, e.g. "Add 12 memberships".
 *
 * @param panel The sync panel.
 */
export function confirmButton( panel: Locator ) {
	return panel.getByRole( 'button', { name: /^Add \d+ memberships?$/ } );
}

/**
 * Asks for a preview and waits until it can be confirmed.
 *
 * @param panel The sync panel, with its sites chosen.
 * @return The confirm button.
 */
export async function preview( panel: Locator ) {
	await panel.getByRole( 'button', { name: 'Preview' } ).click();
	const confirm = confirmButton( panel );
	await expect( confirm ).toBeVisible();
	return confirm;
}

/**
 * A site's row in the preview, and how many memberships it adds there (some).
 *
 * @param panel The sync panel, showing a preview.
 * @param site  The site's name, e.g. "Marketing".
 */
export async function previewedSite( panel: Locator, site: string ) {
	const table = panel.getByRole( 'table', {
		name: 'What the sync will do, site by site',
	} );
	const row = table.getByRole( 'row', { name: new RegExp( site ) } );
	await expect( row ).toBeVisible();
	const toAdd = Number( await row.getByRole( 'cell' ).first().textContent() );
	expect( toAdd ).toBeGreaterThan( 0 );
	return { table, row, toAdd };
}

/**
 * Waits for the sync on screen to end: "Sync done", at 100 %.
 *
 * @param panel The sync panel, following a sync.
 */
export async function expectSyncDone( panel: Locator ) {
	await expect(
		panel.getByRole( 'heading', { name: 'Sync done' } )
	).toBeVisible();
	await expect(
		panel.getByRole( 'progressbar', { name: 'Sync progress' } )
	).toHaveAttribute( 'value', '100' );
}

/**
 * Confirms a preview and follows the sync to its end.
 *
 * @param panel The sync panel, showing a preview.
 * @param toAdd How many memberships the preview announced.
 */
export async function syncToTheEnd( panel: Locator, toAdd: number ) {
	await panel
		.getByRole( 'button', { name: `Add ${ toAdd } memberships` } )
		.click();
	await expectSyncDone( panel );
}

/**
 * Discards the preview on screen, so that no job is left waiting for other tests.
 *
 * @param panel The sync panel, showing a preview.
 */
export async function discardPreview( panel: Locator ) {
	await panel.getByRole( 'button', { name: 'Discard the preview' } ).click();
	await expect(
		panel.getByRole( 'heading', { name: 'Preview discarded' } )
	).toBeVisible();
}

/**
 * The newest sync of a history table (its first row after the header).
 *
 * @param scope Where the table is: the page, or a panel.
 * @param name  The table's name, e.g. "Syncs of the network, newest first".
 */
export function newestSync( scope: Page | Locator, name: string ) {
	return scope.getByRole( 'table', { name } ).getByRole( 'row' ).nth( 1 );
}

/**
 * Creates a job through the REST API and steps it until its preview is done, as
 * the Actions screen would.
 *
 * @param rest What `restAs` gives.
 * @param data The job to create, e.g. `{ kind: 'sites', sites: [ 3 ] }`.
 * @return The job, previewed.
 */
export async function previewThroughRest(
	rest: Rest,
	data: Record< string, unknown >
) {
	const jobs = '/wp-json/wpm-user-sync/v1/jobs';
	let job: Job = await ( await rest.post( jobs, data ) ).json();
	while ( job.status === 'previewing' ) {
		job = await ( await rest.post( `${ jobs }/${ job.id }/step` ) ).json();
	}
	return job;
}
