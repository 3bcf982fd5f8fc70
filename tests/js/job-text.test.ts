/**
 * Internal dependencies
 */
import {
	confirmLabel,
	jobScopeText,
	previewAgeText,
	previewSummaryText,
	rateText,
	resultText,
	skippedPhrases,
	skippedText,
	skipReasonText,
	staleText,
	statusText,
	timeLeftText,
	waitingText,
} from '../../src/shared/jobs/job-text';
import { makeJob, readyJob, runningJob } from './fixtures';

describe( 'skipReasonText', () => {
	it.each( [
		[ 'removed', 1, '1 removed from the site by hand' ],
		[ 'super_admin', 1, '1 super admin (not included in Options)' ],
		[ 'super_admin', 4, '4 super admins (not included in Options)' ],
		[ 'excluded', 2, '2 sites excluded in Options' ],
		[ 'vetoed', 3, '3 refused by another plugin' ],
		[
			'role_missing',
			1,
			'1 with no role to give (the site has neither its default role nor Subscriber)',
		],
		[ 'inactive', 2, '2 inactive accounts (spam or deleted)' ],
		[ 'not_allowed', 1, '1 not allowed for you' ],
		[
			'privileged_role',
			7,
			'7 not added because the site’s default role is privileged (it can manage users or options, or post unfiltered HTML), which this network does not let syncs give',
		],
		[
			'site_inactive',
			1,
			'1 site archived, spam or deactivated, where nothing is added',
		],
		[
			'site_inactive',
			3,
			'3 sites archived, spam or deactivated, where nothing is added',
		],
		[ 'something_new', 5, '5 skipped (something_new)' ],
	] )( 'says %s × %d in words', ( reason, count, words ) => {
		expect( skipReasonText( reason, count ) ).toBe( words );
	} );

	it( 'groups the digits of large counts', () => {
		expect( skipReasonText( 'removed', 12345 ) ).toBe(
			'12,345 removed from the site by hand'
		);
	} );
} );

describe( 'skippedText', () => {
	it( 'lists the reasons, most frequent first, leaving out zeros', () => {
		expect(
			skippedText( { removed: 1, super_admin: 4, excluded: 0 } )
		).toBe(
			'4 super admins (not included in Options) and 1 removed from the site by hand'
		);
	} );

	it( 'says "None" when nothing was skipped', () => {
		expect( skippedText( {} ) ).toBe( 'None' );
		expect( skippedText( { vetoed: 0 } ) ).toBe( 'None' );
	} );

	it( 'says of one site that it is archived, spam or deactivated, rather than counting it', () => {
		expect( skippedText( { site_inactive: 1 }, true ) ).toBe(
			'Site archived, spam or deactivated: nothing is added there'
		);
		expect( skippedText( { privileged_role: 4 }, true ) ).toContain(
			'4 not added because the site’s default role is privileged'
		);
	} );

	it( 'says of one site that it is excluded, rather than counting it', () => {
		expect( skippedPhrases( { excluded: 1 }, true ) ).toEqual( [
			'Site excluded in Options',
		] );
		expect( skippedPhrases( { excluded: 1 } ) ).toEqual( [
			'1 site excluded in Options',
		] );
	} );
} );

describe( 'previewSummaryText', () => {
	it( 'says how many memberships on how many sites', () => {
		expect( previewSummaryText( readyJob() ) ).toBe(
			'The sync will add 12 memberships, on 2 sites.'
		);
		expect(
			previewSummaryText(
				readyJob( {
					preview: { ...readyJob().preview, total: 1, siteCount: 1 },
				} )
			)
		).toBe( 'The sync will add 1 membership, on 1 site.' );
	} );

	it( 'says when there is nothing to add', () => {
		expect(
			previewSummaryText(
				readyJob( { preview: { ...readyJob().preview, total: 0 } } )
			)
		).toBe(
			'Nothing to add: everyone the sync may add is already a member.'
		);
	} );
} );

