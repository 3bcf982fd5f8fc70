/**
 * WordPress dependencies
 */
import { Notice, Spinner } from '@wordpress/components';
import { useCallback } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { formatNumber } from '../shared/format';
import { previewSiteName } from '../shared/jobs/job-text';
import type { Person } from '../shared/people/api';
import { PersonPicker } from '../shared/people/person-picker';
import { usePaged } from '../shared/use-paged';
import { fetchPersonSites, MAX_HEIR_SITES } from './api';
import type { NamedSite } from './types';

/** Site ID => the person chosen to inherit the content there. */
export type Heirs = Record< string, Person >;

interface Props {
	/** The sites, in the order shown; only the first MAX_HEIR_SITES get a picker. */
	sites: NamedSite[];
	/** How many sites there are in all, when the server has more than it listed. */
	total?: number;
	heirs: Heirs;
	onChange: ( heirs: Heirs ) => void;
	/** The people being removed, who cannot inherit. */
	removed: number[];
}

/**
 * One person picker per site, labelled with the site's name: who inherits the
 * posts and pages of the people removed there. A site left empty keeps them
 * attributed.
 *
 * @since 2.1.0
 *
 * @param props          Component props.
 * @param props.sites    The sites.
 * @param props.total    How many sites there are in all (default: those listed).
 * @param props.heirs    The people chosen so far, by site.
 * @param props.onChange Receives the new choice.
 * @param props.removed  The people being removed.
 */
export function SiteHeirs( {
	sites,
	total = sites.length,
	heirs,
	onChange,
	removed,
}: Props ) {
	const shown = sites.slice( 0, MAX_HEIR_SITES );

	function choose( site: number, person: Person | null ) {
		const next = { ...heirs };
		if ( person ) {
			next[ String( site ) ] = person;
		} else {
			delete next[ String( site ) ];
		}
		onChange( next );
	}

	return (
		<fieldset className="wpmus-site-heirs">
			<legend className="wpmus-site-heirs__legend">
				{ __( 'Who inherits them on each site', 'wpm-user-sync' ) }
			</legend>
			<p className="wpmus-site-heirs__help">
				{ __(
					'Leave a site empty to keep the content there attributed to the people removed. Where the person chosen is not a member, it stays attributed too.',
					'wpm-user-sync'
				) }
			</p>
			{ shown.length === 0 && (
				<p>{ __( 'Select the sites first.', 'wpm-user-sync' ) }</p>
			) }
			{ shown.map( ( site ) => (
				<PersonPicker
					key={ site.id }
					scope="network"
					label={ previewSiteName( site ) }
					value={ heirs[ String( site.id ) ] ?? null }
					onChange={ ( person ) => choose( site.id, person ) }
					exclude={ removed }
				/>
			) ) }
			{ total > shown.length && (
				<Notice status="info" isDismissible={ false }>
					{ sprintf(
						/* translators: 1: Number of sites, 2: Number of sites listed. */
						_n(
							'%1$s site; only the first %2$s are listed here. On the others, the content stays attributed to the people removed.',
							'%1$s sites; only the first %2$s are listed here. On the others, the content stays attributed to the people removed.',
							total,
							'wpm-user-sync'
						),
						formatNumber( total ),
						formatNumber( shown.length )
					) }
				</Notice>
			) }
		</fieldset>
	);
}

/**
 * The heir pickers for the sites one person belongs to (offboarding), from the
 * first page of their memberships.
 *
 * @since 2.1.0
 *
 * @param props          Component props.
 * @param props.user     The person removed.
 * @param props.heirs    The people chosen so far, by site.
 * @param props.onChange Receives the new choice.
 */
export function PersonSiteHeirs( {
	user,
	heirs,
	onChange,
}: {
	user: number;
	heirs: Heirs;
	onChange: ( heirs: Heirs ) => void;
} ) {
	const load = useCallback(
		() => fetchPersonSites( user, '', 1, MAX_HEIR_SITES ),
		[ user ]
	);
	const list = usePaged( load );

	if ( list.error ) {
		return (
			<Notice status="error" isDismissible={ false }>
				{ list.error }
			</Notice>
		);
	}
	if ( list.isLoading ) {
		return <Spinner />;
	}
	if ( list.items.length === 0 ) {
		return <p>{ __( 'They belong to no site.', 'wpm-user-sync' ) }</p>;
	}
	return (
		<SiteHeirs
			sites={ list.items }
			total={ list.total }
			heirs={ heirs }
			onChange={ onChange }
			removed={ [ user ] }
		/>
	);
}
