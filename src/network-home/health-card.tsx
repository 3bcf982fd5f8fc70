/**
 * WordPress dependencies
 */
import { Button, Notice, Spinner } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import {
	driftProgressText,
	driftText,
	reconcileLines,
	runnerProblems,
} from '../shared/health/health-text';
import { RunnerNotice } from '../shared/health/runner-notice';
import { useHealth } from '../shared/health/use-health';

interface Props {
	/** Network Admin → WPM User Sync → Options. */
	optionsUrl: string;
}

/**
 * "Network health": the drift with "Check now", the last reconcile, and whether the
 * background runner runs (with the fix when it does not).
 *
 * @since 2.2.0
 *
 * @param props            Component props.
 * @param props.optionsUrl Address of the Options screen.
 */
export function HealthCard( { optionsUrl }: Props ) {
	const { health, error, checking, found, checkNow } = useHealth( true );
	const running = checking || ( health?.drift?.running ?? false );

	return (
		<section
			className="wpmus-home__health"
			aria-labelledby="wpmus-health-title"
		>
			<h2 id="wpmus-health-title" className="wpmus-screen__subtitle">
				{ __( 'Network health', 'wpm-user-sync' ) }
			</h2>
			{ error && (
				<Notice status="error" isDismissible={ false }>
					{ error }
				</Notice>
			) }
			{ ! health && ! error && <Spinner /> }
			{ health && (
				<>
					<h3 className="wpmus-home__health-title">
						{ __( 'Drift', 'wpm-user-sync' ) }
					</h3>
					<p>{ driftText( health.drift ) }</p>
					<div className="wpmus-home__check">
						<Button
							variant="secondary"
							onClick={ checkNow }
							isBusy={ running }
							disabled={ running }
							accessibleWhenDisabled
						>
							{ __( 'Check now', 'wpm-user-sync' ) }
						</Button>
						<span role="status" aria-live="polite">
							{ running && driftProgressText( found ) }
						</span>
					</div>

					<h3 className="wpmus-home__health-title">
						{ __( 'Reconcile', 'wpm-user-sync' ) }
					</h3>
					{ reconcileLines( health.reconcile ).map( ( line ) => (
						<p key={ line }>{ line }</p>
					) ) }
					<p className="wpmus-screen__link">
						<a href={ optionsUrl }>
							{ __(
								'Change the schedule in Options',
								'wpm-user-sync'
							) }
						</a>
					</p>

					<h3 className="wpmus-home__health-title">
						{ __( 'Background runner', 'wpm-user-sync' ) }
					</h3>
					{ runnerProblems( health ).length === 0 ? (
						<p>
							{ __(
								'WP-Cron runs the background work: no job is stuck.',
								'wpm-user-sync'
							) }
						</p>
					) : (
						<RunnerNotice health={ health } />
					) }
				</>
			) }
		</section>
	);
}
