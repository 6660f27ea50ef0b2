import { AuthError, AuthErrorCode, ForbiddenError, ForbiddenErrorCode } from '@concord/errors';
import { PUBLIC_ROUTE } from '@concord/observability';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import type { ApiKeyScope } from '../api-keys/api-key.entity';
import { CATALOG_CONFIG } from '../config/catalog-config.module';
import type { CatalogConfig } from '../config/catalog-env';
import { ApiRateLimits } from '../rate-limits/api-rate-limits.service';
import { ApiKeyAuthenticator } from './api-key-authenticator.service';
import { PLATFORM_ADMIN_ONLY, REQUIRED_SCOPE } from './auth.decorators';
import { bearerToken } from './bearer-token';
import { matchesPlatformAdminKey } from './platform-admin-key';
import type { AuthenticatedRequest } from './principal';

/**
 * Deny by default: every route needs a principal unless its controller or handler is marked
 * `@Public()` (health and metrics; the API docs are served outside Nest's router). Platform admin
 * routes are authenticated by CONCORD_ADMIN_API_KEY, all others by a tenant API key with the
 * needed scope. Nothing here looks at the request path: what a route needs is declared on it.
 * Rate limits come first per client address (before any credential work), then per API key.
 * Bodies are parsed only after this guard (RequestBodyInterceptor), so a refused request never
 * costs a parse.
 */
@Injectable()
export class CatalogAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: ApiKeyAuthenticator,
    @Inject(CATALOG_CONFIG) private readonly config: CatalogConfig,
    private readonly limits: ApiRateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // Express resolves the address through TRUST_PROXY_HOPS trusted proxies, no further.
    await this.limits.admitAddress(request.ip ?? request.socket?.remoteAddress ?? 'unknown');
    const token = bearerToken(request.headers.authorization);

    if (this.reflector.getAllAndOverride<boolean>(PLATFORM_ADMIN_ONLY, targets)) {
      if (!matchesPlatformAdminKey(token, this.config.CONCORD_ADMIN_API_KEY)) {
        // A genuine tenant key (even with the admin scope) is known but not allowed here: 403.
        const tenantKey = await this.authenticator.authenticate(token).catch(() => null);
        if (tenantKey) {
          throw new ForbiddenError(
            ForbiddenErrorCode.MISSING_SCOPE,
            'Platform admin routes need the platform admin key, not a tenant API key',
            { details: { requiredScope: 'platform-admin' } },
          );
        }
        throw new AuthError(AuthErrorCode.INVALID_CREDENTIALS, 'Invalid platform admin key');
      }
      request.principal = { kind: 'platform-admin' };
      return true;
    }

    const principal = await this.authenticator.authenticate(token);
    await this.limits.admitKey(principal.apiKeyId);
    const required =
      this.reflector.getAllAndOverride<ApiKeyScope>(REQUIRED_SCOPE, targets) ??
      (request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'write');
    if (!principal.scopes.includes(required)) {
      throw new ForbiddenError(
        ForbiddenErrorCode.MISSING_SCOPE,
        `This API key lacks the "${required}" scope`,
        { details: { requiredScope: required } },
      );
    }
    request.principal = principal;
    return true;
  }
}
