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
import { type Heirs, PersonSiteHeirs, SiteHeirs } from './site-heirs';
import type { NamedSite } from './types';

/** Where the content goes, as chosen on screen. */
export interface Reassignment {
	how: 'keep' | 'one' | 'per-site';
	/** For `one`: the person chosen, or null while unchosen. */
	inheritor: Person | null;
	/** For `per-site`: the people chosen, by site ID. */
	heirs: Heirs;
}

/**
 * Which sites get a heir each: the sites listed for the removal, the sites of
 * the one person offboarded, or none (several people offboarded belong to
 * different sites, unknown until the job runs).
 */
export type HeirSites = { listed: NamedSite[] } | { memberOf: number } | null;

interface Props {
	value: Reassignment;
	onChange: ( value: Reassignment ) => void;
	/** The people being removed, who cannot inherit. */
	removed: number[];
	heirSites: HeirSites;
}

/**
 * What happens to the posts and pages of the people removed: kept attributed
 * to them, given to one person on each site where that person is a member, or
 * given to a person chosen for each site.
 *
 * @since 2.1.0
 *
 * @param props           Component props.
 * @param props.value     The choice.
 * @param props.onChange  Receives the new choice.
 * @param props.removed   The people being removed.
 * @param props.heirSites Which sites get a heir each.
 */
export function ReassignControl( {
	value,
	onChange,
	removed,
	heirSites,
}: Props ) {
	const options = [
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
		...( heirSites
			? [
					{
						value: 'per-site',
						label: __(
							'Choose a person for each site',
							'wpm-user-sync'
						),
					},
				]
			: [] ),
	];
	const heirs = ( next: Heirs ) => onChange( { ...value, heirs: next } );

	return (
		<>
			<RadioControl
				label={ __( 'Their posts and pages', 'wpm-user-sync' ) }
				help={
					heirSites
						? undefined
						: __(
								'A person for each site can be chosen when one person is removed from all their sites; the people chosen here belong to different sites.',
								'wpm-user-sync'
							)
				}
				selected={ value.how }
				options={ options }
				onChange={ ( how ) =>
					onChange( {
						...value,
						how: how === 'one' || how === 'per-site' ? how : 'keep',
					} )
				}
			/>
			{ value.how === 'one' && (
				<PersonPicker
					scope="network"
					label={ __( 'Who inherits them', 'wpm-user-sync' ) }
					help={ __(
						'On sites where this person is not a member, the content stays attributed to the people removed; the preview counts those sites.',
						'wpm-user-sync'
					) }
					value={ value.inheritor }
					onChange={ ( person ) =>
						onChange( { ...value, inheritor: person } )
					}
					exclude={ removed }
				/>
			) }
			{ value.how === 'per-site' &&
				heirSites &&
				( 'listed' in heirSites ? (
					<SiteHeirs
						sites={ heirSites.listed }
						heirs={ value.heirs }
						onChange={ heirs }
						removed={ removed }
					/>
				) : (
					<PersonSiteHeirs
						user={ heirSites.memberOf }
						heirs={ value.heirs }
						onChange={ heirs }
					/>
				) ) }
		</>
	);
}
