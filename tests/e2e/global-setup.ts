/**
 * External dependencies
 */
import { chromium, type FullConfig } from '@playwright/test';

/**
 * Internal dependencies
 */
import { logIn, OTHER_SITE_ADMIN, SITE_ADMIN, SUPER_ADMIN } from './auth';

/**
 * Logs in once per account through the real login form and keeps the cookies.
 *
 * @param config Playwright's resolved configuration.
 */
export default async function globalSetup( config: FullConfig ) {
	const use = config.projects[ 0 ]?.use ?? {};
	const browser = await chromium.launch( use.launchOptions );
	for ( const account of [ SUPER_ADMIN, SITE_ADMIN, OTHER_SITE_ADMIN ] ) {
		const page = await browser.newPage( { baseURL: use.baseURL } );
		await logIn( page, account );
		await page.context().storageState( { path: account.storageState } );
		await page.close();
	}
	await browser.close();
}
