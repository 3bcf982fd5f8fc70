/**
 * WordPress dependencies
 */
import { CheckboxControl, Notice, SearchControl } from '@wordpress/components';
import { useCallback, useEffect, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { formatNumber } from '../shared/format';
import { previewSiteName } from '../shared/jobs/job-text';
import { Pager } from '../shared/pager';
import { SiteRowHeader } from '../shared/sites/site-row-header';
import { SEARCH_DELAY } from '../shared/sites/use-site-search';
import { usePaged } from '../shared/use-paged';
import { fetchPersonSites } from './api';
import type { PersonSite } from './types';

interface Props {
	user: number;
	/** The sites ticked, on any page. */
	selected: PersonSite[];
	onSelect: ( sites: PersonSite[] ) => void;
	/** Changes whenever the person's memberships may have changed. */
	version: number;
}

/**
 * The sites a person belongs to, with their roles: searchable, paged, each with
 * a checkbox for the actions below the list.
 *
 * @since 2.1.0
 *
 * @param props          Component props.
 * @param props.user     The person's ID.
 * @param props.selected The sites ticked.
 * @param props.onSelect Receives the new choice.
 * @param props.version  Reads the list again when it changes.
 */
export function PersonSites( { user, selected, onSelect, version }: Props ) {
	const [ typed, setTyped ] = useState( '' );
	const [ search, setSearch ] = useState( '' );
	const [ page, setPage ] = useState( 1 );

	// Typing waits for a pause before asking.
	useEffect( () => {
		const timer = setTimeout( () => {
			setSearch( typed );
			setPage( 1 );
		}, SEARCH_DELAY );
		return () => clearTimeout( timer );
	}, [ typed ] );

	const load = useCallback(
		() => fetchPersonSites( user, search, page ),
		// A new version reads the same page again.
		// eslint-disable-next-line react-hooks/exhaustive-deps
		[ user, search, page, version ]
	);
	const list = usePaged( load );
	const chosen = new Set( selected.map( ( site ) => site.id ) );

	function toggle( site: PersonSite, checked: boolean ) {
		onSelect(
			checked
				? [ ...selected, site ]
				: selected.filter( ( other ) => other.id !== site.id )
		);
	}

	return (
		<div className="wpmus-person-sites">
			<SearchControl
				__nextHasNoMarginBottom
				label={ __( 'Search their sites', 'wpm-user-sync' ) }
				hideLabelFromVision={ false }
				placeholder={ __( 'Name, domain or path', 'wpm-user-sync' ) }
				value={ typed }
				onChange={ setTyped }
			/>
			{ list.error && (
				<Notice status="error" isDismissible={ false }>
					{ list.error }
				</Notice>
			) }
			<table
				className="widefat striped wpmus-jobs-table"
				aria-busy={ list.isLoading }
			>
				<caption className="screen-reader-text">
					{ __( 'The sites they belong to', 'wpm-user-sync' ) }
				</caption>
				<thead>
					<tr>
						<td className="check-column">
							<span className="screen-reader-text">
								{ __( 'Select', 'wpm-user-sync' ) }
							</span>
						</td>
						<th scope="col">{ __( 'Site', 'wpm-user-sync' ) }</th>
						<th scope="col">{ __( 'Role', 'wpm-user-sync' ) }</th>
					</tr>
				</thead>
				<tbody>
					{ list.items.map( ( site ) => (
						<tr key={ site.id }>
							<td>
								<CheckboxControl
									__nextHasNoMarginBottom
									aria-label={ sprintf(
										/* translators: %s: A site's name. */
										__( 'Select %s', 'wpm-user-sync' ),
										previewSiteName( site )
									) }
									checked={ chosen.has( site.id ) }
									onChange={ ( checked ) =>
										toggle( site, checked )
									}
								/>
							</td>
							<SiteRowHeader site={ site } />
							<td>
								{ site.roles.join( ', ' ) ||
									__( 'no role', 'wpm-user-sync' ) }
								{ site.isLastAdministrator && (
									<span className="wpmus-jobs-table__url">
										{ __(
											'The site’s last administrator: not removed from it',
											'wpm-user-sync'
										) }
									</span>
								) }
							</td>
						</tr>
					) ) }
					{ ! list.isLoading && list.items.length === 0 && (
						<tr>
							<td colSpan={ 3 }>
								{ search.trim()
									? __( 'No site matches.', 'wpm-user-sync' )
									: __(
											'They belong to no site.',
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
					/* translators: %s: Number of sites. */
					_n( '%s site', '%s sites', list.total, 'wpm-user-sync' ),
					formatNumber( list.total )
				) }
				isLoading={ list.isLoading }
				onPage={ setPage }
			/>
		</div>
	);
}
