import type { FieldMapping } from '@concord/model';

import { CONCORD_KEY_PREFIX } from './concord-metadata';

const METADATA_FIELD = /^metadata\.([^.[\]]{1,40})$/;

/** The metadata key a `metadata.<key>` field names, or null. */
function metadataKeyOf(field: string): string | null {
  return METADATA_FIELD.exec(field)?.[1] ?? null;
}

/**
 * Stripe's custom fields are metadata keys, so a Stripe field mapping renames a catalog custom
 * field (`metadata.tier`) to another Stripe metadata key (`metadata.crm_tier`), on customers and
 * invoices (the records with metadata on both sides). Only both ways: the connector rewrites a
 * Stripe object's metadata as a whole on update, so a one-way mapping could not be kept.
 */
export function stripeFieldMappingProblem(mapping: FieldMapping): string | null {
  if (mapping.entityType !== 'customer' && mapping.entityType !== 'invoice') {
    return 'stripe maps custom fields of customers and invoices only';
  }
  const canonical = metadataKeyOf(mapping.canonicalField);
  const external = metadataKeyOf(mapping.externalField);
  if (canonical === null || external === null) {
    return 'stripe maps metadata.<key> to metadata.<key> only (its custom fields are metadata)';
  }
  if (external.startsWith(CONCORD_KEY_PREFIX)) {
    return `metadata keys starting with "${CONCORD_KEY_PREFIX}" are Concord's own`;
  }
  if (mapping.direction === 'inbound' || mapping.direction === 'outbound') {
    return 'stripe rewrites metadata as a whole on update, so mappings must go both ways';
  }
  return null;
}

interface KeyPair {
  canonical: string;
  external: string;
}

function keyPairs(mappings: readonly FieldMapping[]): KeyPair[] {
  return mappings.flatMap((mapping) => {
    if (stripeFieldMappingProblem(mapping) !== null) return [];
    const canonical = metadataKeyOf(mapping.canonicalField);
    const external = metadataKeyOf(mapping.externalField);
    return canonical && external ? [{ canonical, external }] : [];
  });
}

/** Every key a mapping owns, under either name: only the mapping writes them. */
function reservedKeys(pairs: KeyPair[]): Set<string> {
  return new Set(pairs.flatMap((p) => [p.canonical, p.external]));
}

/** Copies `metadata`, moving each mapped key from its `from` name to its `to` name. */
function renamed(
  metadata: Readonly<Record<string, string>>,
  mappings: readonly FieldMapping[],
  from: keyof KeyPair,
  to: keyof KeyPair,
): Record<string, string> {
  const pairs = keyPairs(mappings);
  const reserved = reservedKeys(pairs);
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (!reserved.has(key)) result[key] = value;
  }
  for (const pair of pairs) {
    const value = metadata[pair[from]];
    if (value !== undefined) result[pair[to]] = value;
  }
  return result;
}

/** Catalog metadata -> Stripe metadata: each mapped key moves to its Stripe name. */
export function metadataToStripe(
  metadata: Readonly<Record<string, string>>,
  mappings: readonly FieldMapping[],
): Record<string, string> {
  return renamed(metadata, mappings, 'canonical', 'external');
}

/** Stripe metadata (Concord's keys already removed) -> catalog metadata: the reverse rename. */
export function metadataFromStripe(
  metadata: Readonly<Record<string, string>>,
  mappings: readonly FieldMapping[],
): Record<string, string> {
  return renamed(metadata, mappings, 'external', 'canonical');
}
