import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { appCsp } from '../shared/csp.js';

/** Security helpers of `kho serve`: token strength, headers, cookies, Host checks. Pure functions, tested directly. */

/** 32 random bytes, base64url: the access token when the user gives none. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison: both sides are hashed first so lengths never leak either. */
export function tokensEqual(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** Advice that ends every refusal of a weak token. */
const MAKE_ONE = 'Leave the token out and Kho makes a random one, or make one with: openssl rand -base64 32';

/**
 * Why `token` is too easy to guess, or null. The token opens the whole archive (over the network with
 * `--host`), so it needs 32+ characters, 10+ different ones, no repeated unit, and an estimated 96+ bits: each
 * character that is not a step of ±1 from the one before counts the bits of the character classes used.
 * Random tokens pass (a 32-digit hex one from `openssl rand -hex 16` fails about once in 2 500 tries, and is
 * told to make another); `aaaa…`, `abab…`, `0123…`, `password…` and keyboard runs do not.
 */
export function tokenWeakness(token: string): string | null {
  const weak = (why: string) => `The access token is too weak: ${why}. ${MAKE_ONE}`;
  if (/[\s\p{C}]/u.test(token)) return weak('it contains spaces or control characters');
  const chars = [...token];
  if (chars.length < 32) return weak(`it has ${chars.length} characters, and needs at least 32`);
  if (new Set(chars).size < 10) return weak('it uses fewer than 10 different characters');
  if (repeatsAUnit(chars)) return weak('it repeats a shorter sequence');
  const perChar = Math.log2(alphabetSize(token));
  let bits = perChar;
  for (let i = 1; i < chars.length; i++) {
    if (Math.abs(chars[i]!.codePointAt(0)! - chars[i - 1]!.codePointAt(0)!) > 1) bits += perChar;
  }
  if (bits < 96) return weak('it runs through sequences of neighbouring characters');
  return null;
}

function repeatsAUnit(chars: string[]): boolean {
  for (let unit = 1; unit <= chars.length / 2; unit++) {
    let repeats = true;
    for (let i = unit; i < chars.length && repeats; i++) repeats = chars[i] === chars[i - unit];
    if (repeats) return true;
  }
  return false;
}

/** The size of the character classes a token draws from: digits, lower case, upper case, anything else. */
function alphabetSize(token: string): number {
  let size = 0;
  if (/[0-9]/.test(token)) size += 10;
  if (/[a-z]/.test(token)) size += 26;
  if (/[A-Z]/.test(token)) size += 26;
  if (/[^0-9a-zA-Z]/.test(token)) size += 32;
  return size;
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      out.set(name, decodeURIComponent(raw));
    } catch {
      out.set(name, raw);
    }
  }
  return out;
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? (m[1] ?? null) : null;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '[::1]';
}

export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/** Host as it appears in a URL or a Host header: IPv6 literals in brackets. */
export function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * Every `Host` header value the server answers to. A DNS-rebinding page reaches us under its own
 * name, so anything else is refused. Loopback binds accept the usual loopback spellings; a
 * wildcard bind accepts the machine's interface addresses (the token still guards every request).
 */
export function allowedHosts(boundHost: string, port: number): Set<string> {
  const names = new Set<string>();
  names.add(urlHost(boundHost).toLowerCase());
  if (isLoopbackHost(boundHost)) for (const n of LOOPBACK_NAMES) names.add(n);
  if (isWildcardHost(boundHost)) {
    for (const n of LOOPBACK_NAMES) names.add(n);
    for (const list of Object.values(networkInterfaces())) {
      for (const info of list ?? []) names.add(urlHost(info.address).toLowerCase());
    }
  }
  const out = new Set<string>();
  for (const n of names) out.add(`${n}:${port}`);
  return out;
}

/** A LAN address to print when bound to every interface. */
export function firstExternalAddress(): string | null {
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) if (info.family === 'IPv4' && !info.internal) return info.address;
  }
  return null;
}

/** The app page's policy (src/shared/csp.ts); archived images come from this origin's `/asset/` route. */
export const HTML_CSP = appCsp({ assets: 'same-origin', delivery: 'header' });

/** Headers sent on every response. */
export const BASE_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
