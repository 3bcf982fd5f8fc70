/**
 * The translation files: the .pot holds every string of the code and nothing else, Spanish
 * translates all of them, and the compiled files are what the .po gives.
 */

/**
 * External dependencies
 */
import { Buffer } from 'buffer';
import { readFileSync } from 'fs';
import { join } from 'path';

/**
 * Internal dependencies
 */
import {
	entryKey,
	expectedFiles,
	extractAll,
	extractPhp,
	extractTs,
	POT_FILE,
	readPo,
	scriptEntries,
	staleFiles,
	updatePo,
	type Entry,
	type Message,
} from '../../bin/i18n';

const ROOT = join( __dirname, '..', '..' );
const SPANISH = 'languages/wpm-user-sync-es_ES.po';
const FIX =
	'Run `npm run i18n` (npm run build does too) and commit languages/.';

function committed( file: string ): string {
	return readFileSync( join( ROOT, file ), 'utf8' );
}

/**
 * What a translator sees of an entry: its text, plural, context and comments (line numbers of
 * the references move with every edit and do not matter here).
 *
 * @param entry An entry of the catalogue or of a .po.
 */
function shape( entry: Entry | Message ): string {
	const comments =
		'comments' in entry && Array.isArray( entry.comments )
			? entry.comments.join( '\n' )
			: ( ( entry as Message ).comments?.extracted ?? '' );
	return JSON.stringify( [
		entry.msgctxt ?? '',
		entry.msgid,
		entry.msgid_plural ?? '',
		comments,
	] );
}

/**
 * The placeholders of a string, numbered or not, in order of their number.
 *
 * @param text A msgid or msgstr.
 */
function placeholders( text: string ): string[] {
	const found = text.match( /%(\d+\$)?[sd]/g ) ?? [];
	if ( found.every( ( item ) => ! item.includes( '$' ) ) ) {
		return found.map(
			( item, index ) => `${ index + 1 }${ item.slice( -1 ) }`
		);
	}
	return found
		.map( ( item ) => item.replace( /^%(\d+)\$(.)$/, '$1$2' ) )
		.sort();
}

describe( 'the .pot', () => {
	const code = extractAll();
	const pot = readPo( committed( POT_FILE ) );

	it( 'lists every string of the code, with its plural, context and translators comment', () => {
		const missing = code
			.filter( ( entry ) => {
				const found = pot.translations.get( entryKey( entry ) );
				return ! found || shape( found ) !== shape( entry );
			} )
			.map( ( entry ) => entry.msgid );
		expect( { missing, fix: FIX } ).toEqual( { missing: [], fix: FIX } );
	} );

	it( 'lists no string that is gone from the code', () => {
		const inCode = new Set( code.map( entryKey ) );
		const gone = [ ...pot.translations.keys() ].filter(
			( key ) => ! inCode.has( key )
		);
		expect( { gone, fix: FIX } ).toEqual( { gone: [], fix: FIX } );
	} );
} );

describe( 'the Spanish translation', () => {
	const pot = readPo( committed( POT_FILE ) );
	const spanish = readPo( committed( SPANISH ) );

	it( 'says it is Spanish (Spain), with its two plural forms', () => {
		expect( spanish.headers.Language ).toBe( 'es_ES' );
		expect( spanish.headers[ 'Plural-Forms' ] ).toBe(
			'nplurals=2; plural=(n != 1);'
		);
	} );

	it( 'translates every string of the .pot, each plural form, keeping its placeholders', () => {
		const untranslated: string[] = [];
		const wrongPlaceholders: string[] = [];
		for ( const [ key, source ] of pot.translations ) {
			const message = spanish.translations.get( key );
			const forms = source.msgid_plural ? 2 : 1;
			const msgstr = message?.msgstr ?? [];
			if (
				msgstr.length !== forms ||
				msgstr.some( ( text ) => text.trim() === '' )
			) {
				untranslated.push( source.msgid );
				continue;
			}
			msgstr.forEach( ( text, form ) => {
				const english =
					form === 0 ? source.msgid : ( source.msgid_plural ?? '' );
				if (
					placeholders( text ).join() !==
					placeholders( english ).join()
				) {
					wrongPlaceholders.push( `${ english } → ${ text }` );
				}
			} );
		}
		expect( untranslated ).toEqual( [] );
		expect( wrongPlaceholders ).toEqual( [] );
	} );

	it( 'holds no string the .pot does not', () => {
		const extra = [ ...spanish.translations.keys() ].filter(
			( key ) => ! pot.translations.has( key )
		);
		expect( { extra, fix: FIX } ).toEqual( { extra: [], fix: FIX } );
	} );
} );

