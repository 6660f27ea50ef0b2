import { type Static, type TSchema, Type } from '@sinclair/typebox';

import { conformsTo, refine, refinementIssues } from '../validation/schema-validation';
import { ConnectionsRequest } from './connections-request.schema';
import { ConnectorStatus } from './connector-status.schema';
import { InboundChange } from './inbound-change.schema';
import { MessageSchemaIds } from './message-schema-ids';
import { SyncOutcome } from './sync-outcome.schema';

const sources = [InboundChange, SyncOutcome, ConnectorStatus, ConnectionsRequest] as const;

// The same schemas without their `$id`, so they can sit inside another schema.
function withoutId<T extends TSchema>(schema: T): T {
  const copy = { ...schema };
  delete copy.$id;
  return copy;
}

const variants = sources.map(withoutId);

/**
 * What the catalog's own retry topic carries: an inbound change, outcome, connector status or
 * connections request the applier failed on, retried later or replayed from its dead letters, unchanged, so its source
 * event id still deduplicates.
 */
export const CatalogRetry = refine(
  Type.Union([...variants], {
    $id: MessageSchemaIds.catalogRetry,
    title: 'Catalog retry',
    description: 'A connector message retried or replayed for catalog-service’s applier only.',
  }),
  (message) => {
    const index = variants.findIndex((schema) => conformsTo(schema, message));
    return index >= 0 ? refinementIssues(sources[index] as TSchema, message as never) : [];
  },
);
export type CatalogRetry = Static<typeof CatalogRetry>;
