import type { Agent } from 'node:http';

import { type HostLookup, OutboundUrlPolicy, pinnedAgent } from '@concord/auth';
import { isConcordError, ValidationError, ValidationErrorCode } from '@concord/errors';

/** A checked notification URL and the agent that connects only to addresses checked with it. */
export interface NotificationTarget {
  url: URL;
  agent: Agent;
}

function invalidUrl(message: string): ValidationError {
  return new ValidationError(ValidationErrorCode.INVALID_INPUT, `Invalid webhook URL: ${message}`, [
    { field: 'url', message },
  ]);
}

async function checkWithPolicy(
  url: string,
  allowedLoopback: readonly string[],
  lookup: HostLookup | undefined,
): Promise<{ url: URL; policy: OutboundUrlPolicy }> {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw invalidUrl('not a valid URL');
  }
  if (host === '') throw invalidUrl('no host');
  try {
    const policy = new OutboundUrlPolicy({
      allowedHosts: [host],
      allowedLoopback,
      ...(lookup ? { lookup } : {}),
    });
    return { url: (await policy.assertAllowed(url)).url, policy };
  } catch (error) {
    if (isConcordError(error) && error.category === 'forbidden') {
      throw invalidUrl(error.message);
    }
    if (error instanceof ValidationError) throw invalidUrl('host not allowed');
    throw error;
  }
}

/**
 * Checks a tenant's notification URL: any public http(s) host the tenant names (it is the only
 * host on the allow-list), never loopback, private, link-local or metadata addresses, except an
 * exact `host:port` listed in NOTIFICATION_ALLOWED_LOOPBACK. Resolves to the URL to store.
 */
export async function checkNotificationUrl(
  url: string,
  allowedLoopback: readonly string[],
  lookup?: HostLookup,
): Promise<URL> {
  return (await checkWithPolicy(url, allowedLoopback, lookup)).url;
}

/**
 * The same check at send time, with the agent to send through: every connection it opens
 * re-resolves through the same policy and refuses an answer that has turned non-public since the
 * check (DNS rebinding), so the request reaches only an address that was checked.
 */
export async function notificationTarget(
  url: string,
  allowedLoopback: readonly string[],
  lookup?: HostLookup,
): Promise<NotificationTarget> {
  const checked = await checkWithPolicy(url, allowedLoopback, lookup);
  return { url: checked.url, agent: pinnedAgent(checked.policy, checked.url) };
}
