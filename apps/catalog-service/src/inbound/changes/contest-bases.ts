import {
  contentOf,
  type EntityType,
  type InboundChange,
  type InboundContentByEntityType,
  type RecordByEntityType,
} from '@concord/model';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { IdentityLink, LinkKey } from '../identity-map/identity-link';
import { FieldClocksRepository } from './field-clocks.repository';
import type { resolveFields } from './field-resolution';
import { InboundContentMapper } from './inbound-content.mapper';
import { recordKeyOf } from './inbound-trail';
import { concurrentFields, overwrittenFields } from './overwritten-report';

/**
 * The bases an inbound upsert is resolved against when both sides wrote one record at once (see
 * "Both sides write one record at once" in docs/architecture.md and overwritten-report.ts): the
 * fields Concord's own write overwrote in the source, and the fields both sides wrote together.
 */
@Injectable()
export class ContestBases {
  constructor(
    private readonly content: InboundContentMapper,
    private readonly clocks: FieldClocksRepository,
  ) {}

  /**
   * The record as read, with the event's values for the fields Concord's own write overwrote in
   * the source (see `overwrittenFields`), and their base; null when none was, or when the
   * connector could already tell (`previous`) or sent no report.
   */
  async overwrittenReport(
    manager: EntityManager,
    change: InboundChange,
    key: LinkKey,
    record: RecordByEntityType[EntityType],
    read: Record<string, unknown>,
    localChanges: ReadonlyMap<string, Date>,
  ): Promise<{ incoming: Record<string, unknown>; base: Record<string, unknown> } | null> {
    const { data } = change;
    if (data.reported === undefined || data.previous !== undefined) return null;
    const toCanonical = (content: unknown) =>
      this.content.toCanonical(
        manager,
        key,
        content as InboundContentByEntityType[EntityType],
        record,
      );
    const reported = await toCanonical(data.reported.content);
    const base = await toCanonical(data.reported.previous);
    const input = {
      system: data.system,
      current: contentOf(key.entityType, record) as Record<string, unknown>,
      read,
      reported,
      base,
      localChangedAt: localChanges,
      changedAt: new Date(data.changedAt),
      sameValue: this.content.sameValue(key.entityType),
    };
    // Only the fields that qualify by their values are worth asking the clocks about.
    const byValue = overwrittenFields({
      ...input,
      lastOrigin: new Map(Object.keys(base).map((field) => [field, '(any other)'])),
    });
    if (byValue.length === 0) return null;
    const lastOrigin = await this.clocks.lastOrigins(manager, recordKeyOf(key, record.id), byValue);
    const fields = overwrittenFields({ ...input, lastOrigin });
    if (fields.length === 0) return null;
    const pick = (content: Record<string, unknown>) =>
      Object.fromEntries(fields.map((field) => [field, content[field]]));
    return { incoming: { ...read, ...pick(reported) }, base: pick(base) };
  }

  /**
   * The event's base for the fields of this change that both sides wrote at once (see
   * `concurrentFields`), or null when there are none or the connector sent no report.
   */
  async concurrentBase(
    manager: EntityManager,
    change: InboundChange,
    key: LinkKey,
    record: RecordByEntityType[EntityType],
    link: IdentityLink | null,
    resolution: ReturnType<typeof resolveFields>,
    localChanges: ReadonlyMap<string, Date>,
  ): Promise<Record<string, unknown> | null> {
    const { data } = change;
    const conflicted = new Set(resolution.conflicts.map((conflict) => conflict.field));
    const taken = Object.keys(resolution.taken).filter((field) => !conflicted.has(field));
    if (data.reported === undefined || taken.length === 0) return null;
    const base = await this.content.toCanonical(
      manager,
      key,
      data.reported.previous as InboundContentByEntityType[EntityType],
      record,
    );
    const input = {
      system: data.system,
      baseline: link?.lastSyncedContent ?? null,
      base,
      localChangedAt: localChanges,
      changedAt: new Date(data.changedAt),
      sameValue: this.content.sameValue(key.entityType),
    };
    // Only the fields that qualify by their values and times are worth asking the clocks about.
    const byValue = concurrentFields({
      ...input,
      taken,
      lastOrigin: new Map(taken.map((field) => [field, '(any other)'])),
    });
    if (byValue.length === 0) return null;
    const lastOrigin = await this.clocks.lastOrigins(manager, recordKeyOf(key, record.id), byValue);
    const fields = concurrentFields({ ...input, taken: byValue, lastOrigin });
    if (fields.length === 0) return null;
    return Object.fromEntries(fields.map((field) => [field, base[field]]));
  }
}
