/**
 * Kho's own URLs, and the one rule that tells them apart. One scheme, `kho:`, serves two purposes:
 *
 * - `kho://app/…` is the app itself: the renderer is served from this privileged standard scheme (not
 *   file://), so its origin is exactly `kho://app` and IPC answers only pages from there.
 * - Any other `kho://` address is a link into the archive, registered with the OS: `kho://article/12`
 *   opens an article, `kho://highlight/5` a highlight (the Markdown export links back with these). They
 *   are never loaded as pages: the protocol handler answers 404 for them and navigation to them is routed.
 *
 * The host part decides, so the two can never mix: `app` is reserved and is not a link target. The link
 * format itself lives in src/shared/links.ts (the Markdown export writes links too).
 */
import { archiveLinkUrl, LINK_SCHEME, parseArchiveLink, type ArchiveLink } from '../shared/links.js';

export const APP_SCHEME = LINK_SCHEME;
export const APP_HOST = 'app';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** What a kho:// link opens. */
export type DeepLink = ArchiveLink;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True for a page of the app: exactly `kho://app/…`, or the dev server's origin while developing. Look-alikes
 * (`kho://app.evil/`, `kho://app@evil/`, file:// pages, other ports) are not the app.
 */
export function isAppUrl(url: string | undefined | null, devUrl?: string): boolean {
  if (!url) return false;
  const u = parse(url);
  if (!u) return false;
  if (u.protocol === `${APP_SCHEME}:`)
    return u.host === APP_HOST && u.username === '' && u.password === '' && u.port === '';
  if (!devUrl) return false;
  const dev = parse(devUrl);
  return !!dev && (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === dev.origin;
}

/** The article or highlight a `kho://article/<id>` or `kho://highlight/<id>` link names, else null. */
export const parseDeepLink = parseArchiveLink;

/** The first kho:// link among command-line arguments (Windows and Linux pass links this way). */
export function deepLinkFromArgv(argv: readonly string[]): DeepLink | null {
  for (const arg of argv) {
    if (!arg.toLowerCase().startsWith(`${APP_SCHEME}://`)) continue;
    const link = parseDeepLink(arg);
    if (link) return link;
  }
  return null;
}

/** The link for an article or a highlight (the inverse of parseDeepLink). */
export const deepLinkUrl = archiveLinkUrl;
