import { captureBytes, captureUrl, type CaptureResult } from '../capture/index.js';
import type { ArchiveContext } from '../handlers/context.js';
import { storeNewContent } from '../handlers/store-capture.js';
import type { QueueRow } from './queue-repo.js';

/**
 * What running one queue row means. The network part (capture) happens here, outside any transaction;
 * it returns the store step, which the runner calls inside one short transaction.
 *
 * - page: the article was imported from an export that had only its address. The page is captured like
 *   `articles.add {url}` and becomes the article's content; what the export said (title, saved date,
 *   state, tags, highlights) stays, and highlights are anchored in the new text.
 * - images: imported content (wallabag, Omnivore) was stored with its images as placeholders; the stored
 *   source is captured again with images fetched, and the article's content replaced (highlights re-anchored).
 */
export async function runWork(
  ctx: ArchiveContext,
  row: QueueRow,
  opts: { signal: AbortSignal; timeoutMs: number },
): Promise<() => void> {
  const capture: CaptureResult =
    row.kind === 'page'
      ? await captureUrl(row.url, { signal: opts.signal, timeoutMs: opts.timeoutMs })
      : await recaptureWithImages(ctx, row.article_id, opts);
  return () => {
    const current = ctx.articles.summary(row.article_id);
    const src = ctx.articles.source(row.article_id);
    const keep = {
      // The article keeps the identity the import matched it by, so re-running the import finds it.
      url: src.url ?? capture.url,
      canonicalUrl: src.canonical_url,
    };
    const merged: CaptureResult =
      row.kind === 'page'
        ? {
            ...capture,
            ...keep,
            // The export's title is what the user saw in their reader; an address standing in for a title is not.
            title: current.title !== current.url ? current.title : capture.title,
            byline: capture.byline ?? current.byline,
            siteName: capture.siteName ?? current.site,
            lang: capture.lang ?? current.lang,
            excerpt: current.excerpt ?? capture.excerpt,
            publishedAt: current.published_at ?? capture.publishedAt,
          }
        : {
            ...capture,
            ...keep,
            title: current.title,
            byline: current.byline,
            siteName: current.site,
            lang: current.lang,
            excerpt: current.excerpt,
            publishedAt: current.published_at,
          };
    storeNewContent(ctx, row.article_id, merged);
  };
}

async function recaptureWithImages(
  ctx: ArchiveContext,
  articleId: number,
  opts: { signal: AbortSignal; timeoutMs: number },
): Promise<CaptureResult> {
  const src = ctx.articles.source(articleId);
  if (!src.source_html) throw new Error(`Article ${articleId} has no stored source to fetch images for.`);
  // The stored source is text already: the BOM keeps a charset the page declares from being applied again.
  return captureBytes(Buffer.from(`\ufeff${src.source_html}`, 'utf8'), {
    url: src.url,
    mime: 'text/html',
    signal: opts.signal,
    timeoutMs: opts.timeoutMs,
  });
}
