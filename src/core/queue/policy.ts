import { KhoError } from '../../shared/errors.js';
import { FetchError } from '../capture/fetch.js';
import type { QueueKind } from './queue-repo.js';

/**
 * What a failed fetch means for its queue row: try again later (a server or network hiccup), give up
 * for now (the user can retry), or record the page as gone (the article stays, marked unavailable).
 */
export type Outcome =
  | {
      kind: 'retry';
      delayMs: number;
      reason: string;
      /** The server asked everyone to wait (429/503). */ hostDelayMs?: number;
    }
  | { kind: 'failed'; reason: string }
  | { kind: 'unavailable'; reason: string };

export interface RetryPolicy {
  /** Attempts before a transient failure becomes `failed`. */
  maxAttempts: number;
  /** Back-off after the first failure; doubles with every further attempt. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** ± this fraction of random spread, so rows failed together are not retried in lockstep. */
  jitter: number;
  /** A Retry-After longer than this is cut to it (a server cannot park the queue for a week). */
  maxRetryAfterMs: number;
}

/** Status codes that say the page is gone for good: Not Found, Gone, Unavailable For Legal Reasons. */
const GONE = new Set([404, 410, 451]);
/** Status codes worth retrying: timeouts, rate limits and server-side failures. */
const TRANSIENT_STATUS = new Set([408, 425, 429, 500, 502, 503, 504, 507, 509, 520, 521, 522, 523, 524]);
/** Network errors that say the host does not exist (EAI_AGAIN, a DNS timeout, is retried). */
const NO_SUCH_HOST = new Set(['ENOTFOUND']);
/** Capture's verdicts on what came back: not a readable article, whatever we try. */
const NOT_AN_ARTICLE = new Set(['NOT_AN_ARTICLE', 'UNSUPPORTED_TYPE', 'BAD_ENCODING']);

export function backoffMs(attempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const base = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
  const spread = base * policy.jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(base + spread));
}

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * Classifies a failed attempt (`attempts` counts this one). Pages: 404/410/451, an unknown host or a
 * response that is no article -> unavailable; 408/429/5xx, time-outs and dropped connections -> retry
 * with exponential back-off (Retry-After honoured) until `maxAttempts`, then failed; anything else
 * (403, a file too large, ...) -> failed at once. Images of imported content are never "unavailable":
 * the article is there, only its pictures are missing.
 */
export function classify(
  err: unknown,
  attempts: number,
  kind: QueueKind,
  policy: RetryPolicy,
  now: number = Date.now(),
): Outcome {
  const e = KhoError.from(err);
  const reason = e.message;
  const permanent = (): Outcome =>
    kind === 'page' ? { kind: 'unavailable', reason } : { kind: 'failed', reason };
  const retry = (retryAfterMs?: number | null): Outcome => {
    if (attempts >= policy.maxAttempts) {
      return { kind: 'failed', reason: `${reason} (gave up after ${attempts} attempts)` };
    }
    const wait = retryAfterMs == null ? null : Math.min(retryAfterMs, policy.maxRetryAfterMs);
    const delayMs = Math.max(backoffMs(attempts, policy), wait ?? 0);
    return wait == null
      ? { kind: 'retry', delayMs, reason }
      : { kind: 'retry', delayMs, reason, hostDelayMs: wait };
  };

  if (err instanceof FetchError) {
    const { status, network, retryAfter } = err.details;
    if (status !== undefined) {
      if (GONE.has(status)) return permanent();
      if (TRANSIENT_STATUS.has(status)) return retry(parseRetryAfter(retryAfter, now));
      return { kind: 'failed', reason };
    }
    if (network && NO_SUCH_HOST.has(network)) return permanent();
    return retry(); // time-outs, refused or reset connections, TLS hiccups
  }
  if (NOT_AN_ARTICLE.has(e.code)) return permanent();
  if (e.code === 'TOO_LARGE' || e.code === 'INVALID_INPUT') return { kind: 'failed', reason };
  // Locked archive, internal errors: worth another try, bounded by maxAttempts.
  return retry();
}
