import type { Agent, fetch as undiciFetch } from 'undici';
import { KhoError } from '../../shared/errors.js';
import {
  ipLiteral,
  isPrivateAddress,
  PrivateAddressError,
  privateAddressError,
  publicOnlyLookup,
} from './address-guard.js';

/**
 * HTTP(S) GET with the limits a desktop app needs against arbitrary servers: one deadline for the
 * whole exchange (redirects and body included, so an endless body times out), manual redirects
 * with a hop limit and loop detection, and a byte cap enforced while streaming (a 200 MB body is
 * cut off at the cap; it is never buffered). Every hop to a host other than the ones the user saved
 * goes through a connection that refuses local and private addresses (address-guard.ts).
 */

export const MAX_FETCH_BYTES = 20 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_REDIRECTS = 10;

export const BROWSER_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

export interface FetchOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  accept?: string;
  /** Called with the final response's Content-Type before the body is read; throw to refuse it. */
  checkType?: (contentType: string | null, url: string) => void;
  /** Bytes received so far, for progress reporting. */
  onBytes?: (received: number, total: number | null) => void;
  /**
   * Host names the user asked for themselves (the page they saved): these may be local or private.
   * Every other host — images, redirects elsewhere — must resolve to public addresses only.
   * Default: the host of the URL asked for. Images pass the page's list, so theirs is never implied.
   */
  trustedHosts?: readonly string[];
}

/** One connection pool for hosts the user named, one that checks every address it connects to. */
let agents: Promise<{ trusted: Agent; guarded: Agent; fetch: typeof undiciFetch }> | null = null;
function getAgents(): NonNullable<typeof agents> {
  // Loaded on first use: commands that never fetch (list, search) don't pay for undici at start-up.
  agents ??= import('undici').then((mod) => {
    // undici is CommonJS: bundled (the CLI, the app), its exports arrive under `default`.
    const { Agent, fetch } = 'Agent' in mod ? mod : (mod as { default: typeof mod }).default;
    return {
      trusted: new Agent(),
      guarded: new Agent({ connect: { lookup: publicOnlyLookup } }),
      fetch,
    };
  });
  return agents;
}

/** Host names that may be local/private for a capture of `url` (the page the user saved). */
export function trustedHostsFor(url: string | null | undefined): string[] {
  if (!url) return [];
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? [u.hostname] : [];
  } catch {
    return [];
  }
}

export interface FetchedResource {
  /** URL after redirects. */
  url: string;
  status: number;
  contentType: string | null;
  bytes: Buffer;
}

/**
 * A failed download with what a retry policy needs (the background fetch queue): the HTTP status and its
 * Retry-After header, or the network error code (ENOTFOUND, ECONNRESET, ...). Still a KhoError with the
 * same code and message for everyone else.
 */
export class FetchError extends KhoError {
  constructor(
    code: 'FETCH_FAILED' | 'TIMEOUT',
    message: string,
    readonly details: { status?: number; retryAfter?: string | null; network?: string } = {},
  ) {
    super(code, message);
  }
}

