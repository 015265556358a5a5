import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { KhoError } from '../../shared/errors.js';
import { MAX_ARTICLE_FILE_BYTES } from '../../shared/importable.js';
import type { SourceKindName } from '../../shared/enums.js';
import { pickCanonicalUrl } from './canonical-url.js';
import { decodeBytes } from './charset.js';
import { extractArticle } from './extract.js';
import { fetchResource, MAX_FETCH_BYTES } from './fetch.js';
import { makeImagesOffline } from './images.js';
import { resolveLanguage } from './lang.js';
import { markdownToArticle } from './markdown.js';
import { looksLikeMhtml, parseMhtmlArchive } from './mhtml.js';
import { sanitizeHtml } from './sanitize.js';
import {
  assertTextLike,
  isMhtmlFileName,
  kindFromFileName,
  kindFromMime,
  sniffKind,
  type DocumentKind,
} from './sniff.js';
import { textToArticle } from './text-article.js';
import { textFromHtml } from './text-from-html.js';

/**
 * The capture engine: a URL, a file or pasted bytes -> one sanitised, offline article with metadata.
 * Pipeline: fetch -> decode -> extract (Readability / text / Markdown) -> images -> sanitise -> text.
 */

export { MAX_FETCH_BYTES } from './fetch.js';
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
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  fetchImages?: boolean;
  /** Images at hand by URL (an MHTML archive's parts): used instead of the network. */
  localResources?: Map<string, Buffer>;
}

export interface CaptureBytesOptions extends CaptureOptions {
  fileName?: string;
  url?: string | null;
  mime?: string;
}

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new KhoError('CANCELLED', 'The capture was cancelled.');
}

/** Words for reading time: letter/number runs, and each CJK character (those scripts have no spaces). */
export function countWords(text: string): number {
  const cjk = text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu)?.length ?? 0;
  const words = text
    .replace(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu, ' ')
    .match(/[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu);
  return (words?.length ?? 0) + cjk;
}

function siteFromUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.hostname.replace(/^www\./, '') : null;
  } catch {
    return null;
  }
}

function titleFromFileName(fileName: string | undefined): string | null {
  if (!fileName) return null;
  const base = path.basename(fileName).replace(/\.[a-z0-9]+$/i, '');
  const t = base.replace(/[_]+/g, ' ').trim().normalize('NFC');
  return t || null;
}

interface Assembled {
  html: string;
  title: string | null;
  byline: string | null;
  siteName: string | null;
  publishedAt: string | null;
  excerpt: string | null;
  declaredLang: string | null;
  canonicalLink: string | null;
  /** The page's own web address (rel=canonical or og:url), for pages saved as files. */
  statedUrl: string | null;
  leadImageUrl: string | null;
  baseUrl: string | null;
  sourceHtml: string | null;
}

