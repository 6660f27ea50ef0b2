import type { EntityType, FieldMapping } from '@concord/model';

import type { ResolvedConnection } from './resolved-connection';

/** The connection's field mappings of one entity type, in the order the operator gave them. */
export function fieldMappingsOf(
  connection: Pick<ResolvedConnection, 'settings'>,
  entityType: EntityType,
): FieldMapping[] {
  return connection.settings.fieldMappings.filter((m) => m.entityType === entityType);
}

/**
 * The field mappings a connector cannot honour, each described for the operator, e.g.
 * `customer phone -> description: only metadata.<key> fields map in stripe`. The kit refuses a
 * connection with such mappings (needs-attention, naming them) instead of ignoring them.
 */
export function unsupportedFieldMappings(
  mappings: readonly FieldMapping[],
  problemOf: ((mapping: FieldMapping) => string | null) | undefined,
): string[] {
  const problems: string[] = [];
  for (const mapping of mappings) {
    const problem = problemOf ? problemOf(mapping) : 'this connector supports no field mappings';
    if (problem) {
      problems.push(
        `${mapping.entityType} ${mapping.canonicalField} -> ${mapping.externalField}: ${problem}`,
      );
    }
  }
  return problems;
}
