import { KeyRing } from '@concord/auth';
import type { FactoryProvider } from '@nestjs/common';

import { CATALOG_CONFIG } from '../config/catalog-config.module';
import type { CatalogConfig } from '../config/catalog-env';

/** The KeyRing that encrypts credentials and webhook secrets at rest (AES-256-GCM). */
export const SECRETS_KEY_RING = Symbol('SECRETS_KEY_RING');

export function secretsKeyRingOf(
  config: Pick<CatalogConfig, 'CONCORD_SECRETS_KEYS' | 'CONCORD_SECRETS_ACTIVE_KEY'>,
): KeyRing {
  return new KeyRing(config.CONCORD_SECRETS_KEYS, config.CONCORD_SECRETS_ACTIVE_KEY);
}

export const secretsKeyRingProvider: FactoryProvider<KeyRing> = {
  provide: SECRETS_KEY_RING,
  inject: [CATALOG_CONFIG],
  useFactory: secretsKeyRingOf,
};
