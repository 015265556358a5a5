import { Readability } from '@mozilla/readability';
import { KhoError } from '../../shared/errors.js';
import { findDate, normalizeMachineDate } from './dates.js';
import { absoluteUrl, parseDocument } from './dom.js';

/**
 * Article extraction: Mozilla Readability on a linkedom document, plus the metadata Readability
 * doesn't give (canonical link, lead image, dates written in page text).
 */

export interface ExtractedArticle {
  title: string;
  /** Readability's title alone (title falls back to <h1> / the file name when this is empty). */
  readabilityTitle: string | null;
  byline: string | null;
  siteName: string | null;
  /** Readability's raw values, kept for the conformance suite and for debugging. */
  lang: string | null;
  dir: string | null;
  publishedTime: string | null;
  /** ISO 8601 publication date from the best source found. */
  publishedAt: string | null;
  excerpt: string | null;
  /** Readability's article HTML, links and images made absolute; not yet sanitised. */
  contentHtml: string;
  textContent: string;
  canonicalLink: string | null;
  /** The web address the page names for itself (rel=canonical, else og:url), when it is http(s). */
  statedUrl: string | null;
  leadImageUrl: string | null;
  baseUrl: string | null;
}

function meta(doc: Document, ...keys: string[]): string | null {
  for (const key of keys) {
    for (const el of doc.querySelectorAll('meta')) {
      const name = (
        el.getAttribute('property') ??
        el.getAttribute('name') ??
        el.getAttribute('itemprop') ??
        ''
      )
        .trim()
        .toLowerCase();
      const content = el.getAttribute('content')?.trim();
      if (name === key && content) return content;
    }
  }
  return null;
}

/** datePublished from JSON-LD, looking through @graph and arrays. */
function jsonLdDate(doc: Document): string | null {
  const visit = (node: unknown, depth: number): string | null => {
    if (depth > 6 || node === null || typeof node !== 'object') return null;
    if (Array.isArray(node)) {
      for (const n of node) {
        const d = visit(n, depth + 1);
        if (d) return d;
      }
      return null;
    }
    const obj = node as Record<string, unknown>;
    for (const key of ['datePublished', 'dateCreated', 'uploadDate']) {
      if (typeof obj[key] === 'string') return obj[key];
    }
    return visit(obj['@graph'], depth + 1) ?? visit(obj['mainEntity'], depth + 1);
  };
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      const found = visit(JSON.parse(script.textContent ?? ''), 0);
      if (found) return found;
    } catch {
      // Broken JSON-LD is common; other sources follow.
    }
  }
  return null;
}

interface PreMetadata {
  canonicalLink: string | null;
  statedUrl: string | null;
  leadImageUrl: string | null;
  machineDate: string | null;
  topText: string;
  h1: string | null;
}

/** Reads what Readability would otherwise destroy (it mutates the document). */
function readPreMetadata(doc: Document, base: string | null): PreMetadata {
  const canonical = doc.querySelector('link[rel~="canonical" i][href]')?.getAttribute('href');
  const image = meta(
    doc,
    'og:image',
    'og:image:url',
    'og:image:secure_url',
    'twitter:image',
    'twitter:image:src',
  );
  const time =
    doc.querySelector('article time[datetime]')?.getAttribute('datetime') ??
    doc
      .querySelector('time[datetime][itemprop~="datePublished"], time[datetime][pubdate]')
      ?.getAttribute('datetime') ??
    doc.querySelector('time[datetime]')?.getAttribute('datetime');
  const candidates = [
    meta(
      doc,
      'article:published_time',
      'og:published_time',
      'datepublished',
      'pubdate',
      'publishdate',
      'date',
      'dc.date',
      'dc.date.issued',
      'dcterms.created',
      'sailthru.date',
      'parsely-pub-date',
      'pubdate',
    ),
    jsonLdDate(doc),
    time,
  ];
  let machineDate: string | null = null;
  for (const c of candidates) {
    machineDate = normalizeMachineDate(c);
    if (machineDate) break;
  }
  // Text after the first <h1>: where news sites print "Thứ Sáu, 28/1/2022 14:05". Not the page
  // top, which often shows today's date in the header.
  const h1 = doc.querySelector('h1');
  let topText = '';
  if (h1) {
    const all = doc.body?.textContent ?? '';
    const h1Text = h1.textContent ?? '';
    const at = h1Text.trim() ? all.indexOf(h1Text) : -1;
    if (at >= 0) topText = all.slice(at, at + h1Text.length + 1500);
  }
  const stated = absoluteUrl(canonical, base) ?? absoluteUrl(meta(doc, 'og:url'), base);
  return {
    canonicalLink: absoluteUrl(canonical, base),
    statedUrl: stated && /^https?:\/\//i.test(stated) ? stated : null,
    leadImageUrl: absoluteUrl(image, base),
    machineDate,
    topText,
    h1: h1?.textContent?.trim() || null,
  };
}

const clean = (s: string | null | undefined): string | null => {
  const t = s?.replace(/\s+/g, ' ').trim().normalize('NFC');
  return t ? t : null;
};

export interface ExtractOptions {
  /** Where the HTML came from; relative links and images resolve against it (and <base>). */
  url?: string | null;
  /** Fallback title (file name) when the page has none. */
  fallbackTitle?: string;
}

export function extractArticle(html: string, opts: ExtractOptions = {}): ExtractedArticle {
  const doc = parseDocument(html, opts.url ?? null);
  const base = (doc.baseURI as string | undefined) ?? opts.url ?? null;
  const pre = readPreMetadata(doc, base);
  let parsed: ReturnType<Readability['parse']>;
  try {
    parsed = new Readability(doc, { classesToPreserve: ['caption'] }).parse();
  } catch (e) {
    throw new KhoError(
      'NOT_AN_ARTICLE',
      `The page could not be read as an article (${(e as Error).message}).`,
    );
  }
  const text = clean(parsed?.textContent);
  if (!parsed || !parsed.content || !text || !/[\p{L}\p{N}]/u.test(text)) {
    throw new KhoError('NOT_AN_ARTICLE', 'The page has no readable article text.');
  }
  const inText = findDate(pre.topText) ?? findDate((parsed.textContent ?? '').slice(0, 600));
  const publishedAt = normalizeMachineDate(parsed.publishedTime) ?? pre.machineDate ?? inText?.iso ?? null;
  return {
    title: clean(parsed.title) ?? pre.h1 ?? opts.fallbackTitle ?? 'Untitled',
    readabilityTitle: clean(parsed.title),
    byline: clean(parsed.byline),
    siteName: clean(parsed.siteName),
    lang: clean(parsed.lang),
    dir: clean(parsed.dir),
    publishedTime: clean(parsed.publishedTime),
    publishedAt,
    excerpt: clean(parsed.excerpt),
    contentHtml: parsed.content,
    textContent: parsed.textContent ?? '',
    canonicalLink: pre.canonicalLink,
    statedUrl: pre.statedUrl,
    leadImageUrl: pre.leadImageUrl,
    baseUrl: base,
  };
}
