/**
 * WordPress dependencies
 */
import { Button, Card, CardBody } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

interface Props {
	/** Site Admin → WPM User Sync → Actions. */
	actionsUrl: string;
}

/**
 * Site Admin → WPM User Sync → Home.
 *
 * @param props            Component props.
 * @param props.actionsUrl Address of the Actions screen.
 */
export function App( { actionsUrl }: Props ) {
	return (
		<div className="wpmus-screen wpmus-site-home">
			<Card>
				<CardBody>
					<p className="wpmus-screen__lead">
						{ __(
							'WPM User Sync keeps the people of this network in the right sites with the right roles. The network administrator sets the automatic rules; here you can add the network’s users to this site yourself.',
							'wpm-user-sync'
						) }
					</p>
					<h2 className="wpmus-screen__subtitle">
						{ __( 'Sync from scratch', 'wpm-user-sync' ) }
					</h2>
					<p>
						{ __(
							'Adds every user of the network to this site, with its default role (Subscriber if it has none). Nobody’s role here changes, and people removed from this site stay out: you may choose to add back those this site’s administrators removed, never those a network administrator removed. You see a preview first: nothing is added until you confirm.',
							'wpm-user-sync'
						) }
					</p>
					<p className="wpmus-screen__link">
						<Button variant="primary" href={ actionsUrl }>
							{ __( 'Go to Actions', 'wpm-user-sync' ) }
						</Button>
					</p>
				</CardBody>
			</Card>
		</div>
	);
}
