import { type CatalogEvent, type EntityType, EntityTypes } from '@concord/model';

import type { BatchOperation } from '../definition/batch-writer';
import type { EntityRef } from '../definition/resolved-connection';

/** A consumed catalog event of one connection; `ref` is whatever the caller needs back. */
export interface CoalescibleEvent<T> {
  ref: T;
  entityType: EntityType;
  event: CatalogEvent;
}

/** Records of one entity type and one operation, each at most once, at most `maxBatchSize`. */
export interface CoalescedGroup<T> {
  entityType: EntityType;
  operation: BatchOperation;
  members: Array<CoalescibleEvent<T>>;
}

export interface CoalescedEvents<T> {
  /** In dependency order: what others reference is written first, deleted last. */
  groups: Array<CoalescedGroup<T>>;
  /** Events a newer version (or a delete) of the same record replaced: no external call. */
  superseded: Array<CoalescibleEvent<T>>;
}

export interface CoalesceOptions {
  /** The records a record's content references (the mappers' `dependencies`). */
  dependenciesOf(entityType: EntityType, event: CatalogEvent): readonly EntityRef[];
  /** The most records one group may hold, per entity type. */
  maxBatchSize(entityType: EntityType): number;
}

/**
 * Turns the consumed events of one connection into write groups. A record appears at most once:
 * its newest version wins (a delete wins a tie), the others are superseded. Groups hold one entity
 * type and one operation; upserts go in dependency order (a customer before its invoices) and
 * deletes after them in the reverse order (an invoice before its customer).
 */
export function coalesceEvents<T>(
  events: ReadonlyArray<CoalescibleEvent<T>>,
  options: CoalesceOptions,
): CoalescedEvents<T> {
  const newest = new Map<string, CoalescibleEvent<T>>();
  const superseded: Array<CoalescibleEvent<T>> = [];
  for (const candidate of events) {
    const key = `${candidate.entityType}:${candidate.event.data.entity.id}`;
    const held = newest.get(key);
    if (held === undefined) {
      newest.set(key, candidate);
    } else if (replaces(candidate.event, held.event)) {
      newest.set(key, candidate);
      superseded.push(held);
    } else {
      superseded.push(candidate);
    }
  }
  const winners = [...newest.values()];
  const order = dependencyOrder(winners, options);
  const groups: Array<CoalescedGroup<T>> = [];
  const plan: Array<[EntityType, BatchOperation]> = [
    ...order.map((type): [EntityType, BatchOperation] => [type, 'upsert']),
    ...[...order].reverse().map((type): [EntityType, BatchOperation] => [type, 'delete']),
  ];
  for (const [entityType, operation] of plan) {
    const members = winners.filter(
      (w) => w.entityType === entityType && operationOf(w.event) === operation,
    );
    const size = Math.max(1, options.maxBatchSize(entityType));
    for (let start = 0; start < members.length; start += size) {
      groups.push({ entityType, operation, members: members.slice(start, start + size) });
    }
  }
  return { groups, superseded };
}

/** The batch operation a catalog event asks for. */
export function operationOf(event: CatalogEvent): BatchOperation {
  return event.data.operation === 'deleted' ? 'delete' : 'upsert';
}

/** Whether `candidate` (consumed after `held`) is the newer state of the same record. */
function replaces(candidate: CatalogEvent, held: CatalogEvent): boolean {
  const versions = candidate.data.entity.version - held.data.entity.version;
  if (versions !== 0) return versions > 0;
  // Same version: a delete beats an update; otherwise the later-consumed copy (a redelivery).
  return operationOf(held) !== 'delete' || operationOf(candidate) === 'delete';
}

/**
 * Entity types ordered so that a type another one references comes first (Kahn's algorithm over
 * the references in these events), ties in the model's order (customer, product, invoice).
 */
function dependencyOrder<T>(
  winners: ReadonlyArray<CoalescibleEvent<T>>,
  options: CoalesceOptions,
): EntityType[] {
  const present = EntityTypes.filter((type) => winners.some((w) => w.entityType === type));
  const needs = new Map<EntityType, Set<EntityType>>(present.map((type) => [type, new Set()]));
  for (const winner of winners) {
    if (operationOf(winner.event) === 'delete') continue;
    for (const ref of options.dependenciesOf(winner.entityType, winner.event)) {
      if (ref.entityType !== winner.entityType && needs.has(ref.entityType)) {
        needs.get(winner.entityType)?.add(ref.entityType);
      }
    }
  }
  const ordered: EntityType[] = [];
  while (ordered.length < present.length) {
    const ready =
      present.find(
        (type) =>
          !ordered.includes(type) && [...(needs.get(type) ?? [])].every((d) => ordered.includes(d)),
      ) ?? present.find((type) => !ordered.includes(type)); // a cycle: model order breaks it
    if (ready === undefined) break;
    ordered.push(ready);
  }
  return ordered;
}