describe( 'confirmLabel', () => {
	it( 'names the number of memberships', () => {
		expect( confirmLabel( 1 ) ).toBe( 'Add 1 membership' );
		expect( confirmLabel( 1234 ) ).toBe( 'Add 1,234 memberships' );
	} );
} );

describe( 'jobScopeText', () => {
	it( 'names every site, a few selected sites, or a count', () => {
		expect(
			jobScopeText( makeJob( { kind: 'network', sites: null } ) )
		).toBe( 'All sites' );
		expect( jobScopeText( readyJob() ) ).toBe( 'Marketing and Library' );
		expect( jobScopeText( readyJob( { sites: [ 3, 5, 7, 9 ] } ) ) ).toBe(
			'4 sites'
		);
		// Names unknown while the preview has not reached the sites.
		expect( jobScopeText( makeJob() ) ).toBe( '2 sites' );
	} );

	it( 'names the site of a site job', () => {
		expect(
			jobScopeText(
				readyJob( {
					kind: 'site',
					sites: [ 3 ],
					preview: {
						...readyJob().preview,
						sites: [ readyJob().preview.sites[ 0 ]! ],
					},
				} )
			)
		).toBe( 'Marketing' );
		expect(
			jobScopeText( makeJob( { kind: 'site', sites: [ 3 ] } ) )
		).toBe( 'This site' );
	} );
} );

describe( 'statusText', () => {
	it( 'says where a job stands', () => {
		expect( statusText( makeJob() ) ).toBe( 'Previewing' );
		expect( statusText( readyJob() ) ).toBe( 'Waiting for confirmation' );
		expect( statusText( runningJob( 3 ) ) ).toBe( 'Running' );
		expect( statusText( runningJob( 12, { status: 'done' } ) ) ).toBe(
			'Done'
		);
		expect( statusText( runningJob( 3, { status: 'failed' } ) ) ).toBe(
			'Failed'
		);
	} );

	it( 'tells a discarded preview from a cancelled run', () => {
		expect( statusText( readyJob( { status: 'cancelled' } ) ) ).toBe(
			'Preview discarded'
		);
		expect( statusText( runningJob( 3, { status: 'cancelled' } ) ) ).toBe(
			'Cancelled'
		);
	} );
} );

describe( 'rateText and timeLeftText', () => {
	it( 'say the pace with a decimal only when it is slow', () => {
		expect( rateText( 1234.4 ) ).toBe( '1,234 memberships per second' );
		expect( rateText( 0.54 ) ).toBe( '0.5 memberships per second' );
		expect( rateText( 1 ) ).toBe( '1 membership per second' );
	} );

	it( 'say the time left, or that it is being estimated', () => {
		expect( timeLeftText( null ) ).toBe( 'Estimating the time left…' );
		expect( timeLeftText( 2 ) ).toBe( 'Almost done' );
		expect( timeLeftText( 95 ) ).toBe( 'About 1 minute 35 seconds left' );
	} );
} );

describe( 'resultText', () => {
	it( 'sums up a finished run with its duration', () => {
		expect(
			resultText(
				runningJob( 12, {
					status: 'done',
					finishedAt: '2026-11-25T07:41:04Z',
				} ),
				4
			)
		).toBe( 'Done: added 12 memberships in 4 seconds.' );
	} );

	it( 'says that what a cancelled run wrote stays', () => {
		expect(
			resultText( runningJob( 5, { status: 'cancelled' } ), 2 )
		).toBe(
			'Cancelled after adding 5 memberships. What was already added stays: those people remain members of their new sites.'
		);
		expect( resultText( readyJob( { status: 'cancelled' } ), null ) ).toBe(
			'The preview was discarded; nothing was added.'
		);
	} );

	it( 'names what a copied role change is about', () => {
		expect( jobScopeText( runningJob( 1, { type: 'copy_role' } ) ) ).toBe(
			'The other sites of a person whose role changed'
		);
	} );

	it( 'speaks of sites, not memberships, for a copied role change', () => {
		expect(
			resultText(
				runningJob( 4999, { status: 'done', type: 'copy_role' } ),
				3
			)
		).toBe( 'Done: the role change reached 4,999 other sites.' );
		expect(
			resultText(
				runningJob( 250, { status: 'cancelled', type: 'copy_role' } ),
				1
			)
		).toBe(
			'Stopped by a newer change of the same person’s role, after 250 sites.'
		);
	} );

	it( 'gives the server’s error of a failed run', () => {
		expect(
			resultText(
				runningJob( 5, {
					status: 'failed',
					lastError: 'Deadlock found when trying to get lock',
				} ),
				null
			)
		).toBe(
			'The sync stopped with an error after adding 5 memberships. What was already added stays. Error: Deadlock found when trying to get lock'
		);
	} );
} );

