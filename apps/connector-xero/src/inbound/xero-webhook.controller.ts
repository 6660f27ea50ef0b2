import type { IncomingHttpHeaders } from 'node:http';

import { ConnectorKitService } from '@concord/connector-kit';
import { Public, type RequestWithRawBody } from '@concord/observability';
import { Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';

import { xeroTenantIdOf } from '../xero/xero-settings';
import { isValidXeroSignature } from './xero-webhook-signature';

/** Injection token of the app's Xero webhook signing key (undefined: every delivery refused). */
export const XERO_WEBHOOK_KEY = Symbol('XERO_WEBHOOK_KEY');

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(',') : value,
    ]),
  );
}

function tenantsOf(rawBody: Buffer): Set<string> {
  try {
    const batch = JSON.parse(rawBody.toString('utf8')) as {
      events?: Array<{ tenantId?: unknown }>;
    };
    return new Set(
      (batch.events ?? []).flatMap((e) => (typeof e.tenantId === 'string' ? [e.tenantId] : [])),
    );
  } catch {
    return new Set();
  }
}

/**
 * `POST /xero/webhooks`: the one URL a Xero app has. Xero's intent-to-receive check wants 401 for
 * a bad signature and 200 for a good one, so the signature is checked here first (the kit's
 * per-connection route answers 400). Each event names its organisation: the delivery is handed to
 * the kit once per connection whose `xero-tenant-id` it names (the Xero source skips the other
 * organisations' events); events of organisations no connection holds are acknowledged and
 * dropped. The answer is the worst of the connections' answers, so Xero delivers again when any
 * of them could not store its changes.
 */
@Public()
@Controller('xero')
export class XeroWebhookController {
  constructor(
    private readonly kit: ConnectorKitService,
    @Inject(XERO_WEBHOOK_KEY) private readonly webhookKey: string | undefined,
  ) {}

  @Post('webhooks')
  @HttpCode(200)
  async receive(
    @Req() request: RequestWithRawBody,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Record<string, unknown>> {
    const rawBody = request.rawBody;
    const headers = flatHeaders(request.headers);
    if (!rawBody || !isValidXeroSignature(rawBody, headers['x-xero-signature'], this.webhookKey)) {
      response.status(401);
      return { error: { code: 'INVALID_SIGNATURE', message: 'Invalid webhook signature' } };
    }
    const tenants = tenantsOf(rawBody);
    if (tenants.size > 0 && !this.kit.runtime.connectionsLoaded) {
      // Not acknowledged: Xero delivers again once the connections are known.
      response.status(503);
      return { error: { code: 'NOT_READY', message: 'Connections not loaded yet' } };
    }
    let status = 200;
    let applied = 0;
    for (const entry of this.kit.runtime.registry.all()) {
      const xeroTenant = xeroTenantIdOf({
        settings: entry.settings,
        credentials: entry.resolved?.credentials ?? {},
      });
      if (xeroTenant === null || !tenants.has(xeroTenant)) continue;
      const answer = await this.kit.receiveWebhook({
        tenant: entry.settings.tenant,
        connectionId: entry.settings.connectionId,
        rawBody,
        headers,
      });
      status = Math.max(status, answer.status);
      applied += Number(answer.body['applied'] ?? 0);
    }
    response.status(status);
    return status === 200
      ? { received: true, applied }
      : { error: { code: 'NOT_STORED', message: 'Webhook not stored; deliver again' } };
  }
}
