import { KhoError } from '../../shared/errors.js';
import { cleanLabel } from '../../shared/unsafe-chars.js';
import type { CaptureBudget } from './budget.js';
import { extractArticle } from './extract.js';
import { guardHtml } from './html-guard.js';
import { IMAGES_BUDGET_MS, makeImagesOffline } from './images.js';
import { resolveLanguage } from './lang.js';
import { markdownToArticle } from './markdown.js';
import { sanitizeHtml } from './sanitize.js';
import { textToArticle } from './text-article.js';
import { textFromHtml } from './text-from-html.js';
import type { CaptureOptions, CaptureResult } from './index.js';

/**
 * The steps after decoding, shared by every kind of input: extraction (Readability, Markdown or the
 * plain-text rules) into an `Assembled` article, then images, sanitising and the text model. HTML is
 * bounded (html-guard.ts) before any DOM exists; plain text never builds one.
 */

export interface Assembled {
  html: string;
  /** Set when the text is already known exactly (plain text): images, sanitising and the DOM are skipped. */
  text: string | null;
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

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu;

/** Words for reading time: letter/number runs, and each CJK character (those scripts have no spaces). */
export function countWords(text: string): number {
  // Counted match by match: a 20 MB text must not become an array of millions of words.
  let n = 0;
  for (const _ of text.matchAll(CJK)) n++;
  for (const _ of text.replace(CJK, ' ').matchAll(WORD)) n++;
  return n;
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

/** A captured label: no control or bidi characters, one line, NFC; null when nothing is left. */
function label(s: string | null | undefined): string | null {
  if (!s) return null;
  const t = cleanLabel(s);
  return t || null;
}

export function fromHtml(
  html: string,
  url: string | null,
  fallbackTitle: string | null,
  opts: CaptureOptions,
): Assembled {
  opts.onProgress?.({ phase: 'extracting' });
  const guarded = guardHtml(html);
  const ex = extractArticle(guarded.html, { url, ...(fallbackTitle ? { fallbackTitle } : {}) });
  const declaredLang =
    /<html\b[^>]*\blang\s*=\s*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)/i.exec(html)?.[1] ?? ex.lang;
  return {
    html: ex.contentHtml,
    text: null,
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

const NO_PAGE_METADATA = {
  siteName: null,
  excerpt: null,
  declaredLang: null,
  canonicalLink: null,
  statedUrl: null,
  leadImageUrl: null,
  baseUrl: null,
  sourceHtml: null,
} as const;

export function fromText(
  text: string,
  kind: 'text' | 'markdown',
  fallbackTitle: string | null,
  opts: CaptureOptions,
): Assembled {
  opts.onProgress?.({ phase: 'extracting' });
  const md = kind === 'markdown' ? markdownToArticle(text) : null;
  if (md) {
    const guarded = guardHtml(md.html, 'The Markdown document');
    return {
      ...NO_PAGE_METADATA,
      html: guarded.html,
      text: null,
      title: md.title ?? fallbackTitle,
      byline: md.byline,
      publishedAt: md.publishedAt,
    };
  }
  // Plain text, or Markdown beyond what can be rendered safely (markdown.ts): the plain-text rules.
  const t = textToArticle(text, fallbackTitle);
  return {
    ...NO_PAGE_METADATA,
    html: t.contentHtml,
    text: t.contentText,
    title: t.title,
    byline: t.byline,
    siteName: t.siteName,
    publishedAt: t.publishedAt,
    excerpt: t.excerpt,
  };
}

/** Images, sanitising and the text model: the steps every kind of input shares. */
export async function finish(
  a: Assembled,
  meta: {
    url: string | null;
    canonicalUrl: string | null;
    sourceKind: CaptureResult['sourceKind'];
    addressFromDocument: boolean;
    trustedHosts: readonly string[];
  },
  opts: CaptureOptions,
  budget: CaptureBudget,
): Promise<CaptureResult> {
  const progress = opts.onProgress;
  await budget.step();
  let contentHtml: string;
  let contentText: string;
  let assets: CaptureResult['assets'] = [];
  let leadImage: string | null = null;
  if (a.text !== null) {
    // Plain text: the HTML is escaped paragraphs with nothing to fetch or sanitise, and its text is known.
    progress?.({ phase: 'images', done: 0, total: 0, message: 'no images' });
    contentHtml = a.html;
    contentText = a.text;
  } else {
    const fetchImages = opts.fetchImages !== false;
    const offline = await makeImagesOffline(a.html, {
      baseUrl: a.baseUrl,
      fetchImages,
      leadImageUrl: fetchImages ? a.leadImageUrl : null,
      trustedHosts: meta.trustedHosts,
      budgetMs: Math.min(opts.imagesBudgetMs ?? IMAGES_BUDGET_MS, budget.remainingMs()),
      ...(opts.maxImages !== undefined ? { maxImages: opts.maxImages } : {}),
      ...(opts.localResources ? { localResources: opts.localResources } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      onProgress: (done, total) =>
        progress?.({
          phase: 'images',
          done,
          total,
          message: total ? `images ${done}/${total}` : 'no images',
        }),
    });
    await budget.step();
    contentHtml = sanitizeHtml(offline.html, { baseUrl: a.baseUrl }).normalize('NFC');
    await budget.step();
    contentText = textFromHtml(contentHtml);
    assets = offline.assets;
    leadImage = offline.leadImage ?? (fetchImages ? null : a.leadImageUrl);
  }
  await budget.step();
  if (!/[\p{L}\p{N}]/u.test(contentText)) {
    throw new KhoError('NOT_AN_ARTICLE', 'The document has no readable text.');
  }
  const title = label(a.title) ?? label(contentText.slice(0, 80)) ?? 'Untitled';
  const result: CaptureResult = {
    url: meta.url,
    canonicalUrl: meta.canonicalUrl,
    title,
    byline: label(a.byline),
    siteName: label(a.siteName ?? siteFromUrl(meta.url)),
    lang: resolveLanguage(a.declaredLang, `${title}\n${contentText.slice(0, 20_000)}`),
    publishedAt: a.publishedAt,
    excerpt: label(a.excerpt) ?? excerptFromText(contentText),
    leadImage,
    contentHtml,
    contentText,
    wordCount: countWords(contentText),
    sourceHtml: a.sourceHtml,
    sourceKind: meta.sourceKind,
    addressFromDocument: meta.addressFromDocument,
    assets,
  };
  progress?.({ phase: 'done' });
  return result;
}

/** An excerpt for documents without one: the first paragraph of some length, cut at a word. */
export function excerptFromText(text: string): string | null {
  let found: string | null = null;
  for (let start = 0; start < text.length && found === null;) {
    const end = text.indexOf('\n\n', start);
    const p = text.slice(start, end < 0 ? text.length : end);
    if (p.length > 40) found = p;
    start = end < 0 ? text.length : end + 2;
  }
  // No paragraph of any length: the start of the whole text.
  const first = found ?? text.slice(0, 301);
  return label(first.length > 300 ? `${first.slice(0, 300).replace(/\s+\S*$/, '')}…` : first);
}
