/**
 * The network settings' JSON schema: what `OPTIONS /wpm-user-sync/v1/settings` says
 * of each setting, less the REST API's `context`.
 *
 * Generated from includes/Settings.php by `php bin/settings-schema.php`: do not edit.
 * tests/php/Settings_Schema_Test.php fails when this file is out of date.
 */
export const settingsSchema = {
	newSiteSync: {
		description:
			"When a site is created, add every user of the network to it with the site's default role.",
		type: 'boolean',
		default: false,
	},
	newUserSync: {
		description:
			"When a user is created, add them to every site of the network with each site's default role.",
		type: 'boolean',
		default: false,
	},
	roleSync: {
		description:
			"When a user's role changes on one site, give them the same role on the other sites they belong to.",
		type: 'boolean',
		default: false,
	},
	includeSuperAdmins: {
		description:
			'Also add super admins to sites. Off by default: super admins can reach every site anyway.',
		type: 'boolean',
		default: false,
	},
	allowSiteSync: {
		description:
			'Let site administrators run "Sync from scratch" for their own site. On by default, as in version 1.3.',
		type: 'boolean',
		default: true,
	},
	excludedSites: {
		description: 'IDs of the sites that no sync ever adds anyone to.',
		type: 'array',
		items: {
			type: 'integer',
			minimum: 1,
		},
		maxItems: 10000,
		uniqueItems: true,
		default: [],
	},
	neverReplicatedRoles: {
		description:
			'Roles that a role change never copies to other sites, by their identifier on the main site.',
		type: 'array',
		items: {
			type: 'string',
			minLength: 1,
			maxLength: 200,
		},
		maxItems: 200,
		uniqueItems: true,
		default: [],
	},
	privilegedDefaultRoles: {
		description:
			"Let syncs that add new memberships give a site's default role even when that role can manage users or options or post unfiltered HTML (promote_users, edit_users, manage_options, unfiltered_html). Off by default: such sites are skipped, with the reason.",
		type: 'boolean',
		default: false,
	},
	activityRetentionDays: {
		description:
			'How many days the activity log keeps each change (1 to 3650). Older entries are deleted in the background, once a day.',
		type: 'integer',
		minimum: 1,
		maximum: 3650,
		default: 90,
	},
	reconcile: {
		description:
			'Reconcile automatically: run the network sync in the background (never, daily or weekly), with the same rules as "Sync from scratch": removals respected, excluded sites and super admins left out as set here.',
		type: 'string',
		enum: [ 'never', 'daily', 'weekly' ],
		default: 'never',
	},
} as const;
