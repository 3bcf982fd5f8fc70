/**
 * WordPress dependencies
 */
import { ComboboxControl } from '@wordpress/components';
import { useEffect, useRef, useState } from '@wordpress/element';

/**
 * Internal dependencies
 */
import { SEARCH_DELAY } from '../sites/use-site-search';
import {
	type PeopleScope,
	type Person,
	personLabel,
	searchPeople,
} from './api';

interface Props {
	label: string;
	help?: string;
	/** The person chosen, or null. */
	value: Person | null;
	onChange: ( person: Person | null ) => void;
	/** People who may not be chosen (e.g. those being removed). */
	exclude?: number[];
	/** Whom the search finds. */
	scope: PeopleScope;
}

/**
 * Chooses one person by typing part of their name, login or email.
 *
 * @since 2.1.0
 *
 * @param props          Component props.
 * @param props.label    The field's label.
 * @param props.help     What the choice does.
 * @param props.value    The person chosen.
 * @param props.onChange Receives the new choice.
 * @param props.exclude  People who may not be chosen.
 * @param props.scope    Whom the search finds.
 */
export function PersonPicker( {
	label,
	help,
	value,
	onChange,
	exclude = [],
	scope,
}: Props ) {
	const [ term, setTerm ] = useState< string | null >( null );
	const [ found, setFound ] = useState< Person[] >( [] );
	const latest = useRef( 0 );

	useEffect( () => {
		if ( term === null ) {
			return;
		}
		const ask = ++latest.current;
		const timer = setTimeout( () => {
			searchPeople( scope, term ).then(
				( people ) => ask === latest.current && setFound( people ),
				() => ask === latest.current && setFound( [] )
			);
		}, SEARCH_DELAY );
		return () => clearTimeout( timer );
	}, [ scope, term ] );

	const people = [
		...( value ? [ value ] : [] ),
		...found.filter(
			( person ) =>
				person.id !== value?.id && ! exclude.includes( person.id )
		),
	];

	return (
		<ComboboxControl
			__nextHasNoMarginBottom
			__next40pxDefaultSize
			label={ label }
			help={ help }
			value={ value ? String( value.id ) : null }
			options={ people.map( ( person ) => ( {
				value: String( person.id ),
				label: personLabel( person ),
			} ) ) }
			onFilterValueChange={ setTerm }
			onChange={ ( id ) =>
				onChange(
					people.find( ( person ) => String( person.id ) === id ) ??
						null
				)
			}
		/>
	);
}
