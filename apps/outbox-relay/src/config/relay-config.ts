import type { RelayConfig } from './relay-env';

/** Injection tokens of the validated environment and the resolved catalog database URL. */
export const RELAY_CONFIG = Symbol('RELAY_CONFIG');
export const RELAY_DATABASE_URL = Symbol('RELAY_DATABASE_URL');

export type { RelayConfig };
