/**
 * Numbers, lists, dates and lengths of time in the admin's language. Nothing here
 * knows what a sync is: job wording is in jobs/job-text.ts.
 */

/**
 * WordPress dependencies
 */
import { __, _n, _x, sprintf } from '@wordpress/i18n';

/**
 * The admin's language, as WordPress wrote it on the page (e.g. `de-DE`).
 */
function locale(): string | undefined {
	const lang =
		typeof document === 'undefined'
			? ''
			: document.documentElement.lang.trim();
	return lang || undefined;
}

/**
 * A number with the admin's digit grouping, e.g. "1,234" or "0.5".
 *
 * @param value          The number.
 * @param fractionDigits The most digits after the decimal point; none by default.
 */
export function formatNumber( value: number, fractionDigits = 0 ): string {
	return new Intl.NumberFormat( locale(), {
		maximumFractionDigits: fractionDigits,
	} ).format( value );
}

/**
 * Items in one phrase, as the admin's language lists them: "a, b and c".
 *
 * @param items The items.
 */
export function listText( items: readonly string[] ): string {
	return new Intl.ListFormat( locale(), {
		style: 'long',
		type: 'conjunction',
	} ).format( items );
}

/**
 * A time and date in the admin's language and the browser's time zone.
 *
 * @param iso ISO 8601 time, or null.
 * @return An em dash when there is no time.
 */
export function formatDate( iso: string | null ): string {
	const time = iso === null ? NaN : Date.parse( iso );
	if ( ! Number.isFinite( time ) ) {
		return '—';
	}
	return new Intl.DateTimeFormat( locale(), {
		dateStyle: 'medium',
		timeStyle: 'short',
	} ).format( time );
}

/**
 * A length of time in words: "45 seconds", "3 minutes 20 seconds", "2 hours 5 minutes";
 * "less than a second" for what took less.
 *
 * @param seconds How long.
 */
export function formatDuration( seconds: number ): string {
	if ( seconds < 1 ) {
		return __( 'less than a second', 'wpm-user-sync' );
	}
	const whole = Math.round( seconds );
	if ( whole < 60 ) {
		return sprintf(
			/* translators: %d: Number of seconds. */
			_n( '%d second', '%d seconds', whole, 'wpm-user-sync' ),
			whole
		);
	}
	const hours = Math.floor( whole / 3600 );
	const minutes = Math.floor( ( whole % 3600 ) / 60 );
	const rest = whole % 60;
	const minutesText = sprintf(
		/* translators: %d: Number of minutes. */
		_n( '%d minute', '%d minutes', minutes, 'wpm-user-sync' ),
		minutes
	);
	if ( hours === 0 ) {
		if ( rest === 0 ) {
			return minutesText;
		}
		return sprintf(
			/* translators: 1: Minutes, e.g. "3 minutes", 2: Seconds, e.g. "20 seconds". */
			_x( '%1$s %2$s', 'length of time', 'wpm-user-sync' ),
			minutesText,
			sprintf(
				/* translators: %d: Number of seconds. */
				_n( '%d second', '%d seconds', rest, 'wpm-user-sync' ),
				rest
			)
		);
	}
	const hoursText = sprintf(
		/* translators: %d: Number of hours. */
		_n( '%d hour', '%d hours', hours, 'wpm-user-sync' ),
		hours
	);
	if ( minutes === 0 ) {
		return hoursText;
	}
	return sprintf(
		/* translators: 1: Hours, e.g. "2 hours", 2: Minutes, e.g. "5 minutes". */
		_x( '%1$s %2$s', 'length of time', 'wpm-user-sync' ),
		hoursText,
		minutesText
	);
}
