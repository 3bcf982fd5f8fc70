/**
 * WordPress dependencies
 */
import {
	Button,
	Card,
	CardBody,
	Notice,
	SelectControl,
	TextControl,
} from '@wordpress/components';
import { useCallback, useEffect, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { formatDate, formatNumber } from '../shared/format';
import { JOBS_PATH } from '../shared/jobs/api';
import { UndoPanel, useUndo } from '../shared/jobs/undo-panel';
import { undoLabel } from '../shared/jobs/undo-text';
import { Pager } from '../shared/pager';
import { restNonce } from '../shared/request';
import { fetchPeople, type Person } from '../shared/people/api';
import { PersonPicker } from '../shared/people/person-picker';
import type { Site } from '../shared/sites/types';
import { usePaged } from '../shared/use-paged';
import {
	actorText,
	causeOptions,
	causeText,
	changeText,
	kindOptions,
	personText,
	siteText,
	viaText,
} from './activity-text';
import { exportHref, fetchActivity } from './api';
import { SiteFilter } from './site-filter';
import type {
	ActivityCause,
	ActivityEntry,
	ActivityFilters,
	ActivityKind,
	ActivityScope,
} from './types';

/** Where the tab keeps the undo the screen shows. */
const UNDO_KEY = 'wpmus-activity-undo-job';

interface Props {
	scope: ActivityScope;
	/** The export route's full URL. */
	exportUrl: string;
	/** The Actions screen, whose history lists the jobs. */
	historyUrl: string;
	/** A person to filter by from the start (`&user=` in the address). */
	initialUser?: number;
}

function JobLink( { job, historyUrl }: { job: number; historyUrl: string } ) {
	const text = sprintf(
		/* translators: %d: A job number. */
		__( 'Job #%d', 'wpm-user-sync' ),
		job
	);
	return historyUrl ? <a href={ historyUrl }>{ text }</a> : <>{ text }</>;
}

function Why( {
	entry,
	historyUrl,
	onUndo,
	undoBusy,
}: {
	entry: ActivityEntry;
	historyUrl: string;
	/** Undoes the entry's job; the button shows only where undo is offered. */
	onUndo?: ( job: number ) => void;
	undoBusy: boolean;
} ) {
	const job = entry.job;
	return (
		<>
			{ causeText( entry.cause ) }
			{ job !== null && (
				<>
					{ ' · ' }
					<JobLink job={ job } historyUrl={ historyUrl } />
					{ onUndo && (
						<>
							{ ' ' }
							<Button
								variant="link"
								onClick={ () => onUndo( job ) }
								disabled={ undoBusy }
								accessibleWhenDisabled
							>
								{ undoLabel( job ) }
							</Button>
						</>
					) }
				</>
			) }
			<span className="wpmus-activity__detail">
				{ entry.detail
					? sprintf(
							/* translators: 1: How the change came, e.g. "WP-CLI", 2: Where, e.g. "user-edit.php". */
							__( 'Through %1$s: %2$s', 'wpm-user-sync' ),
							viaText( entry.via ),
							entry.detail
						)
					: sprintf(
							/* translators: %s: How the change came, e.g. "WP-CLI". */
							__( 'Through %s', 'wpm-user-sync' ),
							viaText( entry.via )
						) }
			</span>
		</>
	);
}

/**
 * Network Admin or Site Admin → WPM User Sync → Activity: every change of
 * membership and role, newest first, with filters, paging and a CSV export.
 *
 * @since 2.1.0
 *
 * @param props             Component props.
 * @param props.scope       The network, or the site of the REST root.
 * @param props.exportUrl   The export route's full URL.
 * @param props.historyUrl  The Actions screen.
 * @param props.initialUser A person to filter by from the start.
 */
export function App( { scope, exportUrl, historyUrl, initialUser }: Props ) {
	const [ filters, setFilters ] = useState< ActivityFilters >(
		initialUser ? { user: initialUser } : {}
	);
	const [ page, setPage ] = useState( 1 );
	const [ person, setPerson ] = useState< Person | null >( null );
	const [ site, setSite ] = useState< Site | null >( null );
	const network = scope === 'network';

	// The person of the address, by name in the picker.
	useEffect( () => {
		if ( initialUser ) {
			fetchPeople( scope, [ initialUser ] ).then(
				( found ) => setPerson( found[ 0 ] ?? null ),
				() => undefined
			);
		}
	}, [ scope, initialUser ] );

	const load = useCallback(
		() => fetchActivity( scope, filters, page ),
		[ scope, filters, page ]
	);
	const list = usePaged( load );
	// Jobs are undone from the network's Activity (a site's administrators undo their
	// site's own syncs from its Actions screen).
	const undo = useUndo( JOBS_PATH, UNDO_KEY, null );

	function filter( changes: ActivityFilters ) {
		setFilters( ( before ) => ( { ...before, ...changes } ) );
		setPage( 1 );
	}

	return (
		<div className="wpmus-screen wpmus-activity">
			<p className="wpmus-screen__description">
				{ network
					? __(
							'Every membership added or removed and every role changed on the network’s sites, newest first: by this plugin, by people and by other code.',
							'wpm-user-sync'
						)
					: __(
							'Every membership added or removed and every role changed on this site, newest first: by this plugin, by people and by other code.',
							'wpm-user-sync'
						) }
			</p>
			<Card>
				<CardBody>
					<form
						className="wpmus-activity__filters"
						aria-label={ __(
							'Filter the activity',
							'wpm-user-sync'
						) }
						onSubmit={ ( event ) => event.preventDefault() }
					>
						<PersonPicker
							scope={ scope }
							label={ __( 'Person', 'wpm-user-sync' ) }
							value={ person }
							onChange={ ( chosen ) => {
								setPerson( chosen );
								filter( { user: chosen?.id } );
							} }
						/>
						{ network && (
							<SiteFilter
								value={ site }
								onChange={ ( chosen ) => {
									setSite( chosen );
									filter( { site: chosen?.id } );
								} }
							/>
						) }
						<SelectControl
							__nextHasNoMarginBottom
							__next40pxDefaultSize
							label={ __( 'Change', 'wpm-user-sync' ) }
							value={ filters.kind ?? '' }
							options={ [
								{
									value: '',
									label: __( 'All changes', 'wpm-user-sync' ),
								},
								...kindOptions(),
							] }
							onChange={ ( value: string ) =>
								filter( {
									kind: ( value || undefined ) as
										ActivityKind | undefined,
								} )
							}
						/>
						<SelectControl
							__nextHasNoMarginBottom
							__next40pxDefaultSize
							label={ __( 'Cause', 'wpm-user-sync' ) }
							value={ filters.cause ?? '' }
							options={ [
								{
									value: '',
									label: __( 'All causes', 'wpm-user-sync' ),
								},
								...causeOptions(),
							] }
							onChange={ ( value: string ) =>
								filter( {
									cause: ( value || undefined ) as
										ActivityCause | undefined,
								} )
							}
						/>
						<TextControl
							__nextHasNoMarginBottom
							__next40pxDefaultSize
							type="date"
							label={ __( 'From', 'wpm-user-sync' ) }
							value={ filters.after ?? '' }
							onChange={ ( value ) =>
								filter( { after: value || undefined } )
							}
						/>
						<TextControl
							__nextHasNoMarginBottom
							__next40pxDefaultSize
							type="date"
							label={ __( 'To', 'wpm-user-sync' ) }
							value={ filters.before ?? '' }
							onChange={ ( value ) =>
								filter( { before: value || undefined } )
							}
						/>
					</form>
					<div className="wpmus-screen__actions">
						<Button
							variant="secondary"
							href={ exportHref(
								exportUrl,
								scope,
								filters,
								restNonce()
							) }
						>
							{ __( 'Export CSV', 'wpm-user-sync' ) }
						</Button>
						<span className="wpmus-screen__hint">
							{ __(
								'Every change the filters show, on all pages.',
								'wpm-user-sync'
							) }
						</span>
					</div>
				</CardBody>
			</Card>
			{ network && <UndoPanel undo={ undo } storageKey={ UNDO_KEY } /> }
			{ list.error && (
				<Notice status="error" isDismissible={ false }>
					{ list.error }
				</Notice>
			) }
			<table
				className="widefat striped wpmus-jobs-table wpmus-activity__table"
				aria-busy={ list.isLoading }
			>
				<caption className="screen-reader-text">
					{ __( 'Changes, newest first', 'wpm-user-sync' ) }
				</caption>
				<thead>
					<tr>
						<th scope="col">{ __( 'Date', 'wpm-user-sync' ) }</th>
						{ network && (
							<th scope="col">
								{ __( 'Site', 'wpm-user-sync' ) }
							</th>
						) }
						<th scope="col">{ __( 'Person', 'wpm-user-sync' ) }</th>
						<th scope="col">{ __( 'Change', 'wpm-user-sync' ) }</th>
						<th scope="col">{ __( 'Who', 'wpm-user-sync' ) }</th>
						<th scope="col">{ __( 'Why', 'wpm-user-sync' ) }</th>
					</tr>
				</thead>
				<tbody>
					{ list.items.map( ( entry ) => (
						<tr key={ entry.id }>
							<td>{ formatDate( entry.date ) }</td>
							{ network && <td>{ siteText( entry.site ) }</td> }
							<td>{ personText( entry.user ) }</td>
							<td>{ changeText( entry ) }</td>
							<td>{ actorText( entry ) }</td>
							<td>
								<Why
									entry={ entry }
									historyUrl={ historyUrl }
									onUndo={ network ? undo.undo : undefined }
									undoBusy={ undo.busy }
								/>
							</td>
						</tr>
					) ) }
					{ ! list.isLoading && list.items.length === 0 && (
						<tr>
							<td colSpan={ network ? 6 : 5 }>
								{ __(
									'No change matches these filters.',
									'wpm-user-sync'
								) }
							</td>
						</tr>
					) }
				</tbody>
			</table>
			<Pager
				page={ page }
				totalPages={ list.totalPages }
				totalText={ sprintf(
					/* translators: %s: Number of changes. */
					_n(
						'%s change',
						'%s changes',
						list.total,
						'wpm-user-sync'
					),
					formatNumber( list.total )
				) }
				isLoading={ list.isLoading }
				onPage={ setPage }
			/>
		</div>
	);
}
