import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  defaultProviderHosts,
  OAuthTokenManager,
  OutboundUrlPolicy,
  type RefreshedTokens,
  refreshOAuthTokens,
} from '@concord/auth';
import { ForbiddenError } from '@concord/errors';
import { type HostileUrl, hostileUrls, OFF_LIST_URLS, recordRefusal } from '@concord/testing';

import { startTokenEndpoint, type TokenEndpoint } from './token-endpoint';

let endpoint: TokenEndpoint;
let target: Server;
let hits = 0;
let answer = 'https://acme.my.salesforce.com';

/** DNS as an attacker controlling a *.my.salesforce.com name would answer it. */
const RESOLVES_PRIVATE: Record<string, string> = {
  'rebind.my.salesforce.com': '10.0.0.7',
  'meta.my.salesforce.com': '169.254.169.254',
  'loop.my.salesforce.com': '127.0.0.1',
  'v6.my.salesforce.com': '::1',
  'mapped.my.salesforce.com': '::ffff:192.168.0.1',
};

beforeAll(async () => {
  target = createServer((_request, response) => {
    hits += 1;
    response.end('{}');
  });
  target.listen(0, '127.0.0.1');
  await once(target, 'listening');
  endpoint = await startTokenEndpoint(() => answer, 0);
});

afterAll(async () => {
  target.close();
  await endpoint.close();
});

/**
 * A Salesforce-style connector's token manager, refreshing with the production
 * `refreshOAuthTokens`: it checks the token URL and the `instance_url` it answers against the
 * policy (the provider's hosts; the local token endpoint as the one allowed loopback).
 */
function salesforceTokens(policy: OutboundUrlPolicy): OAuthTokenManager<RefreshedTokens> {
  return new OAuthTokenManager<RefreshedTokens>({
    refresh: (current) =>
      refreshOAuthTokens({
        policy,
        tokenUrl: endpoint.url,
        refreshToken: current?.refreshToken ?? 'refresh-0',
      }),
  });
}

/** What the connector does next with the tokens: call the instance it was given. */
async function callInstance(
  tokens: OAuthTokenManager<RefreshedTokens>,
  connectionId: string,
): Promise<unknown> {
  const set = await tokens.getTokens(connectionId);
  return fetch(new URL('/services/data/v60.0/sobjects', set.instanceUrl));
}

describe("SSRF through the token response's instance_url", () => {
  const lookup = async (hostname: string) => {
    const address = RESOLVES_PRIVATE[hostname];
    if (!address) throw new Error(`no such host ${hostname}`);
    return [{ address }];
  };

  it('refuses every hostile instance_url and never calls it', async () => {
    const { port } = target.address() as AddressInfo;
    const policy = new OutboundUrlPolicy({
      allowedHosts: defaultProviderHosts.salesforce,
      allowedLoopback: [endpoint.host],
      lookup,
    });
    const cases: HostileUrl[] = [
      ...hostileUrls(port),
      ...OFF_LIST_URLS,
      ...Object.entries(RESOLVES_PRIVATE).map(([host, address]) => ({
        kind: `allowed name resolving to ${address}`,
        url: `https://${host}`,
      })),
    ];
    const gotThrough: string[] = [];
    for (const [index, hostile] of cases.entries()) {
      answer = hostile.url;
      const outcome = await callInstance(
        salesforceTokens(policy),
        `tenant-${index}:salesforce`,
      ).then(
        () => 'called',
        (error: unknown) => error,
      );
      const refused =
        outcome instanceof Error &&
        (outcome.cause instanceof ForbiddenError || outcome instanceof ForbiddenError);
      recordRefusal(
        'ssrf',
        `instance_url: ${hostile.kind} (${hostile.url})`,
        refused,
        outcome instanceof Error ? outcome.message : String(outcome),
      );
      if (!refused) gotThrough.push(`${hostile.kind}: ${String(outcome)}`);
    }
    expect(gotThrough).toEqual([]);
    expect(hits).toBe(0);
  });

  it('accepts a genuine instance on the allow-list (the control)', async () => {
    answer = 'https://acme.my.salesforce.com';
    const policy = new OutboundUrlPolicy({
      allowedHosts: defaultProviderHosts.salesforce,
      allowedLoopback: [endpoint.host],
      lookup: async () => [{ address: '13.108.0.1' }],
    });
    const tokens = await salesforceTokens(policy).getTokens('tenant-ok:salesforce');
    expect(tokens.instanceUrl).toBe('https://acme.my.salesforce.com/');
  });
});
