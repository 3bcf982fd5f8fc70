/**
 * External dependencies
 */
import type { Browser, Page } from '@playwright/test';

/**
 * Who the e2e tests log in as: accounts of the demo network (bin/seed-demo.php).
 */
export const SUPER_ADMIN = {
	username: 'admin',
	password: 'password',
	storageState: 'artifacts/e2e-auth/super-admin.json',
};

/** Administrator of /engineering/ only. */
export const SITE_ADMIN = {
	username: 'maria.garcia',
	password: 'password',
	storageState: 'artifacts/e2e-auth/site-admin.json',
};

/** Administrator of /marketing/ only: a site administrator, but not of /engineering/. */
export const OTHER_SITE_ADMIN = {
	username: 'li.wei',
	password: 'password',
	storageState: 'artifacts/e2e-auth/other-site-admin.json',
};

export type Account = typeof SUPER_ADMIN;

/**
 * Logs in through the real login form, as a person would.
 *
 * @param page    A page of a context that is not logged in.
 * @param account Who logs in.
 */
export async function logIn( page: Page, account: Account ) {
	await page.goto( '/wp-login.php' );
	await page
		.getByLabel( 'Username or Email Address' )
		.fill( account.username );
	await page
		.getByLabel( 'Password', { exact: true } )
		.fill( account.password );
	await page.getByRole( 'button', { name: 'Log In' } ).click();
	await page.waitForURL( /\/wp-admin\// );
}

/**
 * Does something as another account, in a context of its own that is closed
 * afterwards (a test's own page stays logged in as it was).
 *
 * @param browser The browser.
 * @param account Who does it (logged in by the global setup).
 * @param work    What they do, with a page of theirs.
 */
export async function asAccount< T >(
	browser: Browser,
	account: Account,
	work: ( page: Page ) => Promise< T >
) {
	const context = await browser.newContext( {
		storageState: account.storageState,
	} );
	try {
		return await work( await context.newPage() );
	} finally {
		await context.close();
	}
}