/** Images, sanitising and the text model: the steps every kind of input shares. */
async function finish(
  a: Assembled,
  meta: { url: string | null; canonicalUrl: string | null; sourceKind: CaptureResult['sourceKind'] },
  opts: CaptureOptions,
): Promise<CaptureResult> {
  const progress = opts.onProgress;
  checkCancelled(opts.signal);
  const offline = await makeImagesOffline(a.html, {
    baseUrl: a.baseUrl,
    fetchImages: opts.fetchImages !== false,
    leadImageUrl: opts.fetchImages !== false ? a.leadImageUrl : null,
    ...(opts.localResources ? { localResources: opts.localResources } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    onProgress: (done, total) =>
      progress?.({ phase: 'images', done, total, message: total ? `images ${done}/${total}` : 'no images' }),
  });
  checkCancelled(opts.signal);
  const contentHtml = sanitizeHtml(offline.html, { baseUrl: a.baseUrl }).normalize('NFC');
  const contentText = textFromHtml(contentHtml);
  if (!/[\p{L}\p{N}]/u.test(contentText)) {
    throw new KhoError('NOT_AN_ARTICLE', 'The document has no readable text.');
  }
  const result: CaptureResult = {
    url: meta.url,
    canonicalUrl: meta.canonicalUrl,
    title: (a.title ?? contentText.slice(0, 80)).normalize('NFC'),
    byline: a.byline?.normalize('NFC') ?? null,
    siteName: (a.siteName ?? siteFromUrl(meta.url))?.normalize('NFC') ?? null,
    lang: resolveLanguage(a.declaredLang, `${a.title ?? ''}\n${contentText}`),
    publishedAt: a.publishedAt,
    excerpt: a.excerpt?.normalize('NFC') ?? null,
    leadImage: offline.leadImage ?? (opts.fetchImages === false ? a.leadImageUrl : null),
    contentHtml,
    contentText,
    wordCount: countWords(contentText),
    sourceHtml: a.sourceHtml,
    sourceKind: meta.sourceKind,
    assets: offline.assets,
  };
  progress?.({ phase: 'done' });
  return result;
}

function fromHtml(
  html: string,
  url: string | null,
  fallbackTitle: string | null,
  opts: CaptureOptions,
): Assembled {
  opts.onProgress?.({ phase: 'extracting' });
  const ex = extractArticle(html, { url, ...(fallbackTitle ? { fallbackTitle } : {}) });
  const declaredLang =
    /<html\b[^>]*\blang\s*=\s*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)/i.exec(html)?.[1] ?? ex.lang;
  return {
    html: ex.contentHtml,
    title: ex.title,
    byline: ex.byline,
    siteName: ex.siteName,
    publishedAt: ex.publishedAt,
    excerpt: ex.excerpt,
    declaredLang,
    canonicalLink: ex.canonicalLink,
    statedUrl: ex.statedUrl,
    leadImageUrl: ex.leadImageUrl,
    baseUrl: ex.baseUrl,
    sourceHtml: html,
  };
}

function fromText(
  text: string,
  kind: 'text' | 'markdown',
  fallbackTitle: string | null,
  opts: CaptureOptions,
): Assembled {
  opts.onProgress?.({ phase: 'extracting' });
  if (kind === 'markdown') {
    const md = markdownToArticle(text);
    return {
      html: md.html,
      title: md.title ?? fallbackTitle,
      byline: md.byline,
      siteName: null,
      publishedAt: md.publishedAt,
      excerpt: null,
      declaredLang: null,
      canonicalLink: null,
      statedUrl: null,
      leadImageUrl: null,
      baseUrl: null,
      sourceHtml: null,
    };
  }
  const t = textToArticle(text, fallbackTitle);
  return {
    html: t.contentHtml,
    title: t.title,
    byline: t.byline,
    siteName: t.siteName,
    publishedAt: t.publishedAt,
    excerpt: t.excerpt,
    declaredLang: null,
    canonicalLink: null,
    statedUrl: null,
    leadImageUrl: null,
    baseUrl: null,
    sourceHtml: null,
  };
}

/** An excerpt made from the text: its first real paragraph, cut near 300 characters. */
export function excerptFromText(text: string): string | null {
  const first = text.split('\n\n').find((p) => p.length > 40) ?? text;
  const excerpt = first.length > 300 ? `${first.slice(0, 300).replace(/\s+\S*$/, '')}…` : first;
  return excerpt || null;
}

/** Fills in the excerpt for Markdown/HTML without one: the start of the text. */
function withExcerpt(r: CaptureResult): CaptureResult {
  if (r.excerpt) return r;
  return { ...r, excerpt: excerptFromText(r.contentText) };
}

