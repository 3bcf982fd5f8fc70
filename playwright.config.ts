/**
 * External dependencies
 */
import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests in Debian's Chromium against the network that bin/test.sh serves.
 */
export default defineConfig( {
	testDir: './tests/e2e',
	outputDir: './artifacts/e2e',
	globalSetup: './tests/e2e/global-setup.ts',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	forbidOnly: true,
	timeout: 30_000,
	expect: { timeout: 10_000 },
	reporter: [ [ 'list' ] ],
	use: {
		baseURL: process.env.WPMUS_TEST_URL ?? 'http://localhost:8899',
		browserName: 'chromium',
		headless: true,
		viewport: { width: 1280, height: 900 },
		screenshot: 'only-on-failure',
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				// No internet here: make every other host fail at once instead of waiting on DNS.
				'--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost',
			],
		},
	},
} );
