import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** Why an address may not be called from a connector. */
export type BlockedAddressKind =
  | 'metadata'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'shared (CGNAT)'
  | 'unspecified'
  | 'multicast'
  | 'reserved';

type Family = 'ipv4' | 'ipv6';
type Range = [network: string, prefix: number];

// Order matters: the first matching kind names the refusal (metadata before link-local/private).
const RANGES: ReadonlyArray<[BlockedAddressKind, Family, Range[]]> = [
  [
    'metadata',
    'ipv4',
    [
      ['169.254.169.254', 32],
      ['100.100.100.200', 32],
      ['192.0.0.192', 32],
    ],
  ],
  ['metadata', 'ipv6', [['fd00:ec2::254', 128]]],
  ['unspecified', 'ipv4', [['0.0.0.0', 8]]],
  ['loopback', 'ipv4', [['127.0.0.0', 8]]],
  [
    'private',
    'ipv4',
    [
      ['10.0.0.0', 8],
      ['172.16.0.0', 12],
      ['192.168.0.0', 16],
    ],
  ],
  ['link-local', 'ipv4', [['169.254.0.0', 16]]],
  ['shared (CGNAT)', 'ipv4', [['100.64.0.0', 10]]],
  ['multicast', 'ipv4', [['224.0.0.0', 4]]],
  [
    'reserved',
    'ipv4',
    [
      ['192.0.0.0', 24],
      ['192.0.2.0', 24],
      ['198.18.0.0', 15],
      ['198.51.100.0', 24],
      ['203.0.113.0', 24],
      ['240.0.0.0', 4],
    ],
  ],
  ['unspecified', 'ipv6', [['::', 128]]],
  ['loopback', 'ipv6', [['::1', 128]]],
  // The local-use NAT64 prefix (RFC 8215) reaches whatever IPv4 network the local translator
  // serves, private ones included, so it is refused whatever IPv4 it seems to carry.
  [
    'private',
    'ipv6',
    [
      ['fc00::', 7],
      ['fec0::', 10],
      ['64:ff9b:1::', 48],
    ],
  ],
  ['link-local', 'ipv6', [['fe80::', 10]]],
  ['multicast', 'ipv6', [['ff00::', 8]]],
  // Discard-only, documentation and Teredo (whose embedded IPv4 is obfuscated).
  [
    'reserved',
    'ipv6',
    [
      ['100::', 64],
      ['2001:db8::', 32],
      ['2001::', 32],
    ],
  ],
];

const BLOCK_LISTS: ReadonlyArray<[BlockedAddressKind, Family, BlockList]> = RANGES.map(
  ([kind, family, ranges]) => {
    const list = new BlockList();
    for (const [network, prefix] of ranges) list.addSubnet(network, prefix, family);
    return [kind, family, list];
  },
);

/** The eight 16-bit groups of an IPv6 address (zone id dropped), or undefined if it is not one. */
export function ipv6Groups(address: string): number[] | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!isIPv6(bare)) return undefined;
  let text = bare;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const parse = (part: string | undefined) =>
    part ? part.split(':').map((group) => parseInt(group, 16)) : [];
  const headGroups = parse(head);
  const tailGroups = parse(tail);
  const zeros = tail === undefined ? [] : Array(8 - headGroups.length - tailGroups.length).fill(0);
  return [...headGroups, ...zeros, ...tailGroups];
}

function ipv4FromGroups(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/**
 * IPv4 addresses carried inside IPv6 forms that reach IPv4 hosts: IPv4-mapped (::ffff:a.b.c.d),
 * IPv4-compatible (::a.b.c.d), well-known NAT64 (64:ff9b::a.b.c.d, exactly the /96) and 6to4
 * (2002:aabb:ccdd::). The local-use NAT64 prefix 64:ff9b:1::/48 is refused as a whole instead.
 */
export function embeddedIpv4(address: string): string | undefined {
  const g = ipv6Groups(address);
  if (!g) return undefined;
  const zeroPrefix = (count: number) => g.slice(0, count).every((group) => group === 0);
  if (zeroPrefix(5) && g[5] === 0xffff) return ipv4FromGroups(g[6], g[7]);
  if (zeroPrefix(6) && (g[6] !== 0 || g[7] > 1)) return ipv4FromGroups(g[6], g[7]);
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((group) => group === 0)) {
    return ipv4FromGroups(g[6], g[7]);
  }
  if (g[0] === 0x2002) return ipv4FromGroups(g[1], g[2]);
  return undefined;
}

/**
 * Why `address` (an IP literal, IPv6 with or without brackets) must not be called, or undefined
 * for a public address. Anything that is not an IP address is refused as reserved.
 */
export function blockedAddressKind(address: string): BlockedAddressKind | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family: Family | undefined = isIPv4(bare) ? 'ipv4' : isIPv6(bare) ? 'ipv6' : undefined;
  if (!family) return 'reserved';
  if (family === 'ipv6') {
    const inner = embeddedIpv4(bare);
    if (inner !== undefined) return blockedAddressKind(inner);
  }
  for (const [kind, listFamily, list] of BLOCK_LISTS) {
    if (listFamily === family && list.check(bare, family)) return kind;
  }
  return undefined;
}
