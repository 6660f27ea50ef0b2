import {
  decryptSecret,
  encryptSecret,
  type KeyRing,
  reencryptSecret,
  secretKeyId,
} from '@concord/auth';

import type { LeaseManager } from '../budget/lease';
import type { ConnectionEntry } from '../connections/connection-state';
import type { ConnectorDefinition } from '../definition/connector-definition';
import type { KitLogger } from '../definition/kit-logger';
import type { ExternalCaller } from '../outbound/external-caller';
import type { ConnectorStateStore, StateScope } from '../state/connector-state-store';

/** The endpoint record kept in the state topic (the secret encrypted, bound to tenant:system). */
interface StoredEndpoint {
  endpointId: string;
  url: string;
  secret: string;
}

const ENDPOINT_CURSOR = 'webhook-endpoint';

/**
 * Registers the connector's webhook endpoint with the provider for each connection and keeps the
 * signing secret, encrypted, in the state topic: every replica can verify signatures, a restart
 * reuses the endpoint instead of creating another, and the status topic reports it (encrypted).
 */
export class WebhookRegistrar<TClient> {
  private readonly verified = new Set<string>();
  private readonly clearSecrets = new Map<string, string>();

  constructor(
    private readonly definition: Pick<ConnectorDefinition<TClient>, 'system' | 'inbound'>,
    private readonly state: ConnectorStateStore,
    private readonly caller: ExternalCaller,
    private readonly keyRing: KeyRing,
    private readonly leases: LeaseManager,
    private readonly catchUpState: () => Promise<void>,
    private readonly publicUrl: string,
    private readonly logger: KitLogger,
  ) {}

  endpointUrl(tenant: string, connectionId: string): string {
    const base = this.publicUrl.replace(/\/+$/, '');
    return `${base}/webhooks/${this.definition.system}/${tenant}/${connectionId}`;
  }

  /** The endpoint as reported on the status topic: its URL and encrypted secret. */
  endpoint(scope: StateScope): { url: string; secret: string | null } | null {
    const stored = this.stored(scope);
    return stored ? { url: stored.url, secret: stored.secret } : null;
  }

  /** The clear signing secrets of a connection's endpoint (none before registration). */
  secrets(scope: StateScope): string[] {
    const stored = this.stored(scope);
    if (!stored) return [];
    const cacheKey = `${scope.tenant}:${scope.connectionId}:${stored.secret}`;
    let secret = this.clearSecrets.get(cacheKey);
    if (secret === undefined) {
      secret = decryptSecret(this.keyRing, stored.secret, this.aad(scope.tenant));
      this.clearSecrets.set(cacheKey, secret);
    }
    return [secret];
  }

  /**
   * Makes sure the provider delivers to this connection's URL; verified once per process and URL.
   * One replica at a time (a lease), after reading the state others may have just written.
   */
  async ensure(entry: ConnectionEntry<TClient>): Promise<void> {
    const webhook = this.definition.inbound.webhook;
    const connection = entry.resolved;
    if (!webhook?.register || !connection || entry.client === null) return;
    const scope = { tenant: connection.tenant, connectionId: connection.connectionId };
    const url = this.endpointUrl(connection.tenant, connection.connectionId);
    const verifiedKey = `${scope.tenant}:${scope.connectionId}:${url}`;
    if (this.verified.has(verifiedKey)) return;
    const leaseKey = `webhook:${this.definition.system}:${scope.tenant}`;
    if (!(await this.leases.tryAcquire(leaseKey, 30_000))) return;
    try {
      await this.catchUpState();
      const log =
        this.logger.child?.({ tenant: scope.tenant, connectionId: scope.connectionId }) ??
        this.logger;
      const known = await this.underActiveKey(scope, this.stored(scope), log);
      const ctx = this.caller.context(entry, 'live', log);
      const reuse = known && known.url === url ? { endpointId: known.endpointId } : null;
      const registered = await webhook.register(url, reuse, ctx);
      if (registered.secret !== null || !known || known.endpointId !== registered.endpointId) {
        if (registered.secret === null) {
          throw new Error('the provider returned a new endpoint without its signing secret');
        }
        const value: StoredEndpoint = {
          endpointId: registered.endpointId,
          url,
          secret: encryptSecret(this.keyRing, registered.secret, this.aad(scope.tenant)),
        };
        await this.state.saveCursor(scope, ENDPOINT_CURSOR, JSON.stringify(value));
        log.info({ endpointId: registered.endpointId, url }, 'webhook endpoint registered');
      }
      this.verified.add(verifiedKey);
    } finally {
      await this.leases.release(leaseKey);
    }
  }

  /**
   * Moves the stored signing secret to the active key (a key rotation), so the old key can be
   * removed. A secret no key of the ring opens any more (the old key was removed before this
   * replica moved it) is forgotten: the endpoint is then registered again, rolling its secret.
   */
  private async underActiveKey(
    scope: StateScope,
    stored: StoredEndpoint | null,
    log: KitLogger,
  ): Promise<StoredEndpoint | null> {
    if (!stored || secretKeyId(stored.secret) === this.keyRing.activeKeyId) return stored;
    let moved: StoredEndpoint;
    try {
      moved = {
        ...stored,
        secret: reencryptSecret(this.keyRing, stored.secret, this.aad(scope.tenant)),
      };
    } catch {
      log.warn(
        { endpointId: stored.endpointId, keyId: secretKeyId(stored.secret) },
        'webhook secret encrypted under a key no longer in the ring: rolling the endpoint',
      );
      return null;
    }
    await this.state.saveCursor(scope, ENDPOINT_CURSOR, JSON.stringify(moved));
    log.info({ keyId: this.keyRing.activeKeyId }, 'webhook secret moved to the active key');
    return moved;
  }

  /** Forgets what this process verified (new settings: check again). */
  forget(tenant: string): void {
    for (const key of this.verified) if (key.startsWith(`${tenant}:`)) this.verified.delete(key);
  }

  private stored(scope: StateScope): StoredEndpoint | null {
    const cursor = this.state.cursor(scope, ENDPOINT_CURSOR);
    if (cursor === null) return null;
    try {
      const parsed = JSON.parse(cursor) as Partial<StoredEndpoint>;
      return typeof parsed.endpointId === 'string' &&
        typeof parsed.url === 'string' &&
        typeof parsed.secret === 'string'
        ? (parsed as StoredEndpoint)
        : null;
    } catch {
      return null;
    }
  }

  private aad(tenant: string): string {
    return `${tenant}:${this.definition.system}`;
  }
}
