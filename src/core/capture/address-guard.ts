import dns from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { KhoError } from '../../shared/errors.js';

/**
 * Which network addresses a saved page may make Kho load. A page is hostile input: its images,
 * `og:image` and redirects must not reach this machine (loopback), the local network (private
 * ranges) or cloud metadata services (link-local 169.254.169.254). The check runs on the address
 * actually connected to — after DNS resolution, on every hop — so names that resolve to such an
 * address, and numeric spellings the URL parser normalises (2130706433, 0x7f.1), are caught too.
 * The one exception is the host of the address the user saved themselves (their own intranet
 * page, a local server): `fetch.ts` lets that host through unchecked.
 */

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the local host
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
  ['2001:db8::', 32], // documentation
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** The IPv4 address carried in an IPv6 one that translates to IPv4 (mapped, NAT64), else null. */
function embeddedIpv4(ip: string): string | null {
  const m = /^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(ip);
  if (!m) return null;
  if (m[1]) return m[1];
  const hi = parseInt(m[2] as string, 16);
  const lo = parseInt(m[3] as string, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Is `ip` loopback, private, link-local, or otherwise not a public internet address? */
export function isPrivateAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return blocked.check(bare, 'ipv4');
  if (family === 6) {
    const v4 = embeddedIpv4(bare);
    return (v4 !== null && blocked.check(v4, 'ipv4')) || blocked.check(bare, 'ipv6');
  }
  return true; // not an address at all: never connect to it blind
}

/** The address in a URL host when it is a literal IP (the URL parser has already normalised it). */
export function ipLiteral(hostname: string): string | null {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return isIP(bare) ? bare : null;
}

export function privateAddressError(host: string, address: string): KhoError {
  const named = host === address ? address : `${host} (${address})`;
  return new KhoError(
    'FETCH_FAILED',
    `Kho does not load ${named} for a saved page: it is a local or private network address.`,
  );
}

/** An error a DNS lookup can carry through undici back to fetch.ts. */
export class PrivateAddressError extends Error {
  readonly code = 'EKHO_PRIVATE_ADDRESS';
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`${host} resolves to the private address ${address}`);
  }
}

/** A `lookup` for sockets that refuses names resolving to any private address. */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) {
      callback(err, '', 0);
      return;
    }
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) {
      callback(new PrivateAddressError(hostname, bad.address) as NodeJS.ErrnoException, '', 0);
      return;
    }
    if (options.all) {
      (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      return;
    }
    const first = addresses[0];
    if (!first)
      callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
    else callback(null, first.address, first.family);
  });
};
