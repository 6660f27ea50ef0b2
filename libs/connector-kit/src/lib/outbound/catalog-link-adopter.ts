import { catalogLinksFor } from '@concord/model';

import type { KitLogger } from '../definition/kit-logger';
import type { ConnectorStateStore, StateScope } from '../state/connector-state-store';
import { UNKNOWN_VERSION_TIME } from './outbound-decisions';

/**
 * Links again, from the catalog's identity map, the records a catalog event names that this
 * connector holds nothing about: the event's `x-concord-links` header carries the external ids
 * catalog-service knows for the record and the records it refers to (an invoice's customer and
 * products). Its own links live in the compacted state topic; when a broker lost that topic, this
 * is what keeps an update from creating a second external record (a record first seen in the
 * system carries no Concord id there to be found by). A link the connector knows, or a tombstone,
 * is never overridden. Returns how many links were adopted.
 */
export async function adoptCatalogLinks(
  state: ConnectorStateStore,
  scope: StateScope,
  headers: Readonly<Record<string, string>>,
  system: string,
  log: KitLogger,
): Promise<number> {
  let adopted = 0;
  for (const link of catalogLinksFor(headers, system)) {
    const { entityType, entityId, externalId } = link;
    if (state.link(scope, entityType, entityId) !== null) continue;
    if (state.lastWrittenVersion(scope, entityType, entityId) !== null) continue;
    await state.saveLink(scope, entityType, entityId, {
      externalId,
      parts: {},
      // Neither side's content is known: the next write sends the whole record.
      contentHash: null,
      updatedAt: UNKNOWN_VERSION_TIME,
    });
    adopted += 1;
  }
  if (adopted > 0) log.info({ adopted }, "links adopted from the catalog's identity map");
  return adopted;
}
