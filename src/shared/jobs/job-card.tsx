/**
 * WordPress dependencies
 */
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Notice,
} from '@wordpress/components';
import { useEffect, useId, useRef, useState } from '@wordpress/element';
import type { FormEvent, ReactNode } from 'react';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { JobFlow } from './job-flow';
import type { Job } from './types';
import type { UseJob } from './use-job';
import { shownJobStore } from './shown-job';

interface Props {
	title: string;
	/** What the action does, above its form. */
	description: ReactNode;
	flow: UseJob;
	/** The form's fields. */
	children?: ReactNode;
	/** Checks the form and creates the job; called when Preview is pressed. */
	onPreview: () => void;
	/** A job of this card found still under way when the screen loaded. */
	resume?: Job | null;
	/** Where the tab keeps the number of the job shown, to show it again after a reload. */
	storageKey: string;
}

/**
 * One manual action: its form, then the sync it created, from preview to result.
 *
 * @param props             Component props.
 * @param props.title       The action's name.
 * @param props.description What it does.
 * @param props.flow        The job and its controls (useJob).
 * @param props.children    The form's fields.
 * @param props.onPreview   Creates the job.
 * @param props.resume      A job to carry on, found on loading.
 * @param props.storageKey  Where the tab keeps the job shown.
 */
export function JobCard( {
	title,
	description,
	flow,
	children,
	onPreview,
	resume,
	storageKey,
}: Props ) {
	const titleId = useId();
	const titleRef = useRef< HTMLHeadingElement >( null );
	const inForm = flow.phase === 'idle' || flow.phase === 'creating';
	const [ resumed, setResumed ] = useState( false );
	const wasInForm = useRef( inForm );

	const { resume: carryOn, phase } = flow;
	useEffect( () => {
		if ( resume && phase === 'idle' && ! resumed ) {
			setResumed( true );
			carryOn( resume );
		}
		// Only the job found on loading is carried on, once.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [ resume ] );

	const jobId = flow.job?.id ?? null;
	useEffect( () => {
		if ( jobId !== null ) {
			shownJobStore.set( storageKey, jobId );
		}
	}, [ storageKey, jobId ] );

	function startOver() {
		shownJobStore.set( storageKey, null );
		flow.reset();
	}

	// Back to the form after a sync: focus would be lost with the flow's buttons.
	useEffect( () => {
		if ( inForm && ! wasInForm.current ) {
			titleRef.current?.focus();
		}
		wasInForm.current = inForm;
	}, [ inForm ] );

	function submit( event: FormEvent ) {
		event.preventDefault();
		setResumed( false );
		onPreview();
	}

	return (
		<section aria-labelledby={ titleId }>
			<Card className="wpmus-job-card">
				<CardHeader>
					<h2
						id={ titleId }
						ref={ titleRef }
						tabIndex={ -1 }
						className="wpmus-screen__title"
					>
						{ title }
					</h2>
				</CardHeader>
				<CardBody>
					{ inForm ? (
						<form
							className="wpmus-job-card__form"
							onSubmit={ submit }
							noValidate
						>
							<div className="wpmus-screen__description">
								{ description }
							</div>
							{ children }
							{ flow.error && (
								<Notice status="error" isDismissible={ false }>
									{ flow.error }
								</Notice>
							) }
							<div className="wpmus-screen__actions">
								<Button
									type="submit"
									variant="primary"
									isBusy={ flow.phase === 'creating' }
									disabled={ flow.phase === 'creating' }
									accessibleWhenDisabled
								>
									{ __( 'Preview', 'wpm-user-sync' ) }
								</Button>
								<span className="wpmus-screen__hint">
									{ __(
										'Nothing is added before you confirm.',
										'wpm-user-sync'
									) }
								</span>
							</div>
						</form>
					) : (
						<JobFlow
							flow={ flow }
							focusOnShow={ ! resumed }
							onDone={ startOver }
						/>
					) }
				</CardBody>
			</Card>
		</section>
	);
}
