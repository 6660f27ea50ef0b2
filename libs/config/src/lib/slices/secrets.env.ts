import { activeKeyId, keyRing } from '../fields/key-ring.field';
import { defineEnv } from '../load-env';

/**
 * The key ring that encrypts external credentials at rest (`@concord/auth` KeyRing):
 * `CONCORD_SECRETS_KEYS=k2:<base64 32 bytes>,k1:<...>` and `CONCORD_SECRETS_ACTIVE_KEY=k2`.
 */
export const secretsEnv = defineEnv({
  CONCORD_SECRETS_KEYS: keyRing(),
  CONCORD_SECRETS_ACTIVE_KEY: activeKeyId({ keyRing: 'CONCORD_SECRETS_KEYS' }),
});
