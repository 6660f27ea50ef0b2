import type { MappingContext } from '@concord/connector-kit';
import type { FieldMapping } from '@concord/model';
import { aConnectionSettings } from '@concord/testing';

/** A mapper's context for a Salesforce connection with these settings and field mappings. */
export function mappingContext(
  settings: Record<string, string> = {},
  fieldMappings: FieldMapping[] = [],
): MappingContext {
  const connection = aConnectionSettings({ system: 'salesforce', settings, fieldMappings });
  return {
    links: { externalId: () => null, entityId: () => null },
    connection: {
      tenant: connection.tenant,
      connectionId: connection.connectionId,
      system: 'salesforce',
      settings: connection,
      credentials: {},
      baseUrl: new URL('https://login.salesforce.com'),
      httpAgent: undefined as never,
    },
  };
}
