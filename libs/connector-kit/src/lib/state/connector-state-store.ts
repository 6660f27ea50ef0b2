import type { CompactedRecord } from '@concord/kafka';
import {
  ConnectorStateRecord,
  type CursorState,
  type EntityType,
  type LinkState,
  validate,
} from '@concord/model';

import type { KitLogger } from '../definition/kit-logger';
import type { ExistingLink } from '../definition/outbound-adapter';
import type { LinkLookup } from '../definition/resolved-connection';
import type { MessageSender } from '../transport/publisher-port';
import { cursorKey, linkKey, parseStateKey } from './state-keys';

/** A link as the store keeps it in memory. */
export interface StoredLink extends ExistingLink {
  /** Hash of the canonical content both sides last agreed on. */
  contentHash: string | null;
  /** The catalog `updatedAt` of the version last written (for people: staleness uses `version`). */
  updatedAt: string;
  /**
   * The catalog version both sides last agreed on, when known: only the version right after it may
   * be written as a patch of its changed fields.
   */
  version?: number;
  /**
   * When the connector last wrote this content to the system (ISO, its own clock); absent when the
   * content is the system's own (an accepted echo) or unknown. An external edit made after it
   * cannot have been replaced by it.
   */
  writtenAt?: string;
}

/** Identifies one connection's slice of the state. */
export interface StateScope {
  tenant: string;
  connectionId: string;
}

/** Told when a cursor changes (read from the topic or written here); null when removed. */
export type CursorListener = (scope: StateScope, name: string, cursor: string | null) => void;

const scoped = (scope: StateScope, ...parts: string[]): string =>
  [scope.tenant, scope.connectionId, ...parts].join('\u0000');

/**
 * The connector's durable memory, kept in its compacted state topic: the links it created
 * (catalog id <-> external id, with the content hash last synced) and named cursors. Every replica
 * loads all of it at start and follows it; writes update memory at once and the topic with acks=all.
 */
export class ConnectorStateStore {
  private readonly links = new Map<string, StoredLink>();
  private readonly reverse = new Map<string, string>();
  private readonly cursors = new Map<string, CursorState>();
  private readonly cursorListeners = new Set<CursorListener>();

