import { ValidationError, ValidationErrorCode } from '@concord/errors';
import { isRecord, SimulatorControlPlane } from '@concord/simulators/core';

import { XeroTokenStore } from './auth/xero-token-store';
import { OrganisationRegistry } from './organisations/organisation-registry';
import { UUID_PATTERN } from './organisations/xero-id.factory';
import { XeroLimits, XeroRateLimiter } from './rate-limit/xero-rate-limiter';
import { XeroWebhookPublisher } from './webhooks/xero-webhook-publisher';

export interface XeroControlParts {
  registry: OrganisationRegistry;
  tokens: XeroTokenStore;
  limiter: XeroRateLimiter;
  webhooks: XeroWebhookPublisher;
}

/**
 * Xero's additions to the shared `/_control/` API: its limits (switched on and off by the shared
 * `/rate-limit`), call counts, token lifetime and expiry, organisations, and the app's webhook.
 */
export function registerXeroControl(plane: SimulatorControlPlane, parts: XeroControlParts): void {
  const { registry, tokens, limiter, webhooks } = parts;
  plane.addState('organisations', () => registry.summary());
  plane.addState('limits', () => ({
    enforced: plane.rateLimiter.view().enabled,
    ...limiter.view(),
  }));
  plane.addState('calls', () => limiter.counts());
  plane.addState('tokens', () => tokens.view());
  plane.addState('webhook', () => webhooks.view());
  plane.addRoute({
    method: 'POST',
    path: '/limits',
    handle: (body) => {
      const input = record(body);
      if (input['enabled'] !== undefined) {
        if (typeof input['enabled'] !== 'boolean') throw invalid('enabled', 'a boolean');
        plane.rateLimiter.configure({ enabled: input['enabled'] });
      }
      const limits: Partial<XeroLimits> = {};
      for (const name of ['perMinute', 'concurrent', 'perDay', 'appPerMinute'] as const) {
        if (input[name] === undefined) continue;
        const value = input[name];
        if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
          throw invalid(name, 'a whole number > 0');
        }
        limits[name] = value;
      }
      return { enforced: plane.rateLimiter.view().enabled, ...limiter.configure(limits) };
    },
  });
  plane.addRoute({ method: 'GET', path: '/calls', handle: () => limiter.counts() });
  plane.addRoute({
    method: 'DELETE',
    path: '/calls',
    handle: () => {
      limiter.reset();
      return limiter.counts();
    },
  });
  plane.addRoute({
    method: 'POST',
    path: '/tokens',
    handle: (body) => {
      const input = record(body);
      if (input['accessTokenSeconds'] !== undefined) {
        const seconds = input['accessTokenSeconds'];
        if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds <= 0) {
          throw invalid('accessTokenSeconds', 'a whole number > 0');
        }
        tokens.setAccessTokenSeconds(seconds);
      }
      if (input['grantRefreshToken'] !== undefined) {
        if (typeof input['grantRefreshToken'] !== 'string' || input['grantRefreshToken'] === '') {
          throw invalid('grantRefreshToken', 'a non-empty string');
        }
        tokens.grantRefreshToken(input['grantRefreshToken']);
      }
      const expired = input['expireAccessTokens'] === true ? tokens.expireAccessTokens() : 0;
      return { ...tokens.view(), expired };
    },
  });
  plane.addRoute({
    method: 'POST',
    path: '/organisations',
    handle: (body) => {
      const input = record(body);
      const tenantId = input['tenantId'];
      if (typeof tenantId !== 'string' || !UUID_PATTERN.test(tenantId))
        throw invalid('tenantId', 'a UUID');
      const name =
        typeof input['name'] === 'string' && input['name'] !== ''
          ? input['name']
          : `Organisation ${tenantId.slice(0, 8)}`;
      const org = registry.create(tenantId, name);
      return { tenantId: org.tenantId, name: org.name };
    },
  });
  plane.addRoute({
    method: 'POST',
    path: '/xero-webhook',
    handle: async (body) => {
      const input = record(body);
      const url = input['url'];
      const key = input['key'];
      if (typeof url !== 'string' || !/^https?:\/\//.test(url))
        throw invalid('url', 'an http(s) URL');
      if (typeof key !== 'string' || key === '') throw invalid('key', 'the webhook signing key');
      webhooks.configure(url, key);
      return webhooks.verify();
    },
  });
  plane.addRoute({ method: 'POST', path: '/xero-webhook/verify', handle: () => webhooks.verify() });
  plane.addRoute({ method: 'GET', path: '/xero-webhook', handle: () => webhooks.view() });
}

function record(body: unknown): Record<string, unknown> {
  if (!isRecord(body)) throw invalid('body', 'expected a JSON object');
  return body;
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError(
    ValidationErrorCode.INVALID_INPUT,
    `Invalid control request: ${field}`,
    [{ field, message }],
  );
}
