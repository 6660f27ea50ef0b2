import { ConnectionsRequest, validate } from '@concord/model';

import { silentKitLogger } from '../definition/kit-logger';
import type { MessageSender } from '../transport/publisher-port';
import { ConnectionsRequester } from './connections-requester';

type Sent = Parameters<MessageSender['send']>;

function recordingSender(): MessageSender & { sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    sent,
    send: async (...args: Sent) => {
      sent.push(args);
    },
  };
}

describe('ConnectionsRequester', () => {
  const now = () => new Date('2026-12-05T10:00:00.000Z');

  it('asks on the status topic, keyed by the system, with a valid request', async () => {
    const sender = recordingSender();
    const requester = new ConnectionsRequester(
      'stripe',
      't.connector.stripe.status.v1',
      sender,
      silentKitLogger,
      now,
    );
    const request = await requester.request(0);
    expect(sender.sent).toHaveLength(1);
    const [topic, [message]] = sender.sent[0];
    expect(topic).toBe('t.connector.stripe.status.v1');
    expect(message.key).toBe('stripe');
    expect(validate(ConnectionsRequest, message.value)).toEqual({ ok: true, value: request });
    expect(request).toMatchObject({
      type: 'concord.connector.connections.requested',
      system: 'stripe',
      source: '/concord/connector-stripe',
      time: '2026-12-05T10:00:00.000Z',
      reason: 'none-loaded',
    });
  });

  it('says it asks at start when the topic held connections (a truncated topic may lack some)', async () => {
    const sender = recordingSender();
    const requester = new ConnectionsRequester('stripe', 's', sender, silentKitLogger, now);
    expect((await requester.request(3)).reason).toBe('start');
  });
});
