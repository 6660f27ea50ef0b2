import { AuthError, AuthErrorCode } from '@concord/errors';
import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';

import type { ApiKeyScope } from '../api-keys/api-key.entity';
import type { ApiKeyPrincipal, AuthenticatedRequest, PlatformAdminPrincipal } from './principal';

export const REQUIRED_SCOPE = 'concord:required-scope';
export const PLATFORM_ADMIN_ONLY = 'concord:platform-admin-only';

/**
 * The scope a `/v1` route needs. Without it a route needs `read` for GET and `write` otherwise,
 * so a route someone forgets to annotate is still protected.
 */
export const RequireScope = (scope: ApiKeyScope) => SetMetadata(REQUIRED_SCOPE, scope);

/** The route is for the platform operator (CONCORD_ADMIN_API_KEY), not for tenant keys. */
export const PlatformAdminOnly = () => SetMetadata(PLATFORM_ADMIN_ONLY, true);

/**
 * The tenant API key that authenticated the request. A handler that takes it refuses on its own
 * (401) when the request carries no tenant principal, even if a guard was skipped.
 */
export function apiKeyPrincipalOf(request: AuthenticatedRequest): ApiKeyPrincipal {
  const { principal } = request;
  if (principal?.kind !== 'api-key') {
    throw new AuthError(AuthErrorCode.MISSING_CREDENTIALS, 'This route needs a tenant API key');
  }
  return principal;
}

/**
 * The platform operator behind the request. Admin handlers take it, so they fail closed (401)
 * on their own when the principal is anything else, even if a guard was skipped.
 */
export function platformAdminOf(request: AuthenticatedRequest): PlatformAdminPrincipal {
  const { principal } = request;
  if (principal?.kind !== 'platform-admin') {
    throw new AuthError(
      AuthErrorCode.MISSING_CREDENTIALS,
      'This route needs the platform admin key',
    );
  }
  return principal;
}

/** The API key that authenticated the request (see `apiKeyPrincipalOf`). */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ApiKeyPrincipal =>
    apiKeyPrincipalOf(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);

/** The platform operator (see `platformAdminOf`). */
export const CurrentPlatformAdmin = createParamDecorator(
  (_data: unknown, context: ExecutionContext): PlatformAdminPrincipal =>
    platformAdminOf(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);
