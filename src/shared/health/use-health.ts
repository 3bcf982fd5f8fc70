/**
 * WordPress dependencies
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';

/**
 * Internal dependencies
 */
import { JOBS_PATH, stepJob } from '../jobs/api';
import { ApiError } from '../request';
import { fetchHealth, startDriftCheck } from './api';
import type { Health } from './types';

/** The longest pause while another batch holds the check, in milliseconds. */
const LONGEST_WAIT_MS = 5000;

/**
 * Carries a drift check on from this screen, a batch at a time (as the Actions screens
 * carry a sync's preview on), so that it ends even where WP-Cron does not run.
 *
 * @since 2.2.0
 *
 * @param jobId   The check's job number.
 * @param onBatch Told what the check found so far after each batch.
 * @param stopped Whether the screen went away.
 * @param pause   Waits for that many milliseconds.
 * @return When the check has ended.
 */
export async function driveDriftCheck(
	jobId: number,
	onBatch: ( found: number ) => void,
	stopped: () => boolean,
	pause: ( ms: number ) => Promise< void > = ( ms ) =>
		new Promise( ( resolve ) => setTimeout( resolve, ms ) )
): Promise< void > {
	while ( ! stopped() ) {
		const job = await stepJob( JOBS_PATH, jobId );
		onBatch( job.preview.total );
		if ( job.status !== 'previewing' ) {
			return;
		}
		if ( job.waiting ) {
			await pause(
				Math.min( LONGEST_WAIT_MS, job.waiting.seconds * 1000 )
			);
		}
	}
}

export interface HealthState {
	/** Null while loading, or when it could not be loaded. */
	health: Health | null;
	/** Why it could not be loaded, or why the check failed. */
	error: string | null;
	/** Whether this screen is carrying a check on. */
	checking: boolean;
	/** What the check under way found so far; null before its first batch. */
	found: number | null;
	/** Starts a check (or follows the one under way) and carries it on. */
	checkNow: () => void;
}

/**
 * The network's health, and a drift check carried on from the screen.
 *
 * @since 2.2.0
 *
 * @param drive Whether the screen carries on a check under way (Network Home does; the Actions screen only reads).
 */
export function useHealth( drive: boolean ): HealthState {
	const [ health, setHealth ] = useState< Health | null >( null );
	const [ error, setError ] = useState< string | null >( null );
	const [ checking, setChecking ] = useState( false );
	const [ found, setFound ] = useState< number | null >( null );
	const gone = useRef( false );
	const busy = useRef( false );

	const load = useCallback( async () => {
		try {
			const loaded = await fetchHealth();
			if ( ! gone.current ) {
				setHealth( loaded );
				setError( null );
			}
			return loaded;
		} catch ( cause ) {
			if ( ! gone.current ) {
				setError( new ApiError( cause ).message );
			}
			return null;
		}
	}, [] );

	const follow = useCallback(
		async ( jobId: number ) => {
			if ( busy.current ) {
				return;
			}
			busy.current = true;
			setChecking( true );
			setFound( null );
			try {
				await driveDriftCheck(
					jobId,
					( soFar ) => ! gone.current && setFound( soFar ),
					() => gone.current
				);
			} catch ( cause ) {
				if ( ! gone.current ) {
					setError( new ApiError( cause ).message );
				}
			} finally {
				busy.current = false;
				if ( ! gone.current ) {
					setChecking( false );
					await load();
				}
			}
		},
		[ load ]
	);

	const checkNow = useCallback( async () => {
		if ( busy.current ) {
			return;
		}
		setError( null );
		try {
			const drift = await startDriftCheck();
			if ( drift.runningJob !== null ) {
				await follow( drift.runningJob );
			}
		} catch ( cause ) {
			const failure = new ApiError( cause );
			// Someone else's check is under way: follow it rather than say no.
			const under = failure.code === 'wpmus_drift_running' && drive;
			const loaded = under ? await load() : null;
			const running = loaded?.drift?.runningJob ?? null;
			if ( running !== null ) {
				await follow( running );
			} else if ( ! gone.current ) {
				setError( failure.message );
			}
		}
	}, [ drive, follow, load ] );

	useEffect( () => {
		gone.current = false;
		load().then( ( loaded ) => {
			const running = loaded?.drift?.runningJob ?? null;
			if ( drive && running !== null ) {
				follow( running );
			}
		} );
		return () => {
			gone.current = true;
		};
	}, [ drive, follow, load ] );

	return {
		health,
		error,
		checking,
		found,
		checkNow: () => {
			checkNow();
		},
	};
}
