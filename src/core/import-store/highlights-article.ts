import { collapseWhitespace } from '../annotations/text-view.js';
import { countWords, textFromHtml, type CaptureResult } from '../capture/index.js';
import { resolveLanguage } from '../capture/lang.js';
import { escapeText, sanitizeHtml } from '../capture/sanitize.js';

/**
 * The content of a document known only by its highlights (Readwise exports carry no address and no
 * text): each passage as a quotation, in the export's order, through capture's sanitiser and text model.
 * The reader then shows the passages, search finds them, and the highlights anchor in this text. A later
 * import that brings new passages for the document rebuilds it with the old and new ones.
 */
export function highlightsArticle(
  meta: { title: string; byline: string | null; lang: string | null },
  quotes: readonly string[],
): CaptureResult {
  const passages = uniqueQuotes(quotes);
  const html = passages
    .map(
      (q) =>
        `<blockquote>${q
          .split(/\n{2,}/)
          .map((p) => `<p>${escapeText(p.trim()).replace(/\n/g, '<br>')}</p>`)
          .join('')}</blockquote>`,
    )
    .join('\n');
  const contentHtml = sanitizeHtml(html).normalize('NFC');
  const contentText = textFromHtml(contentHtml);
  return {
    url: null,
    canonicalUrl: null,
    title: meta.title,
    byline: meta.byline,
    siteName: null,
    lang: resolveLanguage(meta.lang, `${meta.title}\n${contentText}`),
    publishedAt: null,
    excerpt: passages[0] ? excerptOf(passages[0]) : null,
    leadImage: null,
    contentHtml,
    contentText,
    wordCount: countWords(contentText),
    sourceHtml: null,
    sourceKind: 'html',
    addressFromDocument: false,
    assets: [],
  };
}

/** The identity of a passage for de-duplication: NFC, whitespace runs as one space, trimmed. */
export function quoteKey(quote: string): string {
  return collapseWhitespace(quote.normalize('NFC')).trim();
}

function uniqueQuotes(quotes: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const q of quotes) {
    const key = quoteKey(q);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(q.normalize('NFC').trim());
  }
  return out;
}

function excerptOf(text: string): string {
  const one = collapseWhitespace(text).trim();
  return one.length > 300 ? `${one.slice(0, 300).replace(/\s+\S*$/, '')}…` : one;
}