export function assertHttpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new KhoError('INVALID_INPUT', `"${raw}" is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new KhoError('INVALID_INPUT', `Only http and https links can be saved, not ${url.protocol} links.`);
  }
  return url;
}

/** What a failed connection means, in the user's words (system error codes stay out of it). */
export function networkFailureMessage(url: URL, code: string | undefined, detail: string): string {
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_NODATA':
      return `Could not find ${url.hostname}. Check the address, or the internet connection.`;
    case 'ECONNREFUSED':
      return `Nothing answered at ${url.host}.`;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return `${url.host} closed the connection before the page arrived.`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `${url.host} did not answer in time.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${url.host} cannot be reached from this network.`;
  }
  if (code && /CERT|SSL|TLS|SELF_SIGNED/.test(code))
    return `The secure connection to ${url.host} could not be verified.`;
  return `Could not load ${url.href} (${detail}).`;
}

function mb(n: number): string {
  return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
}

export async function fetchResource(rawUrl: string, opts: FetchOptions = {}): Promise<FetchedResource> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = opts.maxBytes ?? MAX_FETCH_BYTES;
  const maxRedirects = opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  let url = assertHttpUrl(rawUrl);
  const trustedHosts = opts.trustedHosts ?? [url.hostname];

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onCancel = (): void => controller.abort();
  if (opts.signal?.aborted) controller.abort();
  opts.signal?.addEventListener('abort', onCancel, { once: true });

  const failure = (e: unknown): KhoError => {
    if (KhoError.is(e)) return e;
    if (timedOut)
      return new FetchError(
        'TIMEOUT',
        `${url.href} did not finish loading within ${Math.round(timeoutMs / 100) / 10} s.`,
      );
    if (opts.signal?.aborted) return new KhoError('CANCELLED', 'The download was cancelled.');
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    if (cause instanceof PrivateAddressError) return privateAddressError(cause.host, cause.address);
    return new FetchError(
      'FETCH_FAILED',
      networkFailureMessage(url, cause?.code, cause?.message ?? (e as Error).message),
      { ...(cause?.code ? { network: cause.code } : {}) },
    );
  };

  try {
    const { trusted, guarded, fetch } = await getAgents();
    const seen = new Set<string>([url.href]);
    let response: Awaited<ReturnType<typeof fetch>>;
    for (let hop = 0; ; hop++) {
      const isTrusted = trustedHosts.includes(url.hostname);
      const literal = ipLiteral(url.hostname);
      if (!isTrusted && literal && isPrivateAddress(literal))
        throw privateAddressError(url.hostname, literal);
      response = await fetch(url, {
        method: 'GET',
        redirect: 'manual',
        dispatcher: isTrusted ? trusted : guarded,
        signal: controller.signal,
        headers: {
          'User-Agent': BROWSER_USER_AGENT,
          Accept: opts.accept ?? 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
          'Accept-Language': 'vi,en;q=0.8,*;q=0.5',
        },
      });
      if (response.status < 300 || response.status >= 400 || response.status === 304) break;
      const location = response.headers.get('location');
      await response.body?.cancel().catch(() => undefined);
      if (!location)
        throw new KhoError(
          'FETCH_FAILED',
          `${url.href} redirected (${response.status}) without saying where to.`,
        );
      const next = new URL(location, url);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new KhoError('FETCH_FAILED', `${url.href} redirected to an unsupported ${next.protocol} link.`);
      }
      if (seen.has(next.href))
        throw new KhoError('FETCH_FAILED', `${rawUrl} is stuck in a redirect loop at ${next.href}.`);
      if (hop + 1 > maxRedirects) {
        throw new KhoError('FETCH_FAILED', `${rawUrl} redirected more than ${maxRedirects} times.`);
      }
      seen.add(next.href);
      url = next;
    }

    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      const text = response.statusText ? ` ${response.statusText}` : '';
      throw new FetchError('FETCH_FAILED', `The server answered ${response.status}${text} for ${url.href}.`, {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
      });
    }
    const contentType = response.headers.get('content-type');
    try {
      opts.checkType?.(contentType, url.href);
    } catch (e) {
      await response.body?.cancel().catch(() => undefined);
      throw e;
    }
    const declared = Number(response.headers.get('content-length'));
    const total = Number.isFinite(declared) && declared > 0 ? declared : null;
    if (total !== null && total > maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw new KhoError('TOO_LARGE', `${url.href} is ${mb(total)}, more than the ${mb(maxBytes)} limit.`);
    }

    const chunks: Buffer[] = [];
    let received = 0;
    if (response.body) {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.byteLength;
        if (received > maxBytes) {
          await reader.cancel().catch(() => undefined);
          controller.abort();
          throw new KhoError('TOO_LARGE', `${url.href} is larger than the ${mb(maxBytes)} limit.`);
        }
        chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
        opts.onBytes?.(received, total);
      }
    }
    return { url: url.href, status: response.status, contentType, bytes: Buffer.concat(chunks, received) };
  } catch (e) {
    throw failure(e);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onCancel);
  }
}
