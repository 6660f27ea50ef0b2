import { RESERVED_METADATA_KEY_PREFIX } from '@concord/model';

/**
 * Metadata keys Concord writes on Stripe objects; they never show up as canonical metadata, and
 * the catalog API refuses them in a record's metadata.
 */
export const CONCORD_KEY_PREFIX = RESERVED_METADATA_KEY_PREFIX;
export const CONCORD_ID_KEY = 'concord_id';

/** The catalog id Concord wrote on a Stripe object (`metadata.concord_id`), or null. */
export function catalogIdOf(metadata: Record<string, string> | null | undefined): string | null {
  return metadata?.[CONCORD_ID_KEY] || null;
}

/** The user's metadata of a Stripe object: everything but Concord's own keys. */
export function canonicalMetadata(
  metadata: Record<string, string> | null | undefined,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(metadata ?? {}).filter(
      ([key, value]) =>
        !key.startsWith(CONCORD_KEY_PREFIX) && typeof value === 'string' && value !== '',
    ),
  );
}

/** `2024-05-01` for a Unix time in seconds (UTC). */
export function isoDateOf(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

/** Unix seconds of a calendar date (noon UTC, so no time zone moves it to another day). */
export function unixOfIsoDate(date: string): number {
  return Math.floor(Date.parse(`${date}T12:00:00.000Z`) / 1000);
}

/** The id of a field that Stripe returns either as an id or as the expanded object. */
export function idOf(value: string | { id: string } | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.id;
}
