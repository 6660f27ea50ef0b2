import type { InvoiceStatus } from './invoice.schema';

/**
 * Rules on record values that the external systems enforce and the catalog must enforce first,
 * or the write ends as a permanent dead letter or a silent divergence. The catalog API checks
 * them on every write.
 */

/** Metadata keys Concord writes on external records for its own bookkeeping (identity, numbers). */
export const RESERVED_METADATA_KEY_PREFIX = 'concord_';

/** Stripe's limits on metadata, the strictest of the supported systems. */
export const METADATA_LIMITS = { maxKeys: 50, maxKeyLength: 40, maxValueLength: 500 } as const;

/** Why a metadata key cannot be used, or undefined when it can. */
export function metadataKeyProblem(key: string): string | undefined {
  if (key.length < 1 || key.length > METADATA_LIMITS.maxKeyLength) {
    return `must have 1 to ${METADATA_LIMITS.maxKeyLength} characters`;
  }
  if (key.includes('[') || key.includes(']')) return 'must not contain "[" or "]"';
  if (key.toLowerCase().startsWith(RESERVED_METADATA_KEY_PREFIX)) {
    return `must not start with "${RESERVED_METADATA_KEY_PREFIX}" (reserved for Concord's own keys)`;
  }
  return undefined;
}

/**
 * Where an invoice may go from each status: paid and void are final, nothing goes back to draft,
 * and an uncollectible invoice can still be paid or voided (Stripe's invoice lifecycle).
 */
export const INVOICE_STATUS_TRANSITIONS: Readonly<Record<InvoiceStatus, readonly InvoiceStatus[]>> =
  {
    draft: ['draft', 'open', 'paid', 'void', 'uncollectible'],
    open: ['open', 'paid', 'void', 'uncollectible'],
    uncollectible: ['uncollectible', 'paid', 'void'],
    paid: ['paid'],
    void: ['void'],
  };

export function canChangeInvoiceStatus(from: InvoiceStatus, to: InvoiceStatus): boolean {
  return INVOICE_STATUS_TRANSITIONS[from].includes(to);
}
