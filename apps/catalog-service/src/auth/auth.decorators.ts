import {
  createParamDecorator,
  type ExecutionContext,
  InternalServerErrorException,
  SetMetadata,
} from '@nestjs/common';

import type { ApiKeyScope } from '../api-keys/api-key.entity';
import type { ApiKeyPrincipal, AuthenticatedRequest } from './principal';

export const REQUIRED_SCOPE = 'concord:required-scope';
export const PLATFORM_ADMIN_ONLY = 'concord:platform-admin-only';

/**
 * The scope a `/v1` route needs. Without it a route needs `read` for GET and `write` otherwise,
 * so a route someone forgets to annotate is still protected.
 */
export const RequireScope = (scope: ApiKeyScope) => SetMetadata(REQUIRED_SCOPE, scope);

/** The route is for the platform operator (CONCORD_ADMIN_API_KEY), not for tenant keys. */
export const PlatformAdminOnly = () => SetMetadata(PLATFORM_ADMIN_ONLY, true);

/** The API key that authenticated the request (routes guarded by a scope only). */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ApiKeyPrincipal => {
    const { principal } = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (principal?.kind !== 'api-key') {
      throw new InternalServerErrorException('route has no API key principal');
    }
    return principal;
  },
);
