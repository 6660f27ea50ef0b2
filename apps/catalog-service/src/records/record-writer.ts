import {
  type EntityType,
  MessageHeaders,
  type Origin,
  type RecordByEntityType,
} from '@concord/model';
import type { EntityManager } from 'typeorm';

import type { RecordColumns } from './record-columns';

/** A record as a writer read it: its row (and, for invoices, its lines). */
export interface LoadedRecord<T extends RecordColumns = RecordColumns> {
  entity: T;
  version: number;
}

export interface ReadOptions {
  /** Deleted records count as absent. */
  live: boolean;
  /** Lock the row until the caller's transaction ends (the inbound applier's reads). */
  lock?: boolean;
}

export interface WriteOptions {
  /** `catalog` (the default) for API writes; the external system for changes applied from it. */
  origin?: Origin;
  /**
   * An update only: the event asks this system's connector to write it even though it comes from
   * that system (the system holds a value Concord wrote over the one taken from it).
   */
  resyncSystem?: string;
  /**
   * A change applied from a system: when the system made it, which its field clocks take instead
   * of the event's time (last-writer-wins compares the source's own change times).
   */
  clockTime?: Date;
}

/** The outbox headers an update's options ask for. */
export function resyncHeaders(options: WriteOptions): Record<string, string> | undefined {
  return options.resyncSystem === undefined
    ? undefined
    : { [MessageHeaders.resync]: options.resyncSystem };
}

export interface StoredChange<E extends EntityType> {
  record: RecordByEntityType[E];
  /** Content fields that changed; empty when nothing did (no new version, no event). */
  changedFields: string[];
}

/**
 * The one writer of an entity type, used by the REST API and the inbound applier alike: the same
 * validation, the same conflict mapping and the same catalog event, each change one statement
 * (RecordWrites). `Input` is what a create takes; an update takes part of it (absent: unchanged).
 * An update, delete or resync returns null when the record moved past the version read (only
 * possible without a lock; the caller reads again).
 */
export interface RecordWriter<
  E extends EntityType,
  Input,
  L extends LoadedRecord = LoadedRecord,
  UpdateOptions extends WriteOptions = WriteOptions,
> {
  readonly entityType: E;
  read(
    manager: EntityManager,
    tenantId: string,
    id: string,
    options: ReadOptions,
  ): Promise<L | null>;
  /** Many records of one tenant in one query (locked in id order with `lock`); absent ones left out. */
  readMany(
    manager: EntityManager,
    tenantId: string,
    ids: readonly string[],
    options: ReadOptions,
  ): Promise<L[]>;
  recordOf(loaded: L): RecordByEntityType[E];
  create(
    manager: EntityManager,
    tenantId: string,
    input: Input,
    options?: WriteOptions,
  ): Promise<RecordByEntityType[E]>;
  update(
    manager: EntityManager,
    loaded: L,
    input: Partial<Input>,
    options?: UpdateOptions,
  ): Promise<StoredChange<E> | null>;
  remove(
    manager: EntityManager,
    loaded: L,
    options?: WriteOptions,
  ): Promise<RecordByEntityType[E] | null>;
  /**
   * A new version with the same content (undeleted if it was deleted), published as an update of
   * `fields` with the resync header for `system`: its connector writes it even when it believes
   * the external record holds it already.
   */
  resync(
    manager: EntityManager,
    loaded: L,
    fields: string[],
    system: string,
  ): Promise<RecordByEntityType[E] | null>;
}
