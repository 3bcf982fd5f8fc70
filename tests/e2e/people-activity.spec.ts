/**
 * External dependencies
 */
import { expect, test, type Page } from '@playwright/test';

/**
 * Internal dependencies
 */
import { SITE_ADMIN, SUPER_ADMIN } from './auth';
import {
	collectConsoleErrors,
	createUser,
	greyAvatars,
	networkScreen,
	restAs,
	type Rest,
	screenshot,
	updateSettings,
} from './helpers';
import { previewThroughRest } from './sync';

const JOBS = '/wp-json/wpm-user-sync/v1/jobs';

/**
 * A site of the demo network by its path, e.g. `/marketing/`.
 *
 * @param rest What `restAs` gives.
 * @param path The site's path.
 */
async function siteId( rest: Rest, path: string ): Promise< number > {
	const sites: Array< { id: number; path: string } > = await (
		await rest.get(
			`/wp-json/wpm-user-sync/v1/sites?search=${ path.replace(
				/\//g,
				''
			) }&per_page=100`
		)
	).json();
	const site = sites.find( ( found ) => found.path === path );
	expect( site, `The demo network has ${ path }.` ).toBeDefined();
	return site!.id;
}

/**
 * A user's ID by login, as a super admin sees the main site's users.
 *
 * @param rest  What `restAs` gives.
 * @param login The login.
 */
async function userId( rest: Rest, login: string ): Promise< number > {
	const users: Array< { id: number; username: string } > = await (
		await rest.get(
			`/wp-json/wp/v2/users?context=edit&search=${ login }&_fields=id,username`
		)
	).json();
	const user = users.find( ( found ) => found.username === login );
	expect( user, `The demo network has ${ login }.` ).toBeDefined();
	return user!.id;
}

/**
 * The IDs of the sites a person belongs to.
 *
 * @param rest What `restAs` gives.
 * @param user The person.
 */
async function sitesOf( rest: Rest, user: number ): Promise< number[] > {
	const response = await rest.get(
		`/wp-json/wpm-user-sync/v1/people/${ user }/sites?per_page=100`
	);
	expect( response.status() ).toBe( 200 );
	const sites: Array< { id: number } > = await response.json();
	return sites.map( ( site ) => site.id );
}

/**
 * Adds a person to sites as an author through the People job, to the end.
 *
 * @param rest  What `restAs` gives.
 * @param user  The person.
 * @param sites The sites.
 */
async function addAsAuthor( rest: Rest, user: number, sites: number[] ) {
	let job = await previewThroughRest( rest, {
		type: 'add_to_sites',
		users: [ user ],
		kind: 'sites',
		sites,
		role: 'author',
	} );
	expect( job.status ).toBe( 'ready' );
	job = await ( await rest.post( `${ JOBS }/${ job.id }/start` ) ).json();
	while ( job.status === 'running' ) {
		job = await ( await rest.post( `${ JOBS }/${ job.id }/step` ) ).json();
	}
	expect( job.status ).toBe( 'done' );
}

/**
 * Publishes a post by someone on a site, as a super admin.
 *
 * @param page   A page of a super admin's context.
 * @param site   The site's path, e.g. `/marketing`.
 * @param author The post's author.
 * @return The post's ID.
 */
async function publishPost( page: Page, site: string, author: number ) {
	const rest = await restAs( page, site );
	const response = await rest.post( `${ site }/wp-json/wp/v2/posts`, {
		title: 'Handover notes',
		status: 'publish',
		author,
	} );
	expect( response.status() ).toBe( 201 );
	return ( await response.json() ).id as number;
}

