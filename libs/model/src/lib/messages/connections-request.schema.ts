import { type Static, Type } from '@sinclair/typebox';

import { EventSource } from '../envelope/envelope.schema';
import { ExternalSystem, IsoTimestamp, Uuid } from '../primitives/primitives.schema';
import { closed, described, LiteralUnion } from '../primitives/schema-helpers';
import { MessageSchemaIds } from './message-schema-ids';

export const CONNECTIONS_REQUEST_TYPE = 'concord.connector.connections.requested' as const;

export const ConnectionsRequestReasons = ['start', 'none-loaded'] as const;

/**
 * A connector's request for every connection of its system, on its status topic. catalog-service
 * owns the connections and answers by publishing each one's settings again on the compacted
 * integration.connections.v1, so a broker that lost that topic heals without an operator. It names
 * no tenant (the connector may know none): it is about the whole system.
 */
export const ConnectionsRequest = Type.Object(
  {
    type: Type.Literal(CONNECTIONS_REQUEST_TYPE, {
      description: `Always ${CONNECTIONS_REQUEST_TYPE}.`,
    }),
    id: described(Uuid, 'Unique id of this request.'),
    source: EventSource,
    time: described(IsoTimestamp, 'When the connector asked.'),
    system: described(ExternalSystem, 'The system whose connections the connector wants.'),
    reason: LiteralUnion(ConnectionsRequestReasons, {
      description:
        'start: every start asks (a truncated topic may lack some); none-loaded: the topic held none.',
    }),
  },
  {
    ...closed,
    $id: MessageSchemaIds.connectionsRequest,
    title: 'Connections request',
    description:
      'A connector asks catalog-service to publish every connection of its system again (key: the system).',
  },
);
export type ConnectionsRequest = Static<typeof ConnectionsRequest>;

/** The key of a connections request on the status topic: the system, shared by every replica. */
export function connectionsRequestKey(system: string): string {
  return system;
}
