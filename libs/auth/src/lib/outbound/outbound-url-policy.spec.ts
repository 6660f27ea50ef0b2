import {
  ForbiddenError,
  ForbiddenErrorCode,
  RetryableError,
  ValidationError,
} from '@concord/errors';

import { blockedAddressKind, embeddedIpv4 } from './ip-address-ranges';
import { HostLookup, OutboundUrlPolicy } from './outbound-url-policy';
import { defaultProviderHosts } from './provider-hosts';

/** A fake DNS: known names resolve to fixed addresses, anything else is not found. */
const dns: Record<string, string[]> = {
  'api.stripe.com': ['54.187.174.169', '2600:1f14:24e:8000::1'],
  'acme.my.salesforce.com': ['13.110.16.5'],
  'acme--uat.sandbox.my.salesforce.com': ['13.110.16.6'],
  'api.xero.com': ['104.16.10.1'],
  'identity.xero.com': ['104.16.10.2'],
  'login.salesforce.com': ['13.110.16.7'],
  'rebind.my.salesforce.com': ['13.110.16.8', '10.0.0.7'],
  'loopback.my.salesforce.com': ['127.0.0.1'],
  'metadata.my.salesforce.com': ['169.254.169.254'],
  'mapped.my.salesforce.com': ['::ffff:192.168.1.1'],
  'ula.my.salesforce.com': ['fd12:3456::1'],
  'cgnat.my.salesforce.com': ['100.64.0.1'],
  'linklocal6.my.salesforce.com': ['fe80::1'],
  'aws6.my.salesforce.com': ['fd00:ec2::254'],
  'nat64.my.salesforce.com': ['64:ff9b:1::a00:7'],
};
const lookups: string[] = [];
const lookup: HostLookup = async (hostname) => {
  lookups.push(hostname);
  const addresses = dns[hostname];
  if (!addresses)
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address }));
};

const policy = new OutboundUrlPolicy({
  allowedHosts: [
    ...defaultProviderHosts.stripe,
    ...defaultProviderHosts.salesforce,
    ...defaultProviderHosts.xero,
    // Listed on purpose: an allowed name must still not reach a non-public address.
    '127.0.0.1',
    '10.0.0.1',
    '169.254.169.254',
    '[::1]',
    '[::ffff:7f00:1]',
    'localhost',
    'metadata.google.internal',
    'app.localhost',
  ],
  allowedLoopback: ['127.0.0.1:12111', 'localhost:12112', '[::1]:12113', '10.1.2.3:8080'],
  lookup,
});

async function refusal(url: string): Promise<ForbiddenError> {
  try {
    await policy.assertAllowed(url);
  } catch (error) {
    if (error instanceof ForbiddenError) return error;
    throw error;
  }
  throw new Error(`expected ${url} to be refused`);
}

