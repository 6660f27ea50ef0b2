import type { EntityKind } from '../workload/oracle';
import type { ObservedRecord } from './observed';

/** The external systems the chaos tenant is connected to (each through its own simulator). */
export const EXTERNAL_SYSTEMS = ['stripe', 'salesforce', 'xero'] as const;
export type ExternalSystem = (typeof EXTERNAL_SYSTEMS)[number];

export const SYSTEM_LABELS: Record<ExternalSystem, string> = {
  stripe: 'Stripe',
  salesforce: 'Salesforce',
  xero: 'Xero',
};

const PRODUCT = ['name', 'description', 'active', 'sku', 'amount'] as const;
const INVOICE = ['number', 'status', 'dueDate', 'quantity', 'total'] as const;

/**
 * The workload's fields each system holds, by kind (a kind left out is not synced there):
 * Salesforce Accounts have no email and no custom metadata field in this connection, Xero contacts
 * have no custom fields at all (so `tier` lives in the catalog and Stripe only), and the
 * Salesforce connection syncs customers and products (no invoices).
 */
export const SYSTEM_FIELDS: Record<
  ExternalSystem,
  Partial<Record<EntityKind, readonly string[]>>
> = {
  stripe: { customer: ['name', 'email', 'phone', 'tier'], product: PRODUCT, invoice: INVOICE },
  salesforce: { customer: ['name', 'phone'], product: PRODUCT },
  xero: { customer: ['name', 'email', 'phone'], product: PRODUCT, invoice: INVOICE },
};

/** The entity types a system's connection syncs. */
export function syncedKinds(system: ExternalSystem, invoices: boolean): EntityKind[] {
  return (Object.keys(SYSTEM_FIELDS[system]) as EntityKind[]).filter(
    (kind) => invoices || kind !== 'invoice',
  );
}

/**
 * Whether a record the workload deleted is still live in a system: Stripe archives a deleted
 * product (`active: false`) rather than deleting it; everything else must be deleted (a Xero
 * contact archived, which its reader reports as deleted).
 */
export function liveAfterDelete(system: ExternalSystem, observed: ObservedRecord): boolean {
  if (observed.deleted) return false;
  return !(
    system === 'stripe' &&
    observed.kind === 'product' &&
    observed.fields['active'] !== true
  );
}
