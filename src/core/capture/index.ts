import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { KhoError } from '../../shared/errors.js';
import { MAX_ARTICLE_FILE_BYTES } from '../../shared/importable.js';
import type { SourceKindName } from '../../shared/enums.js';
import { finish, fromHtml, fromText, type Assembled } from './assemble.js';
import { CaptureBudget } from './budget.js';
import { pickCanonicalUrl } from './canonical-url.js';
import { decodeBytes } from './charset.js';
import { DEFAULT_TIMEOUT_MS, fetchResource, MAX_FETCH_BYTES, trustedHostsFor } from './fetch.js';
import { looksLikeMhtml, parseMhtmlArchive } from './mhtml.js';
import {
  assertTextLike,
  isMhtmlFileName,
  kindFromFileName,
  kindFromMime,
  sniffKind,
  type DocumentKind,
} from './sniff.js';

/**
 * The capture engine: a URL, a file or pasted bytes -> one sanitised, offline article with metadata.
 * Pipeline: fetch -> decode -> extract (Readability / text / Markdown) -> images -> sanitise -> text.
 *
 * Safe to run in any process: every step is bounded (bytes, HTML depth and elements, image count and
 * time), the whole capture has a time budget (`budgetMs`), and it stops at the next step when `signal`
 * aborts. The synchronous steps still occupy the thread they run on for up to a few seconds each, so a
 * process that must stay responsive (the app's main process, `kho serve`) runs capture elsewhere.
 */

export { MAX_FETCH_BYTES } from './fetch.js';
export { CAPTURE_BUDGET_MS } from './budget.js';
export { countWords, excerptFromText } from './assemble.js';
export { canonicalizeUrl, pickCanonicalUrl } from './canonical-url.js';
export { textFromHtml } from './text-from-html.js';

/** Largest file captureFile reads; checked with stat() before reading anything. */
export const MAX_FILE_BYTES = MAX_ARTICLE_FILE_BYTES;

export interface CapturedAsset {
  sha256: string;
  mime: string;
  bytes: Buffer;
  originalUrl: string;
}

/** An article's content as capture makes it and the store keeps it; every string is already NFC. */
export interface ArticleContent {
  url: string | null;
  canonicalUrl: string | null;
  title: string;
  byline: string | null;
  siteName: string | null;
  lang: string | null;
  publishedAt: string | null;
  excerpt: string | null;
  leadImage: string | null;
  contentHtml: string;
  contentText: string;
  wordCount: number;
  sourceHtml: string | null;
  sourceKind: SourceKindName;
}

/** What capture returns: the content and the images it refers to (as kho-asset: URLs). */
export interface CaptureResult extends ArticleContent {
  assets: CapturedAsset[];
  /**
   * The address was read from inside the document (an MHTML file's header), not given by the user or
   * fetched: such a capture must not replace an article already saved at that address on its own.
   */
  addressFromDocument: boolean;
}

export type CaptureProgress = {
  phase: 'fetching' | 'decoding' | 'extracting' | 'images' | 'done';
  done?: number;
  total?: number;
  message?: string;
};

export interface CaptureOptions {
  signal?: AbortSignal;
  onProgress?: (p: CaptureProgress) => void;
  /** Download deadline for the page itself. */
  timeoutMs?: number;
  /** Time for the whole capture (default CAPTURE_BUDGET_MS). */
  budgetMs?: number;
  /** Time for all image downloads together (default: images.ts IMAGES_BUDGET_MS). */
  imagesBudgetMs?: number;
  /** Distinct images downloaded (default: images.ts MAX_IMAGES). */
  maxImages?: number;
  maxBytes?: number;
  maxRedirects?: number;
  fetchImages?: boolean;
  /** Images at hand by URL (an MHTML archive's parts): used instead of the network. */
  localResources?: Map<string, Buffer>;
}

export interface CaptureBytesOptions extends CaptureOptions {
  fileName?: string;
  /** The address the user says the bytes came from (a page the browser extension sends). */
  url?: string | null;
  mime?: string;
}

function titleFromFileName(fileName: string | undefined): string | null {
  if (!fileName) return null;
  const base = path.basename(fileName).replace(/\.[a-z0-9]+$/i, '');
  const t = base.replace(/[_]+/g, ' ').trim().normalize('NFC');
  return t || null;
}

function assemble(
  text: string,
  kind: DocumentKind,
  url: string | null,
  fallbackTitle: string | null,
  opts: CaptureOptions,
): Assembled {
  return kind === 'html'
    ? fromHtml(text, url, fallbackTitle, opts)
    : fromText(text, kind, fallbackTitle, opts);
}

export async function captureUrl(url: string, opts: CaptureOptions = {}): Promise<CaptureResult> {
  const budget = new CaptureBudget(opts.signal, opts.budgetMs);
  budget.check();
  opts.onProgress?.({ phase: 'fetching', message: url });
  // The user named this host: it may be a local server; everything the page points elsewhere may not.
  const trustedHosts = trustedHostsFor(url);
  let kind: DocumentKind | undefined;
  const res = await fetchResource(url, {
    ...(opts.signal ? { signal: opts.signal } : {}),
    timeoutMs: Math.max(1, Math.min(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, budget.remainingMs())),
    ...(opts.maxRedirects !== undefined ? { maxRedirects: opts.maxRedirects } : {}),
    maxBytes: opts.maxBytes ?? MAX_FETCH_BYTES,
    trustedHosts,
    checkType: (contentType, finalUrl) => {
      kind = kindFromMime(contentType, finalUrl);
    },
    onBytes: (received, total) =>
      opts.onProgress?.({ phase: 'fetching', done: received, ...(total ? { total } : {}) }),
  });
  await budget.step();
  opts.onProgress?.({ phase: 'decoding' });
  if (res.bytes.length === 0) throw new KhoError('NOT_AN_ARTICLE', `${res.url} returned an empty page.`);
  assertTextLike(res.bytes, res.url);
  const decoded = decodeBytes(res.bytes, {
    contentType: res.contentType,
    html: kind !== 'text' && kind !== 'markdown',
  });
  kind ??= sniffKind(decoded.text);
  await budget.step();
  const fallbackTitle = titleFromFileName(new URL(res.url).pathname.split('/').pop() || undefined);
  const assembled = assemble(decoded.text, kind, res.url, fallbackTitle, opts);
  const canonicalUrl = pickCanonicalUrl(res.url, assembled.canonicalLink);
  return finish(
    assembled,
    { url: res.url, canonicalUrl, sourceKind: 'url', addressFromDocument: false, trustedHosts },
    opts,
    budget,
  );
}

