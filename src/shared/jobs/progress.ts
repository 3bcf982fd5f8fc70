/**
 * The arithmetic of a running job's progress: percentage, rate and time left.
 * Pure functions, so the screen and the tests agree.
 */

/** What the screen saw at one moment: how many memberships were added by then. */
export interface ProgressSample {
	/** Milliseconds, the browser's clock. */
	at: number;
	added: number;
}

/** The rate is measured over the last half minute, so it follows changes of pace. */
export const RATE_WINDOW_MS = 30_000;

/** Below this, a window of samples is too short to measure a rate. */
export const MIN_RATE_SPAN_MS = 1_000;

/**
 * Keeps a new sample and forgets those that left the window.
 *
 * @param samples The samples so far, oldest first.
 * @param sample  The new one.
 */
export function addSample(
	samples: readonly ProgressSample[],
	sample: ProgressSample
): ProgressSample[] {
	const last = samples[ samples.length - 1 ];
	// A count that went down is a different run: start again.
	const kept =
		last && last.added > sample.added
			? []
			: samples.filter( ( { at } ) => sample.at - at <= RATE_WINDOW_MS );
	return [ ...kept, sample ];
}

/**
 * Memberships added per second.
 *
 * Measured on the screen's own samples when they span a second or more, since
 * they follow the current pace and do not depend on the server's clock; otherwise
 * the average since the job started, by the server's start time.
 *
 * @param samples   The samples, oldest first.
 * @param startedAt When the job started (ISO 8601), or null.
 * @param added     Memberships added so far.
 * @param now       The browser's clock, in milliseconds.
 * @return Null while there is nothing to measure.
 */
export function progressRate(
	samples: readonly ProgressSample[],
	startedAt: string | null,
	added: number,
	now: number
): number | null {
	const first = samples[ 0 ];
	const last = samples[ samples.length - 1 ];
	if ( first && last && last.at - first.at >= MIN_RATE_SPAN_MS ) {
		return ( ( last.added - first.added ) * 1000 ) / ( last.at - first.at );
	}
	if ( startedAt === null || added <= 0 ) {
		return null;
	}
	const elapsed = now - Date.parse( startedAt );
	if ( ! Number.isFinite( elapsed ) || elapsed < MIN_RATE_SPAN_MS ) {
		return null;
	}
	return ( added * 1000 ) / elapsed;
}

/**
 * Seconds until the job is done at this rate.
 *
 * @param total Memberships to add in all.
 * @param added Memberships added so far.
 * @param rate  Memberships per second, or null.
 * @return Null when it cannot be told.
 */
export function secondsLeft(
	total: number,
	added: number,
	rate: number | null
): number | null {
	if ( added >= total ) {
		return 0;
	}
	if ( rate === null || ! ( rate > 0 ) ) {
		return null;
	}
	return Math.ceil( ( total - added ) / rate );
}

/**
 * How far the job is, from 0 to 100. It reads 100 only when everything is added.
 *
 * @param added Memberships added.
 * @param total Memberships to add.
 */
export function percentDone( added: number, total: number ): number {
	if ( total <= 0 || added >= total ) {
		return 100;
	}
	return Math.max( 0, Math.min( 99, Math.floor( ( added * 100 ) / total ) ) );
}

/**
 * Seconds between two ISO 8601 times, or null when either is missing.
 *
 * @param from Start.
 * @param to   End.
 */
export function secondsBetween(
	from: string | null,
	to: string | null
): number | null {
	if ( from === null || to === null ) {
		return null;
	}
	const seconds = ( Date.parse( to ) - Date.parse( from ) ) / 1000;
	return Number.isFinite( seconds ) ? Math.max( 0, seconds ) : null;
}
