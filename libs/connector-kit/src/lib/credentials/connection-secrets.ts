import { decryptSecret, type DistributedLock, encryptSecret, type KeyRing } from '@concord/auth';

import type { SharedValues } from './shared-values';

/**
 * Secrets one connection keeps beside its configured credentials, shared by every replica: a
 * rotated OAuth refresh token must be stored before the access token it came with is used, or a
 * crash loses the only token that still works. Values are encrypted with the key ring that
 * encrypts connection credentials (AES-256-GCM), bound to the connection and the name (associated
 * data `tenant:system:connectionId:name`), so a value copied to another key does not decrypt.
 */
export interface ConnectionSecrets {
  /** The value stored under `name`, decrypted, or null when none is. */
  read(name: string): Promise<string | null>;
  /** Stores `value` under `name`, encrypted with the ring's active key. */
  write(name: string, value: string): Promise<void>;
  /** Runs `work` as the only holder of `name` for this connection across replicas. */
  exclusive<T>(name: string, ttlMs: number, work: () => Promise<T>): Promise<T>;
}

/** Where `ConnectionSecrets` keep their values and take their locks. */
export interface SecretsBackend {
  values: SharedValues;
  lock: DistributedLock;
  keyRing: KeyRing;
}

export function connectionSecrets(
  backend: SecretsBackend,
  connection: { tenant: string; system: string; connectionId: string },
): ConnectionSecrets {
  const scope = `${connection.tenant}:${connection.system}:${connection.connectionId}`;
  return {
    async read(name) {
      const sealed = await backend.values.get(`secret:${scope}:${name}`);
      return sealed === null ? null : decryptSecret(backend.keyRing, sealed, `${scope}:${name}`);
    },
    async write(name, value) {
      const sealed = encryptSecret(backend.keyRing, value, `${scope}:${name}`);
      await backend.values.set(`secret:${scope}:${name}`, sealed);
    },
    exclusive: (name, ttlMs, work) =>
      backend.lock.withLock(`secret-lock:${scope}:${name}`, ttlMs, work),
  };
}