describe('OutboundUrlPolicy', () => {
  it.each([
    ['https://api.stripe.com/v1/customers', ['54.187.174.169', '2600:1f14:24e:8000::1']],
    ['https://API.Stripe.com./v1/customers', ['54.187.174.169', '2600:1f14:24e:8000::1']],
    ['https://acme.my.salesforce.com/services/data/v62.0/sobjects', ['13.110.16.5']],
    ['https://acme--uat.sandbox.my.salesforce.com/services/data', ['13.110.16.6']],
    ['https://login.salesforce.com/services/oauth2/token', ['13.110.16.7']],
    ['https://api.xero.com/api.xro/2.0/Invoices', ['104.16.10.1']],
    ['https://identity.xero.com/connect/token', ['104.16.10.2']],
    ['http://127.0.0.1:12111/v1/customers', []],
    ['http://localhost:12112/services/data', []],
    ['http://[::1]:12113/', []],
    ['http://10.1.2.3:8080/webhooks', []],
  ])('allows %s', async (url, addresses) => {
    const allowed = await policy.assertAllowed(url);
    expect(allowed.addresses).toEqual(addresses);
    expect(allowed.url.protocol).toMatch(/^https?:$/);
  });

  it('accepts a URL object and returns the normalised URL to call', async () => {
    const allowed = await policy.assertAllowed(new URL('https://API.STRIPE.COM/v1'));
    expect(allowed.url.href).toBe('https://api.stripe.com/v1');
  });

  it.each([
    // Not on the list
    ['https://evil.example.com/', 'host evil.example.com is not on the allow-list'],
    ['https://api.stripe.com.evil.com/', 'host api.stripe.com.evil.com is not on the allow-list'],
    ['https://my.salesforce.com/', 'host my.salesforce.com is not on the allow-list'],
    ['https://evilmy.salesforce.com/', 'host evilmy.salesforce.com is not on the allow-list'],
    ['https://xero.com/', 'host xero.com is not on the allow-list'],
    ['http://127.0.0.1:12199/', 'host 127.0.0.1 is a loopback address'],
    ['http://localhost:9999/', 'host localhost is a local or metadata host'],
    ['http://10.1.2.3:8081/', 'host 10.1.2.3 is not on the allow-list'],
    ['http://192.168.0.10/', 'host 192.168.0.10 is not on the allow-list'],
    // Schemes and credentials
    ['ftp://api.stripe.com/', 'scheme ftp: is not http or https'],
    ['file:///etc/passwd', 'scheme file: is not http or https'],
    ['gopher://127.0.0.1:12111/', 'scheme gopher: is not http or https'],
    ['javascript:alert(1)', 'scheme javascript: is not http or https'],
    ['https://user:pass@api.stripe.com/', 'URL for host api.stripe.com carries credentials'],
    ['https://token@api.stripe.com/', 'URL for host api.stripe.com carries credentials'],
    ['http://user:pw@127.0.0.1:12111/', 'URL for host 127.0.0.1 carries credentials'],
    ['not a url', 'not a valid URL'],
    // Listed, but not public
    ['http://127.0.0.1/', 'host 127.0.0.1 is a loopback address'],
    ['http://2130706433/', 'host 127.0.0.1 is a loopback address'],
    ['http://017700000001/', 'host 127.0.0.1 is a loopback address'],
    ['http://0x7f000001/', 'host 127.0.0.1 is a loopback address'],
    ['http://0x7f.0.0.1/', 'host 127.0.0.1 is a loopback address'],
    ['http://127.1/', 'host 127.0.0.1 is a loopback address'],
    ['http://10.0.0.1/', 'host 10.0.0.1 is a private address'],
    ['http://169.254.169.254/latest/meta-data/', 'host 169.254.169.254 is a metadata address'],
    ['http://[::1]/', 'host [::1] is a loopback address'],
    ['http://[::ffff:127.0.0.1]/', 'host [::ffff:7f00:1] is a loopback address'],
    ['http://localhost/', 'host localhost is a local or metadata host'],
    ['http://app.localhost/', 'host app.localhost is a local or metadata host'],
    [
      'http://metadata.google.internal/computeMetadata/v1/',
      'host metadata.google.internal is a local or metadata host',
    ],
    // Listed names resolving to non-public addresses (all addresses are checked)
    [
      'https://loopback.my.salesforce.com/',
      'host loopback.my.salesforce.com resolves to a loopback address (127.0.0.1)',
    ],
    [
      'https://nat64.my.salesforce.com/',
      'host nat64.my.salesforce.com resolves to a private address (64:ff9b:1::a00:7)',
    ],
    [
      'https://rebind.my.salesforce.com/',
      'host rebind.my.salesforce.com resolves to a private address (10.0.0.7)',
    ],
    [
      'https://metadata.my.salesforce.com/',
      'host metadata.my.salesforce.com resolves to a metadata address (169.254.169.254)',
    ],
    [
      'https://mapped.my.salesforce.com/',
      'host mapped.my.salesforce.com resolves to a private address (::ffff:192.168.1.1)',
    ],
    [
      'https://ula.my.salesforce.com/',
      'host ula.my.salesforce.com resolves to a private address (fd12:3456::1)',
    ],
    [
      'https://cgnat.my.salesforce.com/',
      'host cgnat.my.salesforce.com resolves to a shared (CGNAT) address (100.64.0.1)',
    ],
    [
      'https://linklocal6.my.salesforce.com/',
      'host linklocal6.my.salesforce.com resolves to a link-local address (fe80::1)',
    ],
    [
      'https://aws6.my.salesforce.com/',
      'host aws6.my.salesforce.com resolves to a metadata address (fd00:ec2::254)',
    ],
  ])('refuses %s', async (url, reason) => {
    const error = await refusal(url);
    expect(error.code).toBe(ForbiddenErrorCode.URL_NOT_ALLOWED);
    expect(error.message).toBe(`Outbound URL refused: ${reason}`);
    expect(error.message).not.toMatch(/pass|token@|user:/);
  });

  it('does not ask DNS about hosts that are not on the list', async () => {
    lookups.length = 0;
    await refusal('https://attacker-controlled.example/');
    expect(lookups).toEqual([]);
  });

  it('reports a host that does not resolve as a retryable network failure', async () => {
    await expect(policy.assertAllowed('https://unknown.my.salesforce.com/')).rejects.toBeInstanceOf(
      RetryableError,
    );
    const empty = new OutboundUrlPolicy({
      allowedHosts: ['api.stripe.com'],
      lookup: async () => [],
    });
    await expect(empty.assertAllowed('https://api.stripe.com/')).rejects.toThrow(
      'Host api.stripe.com has no addresses',
    );
  });

  it.each([
    [{ allowedHosts: ['*'] }],
    [{ allowedHosts: ['https://api.stripe.com'] }],
    [{ allowedHosts: ['api.stripe.com:443'] }],
    [{ allowedHosts: ['api.stripe.com/v1'] }],
    [{ allowedHosts: ['*.*.example.com'] }],
    [{ allowedHosts: [''] }],
    [{ allowedHosts: [], allowedLoopback: ['127.0.0.1'] }],
    [{ allowedHosts: [], allowedLoopback: ['http://127.0.0.1:80'] }],
  ])('refuses a bad allow-list entry %p at construction', (options) => {
    expect(() => new OutboundUrlPolicy(options)).toThrow(ValidationError);
  });

  it('asks the system resolver by default', async () => {
    // RFC 6761: .invalid never resolves, so this needs no network and cannot succeed.
    const real = new OutboundUrlPolicy({ allowedHosts: ['concord.invalid'] });
    await expect(real.assertAllowed('https://concord.invalid/')).rejects.toThrow(
      'Could not resolve host concord.invalid',
    );
  });
});

