import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

import { AuthError, ValidationError } from '@concord/errors';

import { SecretErrorCode } from './secret-error-code';

export const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Key id -> key, as base64 text (`CONCORD_SECRETS_KEYS` entries) or raw bytes (`@concord/config`). */
export type KeyRingKeys =
  Readonly<Record<string, string | Uint8Array>> | ReadonlyMap<string, string | Uint8Array>;

function invalidRing(message: string): ValidationError {
  return new ValidationError(SecretErrorCode.INVALID_KEY_RING, `Invalid key ring: ${message}`);
}

function toKey(kid: string, key: string | Uint8Array): Buffer {
  const bytes =
    typeof key === 'string'
      ? BASE64.test(key.trim())
        ? Buffer.from(key.trim(), 'base64')
        : undefined
      : Buffer.from(key);
  if (!bytes || bytes.length !== KEY_BYTES) {
    throw invalidRing(`key "${kid}" is not ${KEY_BYTES} bytes (base64)`);
  }
  return bytes;
}

/**
 * The AES-256 keys that protect credentials at rest, by key id. One key is active and encrypts;
 * every key decrypts, so a rotated-out key keeps reading old envelopes until they are re-encrypted.
 * Keys live in a private field and the ring prints only its key ids, so logging it leaks nothing.
 */
export class KeyRing {
  readonly #keys: ReadonlyMap<string, Buffer>;
  readonly activeKeyId: string;

  constructor(keys: KeyRingKeys, activeKeyId: string) {
    const entries = keys instanceof Map ? [...keys.entries()] : Object.entries(keys);
    if (entries.length === 0) throw invalidRing('it holds no keys');
    const ring = new Map<string, Buffer>();
    for (const [kid, key] of entries) {
      if (!KEY_ID.test(kid)) throw invalidRing(`"${kid}" is not a valid key id`);
      ring.set(kid, toKey(kid, key));
    }
    if (!ring.has(activeKeyId)) {
      throw invalidRing(`active key "${activeKeyId}" is not one of ${[...ring.keys()].join(', ')}`);
    }
    this.#keys = ring;
    this.activeKeyId = activeKeyId;
  }

  /** Builds a ring from `CONCORD_SECRETS_KEYS` text: `kid1:<base64>,kid2:<base64>`. */
  static parse(keys: string, activeKeyId: string): KeyRing {
    const map = new Map<string, string>();
    for (const entry of keys
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)) {
      const colon = entry.indexOf(':');
      const kid = colon > 0 ? entry.slice(0, colon).trim() : '';
      if (!kid) throw invalidRing('every entry must be <kid>:<base64 32 bytes>');
      if (map.has(kid)) throw invalidRing(`key id "${kid}" appears twice`);
      map.set(kid, entry.slice(colon + 1));
    }
    return new KeyRing(map, activeKeyId);
  }

  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  has(kid: string): boolean {
    return this.#keys.has(kid);
  }

  /** The key for `kid`; an unknown id is an AuthError naming the id only. */
  key(kid: string): Buffer {
    const key = this.#keys.get(kid);
    if (!key) {
      throw new AuthError(
        SecretErrorCode.UNKNOWN_KEY_ID,
        `Cannot decrypt secret: key id "${kid}" is not in the key ring`,
        { details: { keyId: kid } },
      );
    }
    return key;
  }

  toJSON(): { activeKeyId: string; keyIds: string[] } {
    return { activeKeyId: this.activeKeyId, keyIds: this.keyIds };
  }

  [inspect.custom](): string {
    return `KeyRing { activeKeyId: '${this.activeKeyId}', keyIds: [${this.keyIds.map((kid) => `'${kid}'`).join(', ')}] }`;
  }
}

/** A new random AES-256 key as base64, for `CONCORD_SECRETS_KEYS`. */
export function generateKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}
