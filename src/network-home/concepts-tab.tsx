/**
 * WordPress dependencies
 */
import { __ } from '@wordpress/i18n';

/**
 * Triggers, manual actions and the rules every sync follows.
 */
export function ConceptsTab() {
	return (
		<div className="wpmus-home__tab">
			<h2 className="wpmus-screen__subtitle">
				{ __( 'What a trigger is', 'wpm-user-sync' ) }
			</h2>
			<p>
				{ __(
					'A trigger is a sync that runs by itself when something happens in the network. Each of the three can be switched on or off in Options; with all of them off, people join sites only when you sync by hand.',
					'wpm-user-sync'
				) }
			</p>
			<ul className="wpmus-screen__list">
				<li>
					<strong>
						{ __( 'New user automatic sync', 'wpm-user-sync' ) }
					</strong>
					{ ' — ' }
					{ __(
						'a new user joins every site, with each site’s default role. It covers every way of creating an account: Network Admin, Site Admin (after activation), front-end signup, the REST API and code. The main site is included.',
						'wpm-user-sync'
					) }
				</li>
				<li>
					<strong>
						{ __( 'New site automatic sync', 'wpm-user-sync' ) }
					</strong>
					{ ' — ' }
					{ __(
						'a site the network creates receives every user of the network, with its own default role (sites people create for themselves by signing up are left alone). On a very large network the sync carries on in the background as a job, so creating the site never times out.',
						'wpm-user-sync'
					) }
				</li>
				<li>
					<strong>
						{ __(
							'Set user role automatic sync',
							'wpm-user-sync'
						) }
					</strong>
					{ ' — ' }
					{ __(
						'when someone’s role changes on one site, the change follows them to the other sites they already belong to.',
						'wpm-user-sync'
					) }
				</li>
			</ul>

			<h2 className="wpmus-screen__subtitle">
				{ __( 'Manual actions', 'wpm-user-sync' ) }
			</h2>
			<p>
				{ __(
					'In Actions you add people to sites now, whatever the triggers are set to:',
					'wpm-user-sync'
				) }
			</p>
			<ul className="wpmus-screen__list">
				<li>
					<strong>
						{ __( 'Sync from scratch', 'wpm-user-sync' ) }
					</strong>
					{ ' — ' }
					{ __(
						'every user of the network joins every site.',
						'wpm-user-sync'
					) }
				</li>
				<li>
					<strong>
						{ __( 'Sync selected sites', 'wpm-user-sync' ) }
					</strong>
					{ ' — ' }
					{ __(
						'every user of the network joins the sites you select.',
						'wpm-user-sync'
					) }
				</li>
			</ul>
			<p>
				{ __(
					'Each sync is previewed first: you see, site by site, how many memberships it will add and who it leaves out and why, and nothing is written until you confirm. A sync runs in short batches that you can follow and cancel; if you close the page, it carries on in the background. When you allow it in Options, site administrators can run “Sync from scratch” on their own site.',
					'wpm-user-sync'
				) }
			</p>

			<h2 className="wpmus-screen__subtitle">
				{ __( 'The rules', 'wpm-user-sync' ) }
			</h2>
			<ul className="wpmus-screen__list">
				<li>
					<strong>{ __( 'Default role.', 'wpm-user-sync' ) }</strong>{ ' ' }
					{ __(
						'A person joins a site with that site’s default role (Settings → General → New User Default Role), or as Subscriber where the site has none.',
						'wpm-user-sync'
					) }
				</li>
				<li>
					<strong>
						{ __(
							'Existing memberships never change.',
							'wpm-user-sync'
						) }
					</strong>{ ' ' }
					{ __(
						'A sync only adds people to sites they are not members of: an editor stays an editor.',
						'wpm-user-sync'
					) }
				</li>
				<li>
					<strong>
						{ __( 'Removals are respected.', 'wpm-user-sync' ) }
					</strong>{ ' ' }
					{ __(
						'When someone removes a person from a site, no trigger adds them back. A manual sync adds them back only if you tick “Also add back people who were removed from a site by hand”. A site administrator’s sync of their own site can add back only the people that site’s administrators removed, never those a network administrator removed.',
						'wpm-user-sync'
					) }
				</li>
				<li>
					<strong>{ __( 'Super admins.', 'wpm-user-sync' ) }</strong>{ ' ' }
					{ __(
						'They are left out unless Options includes them: they can reach every site anyway.',
						'wpm-user-sync'
					) }
				</li>
				<li>
					<strong>
						{ __( 'Excluded sites.', 'wpm-user-sync' ) }
					</strong>{ ' ' }
					{ __(
						'No sync adds anyone to the sites excluded in Options, nor to sites that are archived, spam or deactivated. Accounts marked as spam or deleted are never added.',
						'wpm-user-sync'
					) }
				</li>
				<li>
					<strong>
						{ __( 'Privileged default roles.', 'wpm-user-sync' ) }
					</strong>{ ' ' }
					{ __(
						'A sync never gives a role that can manage users or options, or post unfiltered HTML, just because it is a site’s default role, unless “Allow new memberships to give privileged roles” is on in Options. Such sites are listed as skipped in previews and results, with the reason.',
						'wpm-user-sync'
					) }
				</li>
				<li>
					<strong>{ __( 'Role changes.', 'wpm-user-sync' ) }</strong>{ ' ' }
					{ __(
						'A role is copied only to sites the person already belongs to and that define the role, never further than the person making the change could go themselves. Roles listed in Options are never copied, and nothing cascades.',
						'wpm-user-sync'
					) }
				</li>
			</ul>
		</div>
	);
}
