import type { Request } from 'express';

import type { ApiKeyScope } from '../api-keys/api-key.entity';

/** A tenant's API key: everything it may touch belongs to `tenantId`. */
export interface ApiKeyPrincipal {
  kind: 'api-key';
  tenantId: string;
  /** The api_keys row id; audit entries name it as the actor. */
  apiKeyId: string;
  scopes: readonly ApiKeyScope[];
}

/** The operator of the Concord deployment (CONCORD_ADMIN_API_KEY): manages tenants only. */
export interface PlatformAdminPrincipal {
  kind: 'platform-admin';
}

export type Principal = ApiKeyPrincipal | PlatformAdminPrincipal;

export const PLATFORM_ADMIN_ACTOR = 'platform-admin';

export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}