export async function captureBytes(bytes: Buffer, opts: CaptureBytesOptions = {}): Promise<CaptureResult> {
  const budget = new CaptureBudget(opts.signal, opts.budgetMs);
  budget.check();
  const what = opts.fileName ? path.basename(opts.fileName) : 'The pasted text';
  if (bytes.length === 0) throw new KhoError('NOT_AN_ARTICLE', `${what} is empty.`);
  const limit = opts.maxBytes ?? MAX_FILE_BYTES;
  if (bytes.length > limit) {
    throw new KhoError(
      'TOO_LARGE',
      `${what} is larger than the ${Math.round(limit / 1024 / 1024)} MB limit.`,
    );
  }
  opts.onProgress?.({ phase: 'decoding' });
  if (isMhtmlFileName(opts.fileName) || looksLikeMhtml(bytes)) return captureMhtml(bytes, what, opts, budget);
  let kind = kindFromFileName(opts.fileName) ?? (opts.mime ? kindFromMime(opts.mime, what) : undefined);
  assertTextLike(bytes, what);
  const decoded = decodeBytes(bytes, {
    html: kind === 'html' || kind === undefined,
    strict: true,
    label: what,
  });
  if (!decoded.text.trim()) throw new KhoError('NOT_AN_ARTICLE', `${what} is empty.`);
  kind ??= sniffKind(decoded.text);
  const url = opts.url ?? null;
  return captureDecoded(decoded.text, kind, url, opts, budget, {
    addressFromDocument: false,
    trustedHosts: trustedHostsFor(url),
  });
}

/** What captureBytes and MHTML share after decoding: extraction, the canonical URL, images, the text. */
async function captureDecoded(
  text: string,
  kind: DocumentKind,
  url: string | null,
  opts: CaptureBytesOptions,
  budget: CaptureBudget,
  origin: { addressFromDocument: boolean; trustedHosts: readonly string[] },
): Promise<CaptureResult> {
  await budget.step();
  const assembled = assemble(text, kind, url, titleFromFileName(opts.fileName), opts);
  const canonicalUrl = url?.startsWith('file:') ? url : pickCanonicalUrl(url, assembled.canonicalLink);
  // A page saved as a file that names its web address points there ("Open original", exports); the
  // dedupe key stays as it was, so the file never replaces an article saved from that address.
  const source = !url || url.startsWith('file:') ? (assembled.statedUrl ?? url) : url;
  return finish(assembled, { url: source, canonicalUrl, sourceKind: kind, ...origin }, opts, budget);
}

/**
 * An MHTML archive: the page inside it is captured like a fetched page from the address it was saved
 * from (so the archive and that address are recognised as one article), and its images come from the
 * archive's own parts, never the network. That address is the file's claim, not the user's: the store
 * does not let it replace an article saved from the web without the user choosing it.
 */
async function captureMhtml(
  bytes: Buffer,
  what: string,
  opts: CaptureBytesOptions,
  budget: CaptureBudget,
): Promise<CaptureResult> {
  const archive = await parseMhtmlArchive(bytes, what);
  budget.check();
  assertTextLike(archive.html, what);
  const decoded = decodeBytes(archive.html, { contentType: archive.contentType, html: true, label: what });
  return captureDecoded(
    decoded.text,
    'html',
    archive.url ?? opts.url ?? null,
    { ...opts, localResources: archive.resources },
    budget,
    { addressFromDocument: archive.url !== null, trustedHosts: [] },
  );
}

export async function captureFile(filePath: string, opts: CaptureOptions = {}): Promise<CaptureResult> {
  const name = path.basename(filePath);
  let size: number;
  try {
    const st = await fs.stat(filePath);
    if (!st.isFile()) throw new KhoError('UNREADABLE_FILE', `${name} is not a regular file.`);
    size = st.size;
  } catch (e) {
    if (KhoError.is(e)) throw e;
    throw new KhoError(
      'UNREADABLE_FILE',
      `${name} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`,
    );
  }
  if (size > MAX_FILE_BYTES) {
    throw new KhoError(
      'TOO_LARGE',
      `${name} is ${Math.round(size / 1024 / 1024)} MB; files over ${MAX_FILE_BYTES / 1024 / 1024} MB are not captured.`,
    );
  }
  if (size === 0) throw new KhoError('NOT_AN_ARTICLE', `${name} is empty.`);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(filePath);
  } catch (e) {
    throw new KhoError(
      'UNREADABLE_FILE',
      `${name} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`,
    );
  }
  return captureBytes(bytes, {
    ...opts,
    fileName: filePath,
    url: pathToFileURL(path.resolve(filePath)).href,
  });
}