describe('OutboundUrlPolicy.assertListed (no DNS)', () => {
  it('refuses at once what needs no lookup, and never asks DNS', () => {
    lookups.length = 0;
    const reasons = [
      'ftp://api.stripe.com/',
      'https://user:pw@api.stripe.com/',
      'https://evil.example.com/',
      'http://127.0.0.1:8080/',
      'http://169.254.169.254/latest',
      'http://[::1]/',
      'http://metadata.google.internal/',
    ].map((url) => {
      try {
        policy.assertListed(url);
        return `${url}: allowed`;
      } catch (error) {
        return error instanceof ForbiddenError ? 'refused' : `${url}: ${String(error)}`;
      }
    });
    expect(reasons).toEqual(Array(7).fill('refused'));
    expect(lookups).toEqual([]);
  });

  it('accepts a listed name without resolving it, and an allowed loopback host:port', () => {
    lookups.length = 0;
    expect(policy.assertListed('https://api.stripe.com/v1').host).toBe('api.stripe.com');
    expect(policy.assertListed('http://127.0.0.1:12111').port).toBe('12111');
    expect(lookups).toEqual([]);
  });
});

describe('blockedAddressKind', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['127.255.0.1', 'loopback'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.255.1', 'private'],
    ['169.254.10.10', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['100.64.0.0', 'shared (CGNAT)'],
    ['100.127.255.255', 'shared (CGNAT)'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['fc00::1', 'private'],
    ['fdff:ffff::1', 'private'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['64:ff9b::100.64.0.1', 'shared (CGNAT)'],
    ['64:ff9b:1::808:808', 'private'],
    ['64:ff9b:1:a00:1::', 'private'],
    ['64:ff9b:1:ffff:ffff:ffff:ffff:ffff', 'private'],
    ['2002:c0a8:0101::1', 'private'],
    ['2001:db8::1', 'reserved'],
    ['not-an-ip', 'reserved'],
  ])('classifies %s as %s', (address, kind) => {
    expect(blockedAddressKind(address)).toBe(kind);
  });

  it.each([
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '169.255.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '2002:0808:0808::1',
    '64:ff9b::8.8.8.8',
  ])('lets the public address %s through', (address) => {
    expect(blockedAddressKind(address)).toBeUndefined();
  });

  it('extracts IPv4 from IPv6 forms that carry one', () => {
    expect(embeddedIpv4('::ffff:1.2.3.4')).toBe('1.2.3.4');
    expect(embeddedIpv4('64:ff9b::102:304')).toBe('1.2.3.4');
    expect(embeddedIpv4('2002:102:304::')).toBe('1.2.3.4');
    expect(embeddedIpv4('2606:4700::1111')).toBeUndefined();
    expect(embeddedIpv4('1.2.3.4')).toBeUndefined();
  });
});
