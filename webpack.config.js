/**
 * One entry per admin screen; everything else is @wordpress/scripts' default.
 */
const defaultConfig = require( '@wordpress/scripts/config/webpack.config' );

module.exports = {
	...defaultConfig,
	entry: {
		'network-options': './src/network-options/index.tsx',
	},
};
