/**
 * WordPress dependencies
 */
import { ComboboxControl } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { siteLabel } from '../shared/sites/site-text';
import type { Site } from '../shared/sites/types';
import { useSiteSearch } from '../shared/sites/use-site-search';

interface Props {
	value: Site | null;
	onChange: ( site: Site | null ) => void;
}

/**
 * Chooses one site of the network by typing part of its name or address.
 *
 * @since 2.1.0
 *
 * @param props          Component props.
 * @param props.value    The site chosen.
 * @param props.onChange Receives the new choice.
 */
export function SiteFilter( { value, onChange }: Props ) {
	const search = useSiteSearch( { initialTerm: null } );
	const sites = [
		...( value ? [ value ] : [] ),
		...search.sites.filter( ( site ) => site.id !== value?.id ),
	];
	return (
		<ComboboxControl
			__nextHasNoMarginBottom
			__next40pxDefaultSize
			label={ __( 'Site', 'wpm-user-sync' ) }
			value={ value ? String( value.id ) : null }
			options={ sites.map( ( site ) => ( {
				value: String( site.id ),
				label: siteLabel( site ),
			} ) ) }
			onFilterValueChange={ search.search }
			onChange={ ( id ) =>
				onChange(
					sites.find( ( site ) => String( site.id ) === id ) ?? null
				)
			}
		/>
	);
}
