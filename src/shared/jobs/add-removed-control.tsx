/**
 * WordPress dependencies
 */
import { CheckboxControl } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

interface Props {
	checked: boolean;
	onChange: ( checked: boolean ) => void;
}

/**
 * "Also add back people who were removed from a site by hand" (`addRemoved`).
 *
 * @param props          Component props.
 * @param props.checked  Whether it is ticked.
 * @param props.onChange Receives the new value.
 */
export function AddRemovedControl( { checked, onChange }: Props ) {
	return (
		<CheckboxControl
			__nextHasNoMarginBottom
			label={ __(
				'Also add back people who were removed from a site by hand',
				'wpm-user-sync'
			) }
			help={ __(
				'Off by default: when someone removed a person from a site, the sync respects it.',
				'wpm-user-sync'
			) }
			checked={ checked }
			onChange={ onChange }
		/>
	);
}
