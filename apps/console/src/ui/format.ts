import type { Direction, EntityType } from '../api/api-types';

const SYSTEM_NAMES: Record<string, string> = {
  stripe: 'Stripe',
  salesforce: 'Salesforce',
  xero: 'Xero',
  catalog: 'Catalog',
};

/** "stripe" -> "Stripe"; a system the console does not know yet -> "Acme erp". */
export function systemName(system: string): string {
  return (
    SYSTEM_NAMES[system] ?? `${system.charAt(0).toUpperCase()}${system.slice(1).replace(/-/g, ' ')}`
  );
}

export function directionWords(direction: Direction, system: string): string {
  const name = systemName(system);
  if (direction === 'both') return `Two-way: Catalog ⇄ ${name}`;
  if (direction === 'outbound') return `One-way: Catalog → ${name}`;
  return `One-way: ${name} → Catalog`;
}

const ENTITY_PLURALS: Record<EntityType, string> = {
  customer: 'Customers',
  product: 'Products',
  invoice: 'Invoices',
};

export function entityPlural(entityType: EntityType): string {
  return ENTITY_PLURALS[entityType];
}

export function entityName(entityType: EntityType): string {
  return entityType.charAt(0).toUpperCase() + entityType.slice(1);
}

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago" (then the date). */
export function timeAgo(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return 'never';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return 'unknown';
  const seconds = Math.round((now - at) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  const days = Math.round(hours / 24);
  if (days < 7) return `${days} day${days === 1 ? '' : 's'} ago`;
  return new Date(at).toLocaleDateString();
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? '—' : at.toLocaleString();
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A money amount in minor units, e.g. { amount: 1999, currency: 'EUR' } -> "€19.99". */
export function money(value: unknown): string {
  if (typeof value !== 'object' || value === null) return '—';
  const { amount, currency } = value as { amount?: number; currency?: string };
  if (typeof amount !== 'number' || typeof currency !== 'string') return '—';
  const format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}
