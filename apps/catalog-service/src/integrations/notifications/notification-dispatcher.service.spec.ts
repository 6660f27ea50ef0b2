import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { encryptSecret, generateKey, KeyRing } from '@concord/auth';
import { rebindingDns } from '@concord/testing';
import type { PinoLogger } from 'nestjs-pino';
import type { DataSource } from 'typeorm';

import type { CatalogConfig } from '../../config/catalog-env';
import { NotificationDispatcher } from './notification-dispatcher.service';
import { notificationSecretContext } from './notifications.service';

const HOST = 'hooks.rebind.test';
const keyRing = KeyRing.parse(`k1:${generateKey()}`, 'k1');
let receiver: Server;
let hits = 0;
let port = 0;

/** A notification queue of one due delivery; records the row's update. */
function queueOfOne(url: string): { dataSource: DataSource; updates: unknown[][] } {
  const updates: unknown[][] = [];
  const due = {
    id: 'delivery-1',
    tenant_id: 'tenant-a',
    payload: { type: 'connection.paused' },
    attempts: 0,
    url,
    secret_encrypted: encryptSecret(keyRing, 'whsec_x', notificationSecretContext('tenant-a')),
  };
  const manager = {
    query: async (sql: string, params: unknown[] = []) => {
      if (sql.trimStart().startsWith('SELECT')) return [due];
      updates.push(params);
      return [];
    },
  };
  const dataSource = {
    transaction: async (work: (m: typeof manager) => Promise<void>) => work(manager),
  } as unknown as DataSource;
  return { dataSource, updates };
}

beforeAll(async () => {
  receiver = createServer((_request, response) => {
    hits += 1;
    response.end('ok');
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  port = (receiver.address() as AddressInfo).port;
});

afterAll(() => receiver.close());

describe('NotificationDispatcher', () => {
  it('never delivers to an address the webhook host rebinds to after the check', async () => {
    const dns = rebindingDns(HOST, '93.184.216.34', '127.0.0.1');
    const { dataSource, updates } = queueOfOne(`http://${HOST}:${port}/hook`);
    const warn = jest.fn();
    const config = {
      NOTIFICATION_ALLOWED_LOOPBACK: [],
      NOTIFICATION_MAX_ATTEMPTS: 5,
    } as unknown as CatalogConfig;
    const dispatcher = new NotificationDispatcher(config, keyRing, dataSource, {
      warn,
    } as unknown as PinoLogger);

    await dispatcher.deliverDue().finally(() => dns.restore());

    expect(hits).toBe(0);
    expect(dns.answers).toEqual(['93.184.216.34', '127.0.0.1']);
    const [id, status, attempts, lastError] = updates[0] as [string, string, number, string];
    expect({ id, status, attempts }).toEqual({ id: 'delivery-1', status: 'pending', attempts: 1 });
    expect(lastError).toBe(
      `Outbound URL refused: host ${HOST} resolves to a loopback address (127.0.0.1)`,
    );
  });
});