test.describe( 'People across sites and their activity', () => {
	test.beforeEach( async ( { browser } ) => {
		// Other specs switch triggers on: here a new person joins only the sites the test names.
		const context = await browser.newContext( {
			storageState: SUPER_ADMIN.storageState,
		} );
		await updateSettings( await context.newPage(), {
			newUserSync: false,
			excludedSites: [],
		} );
		await context.close();
	} );

	test( 'a network administrator offboards a person from all sites, choosing who inherits their posts, then finds it in Activity', async ( {
		browser,
	} ) => {
		const context = await browser.newContext( {
			storageState: SUPER_ADMIN.storageState,
		} );
		const page = await context.newPage();
		const consoleErrors = collectConsoleErrors( page );
		const login = `leaver${ Date.now() }`;
		const rest = await restAs( page );
		const leaver = await createUser( page, login );
		const marketing = await siteId( rest, '/marketing/' );
		const library = await siteId( rest, '/library/' );
		const heir = await userId( rest, 'sam.okafor' );
		await addAsAuthor( rest, leaver, [ marketing, library ] );
		const post = await publishPost( page, '/marketing', leaver );
		// The main site (where the account was made), Marketing and Library.
		const theirs = await sitesOf( rest, leaver );
		expect( theirs ).toHaveLength( 3 );
		expect( theirs ).toEqual(
			expect.arrayContaining( [ marketing, library ] )
		);
		const heirs = await sitesOf( rest, heir );
		expect( heirs, 'Sam inherits on Marketing.' ).toContain( marketing );
		const heirless = theirs.filter( ( id ) => ! heirs.includes( id ) );
		await greyAvatars( page );

		// Network Admin → Users: select the person, "Remove from all sites".
		await page.goto( `/wp-admin/network/users.php?s=${ login }` );
		await page
			.getByRole( 'checkbox', { name: new RegExp( login ) } )
			.check();
		await page
			.locator( '#bulk-action-selector-top' )
			.selectOption( { label: 'Remove from all sites' } );
		await page.locator( '#doaction' ).click();
		await expect( page ).toHaveURL( /page=wpm-user-sync-people/ );
		await expect( page.getByText( 'People chosen:' ) ).toContainText(
			login
		);

		const panel = page.getByRole( 'region', {
			name: 'Remove from all sites',
		} );
		await panel
			.getByRole( 'radio', { name: /Give them to one person/ } )
			.check();
		const heirPicker = panel.getByRole( 'combobox', {
			name: 'Who inherits them',
		} );
		await heirPicker.fill( 'sam.okafor' );
		await page.getByRole( 'option', { name: /sam\.okafor/ } ).click();
		await panel.getByRole( 'button', { name: 'Preview' } ).click();

		const confirm = panel.getByRole( 'button', {
			name: /^Remove \d+ memberships?$/,
		} );
		await expect( confirm ).toHaveText( 'Remove 3 memberships' );
		const table = panel.getByRole( 'table', {
			name: 'What the sync will do, site by site',
		} );
		for ( const name of [ /Marketing/, /Library/ ] ) {
			await expect( table.getByRole( 'row', { name } ) ).toBeVisible();
		}
		// Where Sam is not a member, the posts stay attributed to the leaver, and the preview says so.
		await expect(
			table.getByRole( 'row' ).filter( { hasNotText: 'Total' } ).filter( {
				hasText:
					'the person chosen to inherit it is not a member of the site',
			} )
		).toHaveCount( heirless.length );
		await screenshot( page, 'people-offboarding-preview' );
		await confirm.click();
		await expect(
			panel.getByText( /^Done: removed 3 memberships/ )
		).toBeVisible();

		// Sam, a member of Marketing, now signs the post; the account stays.
		const marketingRest = await restAs( page, '/marketing' );
		const moved = await (
			await marketingRest.get(
				`/marketing/wp-json/wp/v2/posts/${ post }?context=edit`
			)
		).json();
		expect( moved.author ).toBe( heir );
		// The account stays, on no site (an unknown account would answer 404).
		expect( await sitesOf( rest, leaver ) ).toEqual( [] );

		// Activity, filtered by the person.
		await page.goto( networkScreen( 'wpm-user-sync-activity' ) );
		const person = page.getByRole( 'combobox', { name: 'Person' } );
		await person.fill( login );
		await page.getByRole( 'option', { name: new RegExp( login ) } ).click();
		const activity = page.getByRole( 'table', {
			name: 'Changes, newest first',
		} );
		const removals = activity
			.getByRole( 'row' )
			.filter( { hasText: 'Removed (was author)' } );
		await expect( removals ).toHaveCount( 2 ); // Marketing and Library; on the main site they were a subscriber.
		await expect(
			removals.filter( { hasText: 'Marketing' } )
		).toContainText( 'Removed from sites (People)' );
		await expect( removals.filter( { hasText: 'Library' } ) ).toHaveCount(
			1
		);
		await expect(
			page.getByRole( 'link', { name: 'Export CSV' } )
		).toHaveAttribute(
			'href',
			new RegExp( `user=${ leaver }.*_wpnonce=` )
		);
		await screenshot( page, 'network-activity' );
		expect( consoleErrors ).toEqual( [] );
		await context.close();
	} );

	test( 'a site administrator sees only their site’s activity', async ( {
		browser,
	} ) => {
		// A network administrator adds someone to Engineering and Marketing.
		const network = await browser.newContext( {
			storageState: SUPER_ADMIN.storageState,
		} );
		const admin = await network.newPage();
		const rest = await restAs( admin );
		const login = `joiner${ Date.now() }`;
		const joiner = await createUser( admin, login );
		const engineeringId = await siteId( rest, '/engineering/' );
		await addAsAuthor( rest, joiner, [
			engineeringId,
			await siteId( rest, '/marketing/' ),
		] );
		await network.close();

		const context = await browser.newContext( {
			storageState: SITE_ADMIN.storageState,
		} );
		const page = await context.newPage();
		const answers: Array< Array< { site: { id: number } } > > = [];
		page.on( 'response', async ( response ) => {
			if ( /site-activity(\?|$)/.test( response.url() ) ) {
				answers.push( await response.json() );
			}
		} );

		await page.goto(
			'/engineering/wp-admin/admin.php?page=wpmus-siteactivity'
		);
		const activity = page.getByRole( 'table', {
			name: 'Changes, newest first',
		} );
		await expect( activity ).toHaveAttribute( 'aria-busy', 'false' );
		await expect(
			activity.getByRole( 'columnheader', { name: 'Site' } )
		).toHaveCount( 0 );
		await expect(
			page.getByRole( 'combobox', { name: 'Site' } )
		).toHaveCount( 0 );
		// Engineering's addition is there, once; Marketing's is not.
		await expect(
			activity.getByRole( 'row' ).filter( { hasText: login } )
		).toHaveCount( 1 );
		expect(
			new Set( answers.flat().map( ( entry ) => entry.site.id ) )
		).toEqual( new Set( [ engineeringId ] ) );
		await screenshot( page, 'site-activity' );

		// The network's log stays closed to them.
		await page.goto( networkScreen( 'wpm-user-sync-activity' ) );
		await expect(
			page.getByRole( 'table', { name: 'Changes, newest first' } )
		).toHaveCount( 0 );
		await context.close();
	} );
} );
