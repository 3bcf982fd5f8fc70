/**
 * External dependencies
 */
import {
	expect,
	test,
	type Page,
	type Request,
	type Route,
} from '@playwright/test';

/**
 * Collects the console errors of the screen itself (avatars come from the
 * internet, which this machine may not reach). A test ends with
 * `expect( consoleErrors ).toEqual( [] )`.
 *
 * @param page   The page.
 * @param except Errors a test expects, left out: the browser logs a request that
 *               fails on purpose (e.g. `/status of 409/`) by itself.
 */
export function collectConsoleErrors( page: Page, except?: RegExp ): string[] {
	const errors: string[] = [];
	page.on( 'console', ( message ) => {
		const fromThisSite = message
			.location()
			.url.startsWith( test.info().project.use.baseURL ?? '' );
		if (
			message.type() === 'error' &&
			fromThisSite &&
			! except?.test( message.text() )
		) {
			errors.push( message.text() );
		}
	} );
	return errors;
}

/** A grey 1×1 picture. */
const GREY_PIXEL = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mO8dx8AAmUBsbWg8FQAAAAASUVORK5CYII=',
	'base64'
);

/**
 * Answers avatar requests with a grey picture: this machine has no internet, and a
 * broken image in the admin bar would spoil the screenshots.
 *
 * @param page The page.
 */
export async function greyAvatars( page: Page ) {
	await page.route( /gravatar\.com/, ( route ) =>
		route.fulfill( { contentType: 'image/png', body: GREY_PIXEL } )
	);
}

/**
 * Saves a picture of the whole screen: into docs/screenshots/ when
 * WPMUS_SCREENSHOTS is set (npm run screenshots), otherwise with the test's output.
 *
 * The admin bar and menu are fixed: the viewport is made as tall as the page and
 * the picture taken from the top, rather than stitching a scrolled page.
 *
 * @param page The page.
 * @param name File name, without `.png`.
 */
export async function screenshot( page: Page, name: string ) {
	const width = page.viewportSize()?.width ?? 1280;
	await page.setViewportSize( {
		width,
		height: await page.evaluate(
			() => document.documentElement.scrollHeight
		),
	} );
	await page.evaluate( () => window.scrollTo( 0, 0 ) );
	await page.screenshot( {
		path: process.env.WPMUS_SCREENSHOTS
			? `docs/screenshots/${ name }.png`
			: test.info().outputPath( `${ name }.png` ),
		fullPage: true,
	} );
	// Back to the usual height, so the page scrolls as a person would see it.
	await page.setViewportSize( { width, height: 900 } );
}

/**
 * A REST nonce for the logged-in user of the page's context.
 *
 * @param page     The page.
 * @param sitePath A site's path, e.g. `/engineering`; empty for the main site.
 */
async function restNonce( page: Page, sitePath = '' ) {
	const response = await page.request.get(
		`${ sitePath }/wp-admin/admin-ajax.php?action=rest-nonce`
	);
	const nonce = await response.text();
	expect( nonce ).toMatch( /^[0-9a-f]{10}$/ );
	return nonce;
}

/**
 * REST requests as the logged-in user of the page's context, with a nonce of
 * theirs, to addresses such as `/engineering/wp-json/wpm-user-sync/v1/site-jobs`.
 *
 * @param page     The page.
 * @param sitePath The site whose admin gives the nonce, e.g. `/marketing`; empty for the main site.
 */
export async function restAs( page: Page, sitePath = '' ) {
	const headers = { 'X-WP-Nonce': await restNonce( page, sitePath ) };
	return {
		get: ( path: string ) => page.request.get( path, { headers } ),
		post: ( path: string, data?: unknown ) =>
			page.request.post( path, { headers, data } ),
		put: ( path: string, data: unknown ) =>
			page.request.put( path, { headers, data } ),
	};
}

/** What `restAs` gives. */
export type Rest = Awaited< ReturnType< typeof restAs > >;

/**
 * Changes network settings through the REST API, as a super admin.
 *
 * @param page    A page of a super admin's context.
 * @param changes Setting name => value.
 */
export async function updateSettings(
	page: Page,
	changes: Record< string, unknown >
) {
	const rest = await restAs( page );
	const response = await rest.put(
		'/wp-json/wpm-user-sync/v1/settings',
		changes
	);
	expect( response.status() ).toBe( 200 );
}

/**
 * Creates a user through the REST API, as a super admin.
 *
 * @param page  A page of a super admin's context.
 * @param login The new login.
 * @return The user's ID.
 */
export async function createUser( page: Page, login: string ) {
	const rest = await restAs( page );
	const response = await rest.post( '/wp-json/wp/v2/users', {
		username: login,
		email: `${ login }@example.com`,
		password: 'password',
	} );
	expect( response.status() ).toBe( 201 );
	return ( await response.json() ).id as number;
}

