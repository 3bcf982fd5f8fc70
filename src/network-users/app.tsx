/**
 * WordPress dependencies
 */
import {
	Card,
	CardBody,
	CardHeader,
	Notice,
	Spinner,
} from '@wordpress/components';
import { useSelect } from '@wordpress/data';
import { useEffect, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import { addQueryArgs } from '@wordpress/url';

/**
 * Internal dependencies
 */
import { formatNumber, listText } from '../shared/format';
import { JOBS_PATH } from '../shared/jobs/api';
import type { Job } from '../shared/jobs/types';
import { fetchPeople, type Person, personLabel } from '../shared/people/api';
import { PersonPicker } from '../shared/people/person-picker';
import { store } from '../shared/store';
import { PeopleJobCard } from './people-job-card';
import { PersonSites } from './person-sites';
import type { PeopleAction, PersonSite } from './types';

/** The most people named on screen; the others are counted. */
const NAMED_PEOPLE = 20;

interface Props {
	/** One person, from the "Sites…" row action. */
	user: number | null;
	/** The people chosen with a bulk action of Network Admin → Users. */
	users: number[];
	/** The bulk action. */
	action: PeopleAction | null;
	/** Network Admin → WPM User Sync → Activity. */
	activityUrl: string;
	/** Whether the current user may add people to sites and remove them (super admins). */
	canChange: boolean;
}

/**
 * Why someone who manages the network's users sees no actions here.
 */
function SuperAdminsOnly() {
	return (
		<Notice status="info" isDismissible={ false }>
			{ __(
				'Only super admins can add people to sites, change their roles there or remove them.',
				'wpm-user-sync'
			) }
		</Notice>
	);
}

/**
 * The people of the screen, by name.
 *
 * @param ids User IDs.
 */
function usePeople( ids: number[] ): Person[] | null {
	const key = ids.slice( 0, NAMED_PEOPLE ).join( ',' );
	const [ people, setPeople ] = useState< Person[] | null >( null );
	useEffect( () => {
		const named = key ? key.split( ',' ).map( Number ) : [];
		fetchPeople( 'network', named ).then( setPeople, () =>
			setPeople( [] )
		);
	}, [ key ] );
	return people;
}

/**
 * The people a bulk action is about, in words.
 *
 * @param people The people found, by name.
 * @param count  How many were chosen.
 */
function peopleText( people: Person[], count: number ): string {
	const names = people.map( personLabel );
	if ( count > names.length ) {
		names.push(
			sprintf(
				/* translators: %s: Number of people. */
				_n(
					'%s other',
					'%s others',
					count - names.length,
					'wpm-user-sync'
				),
				formatNumber( count - names.length )
			)
		);
	}
	return listText( names );
}

interface ActionText {
	title: string;
	description: string;
}

/**
 * What each People action is called and does.
 *
 * @param action The action.
 */
function actionText( action: PeopleAction ): ActionText {
	switch ( action ) {
		case 'add':
			return {
				title: __( 'Add to sites', 'wpm-user-sync' ),
				description: __(
					'Adds them to the sites you select, with the role you choose or each site’s default role. Nobody’s existing role changes; people removed from a site before are added back, since you ask for it.',
					'wpm-user-sync'
				),
			};
		case 'change-role':
			return {
				title: __( 'Change their role', 'wpm-user-sync' ),
				description: __(
					'Gives them another role on the sites selected in the list above.',
					'wpm-user-sync'
				),
			};
		case 'remove':
			return {
				title: __( 'Remove from sites', 'wpm-user-sync' ),
				description: __(
					'Takes them out of the sites you select; their accounts stay. Super admins and a site’s last administrator are never removed. Nothing adds them back unless someone asks for it.',
					'wpm-user-sync'
				),
			};
		case 'remove-all':
			return {
				title: __( 'Remove from all sites', 'wpm-user-sync' ),
				description: __(
					'Offboarding: takes them out of every site they belong to; their accounts stay. Super admins and a site’s last administrator are never removed. Nothing adds them back unless someone asks for it.',
					'wpm-user-sync'
				),
			};
	}
}

/**
 * One person's sites, and what can be done with them.
 *
 * @param props             Component props.
 * @param props.user        The person's ID.
 * @param props.loaded      The jobs as the screen loaded.
 * @param props.activityUrl The Activity screen.
 * @param props.canChange   Whether the actions are shown.
 */
function PersonPanel( {
	user,
	loaded,
	activityUrl,
	canChange,
}: {
	user: number;
	loaded: Job[];
	activityUrl: string;
	canChange: boolean;
} ) {
	const people = usePeople( [ user ] );
	const person = people?.[ 0 ];
	const [ selected, setSelected ] = useState< PersonSite[] >( [] );
	const [ version, setVersion ] = useState( 0 );
	const changed = () => {
		setSelected( [] );
		setVersion( ( value ) => value + 1 );
	};
	const cards: PeopleAction[] = [
		'change-role',
		'remove',
		'add',
		'remove-all',
	];

	return (
		<>
			<section aria-labelledby="wpmus-person-title">
				<Card>
					<CardHeader>
						<h2
							id="wpmus-person-title"
							className="wpmus-screen__title"
						>
							{ person
								? sprintf(
										/* translators: %s: A person's name and login. */
										__( 'Sites of %s', 'wpm-user-sync' ),
										personLabel( person )
									)
								: sprintf(
										/* translators: %d: A user ID. */
										__(
											'Sites of user #%d',
											'wpm-user-sync'
										),
										user
									) }
						</h2>
						<a href={ addQueryArgs( activityUrl, { user } ) }>
							{ __( 'Their activity', 'wpm-user-sync' ) }
						</a>
					</CardHeader>
					<CardBody>
						{ people !== null && ! person && (
							<Notice status="warning" isDismissible={ false }>
								{ __(
									'This account was not found; it may have been deleted.',
									'wpm-user-sync'
								) }
							</Notice>
						) }
						<PersonSites
							user={ user }
							selected={ selected }
							onSelect={ setSelected }
							version={ version }
						/>
					</CardBody>
				</Card>
			</section>
			{ ! canChange && <SuperAdminsOnly /> }
			{ canChange &&
				cards.map( ( action ) => (
					<PeopleJobCard
						key={ action }
						action={ action }
						{ ...actionText( action ) }
						users={ [ user ] }
						chosenSites={
							action === 'change-role' || action === 'remove'
								? selected
								: undefined
						}
						loaded={ loaded }
						storageKey={ `wpmus-person-${ action }-job` }
						onFinished={ changed }
					/>
				) ) }
		</>
	);
}

/**
 * Network Admin → WPM User Sync → People: one person's sites (the "Sites…" row
 * action of Network Admin → Users), or a bulk action on the people chosen there.
 *
 * @since 2.1.0
 *
 * @param props             Component props.
 * @param props.user        One person.
 * @param props.users       The people of a bulk action.
 * @param props.action      The bulk action.
 * @param props.activityUrl The Activity screen.
 * @param props.canChange   Whether the current user may add and remove people.
 */
export function App( { user, users, action, activityUrl, canChange }: Props ) {
	const history = useSelect(
		( select ) => select( store ).getJobs( JOBS_PATH ),
		[]
	);
	const [ loaded, setLoaded ] = useState< Job[] | null >( null );
	useEffect( () => {
		if ( loaded === null && ( history.data !== null || history.error ) ) {
			setLoaded( history.data ?? [] );
		}
	}, [ loaded, history.data, history.error ] );
	const [ person, setPerson ] = useState< number | null >( user );
	const bulkPeople = usePeople( users );

	if ( loaded === null ) {
		return <Spinner />;
	}

	if ( action && users.length > 0 ) {
		return (
			<div className="wpmus-screen wpmus-people">
				<p className="wpmus-screen__description">
					{ bulkPeople === null
						? __( 'Loading the people chosen…', 'wpm-user-sync' )
						: sprintf(
								/* translators: %s: The people chosen, e.g. "Ana, Bo and 3 others". */
								__( 'People chosen: %s.', 'wpm-user-sync' ),
								peopleText( bulkPeople, users.length )
							) }
				</p>
				{ canChange ? (
					<PeopleJobCard
						action={ action }
						{ ...actionText( action ) }
						users={ users }
						loaded={ loaded }
						storageKey={ `wpmus-people-${ action }-job` }
					/>
				) : (
					<SuperAdminsOnly />
				) }
			</div>
		);
	}

	return (
		<div className="wpmus-screen wpmus-people">
			{ person === null ? (
				<Card>
					<CardBody>
						<p className="wpmus-screen__description">
							{ __(
								'Choose a person to see the sites they belong to. In Network Admin → Users, the “Sites…” link of each person and the bulk actions lead here too.',
								'wpm-user-sync'
							) }
						</p>
						<PersonPicker
							scope="network"
							label={ __( 'Person', 'wpm-user-sync' ) }
							value={ null }
							onChange={ ( chosen ) =>
								setPerson( chosen?.id ?? null )
							}
						/>
					</CardBody>
				</Card>
			) : (
				<PersonPanel
					key={ person }
					user={ person }
					loaded={ loaded }
					activityUrl={ activityUrl }
					canChange={ canChange }
				/>
			) }
		</div>
	);
}
