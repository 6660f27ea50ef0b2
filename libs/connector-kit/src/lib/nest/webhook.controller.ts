import type { IncomingHttpHeaders } from 'node:http';

import { Public, type RequestWithRawBody } from '@concord/observability';
import { Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';

import { ConnectorKitService } from './connector-kit.service';

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(',') : value,
    ]),
  );
}

/** `POST /webhooks/<system>/<tenant>/<connectionId>`: the provider's signed deliveries. */
@Public()
@Controller('webhooks')
export class WebhookController {
  constructor(private readonly kit: ConnectorKitService) {}

  @Post(':system/:tenant/:connectionId')
  @HttpCode(200)
  async receive(
    @Param('system') system: string,
    @Param('tenant') tenant: string,
    @Param('connectionId') connectionId: string,
    @Req() request: RequestWithRawBody,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Record<string, unknown>> {
    if (system !== this.kit.system) {
      response.status(404);
      return { error: { code: 'UNKNOWN_CONNECTION', message: 'No such connection' } };
    }
    const result = await this.kit.receiveWebhook({
      tenant,
      connectionId,
      rawBody: request.rawBody,
      headers: flatHeaders(request.headers),
    });
    response.status(result.status);
    return result.body;
  }
}
