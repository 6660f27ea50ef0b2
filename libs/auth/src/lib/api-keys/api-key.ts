import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

import { AuthError, AuthErrorCode, ValidationError, ValidationErrorCode } from '@concord/errors';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const KEY_ID_LENGTH = 12;
const SECRET_LENGTH = 32;
const PREFIX = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
const KEY_ID = /^[A-Za-z0-9]{12}$/;
const SECRET = /^[A-Za-z0-9]{32,128}$/;

/**
 * scrypt cost. N = 2^13 keeps one verification around 10 ms on a server core. The secret carries
 * about 190 bits of entropy, so the hash need not resist guessing; it keeps a leaked table from
 * being usable and stays cheap enough to verify on every request.
 */
const SCRYPT = { N: 8192, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** Bounds on parameters read back from storage, so a corrupted row cannot demand a huge scrypt. */
const MAX_N = 1 << 17;
/**
 * The stored hash ends with 32 bits of the key's SHA-256: enough to refuse a wrong secret without
 * paying scrypt (only one wrong guess in 4 billion gets that far), too few to help anyone who
 * reads the table, since the secret keeps about 160 bits nothing stored reveals.
 */
const PRECHECK_BYTES = 4;

export interface GeneratedApiKey {
  /** Shown to the user once, never stored. */
  key: string;
  /** Public, indexed: finds the stored hash without scanning. */
  keyId: string;
  /** The only thing stored: `scrypt$N$r$p$<salt>$<hash>$<precheck>`. */
  hash: string;
}

export interface ParsedApiKey {
  prefix: string;
  keyId: string;
}

/** Uniform random base62 text; rejection sampling avoids the bias of `byte % 62`. */
function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

function scryptAsync(
  key: string,
  salt: Buffer,
  params: { N: number; r: number; p: number },
  length: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(key, salt, length, { ...params, maxmem: 256 * params.N * params.r }, (error, derived) =>
      error ? reject(error) : resolve(derived),
    );
  });
}

function invalidApiKey(): AuthError {
  // Never echo the key: it may be a real key with a typo.
  return new AuthError(AuthErrorCode.INVALID_CREDENTIALS, 'Malformed API key');
}

/** Splits `<prefix>_<keyId>_<secret>`; the prefix may itself contain `_` (`ck_live`). */
export function parseApiKey(key: string): ParsedApiKey {
  const parts = typeof key === 'string' ? key.split('_') : [];
  if (parts.length < 3) throw invalidApiKey();
  const secret = parts[parts.length - 1];
  const keyId = parts[parts.length - 2];
  const prefix = parts.slice(0, -2).join('_');
  if (!PREFIX.test(prefix) || !KEY_ID.test(keyId) || !SECRET.test(secret)) throw invalidApiKey();
  return { prefix, keyId };
}

/** Hashes a key for storage with a fresh random salt. */
export async function hashApiKey(key: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await scryptAsync(key, salt, SCRYPT, HASH_BYTES);
  const { N, r, p } = SCRYPT;
  return [
    'scrypt',
    N,
    r,
    p,
    salt.toString('base64url'),
    hash.toString('base64url'),
    precheckOf(key),
  ].join('$');
}

function precheckOf(key: string): string {
  return createHash('sha256')
    .update(key)
    .digest()
    .subarray(0, PRECHECK_BYTES)
    .toString('base64url');
}

/**
 * A cheap first look at a presented key (one SHA-256, no scrypt): `mismatch` when it certainly
 * does not match `storedHash`, `candidate` when `verifyApiKey` must decide, and `unchecked` for
 * a hash stored before prechecks existed.
 */
export function precheckApiKey(
  key: string,
  storedHash: string,
): 'mismatch' | 'candidate' | 'unchecked' {
  const stored = parseStoredHash(storedHash).precheck;
  if (stored === undefined) return 'unchecked';
  if (typeof key !== 'string' || key.length === 0 || key.length > 512) return 'mismatch';
  const presented = Buffer.from(precheckOf(key));
  const expected = Buffer.from(stored);
  return presented.length === expected.length && timingSafeEqual(presented, expected)
    ? 'candidate'
    : 'mismatch';
}

/** A new key with its id and the hash to store. `prefix` names the environment, e.g. `ck_test`. */
export async function generateApiKey(prefix = 'ck_live'): Promise<GeneratedApiKey> {
  if (!PREFIX.test(prefix)) {
    throw new ValidationError(
      ValidationErrorCode.INVALID_INPUT,
      'API key prefix must be lowercase words joined by "_"',
      [{ field: 'prefix', message: 'must match [a-z][a-z0-9]*(_[a-z0-9]+)*' }],
    );
  }
  const keyId = randomBase62(KEY_ID_LENGTH);
  const key = `${prefix}_${keyId}_${randomBase62(SECRET_LENGTH)}`;
  return { key, keyId, hash: await hashApiKey(key) };
}

interface StoredHash {
  params: { N: number; r: number; p: number };
  salt: Buffer;
  hash: Buffer;
  /** Absent from hashes stored before prechecks existed (six `$`-separated parts). */
  precheck?: string;
}

function parseStoredHash(stored: string): StoredHash {
  const parts = stored.split('$');
  const [scheme, n, r, p, salt, hash, precheck] = parts;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const valid =
    (parts.length === 6 || (parts.length === 7 && /^[\w-]{6}$/.test(precheck))) &&
    scheme === 'scrypt' &&
    Number.isInteger(params.N) &&
    params.N >= 2 &&
    params.N <= MAX_N &&
    (params.N & (params.N - 1)) === 0 &&
    Number.isInteger(params.r) &&
    params.r >= 1 &&
    params.r <= 32 &&
    Number.isInteger(params.p) &&
    params.p >= 1 &&
    params.p <= 16 &&
    /^[\w-]{16,}$/.test(salt) &&
    /^[\w-]{22,}$/.test(hash);
  if (!valid) {
    // A server-side data fault, not the caller's: surface it instead of silently refusing every key.
    throw new ValidationError(
      ValidationErrorCode.INVALID_CONFIGURATION,
      'Stored API key hash is malformed',
    );
  }
  return {
    params,
    salt: Buffer.from(salt, 'base64url'),
    hash: Buffer.from(hash, 'base64url'),
    ...(precheck === undefined ? {} : { precheck }),
  };
}

/**
 * Whether `key` matches `storedHash`, compared in constant time. A malformed key is simply not a
 * match; a malformed stored hash is a ValidationError.
 */
export async function verifyApiKey(key: string, storedHash: string): Promise<boolean> {
  const stored = parseStoredHash(storedHash);
  if (typeof key !== 'string' || key.length === 0 || key.length > 512) return false;
  const derived = await scryptAsync(key, stored.salt, stored.params, stored.hash.length);
  return timingSafeEqual(derived, stored.hash);
}
