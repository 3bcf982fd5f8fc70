/**
 * TS unit tests: @wordpress/scripts' Jest preset, pointed at tests/js.
 */
const baseConfig = require( '@wordpress/scripts/config/jest-unit.config' );

module.exports = {
	...baseConfig,
	rootDir: '../..',
	roots: [ '<rootDir>/tests/js' ],
	testMatch: [ '**/*.test.[jt]s?(x)' ],
};
