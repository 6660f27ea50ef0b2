import { once } from 'node:events';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { ForbiddenError } from '@concord/errors';

import { type HostLookup, OutboundUrlPolicy } from './outbound-url-policy';
import { pinnedAgent, pinnedLookup } from './pinned-agent';

let server: Server;
let hits = 0;
let port = 0;

beforeAll(async () => {
  server = createServer((_request, response) => {
    hits += 1;
    response.end('reached');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterAll(() => server.close());

beforeEach(() => {
  hits = 0;
});

/** An attacker's DNS: a public address for the check, then loopback for the connection. */
function rebindingResolver(): HostLookup & { calls: number } {
  const resolver = Object.assign(
    async () => {
      resolver.calls += 1;
      return [{ address: resolver.calls === 1 ? '93.184.216.34' : '127.0.0.1' }];
    },
    { calls: 0 },
  );
  return resolver;
}

function fetchThrough(url: URL, agent: ReturnType<typeof pinnedAgent>): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

function lookupOnce(
  lookup: ReturnType<typeof pinnedLookup>,
  hostname: string,
  options: { all?: boolean; family?: number },
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    lookup(hostname, options, (error: Error | null, ...answer: unknown[]) =>
      error ? reject(error) : resolve(answer),
    );
  });
}

describe('pinnedAgent (DNS rebinding)', () => {
  it('refuses the connection when the host resolves to loopback after passing the check', async () => {
    const resolver = rebindingResolver();
    const policy = new OutboundUrlPolicy({ allowedHosts: ['hooks.example.com'], lookup: resolver });
    const url = new URL(`http://hooks.example.com:${port}/hook`);
    await expect(policy.assertAllowed(url)).resolves.toMatchObject({
      addresses: ['93.184.216.34'],
    });

    const outcome = await fetchThrough(url, pinnedAgent(policy, url)).catch((e: unknown) => e);

    expect(outcome).toBeInstanceOf(ForbiddenError);
    expect((outcome as Error).message).toBe(
      'Outbound URL refused: host hooks.example.com resolves to a loopback address (127.0.0.1)',
    );
    expect(resolver.calls).toBe(2);
    expect(hits).toBe(0);
  });

  it('hands the socket only the addresses it has just checked, by family', async () => {
    const policy = new OutboundUrlPolicy({
      allowedHosts: ['hooks.example.com'],
      lookup: async () => [{ address: '93.184.216.34' }, { address: '2606:2800:220:1::1' }],
    });
    const lookup = pinnedLookup(policy, new URL('https://hooks.example.com/'));
    await expect(lookupOnce(lookup, 'hooks.example.com', { all: true })).resolves.toEqual([
      [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:2800:220:1::1', family: 6 },
      ],
    ]);
    await expect(lookupOnce(lookup, 'HOOKS.example.com.', { family: 6 })).resolves.toEqual([
      '2606:2800:220:1::1',
      6,
    ]);
  });

  it('refuses a host name other than the one it was made for', async () => {
    const policy = new OutboundUrlPolicy({
      allowedHosts: ['hooks.example.com', 'other.example.com'],
      lookup: async () => [{ address: '93.184.216.34' }],
    });
    const lookup = pinnedLookup(policy, new URL('https://hooks.example.com/'));
    await expect(lookupOnce(lookup, 'other.example.com', {})).rejects.toThrow(
      'Outbound URL refused: host other.example.com is not the checked host hooks.example.com',
    );
  });

  it('still reaches an allowed loopback host:port (the simulators)', async () => {
    const policy = new OutboundUrlPolicy({
      allowedHosts: [],
      allowedLoopback: [`localhost:${port}`],
    });
    const url = new URL(`http://localhost:${port}/hook`);
    await expect(fetchThrough(url, pinnedAgent(policy, url))).resolves.toBe('reached');
    expect(hits).toBe(1);
  });
});
