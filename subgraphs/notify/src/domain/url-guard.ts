/**
 * Which IP addresses a webhook may reach, pure (no DNS: services resolve, this decides). A partner
 * names the URL, so without this check a webhook would be a way into our own network: loopback,
 * private ranges, link-local (169.254.169.254 is the cloud metadata service), carrier-grade NAT,
 * and IPv6 forms that embed such an IPv4 address (v4-mapped, NAT64, 6to4) are all refused.
 *
 * Addresses come in the canonical forms WHATWG URL parsing and DNS answers produce (dotted IPv4,
 * IPv6 with or without `::`, optionally an embedded dotted IPv4 tail).
 */

type V4Range = [base: number, prefixLength: number, name: string];

const v4 = (a: number, b: number, c: number, d: number) => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;

/** IPv4 ranges that are not the public internet (RFC 6890 and friends). */
const BLOCKED_V4: V4Range[] = [
  [v4(0, 0, 0, 0), 8, 'this network'],
  [v4(10, 0, 0, 0), 8, 'private'],
  [v4(100, 64, 0, 0), 10, 'carrier-grade NAT'],
  [v4(127, 0, 0, 0), 8, 'loopback'],
  [v4(169, 254, 0, 0), 16, 'link-local'],
  [v4(172, 16, 0, 0), 12, 'private'],
  [v4(192, 0, 0, 0), 24, 'IETF protocol assignments'],
  [v4(192, 0, 2, 0), 24, 'documentation'],
  [v4(192, 88, 99, 0), 24, '6to4 relay'],
  [v4(192, 168, 0, 0), 16, 'private'],
  [v4(198, 18, 0, 0), 15, 'benchmarking'],
  [v4(198, 51, 100, 0), 24, 'documentation'],
  [v4(203, 0, 113, 0), 24, 'documentation'],
  [v4(224, 0, 0, 0), 4, 'multicast'],
  [v4(240, 0, 0, 0), 4, 'reserved'],
];

/** The 32-bit value of a dotted IPv4 address, or null. */
function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    value = value * 256 + Number(part);
  }
  return value;
}

/** The eight 16-bit groups of an IPv6 address (brackets and a zone id are dropped), or null. */
export function parseIpv6(text: string): number[] | null {
  let address = text.replace(/^\[|\]$/g, '');
  const zone = address.indexOf('%');
  if (zone >= 0) address = address.slice(0, zone);
  if (!address.includes(':')) return null;
  // An embedded IPv4 tail (::ffff:10.0.0.1) becomes two groups.
  const lastColon = address.lastIndexOf(':');
  const tail = address.slice(lastColon + 1);
  if (tail.includes('.')) {
    const value = parseIpv4(tail);
    if (value === null) return null;
    address = `${address.slice(0, lastColon + 1)}${(value >>> 16).toString(16)}:${(value & 0xffff).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
  return all.map((g) => parseInt(g, 16));
}

function v4Category(value: number): string | null {
  for (const [base, length, name] of BLOCKED_V4) {
    const mask = length === 0 ? 0 : (~0 << (32 - length)) >>> 0;
    if (((value & mask) >>> 0) === base) return name;
  }
  if (value === 0xffffffff) return 'broadcast';
  return null;
}

const embeddedV4 = (g: number[], at: number) => ((g[at]! << 16) | g[at + 1]!) >>> 0;

function v6Category(g: number[]): string | null {
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && g[7] === 1) return 'loopback';
  // ::ffff:a.b.c.d (v4-mapped) and ::a.b.c.d (v4-compatible, deprecated): the IPv4 address decides,
  // and a compatible address is refused outright (nothing legitimate uses it any more).
  if (zeroUpTo(5) && g[5] === 0xffff) return v4Category(embeddedV4(g, 6));
  if (zeroUpTo(6)) return 'IPv4-compatible';
  // NAT64 (64:ff9b::/96) reaches the embedded IPv4 address.
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return v4Category(embeddedV4(g, 6));
  // 6to4 (2002::/16) embeds an IPv4 address in groups 1 and 2.
  if (g[0] === 0x2002) return v4Category(embeddedV4(g, 1));
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return 'unique local';
  if ((first & 0xffc0) === 0xfe80) return 'link-local';
  if ((first & 0xffc0) === 0xfec0) return 'site-local';
  if ((first & 0xff00) === 0xff00) return 'multicast';
  if (first === 0x2001 && g[1] === 0x0db8) return 'documentation';
  if (first === 0x2001 && g[1] === 0) return 'Teredo';
  if (first === 0x0100 && g.slice(1, 4).every((x) => x === 0)) return 'discard';
  return null;
}

/**
 * Why `address` must not be reached ("loopback", "private", ...), or null for a public address.
 * Anything that is not an IP address is refused ("not an IP address").
 */
export function blockedAddressReason(address: string): string | null {
  const ipv4 = parseIpv4(address);
  if (ipv4 !== null) return v4Category(ipv4);
  const ipv6 = parseIpv6(address);
  if (ipv6 !== null) return v6Category(ipv6);
  return 'not an IP address';
}

/** Whether a URL hostname is an IP literal (WHATWG URL keeps IPv6 in brackets). */
export const isIpLiteral = (hostname: string): boolean => parseIpv4(hostname) !== null || parseIpv6(hostname) !== null;
