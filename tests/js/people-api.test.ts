/**
 * Internal dependencies
 */
import {
	peopleFormProblem,
	peopleJob,
	type PeopleForm,
	personSitesPath,
} from '../../src/network-users/api';
import { screenProps } from '../../src/network-users/screen-props';
import { peoplePath } from '../../src/shared/people/api';
import {
	isPeopleJob,
	jobToShow,
	peopleJobToShow,
} from '../../src/shared/jobs/shown-job';
import { makeJob } from './fixtures';

function form( overrides: Partial< PeopleForm > ): PeopleForm {
	return {
		action: 'add',
		users: [ 4, 5 ],
		sites: [ 3 ],
		role: '',
		reassign: { keep: true },
		...overrides,
	};
}

describe( 'the jobs of the People screen', () => {
	it( 'adds to the sites chosen with each site’s default role when no role is chosen', () => {
		expect( peopleJob( form( {} ) ) ).toEqual( {
			type: 'add_to_sites',
			users: [ 4, 5 ],
			kind: 'sites',
			sites: [ 3 ],
		} );
	} );

	it( 'adds with the role chosen, and changes a role the same way', () => {
		expect( peopleJob( form( { role: 'editor' } ) ).role ).toBe( 'editor' );
		expect(
			peopleJob( form( { action: 'change-role', role: 'author' } ) )
		).toEqual( {
			type: 'add_to_sites',
			users: [ 4, 5 ],
			kind: 'sites',
			sites: [ 3 ],
			role: 'author',
		} );
	} );

	it( 'offboards from every site they belong to, handing their content to one person', () => {
		expect(
			peopleJob(
				form( {
					action: 'remove-all',
					sites: [ 3 ],
					role: 'editor',
					reassign: { keep: false, to: 8 },
				} )
			)
		).toEqual( {
			type: 'remove_from_sites',
			users: [ 4, 5 ],
			kind: 'network',
			reassign: { to: 8 },
		} );
	} );

	it( 'removes from the sites chosen, keeping content attributed unless someone is chosen', () => {
		expect( peopleJob( form( { action: 'remove' } ) ) ).toEqual( {
			type: 'remove_from_sites',
			users: [ 4, 5 ],
			kind: 'sites',
			sites: [ 3 ],
		} );
	} );

	it( 'removes with a person for each site, naming only the sites given one', () => {
		expect(
			peopleJob(
				form( {
					action: 'remove',
					sites: [ 3, 5 ],
					reassign: { keep: false, perSite: { 5: 8 } },
				} )
			)
		).toEqual( {
			type: 'remove_from_sites',
			users: [ 4, 5 ],
			kind: 'sites',
			sites: [ 3, 5 ],
			reassign: { perSite: { 5: 8 } },
		} );
	} );

	it( 'says what is missing before a preview', () => {
		expect( peopleFormProblem( form( { users: [] } ) ) ).toBe( 'users' );
		expect( peopleFormProblem( form( { sites: [] } ) ) ).toBe( 'sites' );
		expect(
			peopleFormProblem( form( { action: 'remove-all', sites: [] } ) )
		).toBeNull();
		expect(
			peopleFormProblem( form( { action: 'change-role', role: '' } ) )
		).toBe( 'role' );
		expect(
			peopleFormProblem(
				form( {
					action: 'remove',
					reassign: { keep: false, to: null },
				} )
			)
		).toBe( 'reassign' );
		expect(
			peopleFormProblem(
				form( {
					action: 'remove-all',
					reassign: { keep: false, perSite: {} },
				} )
			)
		).toBe( 'heirs' );
		expect( peopleFormProblem( form( {} ) ) ).toBeNull();
	} );

	it( 'searches every account of the network, or the members of the site', () => {
		expect( peoplePath( 'network', ' ana ' ) ).toBe(
			'/wp/v2/users?context=edit&per_page=20&_fields=id%2Cname%2Cusername&wpmus_scope=network&search=ana'
		);
		expect( peoplePath( 'site', '', [ 4, 5 ] ) ).toBe(
			'/wp/v2/users?context=edit&per_page=2&_fields=id%2Cname%2Cusername&include=4%2C5'
		);
	} );

	it( 'asks for a person’s sites a page at a time, with the search', () => {
		expect( personSitesPath( 7, ' lib ', 2 ) ).toBe(
			'/wpm-user-sync/v1/people/7/sites?search=lib&page=2&per_page=20'
		);
		expect( personSitesPath( 7, '', 1 ) ).toBe(
			'/wpm-user-sync/v1/people/7/sites?page=1&per_page=20'
		);
		expect( personSitesPath( 7, '', 1, 100 ) ).toBe(
			'/wpm-user-sync/v1/people/7/sites?page=1&per_page=100'
		);
	} );
} );

describe( 'what the page tells the People screen', () => {
	it( 'reads the people and the action of a bulk action', () => {
		expect(
			screenProps( {
				users: '4,x,4,5,-1',
				action: 'remove-all',
				activityUrl: 'a',
				canChange: '1',
			} )
		).toEqual( {
			user: null,
			users: [ 4, 5 ],
			action: 'remove-all',
			activityUrl: 'a',
			canChange: true,
		} );
	} );

	it( 'reads one person, and no action it does not know', () => {
		expect( screenProps( { user: '12', action: 'delete' } ) ).toEqual( {
			user: 12,
			users: [],
			action: null,
			activityUrl: '',
			canChange: false,
		} );
	} );
} );

describe( 'which job a panel carries on', () => {
	const offboarding = makeJob( {
		id: 30,
		type: 'remove_from_sites',
		kind: 'network',
		sites: null,
		status: 'running',
	} );

	it( 'leaves the People screen’s jobs out of the sync panels', () => {
		expect( isPeopleJob( offboarding ) ).toBe( true );
		expect( jobToShow( [ offboarding ], [ 'network' ], 30 ) ).toBeNull();
	} );

	it( 'shows a People panel the job it showed before a reload, of its type only', () => {
		expect(
			peopleJobToShow( [ offboarding ], 'remove_from_sites', 30 )
		).toBe( offboarding );
		expect(
			peopleJobToShow( [ offboarding ], 'add_to_sites', 30 )
		).toBeNull();
	} );
} );
