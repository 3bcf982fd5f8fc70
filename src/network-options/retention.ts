/**
 * How long the activity log keeps what it recorded, as Options edits it.
 */

/** The bounds of `activityRetentionDays` (includes/Settings.php). */
export const RETENTION_MIN_DAYS = 1;
export const RETENTION_MAX_DAYS = 3650;

/**
 * The number of days typed, or null when it is not a whole number within the bounds.
 *
 * @param text What the field holds.
 */
export function retentionDays( text: string ): number | null {
	const trimmed = text.trim();
	if ( ! /^\d+$/.test( trimmed ) ) {
		return null;
	}
	const days = Number( trimmed );
	return days >= RETENTION_MIN_DAYS && days <= RETENTION_MAX_DAYS
		? days
		: null;
}
