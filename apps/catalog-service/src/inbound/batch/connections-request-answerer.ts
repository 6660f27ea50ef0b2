import { ValidationError, ValidationErrorCode } from '@concord/errors';
import type { ConsumedMessage } from '@concord/kafka';
import {
  CONNECTIONS_REQUEST_TYPE,
  ConnectionsRequest,
  connectionsRequestKey,
  parseMessage,
} from '@concord/model';
import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';

import { ConnectionRepublisher } from '../../integrations/connection-republisher.service';

/** A connector's request for its connections travels on its status topic beside the statuses. */
export function isConnectionsRequest(payload: unknown): boolean {
  return (
    typeof payload === 'object' &&
    payload !== null &&
    (payload as { type?: unknown }).type === CONNECTIONS_REQUEST_TYPE
  );
}

/** Answers a connector that asked for every connection of its system (ConnectionRepublisher). */
@Injectable()
export class ConnectionsRequestAnswerer {
  constructor(
    @InjectPinoLogger('InboundApplier') private readonly logger: PinoLogger,
    private readonly republisher: ConnectionRepublisher,
  ) {}

  async answer(payload: unknown, system: string, message: ConsumedMessage): Promise<void> {
    const request = parseMessage(ConnectionsRequest, payload);
    if (request.system !== system || message.key !== connectionsRequestKey(system)) {
      throw new ValidationError(
        ValidationErrorCode.INVALID_MESSAGE,
        `A ${system} status topic carried a connections request for another system`,
      );
    }
    const answer = await this.republisher.answer(request);
    // Every connector asks at start; an answer that published nothing is routine.
    const level = answer.answered && answer.connections > 0 ? 'info' : 'debug';
    this.logger[level](
      {
        system,
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
        requestId: request.id,
        reason: request.reason,
        ...answer,
      },
      'answered a connections request',
    );
  }
}
