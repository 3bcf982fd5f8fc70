/**
 * WordPress dependencies
 */
import { Notice, SelectControl } from '@wordpress/components';
import { useSelect } from '@wordpress/data';
import { useEffect, useId, useState } from '@wordpress/element';
import type { ReactNode } from 'react';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { JOBS_PATH } from '../shared/jobs/api';
import { JobCard } from '../shared/jobs/job-card';
import { peopleJobToShow, shownJobStore } from '../shared/jobs/shown-job';
import type { Job } from '../shared/jobs/types';
import { useJob } from '../shared/jobs/use-job';
import { SitePicker } from '../shared/sites/site-picker';
import type { Site } from '../shared/sites/types';
import { store } from '../shared/store';
import { peopleFormProblem, peopleJob, type PeopleForm } from './api';
import {
	type HeirSites,
	ReassignControl,
	type Reassignment,
} from './reassign-control';
import type { NamedSite, PeopleAction, ReassignChoice } from './types';

interface Props {
	action: PeopleAction;
	title: string;
	description: ReactNode;
	/** The people the job is about. */
	users: number[];
	/** Sites chosen elsewhere (a person's list); without them, the card has a site picker. */
	chosenSites?: NamedSite[];
	/** The jobs as the screen loaded. */
	loaded: Job[];
	storageKey: string;
	/** Told when a job of this card ends (the lists shown may have changed). */
	onFinished?: () => void;
}

/**
 * What is missing, in words.
 *
 * @param problem What peopleFormProblem() found.
 */
function problemText( problem: ReturnType< typeof peopleFormProblem > ) {
	switch ( problem ) {
		case 'users':
			return __( 'Select at least one person.', 'wpm-user-sync' );
		case 'sites':
			return __( 'Select at least one site.', 'wpm-user-sync' );
		case 'role':
			return __( 'Choose the new role.', 'wpm-user-sync' );
		case 'reassign':
			return __(
				'Choose who inherits their posts and pages, or keep them attributed.',
				'wpm-user-sync'
			);
		case 'heirs':
			return __(
				'Choose who inherits their posts and pages on at least one site, or keep them attributed.',
				'wpm-user-sync'
			);
		default:
			return '';
	}
}

/**
 * The reassignment a removal sends. Per site: only the sites given a heir and,
 * for a list of sites, only those still listed (a site unticked after its heir
 * was chosen is left out).
 *
 * @param reassignment What the screen holds.
 * @param heirSites    Which sites get a heir each.
 */
function reassignChoice(
	reassignment: Reassignment,
	heirSites: HeirSites
): ReassignChoice {
	if ( reassignment.how === 'one' ) {
		return { keep: false, to: reassignment.inheritor?.id ?? null };
	}
	if ( reassignment.how !== 'per-site' || heirSites === null ) {
		return { keep: true };
	}
	const listed =
		'listed' in heirSites
			? new Set( heirSites.listed.map( ( site ) => String( site.id ) ) )
			: null;
	const perSite: Record< string, number > = {};
	for ( const [ site, person ] of Object.entries( reassignment.heirs ) ) {
		if ( listed === null || listed.has( site ) ) {
			perSite[ site ] = person.id;
		}
	}
	return { keep: false, perSite };
}

/**
 * One People action as a job: its form (sites, role, reassignment), then the
 * preview → confirm → progress → summary flow of the jobs.
 *
 * @since 2.1.0
 *
 * @param props             Component props.
 * @param props.action      What it does.
 * @param props.title       Its name.
 * @param props.description What it does, in words.
 * @param props.users       The people.
 * @param props.chosenSites Sites chosen elsewhere.
 * @param props.loaded      The jobs as the screen loaded.
 * @param props.storageKey  Where the tab keeps the job shown.
 * @param props.onFinished  Told when a job ends.
 */
export function PeopleJobCard( {
	action,
	title,
	description,
	users,
	chosenSites,
	loaded,
	storageKey,
	onFinished,
}: Props ) {
	const flow = useJob( JOBS_PATH, storageKey );
	const removal = action === 'remove' || action === 'remove-all';
	const [ resume ] = useState( () =>
		peopleJobToShow(
			loaded,
			removal ? 'remove_from_sites' : 'add_to_sites',
			shownJobStore.get( storageKey )
		)
	);
	const [ sites, setSites ] = useState< Site[] >( [] );
	const [ role, setRole ] = useState( '' );
	const [ reassignment, setReassignment ] = useState< Reassignment >( {
		how: 'keep',
		inheritor: null,
		heirs: {},
	} );
	const [ problem, setProblem ] =
		useState< ReturnType< typeof peopleFormProblem > >( null );
	const messageId = useId();
	const roles = useSelect(
		( select ) => ( removal ? null : select( store ).getRoles() ),
		[ removal ]
	);

	const status = flow.job?.status;
	useEffect( () => {
		if (
			status === 'done' ||
			status === 'cancelled' ||
			status === 'failed'
		) {
			onFinished?.();
		}
		// Once per ending, not at every new callback.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [ status ] );

	const listed = chosenSites ?? sites;
	let heirSites: HeirSites = null;
	if ( action === 'remove' ) {
		heirSites = { listed };
	} else if ( action === 'remove-all' && users.length === 1 ) {
		heirSites = { memberOf: users[ 0 ]! };
	}
	const form: PeopleForm = {
		action,
		users,
		sites: listed.map( ( site ) => site.id ),
		role,
		reassign: reassignChoice( reassignment, heirSites ),
	};

	function preview() {
		const found = peopleFormProblem( form );
		setProblem( found );
		if ( found === null ) {
			flow.create( peopleJob( form ) );
		}
	}

	const roleOptions = ( roles?.data ?? [] ).map( ( known ) => ( {
		value: known.slug,
		label: known.name,
	} ) );

	return (
		<JobCard
			title={ title }
			description={ description }
			flow={ flow }
			resume={ resume }
			storageKey={ storageKey }
			onPreview={ preview }
		>
			{ chosenSites === undefined && action !== 'remove-all' && (
				<SitePicker
					selected={ sites }
					onChange={ setSites }
					describedBy={ problem ? messageId : undefined }
				/>
			) }
			{ ( action === 'add' || action === 'change-role' ) && (
				<SelectControl
					__nextHasNoMarginBottom
					__next40pxDefaultSize
					label={
						action === 'add'
							? __( 'Role', 'wpm-user-sync' )
							: __( 'New role', 'wpm-user-sync' )
					}
					help={
						action === 'add'
							? __(
									'A site that does not define the role is skipped, with the reason.',
									'wpm-user-sync'
								)
							: __(
									'On the sites selected in the list above. A site that does not define the role is skipped, with the reason.',
									'wpm-user-sync'
								)
					}
					value={ role }
					options={ [
						{
							value: '',
							label:
								action === 'add'
									? __(
											'Each site’s default role',
											'wpm-user-sync'
										)
									: __( 'Choose a role', 'wpm-user-sync' ),
						},
						...roleOptions,
					] }
					onChange={ setRole }
				/>
			) }
			{ removal && (
				<ReassignControl
					value={ reassignment }
					onChange={ setReassignment }
					removed={ users }
					heirSites={ heirSites }
				/>
			) }
			<div id={ messageId }>
				{ problem && (
					<Notice status="warning" isDismissible={ false }>
						{ problemText( problem ) }
					</Notice>
				) }
			</div>
		</JobCard>
	);
}
