import { lookup as systemLookup } from 'node:dns';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { isIPv6, type LookupFunction } from 'node:net';

import { ForbiddenError, ForbiddenErrorCode } from '@concord/errors';

import type { OutboundUrlPolicy } from './outbound-url-policy';

type LookupCallback = Parameters<LookupFunction>[2];
type LookupOptions = Parameters<LookupFunction>[1];

function wantedFamily(options: LookupOptions): 4 | 6 | 0 {
  const family: unknown = options.family;
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return 0;
}

function answer(addresses: string[], options: LookupOptions, callback: LookupCallback): void {
  const family = wantedFamily(options);
  const answers = addresses
    .map((address) => ({ address, family: isIPv6(address) ? 6 : 4 }))
    .filter((entry) => family === 0 || entry.family === family);
  if (answers.length === 0) {
    const error = Object.assign(new Error(`No IPv${family} address passed the outbound policy`), {
      code: 'ENOTFOUND',
    });
    callback(error, '', 0);
    return;
  }
  // The callback is typed for one answer; with `all` Node expects the array (net.connect does).
  const respond = callback as unknown as (err: null, ...rest: unknown[]) => void;
  if (options.all) respond(null, answers);
  else respond(null, answers[0].address, answers[0].family);
}

/**
 * The `lookup` for sockets to `url`: at every connect it resolves the host through the policy
 * (its own resolver, so the answer is the one checked) and hands the socket only addresses that
 * passed, so a DNS answer that changes after the first check (rebinding) cannot reach a
 * non-public address. An allowed loopback `host:port` resolves as usual; any other host name is
 * refused, so the agent cannot be pointed elsewhere.
 */
export function pinnedLookup(policy: OutboundUrlPolicy, url: URL): LookupFunction {
  const expected = url.hostname.toLowerCase().replace(/\.$/, '');
  return (hostname, options, callback) => {
    if (hostname.toLowerCase().replace(/\.$/, '') !== expected) {
      const error = new ForbiddenError(
        ForbiddenErrorCode.URL_NOT_ALLOWED,
        `Outbound URL refused: host ${hostname} is not the checked host ${expected}`,
        { details: { host: hostname } },
      );
      callback(error, '', 0);
      return;
    }
    policy.assertAllowed(url).then(
      ({ addresses }) => {
        if (addresses.length === 0) systemLookup(hostname, options, callback);
        else answer(addresses, options, callback);
      },
      (error: Error) => callback(error, '', 0),
    );
  };
}

/**
 * An http(s) agent for calls to `url` (pick by its scheme) whose every connection goes only to an
 * address the policy has just checked. Pass it to the client (`agent` of http.request, the Stripe
 * SDK's `httpAgent`) for any URL whose host a tenant supplies.
 */
export function pinnedAgent(
  policy: OutboundUrlPolicy,
  url: URL,
  options: { keepAlive?: boolean } = {},
): HttpAgent | HttpsAgent {
  const lookup = pinnedLookup(policy, url);
  return url.protocol === 'https:'
    ? new HttpsAgent({ ...options, lookup })
    : new HttpAgent({ ...options, lookup });
}
