/**
 * Internal dependencies
 */
import {
	confirmLabel,
	jobScopeText,
	jobVerb,
	notedText,
	previewSummaryText,
	resultText,
	skipReasonText,
	skippedText,
} from '../../src/shared/jobs/job-text';
import { readyJob, runningJob } from './fixtures';

describe( 'the words of jobs that add or remove people', () => {
	it.each( [
		[ 'already_member', 2, '2 already members' ],
		[ 'not_member', 1, '1 not a member of the site' ],
		[ 'last_administrator', 1, '1 kept as the site’s last administrator' ],
	] )( 'has words for %s', ( reason, count, words ) => {
		expect( skipReasonText( reason, count ) ).toBe( words );
	} );

	it( 'says what some of the pairs done were, and nothing when there is nothing to say', () => {
		expect(
			notedText( {
				inheritor_not_member: 3,
				was_removed: 1,
				role_changed: 0,
			} )
		).toBe(
			'3 removed with their content kept attributed to them, because the person chosen to inherit it is not a member of the site and 1 removed from the site before, added back because you asked for it'
		);
		expect( notedText( { role_changed: 2 } ) ).toBe(
			'2 members already, given the new role'
		);
		expect( notedText( {} ) ).toBe( '' );
		expect( notedText( undefined ) ).toBe( '' );
	} );

	it( 'says why a super admin is not removed, and keeps what a sync says', () => {
		expect( skipReasonText( 'super_admin', 1, true ) ).toBe(
			'1 super admin (super admins are never removed from sites)'
		);
		expect( skipReasonText( 'super_admin', 1 ) ).toBe(
			'1 super admin (not included in Options)'
		);
		expect(
			skippedText( { super_admin: 1, last_administrator: 2 }, true, true )
		).toBe(
			'2 kept so that no site is left without an administrator and 1 super admin (super admins are never removed from sites)'
		);
	} );

	it( 'confirms, previews and ends a removal as a removal', () => {
		const removal = readyJob( {
			type: 'remove_from_sites',
			kind: 'network',
			sites: null,
		} );

		expect( confirmLabel( 12, 'remove' ) ).toBe( 'Remove 12 memberships' );
		expect( confirmLabel( 12 ) ).toBe( 'Add 12 memberships' );
		expect( previewSummaryText( removal ) ).toBe(
			'This will remove 12 memberships, on 2 sites. The accounts stay.'
		);
		expect( jobScopeText( removal ) ).toBe( 'Every site they belong to' );
		expect(
			resultText(
				runningJob( 12, {
					type: 'remove_from_sites',
					status: 'done',
				} ),
				3
			)
		).toBe( 'Done: removed 12 memberships in 3 seconds.' );
		expect(
			resultText(
				runningJob( 4, {
					type: 'remove_from_sites',
					status: 'cancelled',
				} ),
				null
			)
		).toBe(
			'Cancelled after removing 4 memberships. Those removals stay.'
		);
	} );

	it( 'says that a role given to people adds those not members and changes the others', () => {
		const roleChange = readyJob( { type: 'add_to_sites', role: 'editor' } );

		expect( jobVerb( roleChange ) ).toBe( 'set' );
		expect( jobVerb( readyJob( { type: 'add_to_sites' } ) ) ).toBe( 'add' );
		expect( confirmLabel( 1, 'set' ) ).toBe( 'Add or change 1 membership' );
		expect( previewSummaryText( roleChange ) ).toBe(
			'This will add or change 12 memberships, on 2 sites: people who are not members yet join as editor, members get editor.'
		);
	} );

	it( 'says when there is nothing to remove', () => {
		const nothing = readyJob( { type: 'remove_from_sites' } );
		nothing.preview.total = 0;

		expect( previewSummaryText( nothing ) ).toBe(
			'Nothing to remove: the people chosen are not members of these sites, or are protected there.'
		);
	} );
} );
