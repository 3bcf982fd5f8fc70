/**
 * WordPress dependencies
 */
import { RadioControl } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { Person } from '../shared/people/api';
import { PersonPicker } from '../shared/people/person-picker';

interface Props {
	/** Null: their content stays attributed to them. */
	inheritor: Person | null;
	/** Whether content goes to one person (then `inheritor` may still be unchosen). */
	handOver: boolean;
	onChange: ( handOver: boolean, inheritor: Person | null ) => void;
	/** The people being removed, who cannot inherit. */
	removed: number[];
}

/**
 * What happens to the posts and pages of the people removed: kept attributed
 * to them, or given to one person on each site where that person is a member.
 *
 * @since 2.1.0
 *
 * @param props           Component props.
 * @param props.inheritor The person chosen.
 * @param props.handOver  Whether content goes to one person.
 * @param props.onChange  Receives the new choice.
 * @param props.removed   The people being removed.
 */
export function ReassignControl( {
	inheritor,
	handOver,
	onChange,
	removed,
}: Props ) {
	return (
		<>
			<RadioControl
				label={ __( 'Their posts and pages', 'wpm-user-sync' ) }
				selected={ handOver ? 'one' : 'keep' }
				options={ [
					{
						value: 'keep',
						label: __(
							'Keep them attributed to the people removed',
							'wpm-user-sync'
						),
					},
					{
						value: 'one',
						label: __(
							'Give them to one person, on each site where that person is a member',
							'wpm-user-sync'
						),
					},
				] }
				onChange={ ( value ) => onChange( value === 'one', inheritor ) }
			/>
			{ handOver && (
				<PersonPicker
					scope="network"
					label={ __( 'Who inherits them', 'wpm-user-sync' ) }
					help={ __(
						'On sites where this person is not a member, the content stays attributed to the people removed; the preview counts those sites.',
						'wpm-user-sync'
					) }
					value={ inheritor }
					onChange={ ( person ) => onChange( true, person ) }
					exclude={ removed }
				/>
			) }
		</>
	);
}
