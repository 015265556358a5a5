import { anchor } from '../../core/annotations/anchor.js';
import type { KhoHandlers } from '../../shared/contract.js';
import { callOperation } from '../../shared/dispatch.js';
import { KhoError } from '../../shared/errors.js';
import { ArticleSummary, type Annotation } from '../../shared/schemas.js';
import type { PageSelection, SaveRequest, SaveResult } from '../../shared/connector-protocol.js';
import type { z } from 'zod';

/**
 * What the connector does with a page the browser sends: the same capture pipeline as a fetched page
 * (`articles.add` with the rendered HTML as bytes and the page's URL, so Readability, sanitising,
 * offline images, the canonical URL and refresh-in-place all apply), then the selection as a highlight.
 * Everything goes through the contract.
 */

type ParsedSave = z.output<typeof SaveRequest>;

/** The DOM string is UTF-16; capture reads bytes. A UTF-8 BOM outranks the page's own <meta charset>,
 * which still names whatever encoding the server originally sent. */
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function pageBytes(html: string): string {
  return Buffer.concat([UTF8_BOM, Buffer.from(html, 'utf8')]).toString('base64');
}

export async function savePage(handlers: KhoHandlers, req: ParsedSave): Promise<SaveResult> {
  const added =
    req.kind === 'link'
      ? await callOperation(handlers, 'articles.add', { source: 'url', url: req.url, tags: req.tags })
      : await callOperation(handlers, 'articles.add', {
          source: 'text',
          text: pageBytes(req.html),
          encoding: 'base64',
          name: 'page.html',
          url: req.url,
          tags: req.tags,
        });
  let highlight: Annotation | null = null;
  let highlightError: string | null = null;
  if (req.kind === 'page' && req.selection) {
    try {
      highlight = await highlightSelection(handlers, added.article.id, req.selection, req.note);
    } catch (err) {
      highlightError = KhoError.from(err).message;
    }
  }
  // The summary after highlighting, so its annotation count is current.
  const article = highlight
    ? ArticleSummary.parse(await callOperation(handlers, 'articles.get', { id: added.article.id }))
    : added.article;
  return { article, created: added.created, highlight, highlight_error: highlightError };
}

/**
 * Anchors the page selection in the saved article. The article's text is what Readability kept, so the
 * page's 32-character context may reach outside it (a heading, a caption). Kho's anchoring (the one that
 * re-anchors highlights when an article changes) weighs quote and context; a quote that occurs once is
 * taken when no context agreed. Selecting the same passage again returns the existing highlight.
 */
export async function highlightSelection(
  handlers: KhoHandlers,
  articleId: number,
  sel: PageSelection,
  note: string | null,
): Promise<Annotation> {
  const exact = sel.exact.normalize('NFC');
  const range = await locate(handlers, articleId, sel);
  const existing = (await callOperation(handlers, 'annotations.list', { article_id: articleId })).items.find(
    (a) => a.start === range.start && a.end === range.end,
  );
  if (existing) {
    if (note && note !== existing.note) {
      return callOperation(handlers, 'annotations.update', { id: existing.id, note });
    }
    return existing;
  }
  return callOperation(handlers, 'annotations.create', {
    article_id: articleId,
    start: range.start,
    end: range.end,
    ...(range.exactMatches ? { quote: exact } : {}),
    note: note?.trim() ? note : null,
  });
}

async function locate(
  handlers: KhoHandlers,
  articleId: number,
  sel: PageSelection,
): Promise<{ start: number; end: number; exactMatches: boolean }> {
  const { content_text: text } = await callOperation(handlers, 'articles.get', { id: articleId });
  const exact = sel.exact.normalize('NFC');
  const found = anchor(text, { exact, prefix: sel.prefix, suffix: sel.suffix });
  if (found) return { ...found, exactMatches: text.slice(found.start, found.end) === exact };
  // No context agreed (the selection sat at the article's edge): a quote that occurs once is still sure.
  const first = text.indexOf(exact);
  if (first !== -1 && text.indexOf(exact, first + 1) === -1) {
    return { start: first, end: first + exact.length, exactMatches: true };
  }
  const shown = exact.length > 60 ? `${exact.slice(0, 57)}...` : exact;
  throw new KhoError(
    'NOT_FOUND',
    first === -1
      ? `The page is saved, but the selected text "${shown}" is not part of the article Kho kept, so it was not highlighted.`
      : `The page is saved, but the selected text "${shown}" occurs several times in the article and its surroundings did not say which; highlight it in Kho.`,
  );
}
