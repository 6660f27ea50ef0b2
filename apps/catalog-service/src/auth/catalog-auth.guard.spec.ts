import { AuthError } from '@concord/errors';
import { Public } from '@concord/observability';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import type { ApiRateLimits } from '../rate-limits/api-rate-limits.service';
import type { ApiKeyAuthenticator } from './api-key-authenticator.service';
import { platformAdminOf } from './auth.decorators';
import { CatalogAuthGuard } from './catalog-auth.guard';
import type { AuthenticatedRequest } from './principal';

const ADMIN_KEY = 'a'.repeat(40);

class UnmarkedController {
  handle(): string {
    return 'unmarked';
  }
}

@Public()
class PublicController {
  handle(): string {
    return 'public';
  }
}

function httpContext(
  controller: { prototype: { handle: () => string } } & (new () => unknown),
  request: Partial<AuthenticatedRequest>,
): ExecutionContext {
  return {
    getType: () => 'http',
    getHandler: () => controller.prototype.handle,
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

function guardWith(authenticate: ApiKeyAuthenticator['authenticate']): CatalogAuthGuard {
  const authenticator = { authenticate } as ApiKeyAuthenticator;
  const limits = {
    admitAddress: () => Promise.resolve(),
    admitKey: () => Promise.resolve(),
  } as unknown as ApiRateLimits;
  return new CatalogAuthGuard(
    new Reflector(),
    authenticator,
    { CONCORD_ADMIN_API_KEY: ADMIN_KEY } as never,
    limits,
  );
}

describe('CatalogAuthGuard denies by default', () => {
  const noKey = jest.fn(() => Promise.reject(new Error('not reached')));

  it.each(['/v1/customers', '/V1/admin/tenants', '/internal/anything', '/'])(
    'refuses an unmarked route at %s without credentials, whatever its path',
    async (path) => {
      const request = { path, method: 'GET', headers: {} };
      await expect(
        guardWith(noKey).canActivate(httpContext(UnmarkedController, request)),
      ).rejects.toThrow(AuthError);
      expect(request).not.toHaveProperty('principal');
    },
  );

  it('lets a route marked @Public() through without credentials', async () => {
    const request = { path: '/health/ready', method: 'GET', headers: {} };
    await expect(
      guardWith(noKey).canActivate(httpContext(PublicController, request)),
    ).resolves.toBe(true);
  });

  it('sets the tenant principal when a key with the needed scope authenticates', async () => {
    const principal = {
      kind: 'api-key' as const,
      tenantId: 't1',
      apiKeyId: 'k1',
      scopes: ['read' as const],
    };
    const request: Partial<AuthenticatedRequest> = {
      path: '/anything',
      method: 'GET',
      headers: { authorization: 'Bearer ck_x_y_z' },
    };
    await expect(
      guardWith(() => Promise.resolve(principal)).canActivate(
        httpContext(UnmarkedController, request),
      ),
    ).resolves.toBe(true);
    expect(request.principal).toEqual(principal);
  });
});

describe('admin handlers fail closed on their own', () => {
  it('refuses a request without the platform-admin principal, as if no guard had run', () => {
    expect(() => platformAdminOf({} as AuthenticatedRequest)).toThrow(AuthError);
    expect(() =>
      platformAdminOf({
        principal: { kind: 'api-key', tenantId: 't', apiKeyId: 'k', scopes: ['admin'] },
      } as unknown as AuthenticatedRequest),
    ).toThrow(AuthError);
    expect(
      platformAdminOf({ principal: { kind: 'platform-admin' } } as AuthenticatedRequest),
    ).toEqual({
      kind: 'platform-admin',
    });
  });
});
