/**
 * WordPress dependencies
 */
import { Card, CardBody, CardHeader, TextControl } from '@wordpress/components';
import { useId, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import {
	RETENTION_MAX_DAYS,
	RETENTION_MIN_DAYS,
	retentionDays,
} from './retention';
import type { CardProps } from './types';

/**
 * How long the activity log keeps what it recorded.
 *
 * @param props          Component props.
 * @param props.settings The settings as edited.
 * @param props.change   Changes one setting.
 */
export function ActivityCard( { settings, change }: CardProps ) {
	// What is typed, even while it is not a number yet (an emptied field).
	const [ text, setText ] = useState( () =>
		String( settings.activityRetentionDays )
	);
	const invalid = retentionDays( text ) === null;
	const errorId = useId();

	return (
		<Card>
			<CardHeader>
				<h2 className="wpmus-options__title">
					{ __( 'Activity log', 'wpm-user-sync' ) }
				</h2>
			</CardHeader>
			<CardBody>
				<TextControl
					__nextHasNoMarginBottom
					__next40pxDefaultSize
					type="number"
					min={ RETENTION_MIN_DAYS }
					max={ RETENTION_MAX_DAYS }
					step={ 1 }
					label={ __( 'Keep activity for (days)', 'wpm-user-sync' ) }
					help={ __(
						'Changes older than this are deleted from the log in the background, in small batches.',
						'wpm-user-sync'
					) }
					value={ text }
					aria-invalid={ invalid }
					aria-describedby={ invalid ? errorId : undefined }
					onChange={ ( value ) => {
						setText( value );
						const days = retentionDays( value );
						if ( days !== null ) {
							change( 'activityRetentionDays', days );
						}
					} }
				/>
				{ invalid && (
					<p id={ errorId } className="wpmus-options__invalid">
						{ sprintf(
							/* translators: 1: Fewest days, 2: Most days. */
							__(
								'Enter a whole number of days from %1$d to %2$d; until then the saved value stays.',
								'wpm-user-sync'
							),
							RETENTION_MIN_DAYS,
							RETENTION_MAX_DAYS
						) }
					</p>
				) }
			</CardBody>
		</Card>
	);
}
