import {
  decryptSecret,
  type HostLookup,
  type KeyRing,
  OutboundUrlPolicy,
  pinnedAgent,
} from '@concord/auth';
import { isConcordError } from '@concord/errors';
import type { ConnectionSettings, FieldMapping } from '@concord/model';

import { connectionSecrets, type SecretsBackend } from '../credentials/connection-secrets';
import { unsupportedFieldMappings } from '../definition/field-mappings';
import type { ResolvedConnection } from '../definition/resolved-connection';

export type Resolution =
  { ok: true; connection: ResolvedConnection } | { ok: false; problem: string };

/**
 * Turns published settings into a usable connection: decrypts the credentials (bound to
 * `tenant:system`, so a ciphertext copied from another tenant does not open) and checks the base
 * URL against the outbound allow-list, giving the agent pinned to it (each connection re-checks the
 * addresses it reaches). Problems are described without any secret.
 */
export class ConnectionResolver {
  private readonly policy: OutboundUrlPolicy;

  constructor(
    private readonly keyRing: KeyRing,
    allowedHosts: readonly string[],
    allowedLoopback: readonly string[],
    private readonly defaultBaseUrl: string,
    lookup?: HostLookup,
    private readonly fieldMappingProblem?: (mapping: FieldMapping) => string | null,
    /** Where connections keep rotated secrets (shared by replicas); none: connections get none. */
    private readonly secrets?: Omit<SecretsBackend, 'keyRing'>,
  ) {
    this.policy = new OutboundUrlPolicy({
      allowedHosts,
      allowedLoopback,
      ...(lookup ? { lookup } : {}),
    });
  }

  async resolve(settings: ConnectionSettings): Promise<Resolution> {
    const configured = settings.settings['baseUrl'];
    const baseUrl =
      typeof configured === 'string' && configured !== '' ? configured : this.defaultBaseUrl;
    let url: URL;
    try {
      url = (await this.policy.assertAllowed(baseUrl)).url;
    } catch (error) {
      return { ok: false, problem: describe(error, 'the base URL is not allowed') };
    }
    const unsupported = unsupportedFieldMappings(settings.fieldMappings, this.fieldMappingProblem);
    if (unsupported.length > 0) {
      return { ok: false, problem: `unsupported field mappings: ${unsupported.join('; ')}` };
    }
    if (settings.credentials === null) return { ok: false, problem: 'no credentials configured' };
    let credentials: Record<string, string>;
    try {
      const clear = decryptSecret(
        this.keyRing,
        settings.credentials,
        `${settings.tenant}:${settings.system}`,
      );
      credentials = parseCredentials(clear);
    } catch (error) {
      return { ok: false, problem: describe(error, 'the credentials cannot be decrypted') };
    }
    return {
      ok: true,
      connection: {
        tenant: settings.tenant,
        connectionId: settings.connectionId,
        system: settings.system,
        settings,
        credentials,
        baseUrl: url,
        httpAgent: pinnedAgent(this.policy, url, { keepAlive: true }),
        ...(this.secrets
          ? {
              secrets: connectionSecrets({ ...this.secrets, keyRing: this.keyRing }, settings),
            }
          : {}),
      },
    };
  }
}

/** Credentials are a JSON object of strings; a bare string is taken as `{ apiKey }`. */
export function parseCredentials(clear: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(clear);
  } catch {
    return { apiKey: clear };
  }
  if (typeof parsed === 'string') return { apiKey: parsed };
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
  return Object.fromEntries(
    Object.entries(parsed).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

function describe(error: unknown, fallback: string): string {
  return isConcordError(error) ? `${fallback}: ${error.code} ${error.message}` : fallback;
}
