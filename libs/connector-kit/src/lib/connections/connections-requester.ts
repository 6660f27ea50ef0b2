import { randomUUID } from 'node:crypto';

import {
  CONNECTIONS_REQUEST_TYPE,
  ConnectionsRequest,
  connectionsRequestKey,
  connectorEventSource,
  MessageHeaders,
  parseMessage,
} from '@concord/model';

import type { KitLogger } from '../definition/kit-logger';
import type { MessageSender } from '../transport/publisher-port';

/**
 * How long after asking a connector holds (parks) events of tenants it has no connection for: the
 * answer republishes every connection of the system, within seconds while catalog-service runs.
 */
export const CONNECTIONS_ANSWER_GRACE_MS = 30_000;

/**
 * Asks catalog-service, the owner of the connections, to publish every connection of this system
 * again: a ConnectionsRequest on the connector's status topic, which catalog-service's inbound
 * applier consumes. The compacted integration.connections.v1 is only a copy of the catalog's
 * table; a broker that lost it (or a truncated topic) so heals without an operator, and a connector
 * whose topic held nothing loads its connections as soon as the answer arrives.
 */
export class ConnectionsRequester {
  constructor(
    private readonly system: string,
    private readonly statusTopic: string,
    private readonly publisher: MessageSender,
    private readonly logger: KitLogger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Publishes one request; `loaded` is how many connections the topic held at start. */
  async request(loaded: number): Promise<ConnectionsRequest> {
    const request = parseMessage(ConnectionsRequest, {
      type: CONNECTIONS_REQUEST_TYPE,
      id: randomUUID(),
      source: connectorEventSource(this.system),
      time: this.now().toISOString(),
      system: this.system,
      reason: loaded === 0 ? 'none-loaded' : 'start',
    });
    await this.publisher.send(this.statusTopic, [
      {
        key: connectionsRequestKey(this.system),
        value: request,
        headers: { [MessageHeaders.eventId]: request.id, [MessageHeaders.origin]: this.system },
      },
    ]);
    const context = { system: this.system, loaded, requestId: request.id };
    // Info, not a warning: a new deployment has no connection yet either.
    this.logger.info(
      context,
      loaded === 0
        ? 'no connection on the connections topic: asked catalog-service to publish them again'
        : 'asked catalog-service to publish every connection again',
    );
    return request;
  }
}