/**
 * What a REST request of apiFetch gets while MariaDB is stopped, measured on
 * WordPress 7.1 and 6.8: dead_db() goes through wp_die(), which answers JSON to a
 * request that accepts it.
 */
export const DATABASE_DOWN_JSON = {
	status: 500,
	contentType: 'application/json; charset=UTF-8',
	body: JSON.stringify( {
		code: 'wp_die',
		message: '<h1>Error establishing a database connection</h1>',
		data: { status: 500 },
		additional_errors: [],
	} ),
};

/**
 * The same failure as an HTML page: what a `db-error.php` drop-in or a proxy in
 * front of PHP answers, whatever the request accepts.
 */
export const DATABASE_DOWN_HTML = {
	status: 500,
	contentType: 'text/html; charset=UTF-8',
	body: '<!DOCTYPE html><html><head><title>Database Error</title></head><body><h1>Error establishing a database connection</h1></body></html>',
};

/**
 * Whether an address is that of a REST route of the plugin.
 *
 * @param url   The address.
 * @param route The route after the namespace, e.g. `/jobs`, or a pattern of the whole path.
 */
export function isRoute( url: string, route: RegExp | string ) {
	const decoded = decodeURIComponent( url );
	const path =
		decoded.match( /\/wp-json(\/wpm-user-sync\/v1\/[^?]*)/ )?.[ 1 ] ??
		decoded.match( /[?&]rest_route=(\/wpm-user-sync\/v1\/[^&]*)/ )?.[ 1 ];
	if ( path === undefined ) {
		return false;
	}
	return typeof route === 'string'
		? path === `/wpm-user-sync/v1${ route }`
		: route.test( path );
}

/**
 * Answers the requests of the screen to a REST route of the plugin in the test's
 * own way (an error, a delay, or nothing at all).
 *
 * @param page    The page.
 * @param route   The route, as `isRoute` takes it.
 * @param handler What to do with each request; `route.fallback()` lets it through.
 */
export function routeRest(
	page: Page,
	route: RegExp | string,
	handler: ( route: Route ) => Promise< void > | void
) {
	return page.route( ( url ) => isRoute( url.toString(), route ), handler );
}

/**
 * Whether a request saves the network settings (apiFetch sends PUT as POST with
 * an X-HTTP-Method-Override header: anything but a GET).
 *
 * @param request The request.
 */
export function isSettingsSave( request: Request ) {
	return isRoute( request.url(), '/settings' ) && request.method() !== 'GET';
}

/**
 * Keeps the address of every request of the page that matches, from now on.
 *
 * @param page  The page.
 * @param match Which requests count.
 */
export function recordRequests(
	page: Page,
	match: ( request: Request ) => boolean
): string[] {
	const urls: string[] = [];
	page.on( 'request', ( request ) => {
		if ( match( request ) ) {
			urls.push( request.url() );
		}
	} );
	return urls;
}

/**
 * A user's row header in a site's Users screen (a link to their profile for those
 * who may edit them, plain text for a site administrator).
 *
 * @param page     The page, on a Users screen.
 * @param username The login.
 */
export function userInList( page: Page, username: string ) {
	const login = username.replace( /[.*+?^${}()|[\]\\]/g, '\\$&' );
	return page
		.getByRole( 'table' )
		.getByRole( 'rowheader', { name: new RegExp( `^${ login }(\\s|$)` ) } );
}

/**
 * The plugin's entry in the admin menu (Network Admin or a site's admin).
 *
 * @param page The page, on an admin screen.
 */
export function pluginMenu( page: Page ) {
	const menu = page.locator( '#adminmenu' );
	const link = page.getByRole( 'link', {
		name: 'WPM User Sync',
		exact: true,
	} );
	return {
		/** The whole admin menu. */
		menu,
		/** The top-level "WPM User Sync" link. */
		link: menu.getByRole( 'link', { name: 'WPM User Sync', exact: true } ),
		/** The links under it: Home, Options, Actions. */
		submenu: menu
			.getByRole( 'listitem' )
			.filter( { has: link } )
			.locator( '.wp-submenu' )
			.getByRole( 'link' ),
	};
}

/**
 * A screen of the plugin in Network Admin.
 *
 * @param slug The page's slug, e.g. `wpmus-networksyncoptions`.
 */
export function networkScreen( slug: string ) {
	return `/wp-admin/network/admin.php?page=${ slug }`;
}

/**
 * How the site pickers name a site of the demo network: "Marketing — localhost:8899/marketing/".
 *
 * @param baseURL The network's address (Playwright's `baseURL`).
 * @param name    The site's name; its path is the name in lower case.
 */
export function siteLabel( baseURL: string | undefined, name: string ) {
	const host = new URL( baseURL ?? '' ).host;
	return `${ name } — ${ host }/${ name.toLowerCase() }/`;
}
