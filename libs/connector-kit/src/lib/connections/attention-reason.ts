import type { ConcordError } from '@concord/errors';

import type { ConnectionAttention } from './connection-state';

/**
 * Why a connection needs attention after an authentication failure: the connector's own words
 * when its error carries them (`details.attentionReason`, e.g. a token request refused with what
 * to check, or a field the external system lacks), else the system and the error's code.
 */
export function authAttentionReason(system: string, error: ConcordError): string {
  const own = error.details['attentionReason'];
  return typeof own === 'string' && own !== ''
    ? own
    : `${system} refused the credentials (${error.code})`;
}

/** The flag of a connection whose system refused its credentials (or lacks what it needs). */
export function refusedCredentials(system: string, error: ConcordError): ConnectionAttention {
  return { kind: 'credentials', reason: authAttentionReason(system, error) };
}
