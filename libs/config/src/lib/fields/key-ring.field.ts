import { buildField, EnvField, fail, FieldResult, ok } from '../env-field';

/** Key id -> 32-byte key. Frozen; the keys themselves never appear in messages or logs. */
export type KeyRingKeys = Readonly<Record<string, Buffer>>;

export const KEY_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const KEY_BYTES = 32;

/** The key ids of a `kid:key,kid:key` value, without judging the keys (for cross-checks). */
export function keyRingIds(raw: string): string[] {
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => entry.slice(0, Math.max(0, entry.indexOf(':'))).trim())
    .filter((kid) => kid !== '');
}

function parseKeyRing(raw: string): FieldResult<KeyRingKeys> {
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) return fail('must list at least one key as <kid>:<base64 32 bytes>');
  const keys: Record<string, Buffer> = {};
  for (const [index, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    const kid = colon > 0 ? entry.slice(0, colon).trim() : '';
    const encoded = colon > 0 ? entry.slice(colon + 1).trim() : '';
    const position = `entry ${index + 1}`;
    if (!KEY_ID_PATTERN.test(kid)) {
      return fail(`must list keys as <kid>:<base64 32 bytes>; ${position} has no valid key id`);
    }
    if (Object.hasOwn(keys, kid)) return fail(`must not repeat key id "${kid}"`);
    const key = BASE64.test(encoded) ? Buffer.from(encoded, 'base64') : undefined;
    if (!key || key.length !== KEY_BYTES) {
      return fail(`has key "${kid}" that is not base64 of exactly ${KEY_BYTES} bytes`);
    }
    keys[kid] = key;
  }
  return ok(Object.freeze(keys));
}

/**
 * The secrets key ring, `kid1:<base64 32 bytes>,kid2:<...>`. Always secret. Several keys let an
 * old key keep decrypting while a new active key encrypts (rotation).
 */
export function keyRing(): EnvField<KeyRingKeys> {
  return buildField<KeyRingKeys>({ secret: true }, parseKeyRing);
}

/**
 * The id of the key that encrypts, checked against the key ring variable so a typo fails at
 * start rather than at the first encryption. The check is skipped when the ring itself is unset;
 * that variable reports its own error.
 */
export function activeKeyId(options: { keyRing: string }): EnvField<string> {
  return buildField<string>({}, (raw, env) => {
    const kid = raw.trim();
    if (!KEY_ID_PATTERN.test(kid)) return fail('must be a key id (letters, digits, _ . -)');
    const ring = env[options.keyRing];
    if (ring === undefined || ring.trim() === '') return ok(kid);
    const known = keyRingIds(ring);
    if (!known.includes(kid)) {
      return fail(
        `must name a key in ${options.keyRing} (known ids: ${known.join(', ') || 'none'})`,
      );
    }
    return ok(kid);
  });
}
