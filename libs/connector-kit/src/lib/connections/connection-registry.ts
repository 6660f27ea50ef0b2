import type { CompactedRecord } from '@concord/kafka';
import { ConnectionSettings, validate } from '@concord/model';

import type { KitLogger } from '../definition/kit-logger';
import type { ResolvedConnection } from '../definition/resolved-connection';
import type { ConnectionResolver } from './connection-resolver';
import {
  type ConnectionAttention,
  type ConnectionEntry,
  connectionState,
} from './connection-state';

/** Told about every change of a connection of this system (new settings, removal, attention). */
export type ConnectionListener<TClient> = (
  entry: ConnectionEntry<TClient> | null,
  previous: ConnectionEntry<TClient> | null,
) => void;

/**
 * The connections of this connector's system, read from the compacted `integration.connections.v1`
 * (filtered to the system), resolved (credentials decrypted, URL checked) and given a client.
 */
export class ConnectionRegistry<TClient> {
  private readonly byTenant = new Map<string, ConnectionEntry<TClient>>();
  private readonly listeners = new Set<ConnectionListener<TClient>>();
  private readonly attention = new Map<
    string,
    { connectionId: string; attention: ConnectionAttention }
  >();

  constructor(
    private readonly system: string,
    private readonly resolver: ConnectionResolver,
    private readonly createClient: (connection: ResolvedConnection) => TClient,
    private readonly logger: KitLogger,
  ) {}

  /** Applies one record of the connections topic. */
  async apply(record: CompactedRecord): Promise<void> {
    const [tenant, system] = record.key.split(':');
    if (system !== this.system || !tenant) return;
    const previous = this.byTenant.get(tenant) ?? null;
    // A tombstone, or the JSON text `null` (what Debezium's outbox router forwards for one).
    const body = record.value === null ? null : parseJson(record.value);
    if (body === null) {
      this.byTenant.delete(tenant);
      this.logger.info({ tenant }, 'connection removed');
      this.notify(null, previous);
      return;
    }
    const parsed = validate(ConnectionSettings, body);
    if (!parsed.ok || parsed.value.tenant !== tenant || parsed.value.system !== this.system) {
      this.logger.warn({ tenant, offset: record.offset }, 'invalid connection settings ignored');
      return;
    }
    if (isNotNewer(parsed.value, previous?.settings ?? null)) {
      // A replay or a republish of what is applied, or an older version arriving late.
      this.logger.debug(
        { tenant, version: parsed.value.version, applied: previous?.settings.version },
        'connection settings not newer than those applied: ignored',
      );
      return;
    }
    const entry = await this.entryFor(parsed.value);
    this.byTenant.set(tenant, entry);
    this.logger.info(
      {
        tenant,
        connectionId: entry.settings.connectionId,
        version: entry.settings.version,
        state: connectionState(entry),
        problem: entry.problem,
      },
      'connection loaded',
    );
    this.notify(entry, previous);
  }

  forTenant(tenant: string): ConnectionEntry<TClient> | null {
    return this.byTenant.get(tenant) ?? null;
  }

  byConnectionId(tenant: string, connectionId: string): ConnectionEntry<TClient> | null {
    const entry = this.forTenant(tenant);
    return entry && entry.settings.connectionId === connectionId ? entry : null;
  }

  all(): ConnectionEntry<TClient>[] {
    return [...this.byTenant.values()];
  }

  onChange(listener: ConnectionListener<TClient>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Sets or clears the run-time attention flag (a revoked key) of a connection. The flag itself is
   * kept in the state topic (see AttentionFlags) so every replica pauses and resumes together.
   */
  setAttention(tenant: string, connectionId: string, attention: ConnectionAttention | null): void {
    const known = this.attention.get(tenant);
    if (attention === null) this.attention.delete(tenant);
    else this.attention.set(tenant, { connectionId, attention });
    const same =
      known?.attention.kind === attention?.kind && known?.attention.reason === attention?.reason;
    if (same) return;
    this.update(tenant, (entry) =>
      entry.settings.connectionId === connectionId ? { ...entry, attention } : null,
    );
  }

  private update(
    tenant: string,
    change: (entry: ConnectionEntry<TClient>) => ConnectionEntry<TClient> | null,
  ): void {
    const previous = this.byTenant.get(tenant);
    if (!previous) return;
    const next = change(previous);
    if (!next) return;
    this.byTenant.set(tenant, next);
    this.notify(next, previous);
  }

  private async entryFor(settings: ConnectionSettings): Promise<ConnectionEntry<TClient>> {
    const resolution = await this.resolver.resolve(settings);
    if (!resolution.ok) {
      return {
        settings,
        resolved: null,
        client: null,
        problem: resolution.problem,
        attention: null,
      };
    }
    let client: TClient;
    try {
      client = this.createClient(resolution.connection);
    } catch {
      return {
        settings,
        resolved: null,
        client: null,
        problem: 'the client cannot be created',
        attention: null,
      };
    }
    const flag = this.attention.get(settings.tenant);
    return {
      settings,
      resolved: resolution.connection,
      client,
      problem: null,
      attention: flag?.connectionId === settings.connectionId ? flag.attention : null,
    };
  }

  private notify(
    entry: ConnectionEntry<TClient> | null,
    previous: ConnectionEntry<TClient> | null,
  ): void {
    for (const listener of this.listeners) {
      try {
        listener(entry, previous);
      } catch (error) {
        this.logger.error({ err: String(error) }, 'connection listener failed');
      }
    }
  }
}

function parseJson(value: Buffer): unknown {
  try {
    return JSON.parse(value.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Settings are applied only when their version grows: an older version (a late message, a
 * republish after a newer change) never undoes a newer one. Another connection id is a new
 * connection, whose versions start again.
 */
function isNotNewer(next: ConnectionSettings, applied: ConnectionSettings | null): boolean {
  return (
    applied !== null &&
    applied.connectionId === next.connectionId &&
    next.version <= applied.version
  );
}
