/**
 * The plugin's translation files, made from its source and from the translators' .po files.
 *
 *   node bin/i18n.js          all of it (npm run i18n; npm run build runs it too):
 *                             1. languages/wpm-user-sync.pot from the PHP and the TypeScript,
 *                             2. each languages/wpm-user-sync-<locale>.po brought in line with it
 *                                (translations kept, new strings added untranslated, or
 *                                translated from languages/pending-<locale>.po when it has
 *                                them, strings gone from the code dropped),
 *                             3. from each .po, the .mo PHP loads and one JSON file per built
 *                                script, named as WordPress's load_script_textdomain() looks
 *                                for it: <domain>-<locale>-<md5 of build/<entry>.js>.json.
 *   node bin/i18n.js --check  writes nothing; fails when any of those files is out of date.
 *
 * Strings are read from calls of __, _x, _n, _nx (and, in PHP, _e, _ex, _n_noop, _nx_noop,
 * esc_html__, esc_html_e, esc_html_x, esc_attr__, esc_attr_e, esc_attr_x) whose text domain is
 * the plugin's. A translators comment is one that starts with "translators:" and ends on the
 * line of the call or the line before, as WP-CLI's make-pot reads it. The output holds no date,
 * so the same source always gives the same files.
 *
 * Made here rather than with WP-CLI's i18n command (not installable here) or the npm package
 * make-pot of wp-blocks (which drops `//` translators comments, writes them as translator
 * comments without "translators:", keeps other text domains and dates its output).
 * TypeScript is read with the compiler in node_modules; PHP with a small tokenizer below, so
 * building needs no PHP.
 */
'use strict';

const crypto = require( 'crypto' );
const fs = require( 'fs' );
const path = require( 'path' );
const ts = require( 'typescript' );
// eslint-disable-next-line import/no-extraneous-dependencies -- installed with @wordpress/i18n, which lists it (for its pot-to-php).
const gettextParser = require( 'gettext-parser' );

const ROOT = path.resolve( __dirname, '..' );
const DOMAIN = 'wpm-user-sync';
const LANGUAGES = 'languages';
const POT_FILE = `${ LANGUAGES }/${ DOMAIN }.pot`;
const PLUGIN_FILE = 'wpm-user-sync.php';
const PHP_SOURCES = [ PLUGIN_FILE, 'uninstall.php', 'includes' ];
const TS_SOURCES = [ 'src' ];
const CONTEXT_GLUE = '\u0004';

/**
 * Where each argument of a gettext function is. Shared by PHP and JavaScript.
 */
const FUNCTIONS = {
	__: [ 'msgid', 'domain' ],
	_x: [ 'msgid', 'msgctxt', 'domain' ],
	_n: [ 'msgid', 'msgid_plural', null, 'domain' ],
	_nx: [ 'msgid', 'msgid_plural', null, 'msgctxt', 'domain' ],
};
const PHP_FUNCTIONS = {
	...FUNCTIONS,
	_e: FUNCTIONS.__,
	esc_html__: FUNCTIONS.__,
	esc_html_e: FUNCTIONS.__,
	esc_attr__: FUNCTIONS.__,
	esc_attr_e: FUNCTIONS.__,
	_ex: FUNCTIONS._x,
	esc_html_x: FUNCTIONS._x,
	esc_attr_x: FUNCTIONS._x,
	_n_noop: [ 'msgid', 'msgid_plural', 'domain' ],
	_nx_noop: [ 'msgid', 'msgid_plural', 'msgctxt', 'domain' ],
};

/**
 * Plugin header fields that WordPress translates on the Plugins screen, with the comment
 * WP-CLI gives them.
 */
const HEADERS = {
	'Plugin Name': 'Plugin Name of the plugin',
	'Plugin URI': 'Plugin URI of the plugin',
	Description: 'Description of the plugin',
	Author: 'Author of the plugin',
};

/**
 * Lists the files under the given paths (relative to the plugin) that end in one of the
 * extensions, sorted, so the output does not depend on the file system's order.
 *
 * @param {string[]} roots      Files or folders, relative to the plugin.
 * @param {string[]} extensions File name endings, e.g. [ '.php' ].
 * @return {string[]} Relative paths with forward slashes.
 */
function listFiles( roots, extensions ) {
	const found = [];
	const walk = ( relative ) => {
		const absolute = path.join( ROOT, relative );
		if ( fs.statSync( absolute ).isDirectory() ) {
			for ( const name of fs.readdirSync( absolute ) ) {
				walk( `${ relative }/${ name }` );
			}
		} else if ( extensions.some( ( ext ) => relative.endsWith( ext ) ) ) {
			found.push( relative );
		}
	};
	roots.forEach( walk );
	return found.sort();
}

