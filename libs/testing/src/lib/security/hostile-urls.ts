/** A URL an attacker would configure to make Concord call somewhere it must not. */
export interface HostileUrl {
  /** What kind of target it is, for the report. */
  kind: string;
  url: string;
}

/**
 * SSRF targets: loopback in every notation, private and link-local ranges, cloud metadata,
 * IPv4-mapped IPv6, non-http schemes, credentials in the URL, and a public host that is on no
 * allow-list. `port` is put on the loopback entries (a real listener there proves nothing arrived).
 */
export function hostileUrls(port = 80): HostileUrl[] {
  return [
    { kind: 'loopback', url: `http://127.0.0.1:${port}/hook` },
    { kind: 'loopback IPv6', url: `http://[::1]:${port}/hook` },
    { kind: 'loopback name', url: `http://localhost:${port}/hook` },
    { kind: 'loopback subdomain name', url: `http://api.localhost:${port}/hook` },
    { kind: 'unspecified', url: `http://0.0.0.0:${port}/hook` },
    { kind: 'loopback decimal', url: `http://2130706433:${port}/hook` },
    { kind: 'loopback octal', url: `http://0177.0.0.1:${port}/hook` },
    { kind: 'loopback hex', url: `http://0x7f000001:${port}/hook` },
    { kind: 'loopback short', url: `http://127.1:${port}/hook` },
    { kind: 'private 10/8', url: 'http://10.0.0.1/hook' },
    { kind: 'private 172.16/12', url: 'http://172.16.5.4/hook' },
    { kind: 'private 192.168/16', url: 'https://192.168.1.10/hook' },
    { kind: 'unique local fc00::/7', url: 'http://[fd00::1]/hook' },
    { kind: 'link-local 169.254/16', url: 'http://169.254.10.10/hook' },
    { kind: 'link-local fe80::/10', url: 'http://[fe80::1]/hook' },
    { kind: 'cloud metadata', url: 'http://169.254.169.254/latest/meta-data/iam/' },
    { kind: 'cloud metadata name', url: 'http://metadata.google.internal/computeMetadata/v1/' },
    { kind: 'IPv4-mapped IPv6 loopback', url: `http://[::ffff:127.0.0.1]:${port}/hook` },
    { kind: 'IPv4-mapped IPv6 metadata', url: 'http://[::ffff:a9fe:a9fe]/latest/' },
    { kind: 'CGNAT 100.64/10', url: 'http://100.64.0.1/hook' },
    { kind: 'non-http scheme file', url: 'file:///etc/passwd' },
    { kind: 'non-http scheme gopher', url: `gopher://127.0.0.1:${port}/_` },
    { kind: 'non-http scheme ftp', url: 'ftp://example.com/hook' },
    { kind: 'credentials in URL', url: 'https://user:secret@hooks.example.com/hook' },
    { kind: 'trailing-dot loopback name', url: `http://localhost.:${port}/hook` },
  ];
}

/** Hosts outside a provider's allow-list (public, but not the provider's). */
export const OFF_LIST_URLS: HostileUrl[] = [
  { kind: 'host outside the allow-list', url: 'https://evil.example.com/v1' },
  {
    kind: 'allow-listed name as a subdomain of another host',
    url: 'https://api.stripe.com.evil.example.com/v1',
  },
  { kind: 'allow-listed name in the user part', url: 'https://api.stripe.com@evil.example.com/v1' },
];
