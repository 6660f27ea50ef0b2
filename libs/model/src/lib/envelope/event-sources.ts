import { assertExternalSystem } from '../topics/topic-names';

/** CloudEvents `source` of everything catalog-service publishes. */
export const CATALOG_EVENT_SOURCE = '/concord/catalog-service';

/** CloudEvents `source` of everything a connector app publishes. */
export function connectorEventSource(system: string): string {
  assertExternalSystem(system);
  return `/concord/connector-${system}`;
}
