import { ValidationError, ValidationErrorCode } from '@concord/errors';
import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiProduces, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';

import { CurrentPrincipal, RequireScope } from '../../auth/auth.decorators';
import type { ApiKeyPrincipal } from '../../auth/principal';
import { decodeCursor, type RecordCursor } from '../../records/record-cursor';
import { ActivityListenerService } from './activity-listener.service';
import { ActivityStreamClient } from './activity-stream-client';
import { ActivityStreamQueryDto } from './activity-stream-query.dto';

/** How long a browser waits before it reconnects (the `retry:` field). */
const RETRY_MS = 3_000;

/** The sync activity as server-sent events, live from every replica (read). */
@ApiTags('sync')
@ApiBearerAuth()
@RequireScope('read')
@Controller('v1')
export class ActivityStreamController {
  constructor(
    private readonly listener: ActivityListenerService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * `event: ready` once live, then `event: activity` frames (`id:` resumes with Last-Event-ID,
   * `data:` is an activity item as the list returns it), and a `: heartbeat` comment every ACTIVITY_STREAM_HEARTBEAT_MS.
   */
  @Get('sync/activity/stream')
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'resume after this event' })
  async stream(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Query() query: ActivityStreamQueryDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const after = resumeCursor(lastEventId);
    response.status(200);
    response.setHeader('content-type', 'text/event-stream; charset=utf-8');
    response.setHeader('cache-control', 'no-cache, no-transform');
    response.setHeader('x-accel-buffering', 'no');
    response.flushHeaders();
    const client = new ActivityStreamClient(
      principal.tenantId,
      { ...query },
      { write: (text) => response.write(text), end: () => response.end() },
      this.dataSource,
      after,
    );
    response.on('close', () => this.listener.remove(client));
    try {
      await this.listener.add(client);
    } catch {
      // The replica cannot listen (database unreachable): the client retries after RETRY_MS.
      client.close();
      return;
    }
    if (client.isClosed) this.listener.remove(client);
    else client.start(RETRY_MS);
  }
}

function resumeCursor(lastEventId: string | undefined): RecordCursor | null {
  if (lastEventId === undefined || lastEventId === '') return null;
  try {
    return decodeCursor(lastEventId);
  } catch {
    throw new ValidationError(ValidationErrorCode.INVALID_INPUT, 'Invalid Last-Event-ID', [
      { field: 'Last-Event-ID', message: 'is not an event id this stream sent' },
    ]);
  }
}
