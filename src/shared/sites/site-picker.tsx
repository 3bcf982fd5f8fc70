/**
 * WordPress dependencies
 */
import {
	Button,
	CheckboxControl,
	Notice,
	SearchControl,
	Spinner,
} from '@wordpress/components';
import { useId, useRef } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { Pager } from '../pager';
import { ChosenSites } from './chosen-sites';
import { siteLabel } from './site-text';
import type { Site } from './types';
import { useSiteSearch } from './use-site-search';
import './site-picker.scss';

/** Sites on one page of the list. */
export const PICKER_PAGE_SIZE = 10;

interface Props {
	/** The sites chosen, in the order chosen. */
	selected: Site[];
	onChange: ( sites: Site[] ) => void;
	/** ID of a message about the choice (e.g. "Select at least one site"). */
	describedBy?: string;
}

/**
 * Chooses sites among thousands: a search box, a page of sites with a checkbox
 * each, page buttons, and the list of the sites chosen so far.
 *
 * @param props             Component props.
 * @param props.selected    The sites chosen.
 * @param props.onChange    Receives the new choice.
 * @param props.describedBy ID of a message about the choice.
 */
export function SitePicker( { selected, onChange, describedBy }: Props ) {
	const search = useSiteSearch( {
		initialTerm: '',
		pageSize: PICKER_PAGE_SIZE,
	} );
	const { page, setPage } = search;
	const term = search.term ?? '';
	const chosen = new Set( selected.map( ( site ) => site.id ) );
	const legendId = useId();
	const chosenId = useId();
	const chosenTitleRef = useRef< HTMLHeadingElement >( null );
	const totalPages = Math.max( 1, search.totalPages );

	function toggle( site: Site, checked: boolean ) {
		onChange(
			checked
				? [ ...selected, site ]
				: selected.filter( ( other ) => other.id !== site.id )
		);
	}

	function selectPage() {
		onChange( [
			...selected,
			...search.sites.filter( ( site ) => ! chosen.has( site.id ) ),
		] );
	}

	function remove( index: number ) {
		onChange( selected.filter( ( _, position ) => position !== index ) );
	}

	const allOnPageChosen =
		search.sites.length > 0 &&
		search.sites.every( ( site ) => chosen.has( site.id ) );

	return (
		<div className="wpmus-site-picker">
			<SearchControl
				__nextHasNoMarginBottom
				label={ __( 'Search the sites', 'wpm-user-sync' ) }
				hideLabelFromVision={ false }
				placeholder={ __( 'Name, domain or path', 'wpm-user-sync' ) }
				value={ term }
				onChange={ search.search }
			/>
			<fieldset
				className="wpmus-site-picker__page"
				aria-describedby={ describedBy }
				aria-busy={ search.isLoading }
			>
				<legend id={ legendId } className="wpmus-site-picker__legend">
					{ term.trim()
						? sprintf(
								/* translators: %s: The text searched for. */
								__( 'Sites matching “%s”', 'wpm-user-sync' ),
								term.trim()
							)
						: __( 'Sites of the network', 'wpm-user-sync' ) }
				</legend>
				{ search.sites.map( ( site ) => (
					<CheckboxControl
						key={ site.id }
						__nextHasNoMarginBottom
						label={ siteLabel( site ) }
						checked={ chosen.has( site.id ) }
						onChange={ ( checked ) => toggle( site, checked ) }
					/>
				) ) }
				{ search.isLoading && search.sites.length === 0 && <Spinner /> }
				{ ! search.isLoading &&
					! search.error &&
					search.sites.length === 0 && (
						<p className="wpmus-site-picker__empty">
							{ __( 'No site matches.', 'wpm-user-sync' ) }
						</p>
					) }
			</fieldset>
			{ search.error && (
				<Notice status="error" isDismissible={ false }>
					{ search.error }
				</Notice>
			) }
			<Pager
				page={ page }
				totalPages={ totalPages }
				totalText={ sprintf(
					/* translators: %d: Number of sites. */
					_n( '%d site', '%d sites', search.total, 'wpm-user-sync' ),
					search.total
				) }
				isLoading={ search.isLoading }
				onPage={ setPage }
				spinner={ search.sites.length > 0 }
			>
				<Button
					variant="link"
					onClick={ selectPage }
					disabled={ allOnPageChosen || search.sites.length === 0 }
					accessibleWhenDisabled
				>
					{ __( 'Select all on this page', 'wpm-user-sync' ) }
				</Button>
			</Pager>
			<h3
				id={ chosenId }
				ref={ chosenTitleRef }
				tabIndex={ -1 }
				className="wpmus-site-picker__chosen-title"
			>
				{ selected.length === 0
					? __( 'No site selected yet', 'wpm-user-sync' )
					: sprintf(
							/* translators: %d: Number of sites. */
							_n(
								'%d site selected',
								'%d sites selected',
								selected.length,
								'wpm-user-sync'
							),
							selected.length
						) }
			</h3>
			<ChosenSites
				items={ selected.map( ( site ) => ( {
					id: site.id,
					label: siteLabel( site ),
				} ) ) }
				labelledBy={ chosenId }
				removeLabel={ ( label ) =>
					sprintf(
						/* translators: %s: Site name and address. */
						__( 'Remove %s from the selection', 'wpm-user-sync' ),
						label
					)
				}
				onRemove={ remove }
				emptyFocus={ chosenTitleRef }
			/>
			{ selected.length > 1 && (
				<Button
					variant="link"
					isDestructive
					onClick={ () => {
						onChange( [] );
						chosenTitleRef.current?.focus();
					} }
				>
					{ __( 'Clear the selection', 'wpm-user-sync' ) }
				</Button>
			) }
		</div>
	);
}
