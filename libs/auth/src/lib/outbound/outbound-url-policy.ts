import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';

import {
  ForbiddenError,
  ForbiddenErrorCode,
  RetryableError,
  RetryableErrorCode,
  ValidationError,
  ValidationErrorCode,
} from '@concord/errors';

import { blockedAddressKind } from './ip-address-ranges';

/** Resolves a host name to all its addresses (`dns.lookup` with `all: true` by default). */
export type HostLookup = (hostname: string) => Promise<ReadonlyArray<{ address: string }>>;

export interface OutboundUrlPolicyOptions {
  /** Exact hosts (`api.stripe.com`) or `*.example.com` for any subdomain, at any depth, not the apex. */
  allowedHosts: readonly string[];
  /** Exact `host:port` entries allowed although loopback or private (the simulators). */
  allowedLoopback?: readonly string[];
  lookup?: HostLookup;
}

export interface AllowedOutboundUrl {
  /** The normalised URL; call this one, not the original text (parsers differ on odd notations). */
  url: URL;
  /** The addresses the host resolved to when checked (empty for an allowed loopback entry). */
  addresses: string[];
}

/** Host names that reach cloud metadata or the local machine whatever DNS says. */
const ALWAYS_REFUSED_HOSTS = new Set([
  'localhost',
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

const defaultLookup: HostLookup = (hostname) => dnsLookup(hostname, { all: true });

function normaliseHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

function invalidEntry(entry: string, expected: string): ValidationError {
  return new ValidationError(
    ValidationErrorCode.INVALID_CONFIGURATION,
    `Invalid outbound allow-list entry "${entry}": expected ${expected}`,
  );
}

function parseHostEntry(entry: string): string {
  const wildcard = entry.startsWith('*.');
  const host = wildcard ? entry.slice(2) : entry;
  let parsed: URL | undefined;
  try {
    parsed = new URL(`http://${host}`);
  } catch {
    parsed = undefined;
  }
  const exact = parsed && parsed.port === '' && normaliseHost(parsed.host) === normaliseHost(host);
  if (!exact || host.includes('*') || host === '') {
    throw invalidEntry(entry, 'a host name or *.domain');
  }
  return `${wildcard ? '*.' : ''}${normaliseHost(host)}`;
}

function parseLoopbackEntry(entry: string): string {
  const separator = entry.lastIndexOf(':');
  const hostPart = entry.slice(0, Math.max(0, separator));
  const port = Number(entry.slice(separator + 1));
  let parsed: URL | undefined;
  try {
    parsed = new URL(`http://${hostPart}`);
  } catch {
    parsed = undefined;
  }
  const exact = parsed && normaliseHost(parsed.host) === normaliseHost(hostPart) && hostPart !== '';
  if (!exact || !/^\d{1,5}$/.test(entry.slice(separator + 1)) || port < 1 || port > 65535) {
    throw invalidEntry(entry, 'host:port');
  }
  return `${normaliseHost(hostPart)}:${port}`;
}

function refused(host: string, reason: string): ForbiddenError {
  return new ForbiddenError(ForbiddenErrorCode.URL_NOT_ALLOWED, `Outbound URL refused: ${reason}`, {
    details: { host },
  });
}

/**
 * The SSRF guard every connector runs before calling a URL, including URLs learnt at run time
 * (a token endpoint's `instance_url`). Only http(s), no credentials in the URL, only listed hosts,
 * and never an address that is loopback, private, link-local, CGNAT, metadata or otherwise not
 * public (checked on the literal and on every address DNS returns), unless the exact host:port is
 * an allowed loopback entry. DNS may answer differently when the client connects; callers that
 * need to close that gap connect to one of the returned `addresses`.
 */
export class OutboundUrlPolicy {
  private readonly exactHosts = new Set<string>();
  private readonly wildcardSuffixes: string[] = [];
  private readonly loopback: ReadonlySet<string>;
  private readonly lookup: HostLookup;

  constructor(options: OutboundUrlPolicyOptions) {
    for (const entry of options.allowedHosts.map(parseHostEntry)) {
      if (entry.startsWith('*.')) this.wildcardSuffixes.push(entry.slice(1));
      else this.exactHosts.add(entry);
    }
    this.loopback = new Set((options.allowedLoopback ?? []).map(parseLoopbackEntry));
    this.lookup = options.lookup ?? defaultLookup;
  }

  /** Resolves to the URL to call, or rejects with ForbiddenError(URL_NOT_ALLOWED) naming the host. */
  async assertAllowed(target: string | URL): Promise<AllowedOutboundUrl> {
    const checked = this.check(target);
    if (checked.addresses) return { url: checked.url, addresses: checked.addresses };
    const { url } = checked;
    const host = normaliseHost(url.hostname);
    const addresses = await this.resolve(host);
    for (const address of addresses) {
      const kind = blockedAddressKind(address);
      if (kind) throw refused(host, `host ${host} resolves to a ${kind} address (${address})`);
    }
    return { url, addresses };
  }

  /**
   * Every check that needs no DNS (scheme, credentials, allow-list, literal addresses, local and
   * metadata names): what an API that stores a URL for later can refuse at once, naming the
   * problem. Throws ForbiddenError(URL_NOT_ALLOWED); the call-time check is still assertAllowed.
   */
  assertListed(target: string | URL): URL {
    return this.check(target).url;
  }

  /** The static checks; `addresses` is set when no DNS lookup is needed (loopback, IP literal). */
  private check(target: string | URL): { url: URL; addresses?: string[] } {
    let url: URL;
    try {
      url = new URL(String(target));
    } catch {
      // The text is not echoed: a malformed URL may still carry a token.
      throw refused('', 'not a valid URL');
    }
    const host = normaliseHost(url.hostname);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw refused(host, `scheme ${url.protocol} is not http or https`);
    }
    if (url.username !== '' || url.password !== '') {
      throw refused(host, `URL for host ${host} carries credentials`);
    }
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    if (this.loopback.has(`${host}:${port}`)) return { url, addresses: [] };
    if (!this.hostListed(host)) throw refused(host, `host ${host} is not on the allow-list`);
    if (ALWAYS_REFUSED_HOSTS.has(host) || host.endsWith('.localhost')) {
      throw refused(host, `host ${host} is a local or metadata host`);
    }
    const literal = host.replace(/^\[|\]$/g, '');
    if (isIP(literal)) {
      const kind = blockedAddressKind(literal);
      if (kind) throw refused(host, `host ${host} is a ${kind} address`);
      return { url, addresses: [literal] };
    }
    return { url };
  }

  private hostListed(host: string): boolean {
    return (
      this.exactHosts.has(host) ||
      this.wildcardSuffixes.some((suffix) => host.endsWith(suffix) && host.length > suffix.length)
    );
  }

  private async resolve(host: string): Promise<string[]> {
    let answers: ReadonlyArray<{ address: string }>;
    try {
      answers = await this.lookup(host);
    } catch (error) {
      throw new RetryableError(RetryableErrorCode.NETWORK, `Could not resolve host ${host}`, {
        cause: error,
        details: { host },
      });
    }
    if (answers.length === 0) {
      throw new RetryableError(RetryableErrorCode.NETWORK, `Host ${host} has no addresses`, {
        details: { host },
      });
    }
    return answers.map((answer) => answer.address);
  }
}