describe( 'previewAgeText', () => {
	const at = '2026-11-25T07:40:00Z';
	const later = ( seconds: number ) => Date.parse( at ) + seconds * 1000;

	it.each( [
		[ 0, 'Previewed just now' ],
		[ 59, 'Previewed just now' ],
		[ 60, 'Previewed 1 minute ago' ],
		[ 3 * 60 + 20, 'Previewed 3 minutes ago' ],
		[ 59 * 60, 'Previewed 59 minutes ago' ],
		[ 3600, 'Previewed 1 hour ago' ],
		[ 5 * 3600, 'Previewed 5 hours ago' ],
		[ 24 * 3600, 'Previewed 1 day ago' ],
		[ 3 * 24 * 3600, 'Previewed 3 days ago' ],
	] )( 'says the age of a preview %d s old', ( seconds, words ) => {
		expect( previewAgeText( at, later( seconds ) ) ).toBe( words );
	} );

	it( 'never says a preview is from the future when the browser’s clock is behind', () => {
		expect( previewAgeText( at, later( -90 ) ) ).toBe(
			'Previewed just now'
		);
	} );

	it( 'says nothing when the server did not say when', () => {
		expect( previewAgeText( null, later( 0 ) ) ).toBe( '' );
		expect( previewAgeText( undefined, later( 0 ) ) ).toBe( '' );
		expect( previewAgeText( 'not a date', later( 0 ) ) ).toBe( '' );
	} );
} );

describe( 'staleText', () => {
	const at = '2026-11-25T07:40:00Z';

	it( 'says a preview is too old to confirm, and what to do', () => {
		const text = staleText( at, Date.parse( at ) + 11 * 60_000 );
		expect( text ).toContain( 'more than 10 minutes old' );
		expect( text ).toContain( 'cannot be confirmed' );
		expect( text ).toContain( 'Refresh it' );
	} );

	it( 'says the network changed when a recent preview went stale', () => {
		expect( staleText( at, Date.parse( at ) + 60_000 ) ).toContain(
			'Sites or users were added, removed or archived since this preview was made'
		);
	} );

	it( 'gives the server’s words when it refused to start', () => {
		expect(
			staleText(
				at,
				Date.parse( at ),
				'This preview is out of date: 3 sites were added since it was made.'
			)
		).toBe(
			'This preview is out of date: 3 sites were added since it was made. Refresh it to see what the sync would do now; nothing is added before you confirm the new preview.'
		);
	} );
} );

describe( 'waitingText', () => {
	it( 'says what the sync waits for, and about how long', () => {
		expect( waitingText( 45 ) ).toBe(
			'Waiting for an interrupted batch to be released, about 45 seconds; then this screen carries on.'
		);
		expect( waitingText( 60 ) ).toContain( 'about 1 minute;' );
	} );

	it( 'does not count down below a second', () => {
		expect( waitingText( 0 ) ).toBe(
			'Waiting for an interrupted batch to be released, any moment now; then this screen carries on.'
		);
	} );
} );
