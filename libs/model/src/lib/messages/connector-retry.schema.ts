import { type Static, Type } from '@sinclair/typebox';

import { conformsTo, refine, refinementIssues } from '../validation/schema-validation';
import { embeddableCatalogEventSchemas } from './catalog-event.schema';
import { MessageSchemaIds } from './message-schema-ids';

const variants = embeddableCatalogEventSchemas();

/**
 * A catalog event addressed to one connector (a replay or a delayed retry). The value is the
 * original event unchanged, so its id still deduplicates and its idempotency key still holds.
 */
export const ConnectorRetry = refine(
  Type.Union([...variants], {
    $id: MessageSchemaIds.connectorRetry,
    title: 'Connector retry',
    description: 'A catalog event replayed or retried for one connector.',
  }),
  (event) => {
    const variant = variants.find((schema) => conformsTo(schema, event));
    return variant ? refinementIssues(variant, event as Static<typeof variant>) : [];
  },
);
export type ConnectorRetry = Static<typeof ConnectorRetry>;
