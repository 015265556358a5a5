import { KhoError } from '../../shared/errors.js';
import { canonicalizeUrl, captureBytes, type CaptureResult } from '../capture/index.js';
import { primaryLanguage } from '../capture/lang.js';
import { escapeAttr, escapeText } from '../capture/sanitize.js';
import type { ArticlesRepo } from '../db/articles-repo.js';
import type { Db } from '../db/connection.js';
import type { ImportEntry, ImportProblem } from '../importers/index.js';
import { highlightsArticle } from './highlights-article.js';

/**
 * An import entry made ready to store, outside any transaction: its dedupe key and, when the export holds
 * the article (wallabag, Omnivore), that content run through capture like a page fetched from the entry's
 * address — Readability, the sanitiser, the text model — with images left as placeholders for the fetch
 * queue (no network inside an import). Readwise documents get their passages as content.
 */
export interface PreparedEntry {
  /** 1-based position among the file's entries, for problems: "entry 12". */
  position: number;
  entry: ImportEntry;
  canonicalUrl: string | null;
  /** The article's content; null when the page must be fetched (or is already in the archive). */
  content: CaptureResult | null;
  /** The content is the entry's highlights (a Readwise document). */
  fromHighlights: boolean;
  /** The content has images to fetch later. */
  hasImages: boolean;
}

export async function prepareEntry(
  deps: { db: Db; articles: ArticlesRepo },
  entry: ImportEntry,
  position: number,
  signal: AbortSignal,
  problems: ImportProblem[],
): Promise<PreparedEntry> {
  const canonicalUrl = entry.url ? canonicalizeUrl(entry.url) : null;
  const base = { position, entry, canonicalUrl, content: null, fromHighlights: false, hasImages: false };
  if (entry.url === null) {
    if (entry.highlights.length === 0) return base;
    const content = highlightsArticle(
      { title: entry.title, byline: entry.byline ?? null, lang: entry.lang ?? null },
      entry.highlights.map((h) => h.quote),
    );
    return { ...base, content, fromHighlights: true };
  }
  if (!entry.content_html) return base;
  // Re-running an import: an article that already has its content needs no capture.
  if (canonicalUrl && hasContent(deps.db, canonicalUrl)) return base;
  try {
    // The BOM says UTF-8 whatever charset a full document in the export declares: it is text already.
    const content = await captureBytes(Buffer.from(`\ufeff${asDocument(entry)}`, 'utf8'), {
      url: entry.url,
      mime: 'text/html',
      fetchImages: false,
      signal,
    });
    return { ...base, content, hasImages: /<img\b/i.test(content.sourceHtml ?? '') };
  } catch (err) {
    if (signal.aborted) throw err;
    const e = KhoError.from(err);
    problems.push({
      where: `entry ${position}`,
      message: `"${entry.title}": the content in the export could not be read (${e.message}); the page will be fetched instead.`,
    });
    return base;
  }
}

function hasContent(db: Db, canonicalUrl: string): boolean {
  return (
    db
      .prepare<[string], { n: number }>(
        `SELECT COUNT(*) AS n FROM articles WHERE canonical_url = ? AND content_text != ''`,
      )
      .get(canonicalUrl)!.n > 0
  );
}

/** The export's article body as a page: its title and language declared, so extraction sees what a fetch would. */
function asDocument(entry: ImportEntry): string {
  const html = entry.content_html!;
  if (/^\s*(?:<!doctype\s+html|<html[\s>])/i.test(html)) return html;
  const lang = primaryLanguage(entry.lang);
  return (
    `<!doctype html><html${lang ? ` lang="${escapeAttr(lang)}"` : ''}><head><meta charset="utf-8">` +
    `<title>${escapeText(entry.title)}</title></head><body><article>${html}</article></body></html>`
  );
}
