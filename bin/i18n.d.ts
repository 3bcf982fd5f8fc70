/**
 * Types of bin/i18n.js, for the tests that import it.
 */

export interface Entry {
	msgctxt?: string;
	msgid: string;
	msgid_plural?: string;
	comments: string[];
	references: string[];
}

export interface Message {
	msgctxt?: string;
	msgid: string;
	msgid_plural?: string;
	msgstr: string[];
	comments?: { extracted?: string; reference?: string };
}

export interface Po {
	headers: Record< string, string >;
	translations: Map< string, Message >;
	fileComment: string;
}

export interface FoundString {
	msgctxt?: string;
	msgid: string;
	msgid_plural?: string;
	comment: string;
	reference: string;
}

export const DOMAIN: string;
export const POT_FILE: string;
export function entryKey( entry: { msgctxt?: string; msgid: string } ): string;
export function extractAll(): Entry[];
export function extractPhp( file: string, code: string ): FoundString[];
export function extractTs( file: string, code: string ): FoundString[];
export function expectedFiles(): Map< string, string | Buffer >;
export function makePot( entries: Entry[] ): string;
export function readPo( content: string ): Po;
export function updatePo(
	content: string,
	entries: Entry[],
	pendingContent?: string
): string;
export function scriptEntries(): Record< string, string >;
export function bundledFiles( entry: string ): Set< string >;
export function staleFiles(
	expected: Map< string, string | Buffer >
): string[];