export async function captureUrl(url: string, opts: CaptureOptions = {}): Promise<CaptureResult> {
  checkCancelled(opts.signal);
  opts.onProgress?.({ phase: 'fetching', message: url });
  let kind: DocumentKind | undefined;
  const res = await fetchResource(url, {
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.maxRedirects !== undefined ? { maxRedirects: opts.maxRedirects } : {}),
    maxBytes: opts.maxBytes ?? MAX_FETCH_BYTES,
    checkType: (contentType, finalUrl) => {
      kind = kindFromMime(contentType, finalUrl);
    },
    onBytes: (received, total) =>
      opts.onProgress?.({ phase: 'fetching', done: received, ...(total ? { total } : {}) }),
  });
  checkCancelled(opts.signal);
  opts.onProgress?.({ phase: 'decoding' });
  if (res.bytes.length === 0) throw new KhoError('NOT_AN_ARTICLE', `${res.url} returned an empty page.`);
  assertTextLike(res.bytes, res.url);
  const decoded = decodeBytes(res.bytes, {
    contentType: res.contentType,
    html: kind !== 'text' && kind !== 'markdown',
  });
  kind ??= sniffKind(decoded.text);
  const fallbackTitle = titleFromFileName(new URL(res.url).pathname.split('/').pop() || undefined);
  const assembled =
    kind === 'html'
      ? fromHtml(decoded.text, res.url, fallbackTitle, opts)
      : fromText(decoded.text, kind, fallbackTitle, opts);
  const canonicalUrl = pickCanonicalUrl(res.url, assembled.canonicalLink);
  const result = await finish(assembled, { url: res.url, canonicalUrl, sourceKind: 'url' }, opts);
  return withExcerpt(result);
}

export async function captureBytes(bytes: Buffer, opts: CaptureBytesOptions = {}): Promise<CaptureResult> {
  checkCancelled(opts.signal);
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
  if (isMhtmlFileName(opts.fileName) || looksLikeMhtml(bytes)) return captureMhtml(bytes, what, opts);
  let kind = kindFromFileName(opts.fileName) ?? (opts.mime ? kindFromMime(opts.mime, what) : undefined);
  assertTextLike(bytes, what);
  const decoded = decodeBytes(bytes, {
    html: kind === 'html' || kind === undefined,
    strict: true,
    label: what,
  });
  if (!decoded.text.trim()) throw new KhoError('NOT_AN_ARTICLE', `${what} is empty.`);
  kind ??= sniffKind(decoded.text);
  return captureDecoded(decoded.text, kind, opts.url ?? null, opts);
}

/** What captureBytes and MHTML share after decoding: extraction, the canonical URL, images, the text. */
async function captureDecoded(
  text: string,
  kind: DocumentKind,
  url: string | null,
  opts: CaptureBytesOptions,
): Promise<CaptureResult> {
  const fallbackTitle = titleFromFileName(opts.fileName);
  const assembled =
    kind === 'html' ? fromHtml(text, url, fallbackTitle, opts) : fromText(text, kind, fallbackTitle, opts);
  const canonicalUrl = url?.startsWith('file:') ? url : pickCanonicalUrl(url, assembled.canonicalLink);
  // A page saved as a file that names its web address points there ("Open original", exports); the
  // dedupe key stays as it was, so the file never replaces an article saved from that address.
  const source = !url || url.startsWith('file:') ? (assembled.statedUrl ?? url) : url;
  const result = await finish(assembled, { url: source, canonicalUrl, sourceKind: kind }, opts);
  return withExcerpt(result);
}

/**
 * An MHTML archive: the page inside it is captured like a fetched page from the address it was saved
 * from (so saving it again, or fetching that address, refreshes the same article), and its images
 * come from the archive's own parts.
 */
async function captureMhtml(bytes: Buffer, what: string, opts: CaptureBytesOptions): Promise<CaptureResult> {
  const archive = await parseMhtmlArchive(bytes, what);
  checkCancelled(opts.signal);
  assertTextLike(archive.html, what);
  const decoded = decodeBytes(archive.html, { contentType: archive.contentType, html: true, label: what });
  return captureDecoded(decoded.text, 'html', archive.url ?? opts.url ?? null, {
    ...opts,
    localResources: archive.resources,
  });
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
