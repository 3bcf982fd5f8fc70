/**
 * External dependencies
 */
import { readFileSync } from 'fs';
import { expect, test, type Page } from '@playwright/test';

/**
 * Internal dependencies
 */
import { POT_FILE, readPo } from '../../bin/i18n';
import { asAccount, SITE_ADMIN, SUPER_ADMIN } from './auth';
import {
	collectConsoleErrors,
	greyAvatars,
	networkScreen,
	restAs,
} from './helpers';

/*
 * WordPress has no language pack here: its own menus and buttons stay English. Only the
 * plugin's part of each screen, its heading and its app, is checked. Spanish is offered as an
 * installed language by bin/mu-plugins/wpmus-local-languages.php.
 */

test.use( { storageState: SUPER_ADMIN.storageState } );

/**
 * Every English text of the plugin whose Spanish is different, as a pattern that finds it as
 * whole words in a screen's text (a placeholder stands for any text).
 */
const ENGLISH = ( () => {
	const pot = readPo( readFileSync( POT_FILE, 'utf8' ) );
	const spanish = readPo(
		readFileSync( 'languages/wpm-user-sync-es_ES.po', 'utf8' )
	);
	const escape = ( text: string ) =>
		text.replace( /[.*+?^${}()|[\]\\]/g, '\\$&' );
	const patterns: { english: string; pattern: RegExp }[] = [];
	for ( const [ key, message ] of pot.translations ) {
		const translated = spanish.translations.get( key )?.msgstr ?? [];
		const forms = [ message.msgid, message.msgid_plural ?? '' ].filter(
			( form ) => form !== ''
		);
		for ( const english of forms ) {
			// Words of the form, without placeholders; a form of symbols only says nothing.
			const parts = english.split( /%(?:\d+\$)?[sd]/ );
			if (
				translated.includes( english ) ||
				! /\p{L}{2}/u.test( parts.join( '' ) )
			) {
				continue;
			}
			const body = parts
				.map( ( part ) => escape( part.replace( /%%/g, '%' ) ) )
				.join( '.+?' );
			patterns.push( {
				english,
				pattern: new RegExp( `(?<!\\p{L})${ body }(?!\\p{L})`, 'u' ),
			} );
		}
	}
	return patterns;
} )();

/**
 * The texts of the plugin found in English in a screen's text.
 *
 * @param text What the screen shows.
 */
function englishIn( text: string ) {
	return ENGLISH.filter( ( { pattern } ) => pattern.test( text ) ).map(
		( { english } ) => english
	);
}

/**
 * Switches a site's language through the REST API, as its administrator would in Settings →
 * General.
 *
 * @param page     A super admin's page.
 * @param sitePath The site, e.g. `/engineering`; empty for the main site (whose language
 *                 Network Admin speaks too).
 * @param language A locale, or '' for English (United States).
 */
async function setLanguage( page: Page, sitePath: string, language: string ) {
	const rest = await restAs( page, sitePath );
	const response = await rest.post( `${ sitePath }/wp-json/wp/v2/settings`, {
		language,
	} );
	expect( response.status() ).toBe( 200 );
	expect( ( await response.json() ).language ).toBe( language );
}

/**
 * Opens a screen of the plugin and returns what its heading and app show, once loaded: on
 * a screen with tabs, the text of every tab.
 *
 * @param page   The page.
 * @param url    The screen.
 * @param rootId The id of the app's root element.
 */
async function screenText( page: Page, url: string, rootId: string ) {
	await page.goto( url );
	await expect( page.locator( 'html' ) ).toHaveAttribute( 'lang', 'es-ES' );
	const root = page.locator( `#${ rootId }` );
	await expect( root ).not.toBeEmpty();
	await expect( root.locator( '.components-spinner' ) ).toHaveCount( 0 );
	const texts = [
		await page.locator( '.wrap > h1' ).innerText(),
		await root.innerText(),
	];
	const tabs = root.getByRole( 'tab' );
	for ( let i = 1; i < ( await tabs.count() ); i++ ) {
		await tabs.nth( i ).click();
		await expect( tabs.nth( i ) ).toHaveAttribute(
			'aria-selected',
			'true'
		);
		texts.push( await root.innerText() );
	}
	return texts.join( '\n' );
}

test.describe( 'In Spanish', () => {
	// Eight screens in one test, on a machine that may be busy.
	test.describe.configure( { timeout: 120_000 } );

	test.beforeAll( async ( { browser } ) => {
		test.setTimeout( 60_000 );
		await asAccount( browser, SUPER_ADMIN, async ( page ) => {
			await setLanguage( page, '', 'es_ES' );
			await setLanguage( page, '/engineering', 'es_ES' );
		} );
	} );

	test.afterAll( async ( { browser } ) => {
		test.setTimeout( 60_000 );
		await asAccount( browser, SUPER_ADMIN, async ( page ) => {
			await setLanguage( page, '', '' );
			await setLanguage( page, '/engineering', '' );
		} );
	} );

	test( 'the plugin’s screens in Network Admin show no English', async ( {
		page,
	} ) => {
		const consoleErrors = collectConsoleErrors( page );
		await greyAvatars( page );
		const screens = [
			[ 'wpmus-networkhome', 'network-home', 'Bienvenida' ],
			[ 'wpmus-networksyncoptions', 'network-options', 'Opciones' ],
			[ 'wpmus-networksyncactions', 'network-actions', 'Acciones' ],
			[ 'wpm-user-sync-people', 'network-users', 'Personas' ],
			[ 'wpm-user-sync-activity', 'activity', 'Actividad' ],
		];
		for ( const [ slug, entry, word ] of screens ) {
			const text = await screenText(
				page,
				networkScreen( slug ?? '' ),
				`wpm-user-sync-${ entry }`
			);
			expect( text, slug ).toContain( word );
			expect( englishIn( text ), slug ).toEqual( [] );
		}
		// Its own menu too: the plugin's entries under "WPM User Sync".
		await expect(
			page.locator( '#adminmenu .wp-submenu a[href*="page=wpm"]' )
		).toHaveText( [
			'Inicio',
			'Opciones',
			'Acciones',
			'Personas',
			'Actividad',
		] );
		expect( consoleErrors ).toEqual( [] );
	} );

	test( 'the plugin’s screens in a site’s admin show no English', async ( {
		browser,
	} ) => {
		await asAccount( browser, SITE_ADMIN, async ( page ) => {
			const consoleErrors = collectConsoleErrors( page );
			await greyAvatars( page );
			const screens = [
				[ 'wpmus-sitehome', 'site-home', 'Ir a Acciones' ],
				[
					'wpmus-sitesyncactions',
					'site-actions',
					'Sincronizar desde cero',
				],
				[ 'wpmus-siteactivity', 'activity', 'Exportar CSV' ],
			];
			for ( const [ slug, entry, words ] of screens ) {
				const text = await screenText(
					page,
					`/engineering/wp-admin/admin.php?page=${ slug }`,
					`wpm-user-sync-${ entry }`
				);
				expect( text, slug ).toContain( words );
				expect( englishIn( text ), slug ).toEqual( [] );
			}
			expect( consoleErrors ).toEqual( [] );
		} );
	} );

	test( 'the check finds English where there is some', () => {
		// What the test would catch if a screen lost its translations.
		expect(
			englishIn( 'Sincronizar · Sync from scratch · 3 sites selected' )
		).toEqual(
			expect.arrayContaining( [
				'Sync from scratch',
				'%d sites selected',
			] )
		);
		expect( englishIn( 'Sincronizar desde cero · 3 sitios' ) ).toEqual(
			[]
		);
	} );
} );
