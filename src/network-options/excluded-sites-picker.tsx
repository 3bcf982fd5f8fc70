/**
 * WordPress dependencies
 */
import { ComboboxControl, Notice } from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { useId, useMemo, useRef } from '@wordpress/element';
import type { KeyboardEvent } from 'react';
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import {
	siteLabel,
	siteSearchHelp,
	unknownSiteLabel,
} from '../shared/sites/site-text';
import { ChosenSites } from '../shared/sites/chosen-sites';
import { useSiteSearch } from '../shared/sites/use-site-search';
import { store } from '../shared/store';

interface Props {
	/** IDs of the excluded sites. */
	value: number[];
	onChange: ( ids: number[] ) => void;
}

/**
 * Enter in the search box picks the highlighted site; when none is, it must not
 * submit the whole form.
 *
 * @param event The key press, after the combobox has handled it.
 */
function keepEnterInTheSearch( event: KeyboardEvent ) {
	if ( event.key === 'Enter' ) {
		event.preventDefault();
	}
}

/**
 * "Excluded sites": the sites chosen, each removable, and a search box that finds
 * more among thousands, a page at a time from the server.
 *
 * @param props          Component props.
 * @param props.value    IDs of the excluded sites.
 * @param props.onChange Receives the new list of IDs.
 */
export function ExcludedSitesPicker( { value, onChange }: Props ) {
	// Nothing is searched before the search box is used: a screen only read asks nothing.
	const search = useSiteSearch();
	// The names of the excluded sites, read once each by ID.
	const details = useSelect(
		( select ) => select( store ).getSiteDetails( value ),
		[ value ]
	);
	const { receiveSites } = useDispatch( store );
	const headingId = useId();
	const emptyRef = useRef< HTMLParagraphElement >( null );

	// Stable between renders: the combobox keeps the highlighted option by identity.
	const options = useMemo(
		() =>
			search.sites
				.filter( ( site ) => ! value.includes( site.id ) )
				.map( ( site ) => ( {
					value: String( site.id ),
					label: siteLabel( site ),
				} ) ),
		[ search.sites, value ]
	);

	function add( id: string | null ) {
		const site = search.sites.find(
			( found ) => String( found.id ) === id
		);
		if ( ! site || value.includes( site.id ) ) {
			return;
		}
		receiveSites( [ site ] );
		onChange( [ ...value, site.id ] );
	}

	function remove( index: number ) {
		onChange( value.filter( ( _, position ) => position !== index ) );
	}

	function labelOf( id: number ): string {
		const site = details.sites[ id ];
		return site
			? siteLabel( site )
			: unknownSiteLabel( id, details.missing.includes( id ) );
	}

	return (
		<div className="wpmus-excluded-sites">
			<h3 id={ headingId } className="wpmus-options__subtitle">
				{ __( 'Excluded sites', 'wpm-user-sync' ) }
			</h3>
			<p className="wpmus-options__description">
				{ __(
					'No sync ever adds anyone to these sites, and role changes made on other sites are not copied to them.',
					'wpm-user-sync'
				) }
			</p>
			{ value.length === 0 && (
				<p
					ref={ emptyRef }
					tabIndex={ -1 }
					className="wpmus-excluded-sites__empty"
				>
					{ __( 'No site is excluded.', 'wpm-user-sync' ) }
				</p>
			) }
			{ /* Mounted while empty too, so it can hand focus to the paragraph above. */ }
			<ChosenSites
				className="wpmus-excluded-sites__list"
				items={ value.map( ( id ) => ( {
					id,
					label: labelOf( id ),
				} ) ) }
				labelledBy={ headingId }
				isBusy={ details.isLoading }
				isDestructive
				removeLabel={ ( label ) =>
					sprintf(
						/* translators: %s: Site name and address. */
						__(
							'Remove %s from the excluded sites',
							'wpm-user-sync'
						),
						label
					)
				}
				onRemove={ remove }
				emptyFocus={ emptyRef }
			/>
			{ details.error && (
				<Notice status="warning" isDismissible={ false }>
					{ sprintf(
						/* translators: %s: Why the request failed. */
						__(
							'The names of the excluded sites could not be loaded. %s',
							'wpm-user-sync'
						),
						details.error
					) }
				</Notice>
			) }
			{ /* The combobox handles Enter first; this only stops it from submitting the form. */ }
			{ /* eslint-disable-next-line jsx-a11y/no-static-element-interactions */ }
			<div
				className="wpmus-excluded-sites__search"
				onKeyDown={ keepEnterInTheSearch }
			>
				<ComboboxControl
					__next40pxDefaultSize
					__nextHasNoMarginBottom
					label={ __( 'Exclude a site', 'wpm-user-sync' ) }
					placeholder={ __( 'Search the sites', 'wpm-user-sync' ) }
					help={ siteSearchHelp(
						search.searchFields,
						search.sites.length,
						search.total
					) }
					value={ null }
					options={ options }
					onChange={ add }
					onFilterValueChange={ search.search }
					isLoading={ search.isLoading }
					allowReset={ false }
					messages={ {
						selected: __( 'Site excluded.', 'wpm-user-sync' ),
					} }
				/>
			</div>
			{ search.error && (
				<Notice status="error" isDismissible={ false }>
					{ search.error }
				</Notice>
			) }
		</div>
	);
}
