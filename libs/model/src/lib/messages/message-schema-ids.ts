import type { EntityType } from '../primitives/primitives.schema';

/** Stable `$id` of every top-level message schema; the AsyncAPI document refers to these. */
export const MessageSchemaIds = {
  catalogCustomerEvent: 'concord.catalog.customer.v1',
  catalogProductEvent: 'concord.catalog.product.v1',
  catalogInvoiceEvent: 'concord.catalog.invoice.v1',
  inboundChange: 'concord.connector.inbound.v1',
  syncOutcome: 'concord.connector.outcome.v1',
  connectorStatus: 'concord.connector.status.v1',
  connectionsRequest: 'concord.connector.connections-request.v1',
  connectorState: 'concord.connector.state.v1',
  connectorRetry: 'concord.connector.retry.v1',
  catalogRetry: 'concord.catalog.retry.v1',
  connectionSettings: 'concord.integration.connections.v1',
  deadLetter: 'concord.deadletter.v1',
} as const;

export type MessageSchemaId = (typeof MessageSchemaIds)[keyof typeof MessageSchemaIds];

export const CatalogEventSchemaIds = {
  customer: MessageSchemaIds.catalogCustomerEvent,
  product: MessageSchemaIds.catalogProductEvent,
  invoice: MessageSchemaIds.catalogInvoiceEvent,
} as const satisfies Record<EntityType, MessageSchemaId>;
