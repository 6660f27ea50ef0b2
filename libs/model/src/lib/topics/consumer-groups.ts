import { assertExternalSystem } from './topic-names';

/** Consumer groups of catalog-service. Each dead-letters to `dlq.<group>.v1`. */
export const CatalogConsumerGroups = {
  /** Applies the connectors' inbound changes, outcomes and statuses. */
  inbound: 'catalog-inbound',
  /** Stores every dead letter for the sync visibility API; it never dead-letters itself. */
  deadLetterCollector: 'catalog-dlq-collector',
} as const;

/** The consumer group of a connector app: every replica of `connector-<system>` joins it. */
export function connectorConsumerGroup(system: string): string {
  assertExternalSystem(system);
  return `connector-${system}`;
}

/** The groups whose dead-letter topics exist in a deployment with these connector systems. */
export function deadLetteringConsumerGroups(systems: readonly string[]): string[] {
  return [CatalogConsumerGroups.inbound, ...[...new Set(systems)].map(connectorConsumerGroup)];
}
