/**
 * WordPress dependencies
 */
import {
	Card,
	CardBody,
	CardHeader,
	SelectControl,
} from '@wordpress/components';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { settingsSchema } from '../shared/settings-schema';
import type { CardProps, Settings } from './types';

type Schedule = Settings[ 'reconcile' ];

/**
 * A schedule in words.
 *
 * @since 2.2.0
 *
 * @param schedule The schedule.
 */
export function scheduleLabel( schedule: Schedule ): string {
	switch ( schedule ) {
		case 'daily':
			return __( 'Daily', 'wpm-user-sync' );
		case 'weekly':
			return __( 'Weekly', 'wpm-user-sync' );
		default:
			return __( 'Never', 'wpm-user-sync' );
	}
}

/**
 * "Reconcile automatically": never, daily or weekly.
 *
 * @since 2.2.0
 *
 * @param props          Component props.
 * @param props.settings The settings as edited.
 * @param props.change   Changes one setting.
 */
export function ReconcileCard( { settings, change }: CardProps ) {
	return (
		<Card>
			<CardHeader>
				<h2 className="wpmus-options__title">
					{ __( 'Reconcile automatically', 'wpm-user-sync' ) }
				</h2>
			</CardHeader>
			<CardBody>
				<SelectControl
					__nextHasNoMarginBottom
					__next40pxDefaultSize
					label={ __( 'Run the network sync', 'wpm-user-sync' ) }
					help={ __(
						'Runs “Sync from scratch” in the background on this schedule, with the same rules: people someone removed stay removed, excluded sites and super admins are left out. Each run is in the history and the Activity log (cause “Reconcile”); Home shows the last one. A run waits while another sync works on the network.',
						'wpm-user-sync'
					) }
					value={ settings.reconcile }
					options={ settingsSchema.reconcile.enum.map(
						( schedule ) => ( {
							value: schedule,
							label: scheduleLabel( schedule ),
						} )
					) }
					onChange={ ( value: string ) =>
						change( 'reconcile', value as Schedule )
					}
				/>
			</CardBody>
		</Card>
	);
}