describe( 'bringing a .po in line with the code', () => {
	const header = 'msgid ""\nmsgstr ""\n"Language: es_ES\\n"\n';
	const entries: Entry[] = [
		{ msgid: 'Kept', comments: [], references: [ 'a.ts:1' ] },
		{ msgid: 'New', comments: [], references: [ 'a.ts:2' ] },
		{ msgid: 'Unknown', comments: [], references: [ 'a.ts:3' ] },
	];

	it( 'keeps translations, takes a new string’s from the pending file, and drops the rest', () => {
		const po = readPo(
			updatePo(
				header +
					'\nmsgid "Kept"\nmsgstr "Guardado"\n' +
					'\nmsgid "Gone"\nmsgstr "Ido"\n',
				entries,
				header + '\nmsgid "New"\nmsgstr "Nuevo"\n'
			)
		);
		expect(
			[ ...po.translations.values() ].map( ( message ) => [
				message.msgid,
				message.msgstr,
			] )
		).toEqual( [
			[ 'Kept', [ 'Guardado' ] ],
			[ 'New', [ 'Nuevo' ] ],
			[ 'Unknown', [ '' ] ],
		] );
		expect( po.headers.Language ).toBe( 'es_ES' );
	} );
} );

/**
 * The files of languages/ whose names match, that differ from what bin/i18n.js would write.
 *
 * @param expected What bin/i18n.js would write: file => contents.
 * @param pattern  Which files.
 */
function outdatedFiles(
	expected: ReturnType< typeof expectedFiles >,
	pattern: RegExp
): string[] {
	return [ ...expected ]
		.filter( ( [ file ] ) => pattern.test( file ) )
		.filter( ( [ file, contents ] ) => {
			try {
				return ! readFileSync( join( ROOT, file ) ).equals(
					Buffer.from( contents )
				);
			} catch {
				return true;
			}
		} )
		.map( ( [ file ] ) => file );
}

describe( 'the .pot and .po files', () => {
	it( 'are what the code gives, to the line each string comes from', () => {
		const outdated = outdatedFiles( expectedFiles(), /\.pot?$/ );
		expect( { outdated, fix: FIX } ).toEqual( { outdated: [], fix: FIX } );
	} );
} );

describe( 'the compiled files', () => {
	it( 'are what the .po files give: the .mo and one JSON file per built script', () => {
		const expected = expectedFiles();
		const outdated = outdatedFiles( expected, /\.(mo|json)$/ );
		expect( { outdated, stale: staleFiles( expected ), fix: FIX } ).toEqual(
			{
				outdated: [],
				stale: [],
				fix: FIX,
			}
		);
		// One per entry point of webpack.config.js (Spanish is the one language so far).
		expect(
			[ ...expected.keys() ].filter( ( file ) =>
				file.endsWith( '.json' )
			)
		).toHaveLength( Object.keys( scriptEntries() ).length );
	} );

	it( 'give each script the strings of the files it bundles, in Jed format', () => {
		const expected = expectedFiles();
		// md5( 'build/activity.js' ), as WordPress's load_script_textdomain() computes it.
		const activity = expected.get(
			'languages/wpm-user-sync-es_ES-969023a0ba109d2ed1dbfb781ec693fd.json'
		);
		const json = JSON.parse( String( activity ) );
		const messages = json.locale_data.messages;
		expect( messages[ '' ] ).toMatchObject( {
			domain: 'messages',
			lang: 'es_ES',
			'plural-forms': 'nplurals=2; plural=(n != 1);',
		} );
		expect( messages[ 'Export CSV' ] ).toEqual( [ 'Exportar CSV' ] );
		expect( messages[ '%s change' ] ).toEqual( [
			'%s cambio',
			'%s cambios',
		] );
		// A string of another screen only.
		expect( messages[ 'Include super admins' ] ).toBeUndefined();
	} );
} );

