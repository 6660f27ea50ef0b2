// The connector SPI: what a connector app implements and calls. Everything else in the kit is
// its own plumbing (see the README, "The interface a connector implements").

// Bootstrap: a connector's main.ts and app module.
export { connectorEnv } from './lib/app/connector-env';
export { allowedLoopbackFromEnv } from './lib/app/kit-options-from-env';
export { runConnector } from './lib/app/run-connector';
export type { ConnectorKitOptions } from './lib/definition/connector-kit-options';
export { ConnectorKitModule } from './lib/nest/connector-kit.module';
export { ConnectorKitService } from './lib/nest/connector-kit.service';

// The definition and its parts: mappers, the outbound adapter, batches, inbound sources.
export { syncsInbound, syncsOutbound } from './lib/connections/connection-state';
export type {
  BatchItem,
  BatchItemResult,
  BatchWriter,
  WriteBatch,
} from './lib/definition/batch-writer';
export type { AllowanceUsage, ConnectorDefinition } from './lib/definition/connector-definition';
export type { CanonicalRecord, EntityMapper, MappingContext } from './lib/definition/entity-mapper';
export { fieldMappingsOf } from './lib/definition/field-mappings';
export type {
  InboundChangeDraft,
  InboundContext,
  PollSource,
  ReportedChange,
  WebhookSource,
} from './lib/definition/inbound-source';
export type {
  ExistingLink,
  ExternalCallContext,
  MatchCandidate,
  OutboundAdapter,
  UpsertContext,
  UpsertResult,
} from './lib/definition/outbound-adapter';
export type {
  EntityRef,
  LinkLookup,
  ResolvedConnection,
} from './lib/definition/resolved-connection';
export {
  type OpenSubscription,
  SubscriptionCursorExpiredError,
  type SubscriptionListener,
  type SubscriptionSource,
} from './lib/definition/subscription-source';

// Helpers and errors an adapter uses.
export { ConnectorKitErrorCode } from './lib/errors/connector-kit-error-codes';
export { externalDeletePending, externalDeleteStands } from './lib/outbound/external-delete';
export { isConcordIdempotencyKey } from './lib/outbound/idempotency-keys';

// Connection secrets (rotated tokens shared by replicas).
export {
  type ConnectionSecrets,
  connectionSecrets,
  type SecretsBackend,
} from './lib/credentials/connection-secrets';
export { connectRedisSecretsBackend } from './lib/credentials/redis-secrets-backend';

// For connectors' specs and the workspace checks.
export { ConnectionResolver } from './lib/connections/connection-resolver';
export { CONNECTIONS_ANSWER_GRACE_MS } from './lib/connections/connections-requester';
export { silentKitLogger } from './lib/definition/kit-logger';
export { kitTopics, kitTopicSpecs } from './lib/transport/kit-topics';
