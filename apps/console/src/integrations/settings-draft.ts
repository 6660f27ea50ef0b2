import type {
  ConflictStrategy,
  Direction,
  EntityType,
  FieldMapping,
  FieldOwner,
  Integration,
} from '../api/api-types';
import { syncedEntityTypes } from './entity-support';

/** The configuration form's state: what the operator edits before saving. */
export interface SettingsDraft {
  enabled: boolean;
  direction: Direction;
  entityTypes: EntityType[];
  fieldMappings: Array<Omit<FieldMapping, 'direction'> & { direction: Direction | '' }>;
  matchingKeys: Record<EntityType, string[]>;
  conflictDefault: ConflictStrategy;
  fieldOwners: FieldOwner[];
  baseUrl: string;
}

/** What catalog-service uses when a type configures no matching keys. */
export const DEFAULT_MATCHING_KEYS: Record<EntityType, string[]> = {
  customer: ['email'],
  product: ['sku'],
  invoice: ['number'],
};

/** A new connection's settings: every entity type the system syncs, both ways. */
export function newDraft(system: string): SettingsDraft {
  return {
    enabled: true,
    direction: 'both',
    entityTypes: syncedEntityTypes(system),
    fieldMappings: [],
    matchingKeys: { ...DEFAULT_MATCHING_KEYS },
    conflictDefault: 'last-writer-wins',
    fieldOwners: [],
    baseUrl: '',
  };
}

export function draftOf(integration: Integration): SettingsDraft {
  const baseUrl = integration.settings['baseUrl'];
  return {
    enabled: integration.enabled,
    direction: integration.direction,
    entityTypes: [...integration.entityTypes],
    fieldMappings: integration.fieldMappings.map((mapping) => ({
      ...mapping,
      direction: mapping.direction ?? '',
    })),
    matchingKeys: {
      customer: integration.matchingKeys.customer ?? DEFAULT_MATCHING_KEYS.customer,
      product: integration.matchingKeys.product ?? DEFAULT_MATCHING_KEYS.product,
      invoice: integration.matchingKeys.invoice ?? DEFAULT_MATCHING_KEYS.invoice,
    },
    conflictDefault: integration.conflictPolicy.default,
    fieldOwners: [...(integration.conflictPolicy.fieldOwners ?? [])],
    baseUrl: typeof baseUrl === 'string' ? baseUrl : '',
  };
}

/** The body of PUT/PATCH /v1/integrations/:system. Nothing is checked here: the API names problems. */
export function settingsBody(draft: SettingsDraft): Record<string, unknown> {
  return {
    enabled: draft.enabled,
    direction: draft.direction,
    entityTypes: draft.entityTypes,
    fieldMappings: draft.fieldMappings.map(({ direction, ...mapping }) =>
      direction === '' ? mapping : { ...mapping, direction },
    ),
    matchingKeys: draft.matchingKeys,
    conflictPolicy: { default: draft.conflictDefault, fieldOwners: draft.fieldOwners },
    ...(draft.baseUrl.trim() === '' ? {} : { settings: { baseUrl: draft.baseUrl.trim() } }),
  };
}
