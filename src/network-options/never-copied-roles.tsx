/**
 * WordPress dependencies
 */
import { CheckboxControl, Notice, Spinner } from '@wordpress/components';
import { useSelect } from '@wordpress/data';
import { useId } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { store } from '../shared/store';
import { rolesToList } from './role-list';

interface Props {
	/** Slugs of the roles ticked. */
	value: string[];
	onChange: ( slugs: string[] ) => void;
}

/**
 * "Roles never copied by the role trigger": one checkbox per role.
 *
 * @param props          Component props.
 * @param props.value    Slugs of the roles ticked.
 * @param props.onChange Receives the new list of slugs.
 */
export function NeverCopiedRoles( { value, onChange }: Props ) {
	// Preloaded with the screen.
	const { data: roles, error } = useSelect(
		( select ) => select( store ).getRoles(),
		[]
	);
	const descriptionId = useId();

	function toggle( slug: string, checked: boolean ) {
		onChange(
			checked
				? [ ...value, slug ]
				: value.filter( ( chosen ) => chosen !== slug )
		);
	}

	let content;
	if ( error ) {
		content = (
			<Notice status="error" isDismissible={ false }>
				{ error }
			</Notice>
		);
	} else if ( ! roles ) {
		content = <Spinner />;
	} else {
		content = (
			<div className="wpmus-roles__list">
				{ rolesToList( roles, value ).map( ( role ) => (
					<CheckboxControl
						key={ role.slug }
						__nextHasNoMarginBottom
						label={ role.name }
						checked={ value.includes( role.slug ) }
						onChange={ ( checked ) => toggle( role.slug, checked ) }
					/>
				) ) }
			</div>
		);
	}

	return (
		<fieldset className="wpmus-roles" aria-describedby={ descriptionId }>
			<legend className="wpmus-options__subtitle">
				{ __(
					'Roles never copied by the role trigger',
					'wpm-user-sync'
				) }
			</legend>
			<p id={ descriptionId } className="wpmus-options__description">
				{ __(
					'When someone is given one of these roles on a site, the change stays on that site: “Set user role automatic sync” does not copy it to the other sites they belong to.',
					'wpm-user-sync'
				) }
			</p>
			{ content }
		</fieldset>
	);
}
