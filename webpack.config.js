/**
 * One entry per admin screen; everything else is @wordpress/scripts' default.
 */
const defaultConfig = require( '@wordpress/scripts/config/webpack.config' );

module.exports = {
	...defaultConfig,
	entry: {
		'network-home': './src/network-home/index.tsx',
		'network-options': './src/network-options/index.tsx',
		'network-actions': './src/network-actions/index.tsx',
		'site-home': './src/site-home/index.tsx',
		'site-actions': './src/site-actions/index.tsx',
		'network-users': './src/network-users/index.tsx',
		activity: './src/activity/index.tsx',
	},
};
