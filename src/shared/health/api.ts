/**
 * Internal dependencies
 */
import { request } from '../request';
import type { Drift, Health } from './types';

export const HEALTH_PATH = '/wpm-user-sync/v1/health';
export const DRIFT_PATH = '/wpm-user-sync/v1/drift';

/**
 * The network's health.
 *
 * @since 2.2.0
 */
export function fetchHealth(): Promise< Health > {
	return request< Health >( { path: HEALTH_PATH } );
}

/**
 * Starts a drift check now; rejects with `wpmus_drift_running` while one runs.
 *
 * @since 2.2.0
 */
export function startDriftCheck(): Promise< Drift > {
	return request< Drift >( { path: DRIFT_PATH, method: 'POST' } );
}