describe( 'the extractor', () => {
	it( 'reads PHP calls with contexts, plurals and translators comments, only of our domain', () => {
		const php = [
			'<?php',
			'/* translators: %s: A name. */',
			"printf( esc_html__( 'Hello %s', 'wpm-user-sync' ), 'x' );",
			"echo _x( 'Post', 'verb', 'wpm-user-sync' );",
			'echo _nx(',
			"\t'One site', // An aside.",
			"\t'%d sites', 2, 'sites', 'wpm-user-sync'",
			');',
			"echo __( 'Not ours', 'other' ), $obj->__( 'Method' );",
			"echo __( 'Joined ' . 'string', 'wpm-user-sync' );",
		].join( '\n' );
		expect( extractPhp( 'a.php', php ) ).toEqual( [
			{
				msgid: 'Hello %s',
				domain: 'wpm-user-sync',
				comment: 'translators: %s: A name.',
				reference: 'a.php:3',
			},
			{
				msgid: 'Post',
				msgctxt: 'verb',
				domain: 'wpm-user-sync',
				comment: '',
				reference: 'a.php:4',
			},
			{
				msgid: 'One site',
				msgid_plural: '%d sites',
				msgctxt: 'sites',
				domain: 'wpm-user-sync',
				comment: '',
				reference: 'a.php:5',
			},
			{
				msgid: 'Joined string',
				domain: 'wpm-user-sync',
				comment: '',
				reference: 'a.php:10',
			},
		] );
	} );

	it( 'reads TypeScript calls, with translators comments in either style, also inside JSX', () => {
		const tsx = [
			'const a = (',
			'\t<p title="don\'t">',
			'\t\t{ sprintf(',
			'\t\t\t// translators: %d: Number of sites.',
			"\t\t\t_n( '%d site', '%d sites', n, 'wpm-user-sync' ),",
			'\t\t\tn',
			'\t\t) }',
			"\t\t{ /* translators: A noun. */ _x( 'Post', 'noun', 'wpm-user-sync' ) }",
			"\t\t{ __( 'Not ours', 'default' ) }",
			'\t</p>',
			');',
		].join( '\n' );
		expect( extractTs( 'a.tsx', tsx ) ).toEqual( [
			{
				msgid: '%d site',
				msgid_plural: '%d sites',
				domain: 'wpm-user-sync',
				comment: 'translators: %d: Number of sites.',
				reference: 'a.tsx:5',
			},
			{
				msgid: 'Post',
				msgctxt: 'noun',
				domain: 'wpm-user-sync',
				comment: 'translators: A noun.',
				reference: 'a.tsx:8',
			},
		] );
	} );

	it( 'refuses a string it cannot read, rather than leave it out of the .pot', () => {
		expect( () =>
			extractTs( 'b.ts', "__( message, 'wpm-user-sync' );" )
		).toThrow( 'b.ts:1: the msgid of __() is not a string literal' );
		expect( () =>
			extractPhp( 'b.php', '<?php __( "Hi $name", \'wpm-user-sync\' );' )
		).toThrow( 'b.php:1: the msgid of __() is not a string literal' );
	} );
} );
