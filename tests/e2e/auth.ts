/**
 * Who the e2e tests log in as: accounts of the demo network (bin/seed-demo.php).
 */
export const SUPER_ADMIN = {
	username: 'admin',
	password: 'password',
	storageState: 'artifacts/e2e-auth/super-admin.json',
};

/** Administrator of /engineering/ only. */
export const SITE_ADMIN = {
	username: 'maria.garcia',
	password: 'password',
	storageState: 'artifacts/e2e-auth/site-admin.json',
};

/** Administrator of /marketing/ only: a site administrator, but not of /engineering/. */
export const OTHER_SITE_ADMIN = {
	username: 'li.wei',
	password: 'password',
	storageState: 'artifacts/e2e-auth/other-site-admin.json',
};
