/**
 * WordPress dependencies
 */
import { CheckboxControl } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

interface Props {
	checked: boolean;
	onChange: ( checked: boolean ) => void;
	/**
	 * Whose removals the sync may undo: a network sync undoes anyone's; a site
	 * administrator's sync only those made on that site by its own administrators.
	 */
	scope: 'network' | 'site';
}

/**
 * "Also add back people who were removed" (`addRemoved`), saying whose removals
 * it covers.
 *
 * @param props          Component props.
 * @param props.checked  Whether it is ticked.
 * @param props.onChange Receives the new value.
 * @param props.scope    A network sync, or a site administrator's.
 */
export function AddRemovedControl( { checked, onChange, scope }: Props ) {
	return scope === 'site' ? (
		<CheckboxControl
			__nextHasNoMarginBottom
			label={ __(
				'Also add back people who were removed from this site by its administrators',
				'wpm-user-sync'
			) }
			help={ __(
				'Off by default: when someone removed a person from this site, the sync respects it. People a network administrator removed are never added back from here; only a network administrator’s sync can do that.',
				'wpm-user-sync'
			) }
			checked={ checked }
			onChange={ onChange }
		/>
	) : (
		<CheckboxControl
			__nextHasNoMarginBottom
			label={ __(
				'Also add back people who were removed from a site by hand',
				'wpm-user-sync'
			) }
			help={ __(
				'Off by default: when someone removed a person from a site, the sync respects it. Ticked, it adds back people removed by a site’s administrators and by network administrators.',
				'wpm-user-sync'
			) }
			checked={ checked }
			onChange={ onChange }
		/>
	);
}
