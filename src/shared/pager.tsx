/**
 * External dependencies
 */
import type { ReactNode } from 'react';

/**
 * WordPress dependencies
 */
import { Button, Spinner } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

interface Props {
	/** From 1. */
	page: number;
	totalPages: number;
	/** What the pages hold, in words, e.g. "120 changes". */
	totalText: string;
	isLoading: boolean;
	onPage: ( page: number ) => void;
	/** Whether a spinner shows while a page is on its way (the list may show its own). */
	spinner?: boolean;
	/** More controls, after the buttons. */
	children?: ReactNode;
}

/**
 * Previous and next page buttons, with where the list stands, said politely
 * to screen readers when it changes.
 *
 * @since 2.1.0
 *
 * @param props            Component props.
 * @param props.page       The page shown.
 * @param props.totalPages How many pages.
 * @param props.totalText  What the pages hold.
 * @param props.isLoading  Whether a page is on its way.
 * @param props.onPage     Asks for another page.
 * @param props.spinner    Whether a spinner shows while loading.
 * @param props.children   More controls.
 */
export function Pager( {
	page,
	totalPages,
	totalText,
	isLoading,
	onPage,
	spinner = true,
	children,
}: Props ) {
	const pages = Math.max( 1, totalPages );
	return (
		<div className="wpmus-pager">
			<Button
				variant="secondary"
				size="compact"
				onClick={ () => onPage( page - 1 ) }
				disabled={ page <= 1 || isLoading }
				accessibleWhenDisabled
			>
				{ __( 'Previous page', 'wpm-user-sync' ) }
			</Button>
			<span aria-live="polite">
				{ sprintf(
					/* translators: 1: Page number, 2: Number of pages, 3: What the pages hold, e.g. "120 changes". */
					__( 'Page %1$d of %2$d (%3$s)', 'wpm-user-sync' ),
					Math.min( page, pages ),
					pages,
					totalText
				) }
			</span>
			<Button
				variant="secondary"
				size="compact"
				onClick={ () => onPage( page + 1 ) }
				disabled={ page >= pages || isLoading }
				accessibleWhenDisabled
			>
				{ __( 'Next page', 'wpm-user-sync' ) }
			</Button>
			{ spinner && isLoading && <Spinner /> }
			{ children }
		</div>
	);
}
