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
import type { Person } from '../shared/people/api';
import { SitePicker } from '../shared/sites/site-picker';
import type { Site } from '../shared/sites/types';
import { store } from '../shared/store';
import { peopleFormProblem, peopleJob, type PeopleForm } from './api';
import { ReassignControl } from './reassign-control';
import type { PeopleAction } from './types';

interface Props {
	action: PeopleAction;
	title: string;
	description: ReactNode;
	/** The people the job is about. */
	users: number[];
	/** Sites chosen elsewhere (a person's list); without them, the card has a site picker. */
	chosenSites?: number[];
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
		default:
			return '';
	}
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
	const [ handOver, setHandOver ] = useState( false );
	const [ inheritor, setInheritor ] = useState< Person | null >( null );
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

	const form: PeopleForm = {
		action,
		users,
		sites: chosenSites ?? sites.map( ( site ) => site.id ),
		role,
		reassign: handOver
			? { keep: false, to: inheritor?.id ?? null }
			: { keep: true },
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
					handOver={ handOver }
					inheritor={ inheritor }
					removed={ users }
					onChange={ ( next, person ) => {
						setHandOver( next );
						setInheritor( person );
					} }
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
