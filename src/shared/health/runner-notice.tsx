/**
 * WordPress dependencies
 */
import { Notice } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { runnerFixText, runnerProblems } from './health-text';
import type { Health } from './types';

interface Props {
	health: Health | null;
}

/**
 * What is wrong with the background runner, and the fix; nothing when all is well.
 *
 * @since 2.2.0
 *
 * @param props        Component props.
 * @param props.health The network's health; null while it loads.
 */
export function RunnerNotice( { health }: Props ) {
	const problems = health ? runnerProblems( health ) : [];
	if ( ! health || problems.length === 0 ) {
		return null;
	}
	return (
		<Notice
			status="warning"
			isDismissible={ false }
			className="wpmus-runner-notice"
		>
			{ problems.map( ( problem, index ) => (
				<p key={ index }>
					{ problem.message }
					{ problem.cause && <> { problem.cause }</> }
				</p>
			) ) }
			<p>{ runnerFixText() }</p>
			<p>
				<a href={ health.cron.helpUrl }>
					{ __(
						'How to run the jobs from system cron',
						'wpm-user-sync'
					) }
				</a>
			</p>
		</Notice>
	);
}