/**
 * The translators comment that belongs to a call on the given line, if any.
 *
 * @param {{text: string, endLine: number, start: number}[]} comments The file's comments.
 * @param {number}                                           line     Line of the call (1-based).
 * @param {number}                                           start    Offset of the call, so a comment after it is not taken.
 * @return {string} The comment's text, without its markers; empty when none.
 */
function translatorsComment( comments, line, start ) {
	let found = '';
	for ( const comment of comments ) {
		if ( comment.start >= start ) {
			break;
		}
		if ( comment.endLine !== line && comment.endLine !== line - 1 ) {
			continue;
		}
		const text = cleanComment( comment.text );
		if ( /^translators:/i.test( text ) ) {
			found = text;
		}
	}
	return found;
}

/**
 * A comment's text without `//`, `#`, `/*`, `*\/` and the stars that start its lines.
 *
 * @param {string} raw The comment as written.
 * @return {string} Its words on one line.
 */
function cleanComment( raw ) {
	return raw
		.replace( /^(\/\/|#|\/\*+)/, '' )
		.replace( /\*+\/$/, '' )
		.split( '\n' )
		.map( ( line ) => line.replace( /^\s*\*?\s?/, '' ).trim() )
		.filter( Boolean )
		.join( ' ' )
		.trim();
}

/**
 * Counts the line (1-based) of an offset.
 *
 * @param {string} text   File contents.
 * @param {number} offset Offset in it.
 * @return {number} Line number.
 */
function lineAt( text, offset ) {
	let line = 1;
	for ( let i = 0; i < offset; i++ ) {
		if ( text.charCodeAt( i ) === 10 ) {
			line++;
		}
	}
	return line;
}

/**
 * Turns a call's arguments into a string entry, or explains why it cannot.
 *
 * @param {string}             fn       Function name.
 * @param {Array<string|null>} values   Each argument's string value; null when not a literal.
 * @param {string}             location file:line, for the error.
 * @param {Object}             spec     Argument positions of the function.
 * @return {Object|null} The entry, or null when the domain is another plugin's.
 */
function entryFromCall( fn, values, location, spec ) {
	const fields = {};
	spec.forEach( ( name, index ) => {
		if ( name ) {
			fields[ name ] = values[ index ];
		}
	} );
	if ( fields.domain !== DOMAIN ) {
		if (
			fields.domain === null &&
			values.length > spec.indexOf( 'domain' )
		) {
			throw new Error(
				`${ location }: ${ fn }() has a text domain that is not a string literal.`
			);
		}
		return null;
	}
	for ( const name of [ 'msgid', 'msgid_plural', 'msgctxt' ] ) {
		if ( name in fields && typeof fields[ name ] !== 'string' ) {
			throw new Error(
				`${ location }: the ${ name } of ${ fn }() is not a string literal, so it cannot be translated.`
			);
		}
	}
	if ( fields.msgid === '' ) {
		throw new Error(
			`${ location }: ${ fn }() translates an empty string.`
		);
	}
	return fields;
}

/*
 * ---------------------------------------------------------------------------------------------
 * PHP
 * ---------------------------------------------------------------------------------------------
 */

/**
 * Splits PHP source into the tokens the extractor needs: names, strings, comments and single
 * punctuation characters. Variables, numbers and whitespace are dropped; HTML outside
 * `<?php … ?>` is skipped.
 *
 * @param {string} code PHP source.
 * @return {{type: string, value: string, start: number}[]} Tokens in order.
 */
function phpTokens( code ) {
	const tokens = [];
	let i = code.indexOf( '<?php' );
	if ( i < 0 ) {
		return tokens;
	}
	i += 5;
	const push = ( type, value, start ) =>
		tokens.push( { type, value, start } );
	while ( i < code.length ) {
		const c = code[ i ];
		const rest2 = code.slice( i, i + 2 );
		if ( /\s/.test( c ) ) {
			i++;
		} else if ( rest2 === '?>' ) {
			const next = code.indexOf( '<?php', i );
			i = next < 0 ? code.length : next + 5;
		} else if ( rest2 === '/*' ) {
			const end = code.indexOf( '*/', i + 2 );
			const stop = end < 0 ? code.length : end + 2;
			push( 'comment', code.slice( i, stop ), i );
			i = stop;
		} else if ( rest2 === '//' || ( c === '#' && code[ i + 1 ] !== '[' ) ) {
			let stop = i;
			while (
				stop < code.length &&
				code[ stop ] !== '\n' &&
				code.slice( stop, stop + 2 ) !== '?>'
			) {
				stop++;
			}
			push( 'comment', code.slice( i, stop ), i );
			i = stop;
		} else if ( c === "'" ) {
			let value = '';
			let j = i + 1;
			while ( j < code.length && code[ j ] !== "'" ) {
				if (
					code[ j ] === '\\' &&
					( code[ j + 1 ] === "'" || code[ j + 1 ] === '\\' )
				) {
					value += code[ j + 1 ];
					j += 2;
				} else {
					value += code[ j++ ];
				}
			}
			push( 'string', value, i );
			i = j + 1;
		} else if ( c === '"' ) {
			let value = '';
			let literal = true;
			let j = i + 1;
			const escapes = {
				n: '\n',
				t: '\t',
				r: '\r',
				v: '\v',
				e: '\x1b',
				f: '\f',
				$: '$',
				'"': '"',
				'\\': '\\',
			};
			while ( j < code.length && code[ j ] !== '"' ) {
				if ( code[ j ] === '\\' && code[ j + 1 ] in escapes ) {
					value += escapes[ code[ j + 1 ] ];
					j += 2;
				} else {
					if (
						code[ j ] === '$' &&
						/[A-Za-z_{]/.test( code[ j + 1 ] )
					) {
						literal = false; // Interpolated: not a fixed string.
					}
					value += code[ j++ ];
				}
			}
			push( literal ? 'string' : 'expression', value, i );
			i = j + 1;
		} else if ( code.startsWith( '<<<', i ) ) {
			// Heredoc or nowdoc: skipped whole, as no translated string is written so.
			const match = /^<<<[ \t]*(['"]?)([A-Za-z_]\w*)\1\r?\n/.exec(
				code.slice( i )
			);
			const label = match ? match[ 2 ] : '';
			const end = label
				? new RegExp( `\\n[ \\t]*${ label }\\b` ).exec(
						code.slice( i )
					)
				: null;
			push( 'expression', '', i );
			i += end ? end.index + end[ 0 ].length : 3;
		} else if ( /[A-Za-z_\\\x80-\uffff]/.test( c ) ) {
			let j = i;
			while ( j < code.length && /[\w\\\x80-\uffff]/.test( code[ j ] ) ) {
				j++;
			}
			push( 'name', code.slice( i, j ), i );
			i = j;
		} else if ( c === '$' ) {
			let j = i + 1;
			while ( j < code.length && /\w/.test( code[ j ] ) ) {
				j++;
			}
			push( 'expression', code.slice( i, j ), i );
			i = j;
		} else if ( rest2 === '->' || rest2 === '::' || rest2 === '?-' ) {
			push( 'arrow', rest2, i );
			i += 2;
		} else {
			push( 'punctuation', c, i );
			i++;
		}
	}
	return tokens;
}

/**
 * Reads the arguments of a call whose `(` is at tokens[ open ].
 *
 * @param {Object[]} tokens Tokens of the file.
 * @param {number}   open   Index of the opening parenthesis.
 * @return {Array<string|null>} Each argument's value when it is one string literal (or literals
 *                              joined with `.`), null otherwise.
 */
function phpArguments( tokens, open ) {
	const values = [];
	let depth = 0;
	let current = [];
	for ( let k = open; k < tokens.length; k++ ) {
		const token = tokens[ k ];
		if ( token.type === 'comment' ) {
			continue;
		}
		if ( token.type === 'punctuation' && '([{'.includes( token.value ) ) {
			depth++;
			if ( depth === 1 ) {
				continue;
			}
		}
		if ( token.type === 'punctuation' && ')]}'.includes( token.value ) ) {
			depth--;
			if ( depth === 0 ) {
				if ( current.length ) {
					values.push( phpLiteral( current ) );
				}
				return values;
			}
		}
		if (
			depth === 1 &&
			token.type === 'punctuation' &&
			token.value === ','
		) {
			values.push( phpLiteral( current ) );
			current = [];
			continue;
		}
		current.push( token );
	}
	return values;
}

/**
 * The value of an argument made only of string literals joined with `.`.
 *
 * @param {Object[]} argument The argument's tokens.
 * @return {string|null} Its value, or null when it is anything else.
 */
function phpLiteral( argument ) {
	if ( argument.length === 0 || argument.length % 2 === 0 ) {
		return null;
	}
	let value = '';
	for ( let k = 0; k < argument.length; k++ ) {
		const token = argument[ k ];
		if ( k % 2 === 0 && token.type === 'string' ) {
			value += token.value;
		} else if (
			k % 2 === 1 &&
			token.type === 'punctuation' &&
			token.value === '.'
		) {
			continue;
		} else {
			return null;
		}
	}
	return value;
}

/**
 * The strings of one PHP file.
 *
 * @param {string} file Path relative to the plugin.
 * @param {string} code Its contents.
 * @return {Object[]} Entries with msgid, msgctxt, msgid_plural, comment and reference.
 */
function extractPhp( file, code ) {
	const tokens = phpTokens( code );
	const comments = tokens
		.filter( ( token ) => token.type === 'comment' )
		.map( ( token ) => ( {
			text: token.value,
			start: token.start,
			endLine: lineAt( code, token.start + token.value.length ),
		} ) );
	const entries = [];
	tokens.forEach( ( token, k ) => {
		const fn =
			token.type === 'name' ? token.value.replace( /^\\/, '' ) : '';
		const spec = Object.prototype.hasOwnProperty.call( PHP_FUNCTIONS, fn )
			? PHP_FUNCTIONS[ fn ]
			: null;
		const next = tokens
			.slice( k + 1 )
			.find( ( t ) => t.type !== 'comment' );
		const before = k > 0 ? tokens[ k - 1 ] : null;
		if (
			! spec ||
			! next ||
			next.value !== '(' ||
			( before &&
				( before.type === 'arrow' || before.value === 'function' ) )
		) {
			return;
		}
		const line = lineAt( code, token.start );
		const entry = entryFromCall(
			fn,
			phpArguments( tokens, tokens.indexOf( next ) ),
			`${ file }:${ line }`,
			spec
		);
		if ( entry ) {
			entries.push( {
				...entry,
				comment: translatorsComment( comments, line, token.start ),
				reference: `${ file }:${ line }`,
			} );
		}
	} );
	return entries;
}

/**
 * The translatable fields of the plugin header.
 *
 * @param {string} code The main plugin file.
 * @return {Object[]} Entries.
 */
function extractHeaders( code ) {
	const entries = [];
	for ( const [ field, comment ] of Object.entries( HEADERS ) ) {
		const match = new RegExp( `^[ \\t/*#@]*${ field }:(.*)$`, 'mi' ).exec(
			code
		);
		if ( match && match[ 1 ].trim() ) {
			entries.push( {
				msgid: match[ 1 ].trim(),
				comment,
				reference: PLUGIN_FILE,
			} );
		}
	}
	return entries;
}

/*
 * ---------------------------------------------------------------------------------------------
 * TypeScript
 * ---------------------------------------------------------------------------------------------
 */

/**
 * The value of a string expression: a literal, a template without substitutions, or literals
 * joined with `+`.
 *
 * @param {ts.Node} node Expression.
 * @return {string|null} Its value, or null when it is not fixed.
 */
function tsLiteral( node ) {
	if (
		ts.isStringLiteral( node ) ||
		ts.isNoSubstitutionTemplateLiteral( node )
	) {
		return node.text;
	}
	if ( ts.isParenthesizedExpression( node ) ) {
		return tsLiteral( node.expression );
	}
	if (
		ts.isBinaryExpression( node ) &&
		node.operatorToken.kind === ts.SyntaxKind.PlusToken
	) {
		const left = tsLiteral( node.left );
		const right = tsLiteral( node.right );
		return left === null || right === null ? null : left + right;
	}
	return null;
}

/**
 * Every comment of a TypeScript file, in order: the comments around each token of the tree
 * (a scanner alone would take JSX text or a regular expression for code).
 *
 * @param {ts.SourceFile} source Parsed file.
 * @return {{text: string, endLine: number, start: number}[]} Comments.
 */
function tsComments( source ) {
	const code = source.text;
	const byStart = new Map();
	const add = ( ranges ) => {
		for ( const range of ranges || [] ) {
			byStart.set( range.pos, {
				text: code.slice( range.pos, range.end ),
				start: range.pos,
				endLine:
					source.getLineAndCharacterOfPosition( range.end ).line + 1,
			} );
		}
	};
	const visit = ( node ) => {
		if ( node.kind !== ts.SyntaxKind.JsxText ) {
			add( ts.getLeadingCommentRanges( code, node.pos ) );
			add( ts.getTrailingCommentRanges( code, node.end ) );
		}
		node.getChildren( source ).forEach( visit );
	};
	visit( source );
	return [ ...byStart.values() ].sort( ( a, b ) => a.start - b.start );
}

/**
 * The strings of one TypeScript file.
 *
 * @param {string} file Path relative to the plugin.
 * @param {string} code Its contents.
 * @return {Object[]} Entries.
 */
function extractTs( file, code ) {
	const jsx = file.endsWith( '.tsx' );
	const source = ts.createSourceFile(
		file,
		code,
		ts.ScriptTarget.Latest,
		true,
		jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS
	);
	const comments = tsComments( source );
	const entries = [];
	const visit = ( node ) => {
		if ( ts.isCallExpression( node ) ) {
			const callee = node.expression;
			const fn = ts.isIdentifier( callee ) ? callee.text : '';
			if ( Object.prototype.hasOwnProperty.call( FUNCTIONS, fn ) ) {
				const start = callee.getStart( source );
				const line =
					source.getLineAndCharacterOfPosition( start ).line + 1;
				const entry = entryFromCall(
					fn,
					node.arguments.map( tsLiteral ),
					`${ file }:${ line }`,
					FUNCTIONS[ fn ]
				);
				if ( entry ) {
					entries.push( {
						...entry,
						comment: translatorsComment( comments, line, start ),
						reference: `${ file }:${ line }`,
					} );
				}
			}
		}
		ts.forEachChild( node, visit );
	};
	visit( source );
	return entries;
}

/**
 * The TypeScript files an entry point bundles: itself and what it imports, through relative
 * imports, transitively.
 *
 * @param {string} entry Path of the entry point relative to the plugin, e.g. src/activity/index.tsx.
 * @return {Set<string>} Relative paths.
 */
function bundledFiles( entry ) {
	const seen = new Set();
	const queue = [ entry ];
	while ( queue.length ) {
		const file = queue.shift();
		if ( seen.has( file ) ) {
			continue;
		}
		seen.add( file );
		const code = fs.readFileSync( path.join( ROOT, file ), 'utf8' );
		for ( const imported of ts.preProcessFile( code, true, true )
			.importedFiles ) {
			if ( ! imported.fileName.startsWith( '.' ) ) {
				continue;
			}
			const base = path.posix.join(
				path.posix.dirname( file ),
				imported.fileName
			);
			const candidates = [
				'',
				'.ts',
				'.tsx',
				'/index.ts',
				'/index.tsx',
			].map( ( end ) => base + end );
			const found = candidates.find(
				( candidate ) =>
					/\.tsx?$/.test( candidate ) &&
					fs.existsSync( path.join( ROOT, candidate ) )
			);
			if ( found ) {
				queue.push( found );
			}
		}
	}
	return seen;
}

/**
 * The built scripts: entry name → source entry point, as webpack.config.js lists them.
 *
 * @return {Object<string, string>} E.g. { activity: 'src/activity/index.tsx' }.
 */
function scriptEntries() {
	const config = fs.readFileSync(
		path.join( ROOT, 'webpack.config.js' ),
		'utf8'
	);
	const entries = {};
	for ( const match of config.matchAll(
		/'?([\w-]+)'?\s*:\s*'\.\/(src\/[^']+)'/g
	) ) {
		entries[ match[ 1 ] ] = match[ 2 ];
	}
	if ( Object.keys( entries ).length === 0 ) {
		throw new Error( 'No entry points found in webpack.config.js.' );
	}
	return entries;
}

/*
 * ---------------------------------------------------------------------------------------------
 * The catalogue
 * ---------------------------------------------------------------------------------------------
 */

/**
 * Every string of the plugin, merged by context and text, in the order first met (the plugin
 * header, the PHP files, then the TypeScript files, each list sorted by path).
 *
 * @return {Object[]} Entries with msgctxt?, msgid, msgid_plural?, comments[], references[].
 */
function extractAll() {
	const found = [
		...extractHeaders(
			fs.readFileSync( path.join( ROOT, PLUGIN_FILE ), 'utf8' )
		),
	];
	for ( const file of listFiles( PHP_SOURCES, [ '.php' ] ) ) {
		found.push(
			...extractPhp(
				file,
				fs.readFileSync( path.join( ROOT, file ), 'utf8' )
			)
		);
	}
	for ( const file of listFiles( TS_SOURCES, [ '.ts', '.tsx' ] ) ) {
		if ( ! file.endsWith( '.d.ts' ) ) {
			found.push(
				...extractTs(
					file,
					fs.readFileSync( path.join( ROOT, file ), 'utf8' )
				)
			);
		}
	}
	const byKey = new Map();
	for ( const item of found ) {
		const key = entryKey( item );
		const entry = byKey.get( key ) || {
			msgctxt: item.msgctxt,
			msgid: item.msgid,
			comments: [],
			references: [],
		};
		if ( item.msgid_plural ) {
			if (
				entry.msgid_plural &&
				entry.msgid_plural !== item.msgid_plural
			) {
				throw new Error(
					`${ item.reference }: "${ item.msgid }" has the plural "${ item.msgid_plural }" here and "${ entry.msgid_plural }" elsewhere; give it one.`
				);
			}
			entry.msgid_plural = item.msgid_plural;
		}
		if ( item.comment && ! entry.comments.includes( item.comment ) ) {
			entry.comments.push( item.comment );
		}
		if ( ! entry.references.includes( item.reference ) ) {
			entry.references.push( item.reference );
		}
		byKey.set( key, entry );
	}
	return [ ...byKey.values() ];
}

/**
 * The key gettext looks an entry up by.
 *
 * @param {{msgctxt?: string, msgid: string}} entry Entry.
 * @return {string} Context and text.
 */
function entryKey( entry ) {
	return entry.msgctxt
		? entry.msgctxt + CONTEXT_GLUE + entry.msgid
		: entry.msgid;
}

/**
 * A string in .po syntax, split after each newline as gettext writes it.
 *
 * @param {string} keyword E.g. msgid.
 * @param {string} value   The text.
 * @return {string} One or more lines.
 */
function poString( keyword, value ) {
	const escape = ( text ) =>
		text
			.replace( /\\/g, '\\\\' )
			.replace( /"/g, '\\"' )
			.replace( /\t/g, '\\t' )
			.replace( /\n/g, '\\n' );
	const parts = value.split( /(?<=\n)/ ).filter( ( part ) => part !== '' );
	if ( parts.length <= 1 ) {
		return `${ keyword } "${ escape( value ) }"\n`;
	}
	return (
		`${ keyword } ""\n` +
		parts.map( ( part ) => `"${ escape( part ) }"\n` ).join( '' )
	);
}

/**
 * Writes a catalogue as a .pot or .po file.
 *
 * @param {Object}   headers     Header name → value, in order.
 * @param {Object[]} entries     Entries as extractAll() makes them, with msgstr[] for a .po.
 * @param {string}   fileComment The lines at the top, without `# `.
 * @return {string} File contents.
 */
function writePo( headers, entries, fileComment ) {
	let out = fileComment
		.split( '\n' )
		.map( ( line ) => `# ${ line }`.trimEnd() )
		.join( '\n' );
	out += '\n' + poString( 'msgid', '' );
	out += poString(
		'msgstr',
		Object.entries( headers )
			.map( ( [ name, value ] ) => `${ name }: ${ value }\n` )
			.join( '' )
	);
	for ( const entry of entries ) {
		out += '\n';
		for ( const comment of entry.comments ) {
			out += `#. ${ comment }\n`;
		}
		for ( const reference of entry.references ) {
			out += `#: ${ reference }\n`;
		}
		if ( entry.msgctxt ) {
			out += poString( 'msgctxt', entry.msgctxt );
		}
		out += poString( 'msgid', entry.msgid );
		const msgstr = entry.msgstr || [];
		if ( entry.msgid_plural ) {
			out += poString( 'msgid_plural', entry.msgid_plural );
			out += poString( 'msgstr[0]', msgstr[ 0 ] || '' );
			out += poString( 'msgstr[1]', msgstr[ 1 ] || '' );
		} else {
			out += poString( 'msgstr', msgstr[ 0 ] || '' );
		}
	}
	return out;
}

/**
 * The plugin's version, from its header.
 *
 * @return {string} E.g. 2.1.0-dev.
 */
function pluginVersion() {
	const code = fs.readFileSync( path.join( ROOT, PLUGIN_FILE ), 'utf8' );
	const match = /^[ \t/*#@]*Version:(.*)$/im.exec( code );
	return match ? match[ 1 ].trim() : '';
}

/**
 * The .pot the source gives.
 *
 * @param {Object[]} entries extractAll()'s result.
 * @return {string} File contents.
 */
function makePot( entries ) {
	return writePo(
		{
			'Project-Id-Version': `WPM User Sync ${ pluginVersion() }`,
			'Report-Msgid-Bugs-To':
				'https://wordpress.org/support/plugin/wpm-user-sync',
			'MIME-Version': '1.0',
			'Content-Type': 'text/plain; charset=UTF-8',
			'Content-Transfer-Encoding': '8bit',
			'Plural-Forms': 'nplurals=INTEGER; plural=EXPRESSION;',
			'X-Domain': DOMAIN,
			'X-Generator': 'bin/i18n.js',
		},
		entries,
		'Copyright (C) WPM User Sync contributors\nThis file is distributed under the GPLv2 or later license.\nMade by bin/i18n.js (npm run i18n) from the source: do not edit.'
	);
}

/**
 * Reads a .po file.
 *
 * @param {string} content File contents.
 * @return {{headers: Object, translations: Map<string, Object>, fileComment: string}} Its headers
 *         (name → value, in order) and entries by key.
 */
function readPo( content ) {
	const parsed = gettextParser.po.parse( content, 'utf-8' );
	const headerBlock = ( parsed.translations[ '' ] &&
		parsed.translations[ '' ][ '' ] ) || { msgstr: [ '' ] };
	const headers = {};
	for ( const line of headerBlock.msgstr[ 0 ].split( '\n' ) ) {
		const colon = line.indexOf( ':' );
		if ( colon > 0 ) {
			headers[ line.slice( 0, colon ).trim() ] = line
				.slice( colon + 1 )
				.trim();
		}
	}
	const translations = new Map();
	for ( const [ context, messages ] of Object.entries(
		parsed.translations
	) ) {
		for ( const [ msgid, message ] of Object.entries( messages ) ) {
			if ( msgid !== '' ) {
				translations.set(
					context ? context + CONTEXT_GLUE + msgid : msgid,
					message
				);
			}
		}
	}
	const fileComment = content
		.split( '\n' )
		.filter( ( line, index, lines ) =>
			lines.slice( 0, index + 1 ).every( ( l ) => l.startsWith( '#' ) )
		)
		.map( ( line ) => line.replace( /^# ?/, '' ) )
		.join( '\n' );
	return { headers, translations, fileComment };
}

/**
 * A .po brought in line with the source: the source's entries, each with the translation the
 * .po had for it, or else the one a pending file has (translations written for strings that
 * other branches add, before they are merged), or else an empty one.
 *
 * @param {string}   content        The .po as it is.
 * @param {Object[]} entries        extractAll()'s result.
 * @param {string}   pendingContent The locale's pending-<locale>.po, or ''.
 * @return {string} The .po as it should be.
 */
function updatePo( content, entries, pendingContent = '' ) {
	const po = readPo( content );
	const pending = pendingContent
		? readPo( pendingContent ).translations
		: new Map();
	const merged = entries.map( ( entry ) => {
		const key = entryKey( entry );
		// A string that became or stopped being a plural is to be translated again.
		const found = [ po.translations.get( key ), pending.get( key ) ].find(
			( message ) =>
				message &&
				message.msgstr.some( ( text ) => text !== '' ) &&
				Boolean( message.msgid_plural ) ===
					Boolean( entry.msgid_plural )
		);
		return { ...entry, msgstr: found ? found.msgstr : [] };
	} );
	const headers = {
		...po.headers,
		'Project-Id-Version': `WPM User Sync ${ pluginVersion() }`,
	};
	return writePo( headers, merged, po.fileComment );
}

/**
 * The translations of a .po that are complete, by key.
 *
 * @param {Map<string, Object>} translations readPo()'s translations.
 * @return {Object[]} The messages whose every msgstr is filled in.
 */
function translatedMessages( translations ) {
	return [ ...translations.values() ].filter(
		( message ) =>
			message.msgstr.length > 0 &&
			message.msgstr.every( ( text ) => text !== '' )
	);
}

/**
 * The .mo for a .po: its complete translations only, so an untranslated string stays English.
 *
 * @param {string} content The .po.
 * @return {Buffer} The .mo.
 */
function makeMo( content ) {
	const po = readPo( content );
	const table = { charset: 'utf-8', headers: {}, translations: { '': {} } };
	for ( const [ name, value ] of Object.entries( po.headers ) ) {
		table.headers[ name ] = value;
	}
	table.translations[ '' ][ '' ] = {
		msgid: '',
		msgstr: [
			Object.entries( po.headers )
				.map( ( [ name, value ] ) => `${ name }: ${ value }\n` )
				.join( '' ),
		],
	};
	for ( const message of translatedMessages( po.translations ) ) {
		const context = message.msgctxt || '';
		table.translations[ context ] = table.translations[ context ] || {};
		table.translations[ context ][ message.msgid ] = message;
	}
	return gettextParser.mo.compile( table );
}

/**
 * The JSON translation files for each built script: only the strings of the source files the
 * script bundles.
 *
 * @param {string} content The .po.
 * @param {string} locale  E.g. es_ES.
 * @return {Object<string, string>} File name (in languages/) → contents.
 */
function makeJson( content, locale ) {
	const po = readPo( content );
	const messages = translatedMessages( po.translations );
	const files = {};
	for ( const [ name, entry ] of Object.entries( scriptEntries() ) ) {
		const script = `build/${ name }.js`;
		const sources = bundledFiles( entry );
		const localeData = {
			'': {
				domain: 'messages',
				lang: locale,
				'plural-forms': po.headers[ 'Plural-Forms' ],
			},
		};
		for ( const message of messages ) {
			const from = ( message.comments.reference || '' )
				.split( /\s+/ )
				.map( ( ref ) => ref.replace( /:\d+$/, '' ) );
			if ( from.some( ( file ) => sources.has( file ) ) ) {
				localeData[
					message.msgctxt
						? message.msgctxt + CONTEXT_GLUE + message.msgid
						: message.msgid
				] = message.msgstr;
			}
		}
		const json = {
			domain: 'messages',
			locale_data: { messages: localeData },
			source: script,
			generator: 'bin/i18n.js',
		};
		const md5 = crypto.createHash( 'md5' ).update( script ).digest( 'hex' );
		files[ `${ DOMAIN }-${ locale }-${ md5 }.json` ] =
			JSON.stringify( json ) + '\n';
	}
	return files;
}

/**
 * Every file this script makes, with what it should contain.
 *
 * @return {Map<string, string|Buffer>} Path relative to the plugin → contents.
 */
function expectedFiles() {
	const entries = extractAll();
	const files = new Map( [ [ POT_FILE, makePot( entries ) ] ] );
	const dir = path.join( ROOT, LANGUAGES );
	for ( const name of fs.readdirSync( dir ).sort() ) {
		const match = new RegExp( `^${ DOMAIN }-(\\w+)\\.po$` ).exec( name );
		if ( ! match ) {
			continue;
		}
		const pendingFile = path.join( dir, `pending-${ match[ 1 ] }.po` );
		const po = updatePo(
			fs.readFileSync( path.join( dir, name ), 'utf8' ),
			entries,
			fs.existsSync( pendingFile )
				? fs.readFileSync( pendingFile, 'utf8' )
				: ''
		);
		files.set( `${ LANGUAGES }/${ name }`, po );
		files.set(
			`${ LANGUAGES }/${ name.replace( /\.po$/, '.mo' ) }`,
			makeMo( po )
		);
		for ( const [ json, contents ] of Object.entries(
			makeJson( po, match[ 1 ] )
		) ) {
			files.set( `${ LANGUAGES }/${ json }`, contents );
		}
	}
	return files;
}

/**
 * Generated files of a locale that no build script asks for any more (a script renamed).
 *
 * @param {Map<string, string|Buffer>} expected expectedFiles()'s result.
 * @return {string[]} Paths relative to the plugin.
 */
function staleFiles( expected ) {
	return fs
		.readdirSync( path.join( ROOT, LANGUAGES ) )
		.filter( ( name ) =>
			new RegExp( `^${ DOMAIN }-\\w+-[0-9a-f]{32}\\.json$` ).test( name )
		)
		.map( ( name ) => `${ LANGUAGES }/${ name }` )
		.filter( ( file ) => ! expected.has( file ) );
}

/**
 * Writes the files, or with --check says which are out of date.
 */
function main() {
	const check = process.argv.includes( '--check' );
	const expected = expectedFiles();
	const outdated = [];
	for ( const [ file, contents ] of expected ) {
		const absolute = path.join( ROOT, file );
		const current = fs.existsSync( absolute )
			? fs.readFileSync( absolute )
			: null;
		if ( current && current.equals( Buffer.from( contents ) ) ) {
			continue;
		}
		outdated.push( file );
		if ( ! check ) {
			fs.writeFileSync( absolute, contents );
		}
	}
	for ( const file of staleFiles( expected ) ) {
		outdated.push( file );
		if ( ! check ) {
			fs.unlinkSync( path.join( ROOT, file ) );
		}
	}
	if ( check && outdated.length ) {
		process.stderr.write(
			`Out of date (run npm run i18n): ${ outdated.join( ', ' ) }\n`
		);
		process.exit( 1 );
	}
	process.stdout.write(
		outdated.length
			? `Updated: ${ outdated.join( ', ' ) }\n`
			: 'Translation files up to date.\n'
	);
}

if ( require.main === module ) {
	main();
}

module.exports = {
	DOMAIN,
	POT_FILE,
	entryKey,
	extractAll,
	extractPhp,
	extractTs,
	expectedFiles,
	makePot,
	readPo,
	scriptEntries,
	updatePo,
	bundledFiles,
	staleFiles,
};
