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
	greyAvatars,
	networkScreen,
	pluginMenu,
	restAs,
	screenshot,
} from './helpers';
import { newestSync, previewThroughRest } from './sync';

const HOME = networkScreen( 'wpmus-networkhome' );

test.use( { storageState: SUPER_ADMIN.storageState } );

test.describe( 'Network Admin → WPM User Sync → Home', () => {
	test.beforeEach( async ( { page } ) => greyAvatars( page ) );

	test( 'the menu opens Home, then lists Options, Actions, People and Activity', async ( {
		page,
	} ) => {
		await page.goto( '/wp-admin/network/' );
		const menu = pluginMenu( page );
		await menu.link.click();

		await expect( page ).toHaveURL( /page=wpmus-networkhome/ );
		await expect(
			page.getByRole( 'heading', { name: 'WPM User Sync', level: 1 } )
		).toBeVisible();
		await expect( menu.submenu ).toHaveText( [
			'Home',
			'Options',
			'Actions',
			'People',
			'Activity',
		] );
	} );

	test( 'every tab renders: Welcome, Concepts, About', async ( { page } ) => {
		// A sync of Marketing, previewed and discarded, for the list of the last syncs.
		const rest = await restAs( page );
		const sites = await rest.get(
			'/wp-json/wpm-user-sync/v1/sites?search=marketing'
		);
		const [ marketing ] = await sites.json();
		const job = await previewThroughRest( rest, {
			kind: 'sites',
			sites: [ marketing.id ],
		} );
		await rest.post( `/wp-json/wpm-user-sync/v1/jobs/${ job.id }/cancel` );

		const consoleErrors = collectConsoleErrors( page );
		await page.goto( HOME );
		const app = page.locator( '#wpm-user-sync-network-home' );

		const welcome = app.getByRole( 'tab', { name: 'Welcome' } );
		await expect( welcome ).toHaveAttribute( 'aria-selected', 'true' );
		const panel = app.getByRole( 'tabpanel' );
		await expect(
			panel.getByRole( 'heading', { name: 'Triggers' } )
		).toBeVisible();
		const triggers = panel.getByRole( 'listitem' ).filter( {
			hasText: /automatic sync/,
		} );
		await expect( triggers ).toHaveCount( 3 );
		await expect(
			panel
				.getByRole( 'listitem' )
				.filter( { hasText: 'New user automatic sync' } )
		).toContainText( /On|Off/ );
		await expect(
			panel.getByRole( 'link', {
				name: 'Change the triggers in Options',
			} )
		).toHaveAttribute( 'href', /page=wpmus-networksyncoptions/ );
		await expect(
			panel.getByRole( 'heading', { name: 'Last syncs' } )
		).toBeVisible();
		const lastSync = newestSync(
			panel,
			'The last manual syncs, newest first'
		);
		await expect( lastSync ).toContainText( 'Marketing' );
		await expect( lastSync ).toContainText( 'Preview discarded' );
		await expect(
			panel.getByRole( 'link', { name: 'Run a sync in Actions' } )
		).toHaveAttribute( 'href', /page=wpmus-networksyncactions/ );
		await screenshot( page, 'network-home-welcome' );

		await app.getByRole( 'tab', { name: 'Concepts' } ).click();
		await expect(
			panel.getByRole( 'heading', { name: 'What a trigger is' } )
		).toBeVisible();
		await expect(
			panel.getByRole( 'heading', { name: 'The rules' } )
		).toBeVisible();
		await expect(
			panel.getByText( 'Existing memberships never change.' )
		).toBeVisible();
		await expect(
			panel.getByText( 'Privileged default roles.' )
		).toBeVisible();
		await screenshot( page, 'network-home-concepts' );

		await app.getByRole( 'tab', { name: 'About' } ).click();
		await expect(
			panel.getByRole( 'heading', { name: 'No external service' } )
		).toBeVisible();
		await expect( panel ).toContainText( /WPM User Sync 2\.\d+\.\d+/ );
		await expect( panel ).toContainText( 'wpmus_jobs' );
		await screenshot( page, 'network-home-about' );

		// The tab is in the address: a reload opens it again.
		await expect( page ).toHaveURL( /#about$/ );
		await page.reload();
		await expect(
			app.getByRole( 'tab', { name: 'About' } )
		).toHaveAttribute( 'aria-selected', 'true' );
		expect( consoleErrors ).toEqual( [] );
	} );

	test( 'Network health: a drift check from the screen counts what is missing, and the runner is named', async ( {
		page,
	} ) => {
		test.slow(); // A whole drift check of the demo network, step by step from the screen.
		const consoleErrors = collectConsoleErrors( page );
		await page.goto( HOME );
		const health = page.getByRole( 'region', { name: 'Network health' } );
		await expect(
			health.getByRole( 'heading', { name: 'Drift' } )
		).toBeVisible();

		await health.getByRole( 'button', { name: 'Check now' } ).click();
		await expect(
			health.getByText( /^(Missing: |No membership is missing)/ )
		).toBeVisible( {
			timeout: 60_000,
		} );
		await expect(
			health.getByRole( 'button', { name: 'Check now' } )
		).toBeEnabled();
		await expect(
			health.getByRole( 'heading', { name: 'Reconcile' } )
		).toBeVisible();
		await expect(
			health.getByRole( 'heading', { name: 'Background runner' } )
		).toBeVisible();
		await screenshot( page, 'network-home-health' );
		expect( consoleErrors ).toEqual( [] );
	} );

	test( 'the tabs work with the keyboard', async ( { page } ) => {
		await page.goto( HOME );
		const app = page.locator( '#wpm-user-sync-network-home' );
		const welcome = app.getByRole( 'tab', { name: 'Welcome' } );
		await expect( welcome ).toHaveAttribute( 'aria-selected', 'true' );

		await welcome.focus();
		await page.keyboard.press( 'ArrowRight' );
		const concepts = app.getByRole( 'tab', { name: 'Concepts' } );
		await expect( concepts ).toBeFocused();
		await expect( concepts ).toHaveAttribute( 'aria-selected', 'true' );
		await expect(
			app.getByRole( 'heading', { name: 'What a trigger is' } )
		).toBeVisible();
	} );
} );
