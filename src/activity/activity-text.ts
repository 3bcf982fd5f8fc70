/**
 * What the Activity screens say about a change.
 */

/**
 * WordPress dependencies
 */
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type {
	ActivityCause,
	ActivityEntry,
	ActivityKind,
	ActivityVia,
} from './types';

/**
 * The kinds of change, in words, in the order the filter lists them.
 *
 * @since 2.1.0
 */
export function kindOptions(): Array< { value: ActivityKind; label: string } > {
	return [
		{ value: 'added', label: __( 'Added to a site', 'wpm-user-sync' ) },
		{
			value: 'removed',
			label: __( 'Removed from a site', 'wpm-user-sync' ),
		},
		{ value: 'role_changed', label: __( 'Role changed', 'wpm-user-sync' ) },
	];
}

/**
 * The causes, in words, in the order the filter lists them.
 *
 * @since 2.1.0
 */
export function causeOptions(): Array< {
	value: ActivityCause;
	label: string;
} > {
	return [
		{
			value: 'core',
			label: __( 'By hand or other code', 'wpm-user-sync' ),
		},
		{ value: 'sync', label: __( 'Manual sync', 'wpm-user-sync' ) },
		{
			value: 'new_user',
			label: __( 'New user automatic sync', 'wpm-user-sync' ),
		},
		{
			value: 'new_site',
			label: __( 'New site automatic sync', 'wpm-user-sync' ),
		},
		{
			value: 'role_change',
			label: __( 'Set user role automatic sync', 'wpm-user-sync' ),
		},
		{
			value: 'add_to_sites',
			label: __( 'Added to sites (People)', 'wpm-user-sync' ),
		},
		{
			value: 'remove_from_sites',
			label: __( 'Removed from sites (People)', 'wpm-user-sync' ),
		},
		{ value: 'undo', label: __( 'Undo of a job', 'wpm-user-sync' ) },
		{ value: 'reconcile', label: __( 'Reconcile', 'wpm-user-sync' ) },
	];
}

/**
 * A cause in words; a cause this screen does not know, as the server sent it.
 *
 * @since 2.1.0
 *
 * @param cause The cause.
 */
export function causeText( cause: string ): string {
	return (
		causeOptions().find( ( option ) => option.value === cause )?.label ??
		cause
	);
}

/**
 * Through what a change came, in words.
 *
 * @since 2.1.0
 *
 * @param via The channel.
 */
export function viaText( via: ActivityVia | string ): string {
	switch ( via ) {
		case 'web':
			return __( 'a screen', 'wpm-user-sync' );
		case 'rest':
			return __( 'the REST API', 'wpm-user-sync' );
		case 'cli':
			return __( 'WP-CLI', 'wpm-user-sync' );
		case 'cron':
			return __( 'WP-Cron', 'wpm-user-sync' );
		case 'code':
			return __( 'code', 'wpm-user-sync' );
		default:
			return via;
	}
}

/**
 * A role, or "no role" when there was none.
 *
 * @param role The role's slug, or null.
 */
function roleText( role: string | null ): string {
	return role || __( 'no role', 'wpm-user-sync' );
}

/**
 * The change, with the role before and after: "Added as editor",
 * "Removed (was author)", "Role changed: author → editor".
 *
 * @since 2.1.0
 *
 * @param entry The change.
 */
export function changeText(
	entry: Pick< ActivityEntry, 'kind' | 'roleBefore' | 'roleAfter' >
): string {
	switch ( entry.kind ) {
		case 'added':
			return sprintf(
				/* translators: %s: A role, e.g. "editor". */
				__( 'Added as %s', 'wpm-user-sync' ),
				roleText( entry.roleAfter )
			);
		case 'removed':
			return sprintf(
				/* translators: %s: A role, e.g. "editor". */
				__( 'Removed (was %s)', 'wpm-user-sync' ),
				roleText( entry.roleBefore )
			);
		default:
			return sprintf(
				/* translators: 1: The role before, 2: The role after. */
				__( 'Role changed: %1$s → %2$s', 'wpm-user-sync' ),
				roleText( entry.roleBefore ),
				roleText( entry.roleAfter )
			);
	}
}

/**
 * Who made the change: a person's name, or how it came when nobody did.
 *
 * @since 2.1.0
 *
 * @param entry The change.
 */
export function actorText(
	entry: Pick< ActivityEntry, 'actor' | 'via' >
): string {
	if ( entry.actor ) {
		return (
			entry.actor.name ||
			sprintf(
				/* translators: %d: A user ID. */
				__( 'User #%d', 'wpm-user-sync' ),
				entry.actor.id
			)
		);
	}
	return sprintf(
		/* translators: %s: How the change came, e.g. "WP-CLI" or "WP-Cron". */
		__( 'Nobody (%s)', 'wpm-user-sync' ),
		viaText( entry.via )
	);
}

/**
 * The person whose membership changed; "deleted account" when it is gone.
 *
 * @since 2.1.0
 *
 * @param user The person.
 */
export function personText( user: ActivityEntry[ 'user' ] ): string {
	const name = user.name.trim();
	if ( ! name && ! user.login ) {
		return sprintf(
			/* translators: %d: A user ID. */
			__( 'Deleted account #%d', 'wpm-user-sync' ),
			user.id
		);
	}
	return name && name !== user.login
		? `${ name } (${ user.login })`
		: user.login || name;
}

/**
 * A site by name, else by address, else by number.
 *
 * @since 2.1.0
 *
 * @param site The site.
 */
export function siteText( site: ActivityEntry[ 'site' ] ): string {
	return (
		site.name.trim() ||
		site.url ||
		sprintf(
			/* translators: %d: A site ID. */
			__( 'Deleted site #%d', 'wpm-user-sync' ),
			site.id
		)
	);
}
