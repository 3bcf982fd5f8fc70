/**
 * WordPress dependencies
 */
import { Button } from '@wordpress/components';
import { useEffect, useRef } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import type { RefObject } from 'react';

/**
 * Internal dependencies
 */
import './chosen-sites.scss';

interface Props {
	/** The chosen sites, in order, with the text that names each. */
	items: Array< { id: number; label: string } >;
	/** ID of the heading that names the list. */
	labelledBy: string;
	/** Accessible name of a site's Remove button, e.g. "Remove Marketing from the selection". */
	removeLabel: ( label: string ) => string;
	onRemove: ( index: number ) => void;
	/** What takes focus once the last site is removed. */
	emptyFocus: RefObject< HTMLElement | null >;
	isDestructive?: boolean;
	isBusy?: boolean;
	className?: string;
}

/**
 * A list of chosen sites, each with a Remove button. After a removal, focus
 * moves to the next Remove button, so a keyboard user stays in the list.
 *
 * @param props               Component props.
 * @param props.items         The sites and their names.
 * @param props.labelledBy    The heading's ID.
 * @param props.removeLabel   Names a Remove button.
 * @param props.onRemove      Receives the index of the site to remove.
 * @param props.emptyFocus    Takes focus when the list empties.
 * @param props.isDestructive Whether removing is shown as destructive.
 * @param props.isBusy        Whether names are still loading.
 * @param props.className     Extra class of the list.
 */
export function ChosenSites( {
	items,
	labelledBy,
	removeLabel,
	onRemove,
	emptyFocus,
	isDestructive = false,
	isBusy = false,
	className = '',
}: Props ) {
	const listRef = useRef< HTMLUListElement >( null );
	const focusAfterRemoval = useRef< number | null >( null );

	useEffect( () => {
		const index = focusAfterRemoval.current;
		if ( index === null ) {
			return;
		}
		focusAfterRemoval.current = null;
		const buttons = listRef.current?.querySelectorAll( 'button' );
		const next = buttons?.[ Math.min( index, buttons.length - 1 ) ];
		( next ?? emptyFocus.current )?.focus();
	}, [ items, emptyFocus ] );

	if ( items.length === 0 ) {
		return null;
	}
	return (
		<ul
			ref={ listRef }
			className={ `wpmus-chosen-sites ${ className }`.trim() }
			aria-labelledby={ labelledBy }
			aria-busy={ isBusy }
		>
			{ items.map( ( { id, label }, index ) => (
				<li key={ id } className="wpmus-chosen-sites__item">
					<span className="wpmus-chosen-sites__label">{ label }</span>
					<Button
						variant="tertiary"
						size="small"
						isDestructive={ isDestructive }
						label={ removeLabel( label ) }
						onClick={ () => {
							focusAfterRemoval.current = index;
							onRemove( index );
						} }
					>
						{ __( 'Remove', 'wpm-user-sync' ) }
					</Button>
				</li>
			) ) }
		</ul>
	);
}