  constructor(
    private readonly topic: string,
    private readonly writer: MessageSender,
    private readonly logger: KitLogger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Applies one record read from the state topic (used by the reader at start and after). */
  apply(record: CompactedRecord): void {
    const address = parseStateKey(record.key);
    if (!address) return;
    const scope = { tenant: address.tenant, connectionId: address.connectionId };
    if (record.value === null) {
      if (address.kind === 'cursor') this.setCursor(scope, address.name, null);
      else this.forgetLink(scope, address.entityType, address.entityId, address.part);
      return;
    }
    const parsed = validate(ConnectorStateRecord, safeJson(record.value));
    if (!parsed.ok) {
      this.logger.warn(
        { key: record.key, offset: record.offset },
        'unreadable state record ignored',
      );
      return;
    }
    const value = parsed.value;
    if (address.kind === 'cursor' && value.kind === 'cursor') {
      this.setCursor(scope, address.name, value);
    } else if (address.kind === 'link' && value.kind === 'link') {
      this.rememberLink(scope, value, address.part);
    }
  }

  link(scope: StateScope, entityType: EntityType, entityId: string): StoredLink | null {
    const link = this.links.get(scoped(scope, entityType, entityId));
    return link && link.externalId !== '' ? link : null;
  }

  /**
   * The catalog version last written for the record, also after it was deleted (tombstone): what
   * makes an older version, retried late, stale. Null when unknown.
   */
  lastWrittenVersion(scope: StateScope, entityType: EntityType, entityId: string): number | null {
    return this.links.get(scoped(scope, entityType, entityId))?.version ?? null;
  }

  /** A LinkLookup over one connection's links, for mappers and adapters. */
  lookup(scope: StateScope): LinkLookup {
    return {
      externalId: (entityType, entityId, part) => {
        const link = this.link(scope, entityType, entityId);
        if (!link) return null;
        return part === undefined ? link.externalId : (link.parts[part] ?? null);
      },
      entityId: (entityType, externalId) =>
        this.reverse.get(scoped(scope, entityType, externalId)) ?? null,
    };
  }

  /** Stores a link (and its parts) durably. */
  async saveLink(
    scope: StateScope,
    entityType: EntityType,
    entityId: string,
    link: Omit<StoredLink, 'updatedAt'> & { updatedAt?: string },
  ): Promise<void> {
    const updatedAt = link.updatedAt ?? this.now().toISOString();
    const previous = this.link(scope, entityType, entityId);
    const record = (externalId: string, contentHash: string | null): LinkState => ({
      kind: 'link',
      entityType,
      entityId,
      externalId,
      contentHash,
      updatedAt,
    });
    const main: LinkState = {
      ...record(link.externalId, link.contentHash),
      ...(link.version === undefined ? {} : { version: link.version }),
      ...(link.writtenAt === undefined ? {} : { writtenAt: link.writtenAt }),
    };
    const messages: Array<{ key: string; value: object | null }> = [
      {
        key: linkKey(scope.tenant, scope.connectionId, entityType, entityId),
        value: main,
      },
      ...Object.entries(link.parts).map(([part, externalId]) => ({
        key: linkKey(scope.tenant, scope.connectionId, entityType, entityId, part),
        value: record(externalId, null),
      })),
      ...Object.keys(previous?.parts ?? {})
        .filter((part) => !(part in link.parts))
        .map((part) => ({
          key: linkKey(scope.tenant, scope.connectionId, entityType, entityId, part),
          value: null,
        })),
    ];
    await this.writer.send(this.topic, messages);
    if (previous) this.forgetLink(scope, entityType, entityId, null);
    this.rememberLink(scope, main, null);
    for (const [part, externalId] of Object.entries(link.parts)) {
      this.rememberLink(scope, record(externalId, null), part);
    }
  }

  /**
   * Replaces the link by a tombstone after the external record was deleted for catalog `version`:
   * the link and its parts are gone, the version stays, so an older version of the record that was
   * parked for a retry is dropped as stale instead of bringing the record back.
   */
  async markDeleted(
    scope: StateScope,
    entityType: EntityType,
    entityId: string,
    externalId: string,
    deleted: { updatedAt: string; version: number },
  ): Promise<void> {
    const previous = this.link(scope, entityType, entityId);
    const tombstone: LinkState = {
      kind: 'link',
      entityType,
      entityId,
      externalId,
      contentHash: null,
      updatedAt: deleted.updatedAt,
      version: deleted.version,
      deleted: true,
    };
    await this.writer.send(this.topic, [
      { key: linkKey(scope.tenant, scope.connectionId, entityType, entityId), value: tombstone },
      ...Object.keys(previous?.parts ?? {}).map((part) => ({
        key: linkKey(scope.tenant, scope.connectionId, entityType, entityId, part),
        value: null,
      })),
    ]);
    if (previous) this.forgetLink(scope, entityType, entityId, null);
    this.rememberLink(scope, tombstone, null);
  }

  cursor(scope: StateScope, name: string): string | null {
    return this.cursors.get(scoped(scope, name))?.cursor ?? null;
  }

  async saveCursor(scope: StateScope, name: string, cursor: string): Promise<void> {
    const value: CursorState = {
      kind: 'cursor',
      stream: name,
      cursor,
      updatedAt: this.now().toISOString(),
    };
    await this.writer.send(this.topic, [
      { key: cursorKey(scope.tenant, scope.connectionId, name), value },
    ]);
    this.setCursor(scope, name, value);
  }

  onCursorChange(listener: CursorListener): () => void {
    this.cursorListeners.add(listener);
    return () => this.cursorListeners.delete(listener);
  }

  private setCursor(scope: StateScope, name: string, value: CursorState | null): void {
    const key = scoped(scope, name);
    const before = this.cursors.get(key)?.cursor ?? null;
    if (value === null) this.cursors.delete(key);
    else this.cursors.set(key, value);
    const after = value?.cursor ?? null;
    if (before === after) return;
    for (const listener of this.cursorListeners) listener(scope, name, after);
  }

  private rememberLink(scope: StateScope, value: LinkState, part: string | null): void {
    const key = scoped(scope, value.entityType, value.entityId);
    if (part !== null) {
      const owner = this.links.get(key);
      // A part may be read before its owner; keep it on a placeholder the owner then fills.
      const target = owner ?? {
        externalId: '',
        parts: {},
        contentHash: null,
        updatedAt: value.updatedAt,
      };
      this.links.set(key, { ...target, parts: { ...target.parts, [part]: value.externalId } });
      return;
    }
    if (value.deleted === true) {
      // A tombstone: no usable link (link() returns null for an empty id), only its version.
      const before = this.links.get(key);
      if (before && before.externalId !== '') {
        this.reverse.delete(scoped(scope, value.entityType, before.externalId));
      }
      this.links.set(key, {
        externalId: '',
        parts: {},
        contentHash: null,
        updatedAt: value.updatedAt,
        ...(value.version === undefined ? {} : { version: value.version }),
      });
      return;
    }
    const parts = this.links.get(key)?.parts ?? {};
    this.links.set(key, {
      externalId: value.externalId,
      parts,
      contentHash: value.contentHash,
      updatedAt: value.updatedAt,
      ...(value.version === undefined ? {} : { version: value.version }),
      ...(value.writtenAt === undefined ? {} : { writtenAt: value.writtenAt }),
    });
    this.reverse.set(scoped(scope, value.entityType, value.externalId), value.entityId);
  }

  private forgetLink(
    scope: StateScope,
    entityType: EntityType,
    entityId: string,
    part: string | null,
  ): void {
    const key = scoped(scope, entityType, entityId);
    const link = this.links.get(key);
    if (!link) return;
    if (part !== null) {
      const parts = { ...link.parts };
      delete parts[part];
      this.links.set(key, { ...link, parts });
      return;
    }
    this.links.delete(key);
    this.reverse.delete(scoped(scope, entityType, link.externalId));
  }
}

function safeJson(value: Buffer): unknown {
  try {
    return JSON.parse(value.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
