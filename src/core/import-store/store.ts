import { anchor } from '../annotations/anchor.js';
import { describeRange } from '../annotations/describe.js';
import { primaryLanguage } from '../capture/lang.js';
import type { Statement } from 'better-sqlite3';
import type { ArchiveContext } from '../handlers/context.js';
import { tagKey } from '../db/tags-repo.js';
import { storeNewContent } from '../handlers/store-capture.js';
import type { ImportHighlight } from '../importers/index.js';
import type { QueueRepo } from '../queue/queue-repo.js';
import { nowIso } from '../time.js';
import { highlightsArticle, quoteKey } from './highlights-article.js';
import type { PreparedEntry } from './prepare.js';

/** What storing entries did, summed into the import's report. */
export interface StoreTally {
  imported: number;
  skipped_existing: number;
  queued: number;
  images_queued: number;
  highlights_added: number;
  highlights_orphaned: number;
}

export function emptyTally(): StoreTally {
  return {
    imported: 0,
    skipped_existing: 0,
    queued: 0,
    images_queued: 0,
    highlights_added: 0,
    highlights_orphaned: 0,
  };
}

/**
 * Stores prepared entries, each inside the caller's transaction (one per batch), so an entry is saved whole
 * or not at all. A new entry becomes an article with what the export says (title, address, tags, dates,
 * read state, favourite, progress) and, without content, a queued page fetch. An entry already in the
 * archive (same canonical URL; a Readwise document by title and author) is not added again: it gains the
 * entry's tags and the highlights it lacks, its content if it had none, and its page note if it had none.
 * Statements are prepared once per import (an export can hold tens of thousands of entries).
 */
export class EntryStore {
  private readonly statements = new Map<string, Statement<unknown[], unknown>>();
  private readonly tagIds = new Map<string, number>();

  constructor(
    private readonly ctx: ArchiveContext,
    private readonly queue: QueueRepo,
    private readonly importTags: readonly string[],
  ) {}

  private sql<P extends unknown[] = unknown[], R = unknown>(text: string): Statement<P, R> {
    let stmt = this.statements.get(text);
    if (!stmt) {
      stmt = this.ctx.db.prepare(text);
      this.statements.set(text, stmt);
    }
    return stmt as unknown as Statement<P, R>;
  }

  store(p: PreparedEntry, tally: StoreTally): void {
    const { ctx, queue } = this;
    const existing = this.findExisting(p);
    const id = existing ?? this.insertArticle(p);
    if (existing === undefined) tally.imported++;
    else tally.skipped_existing++;
    this.attachTags(id, [...p.entry.tags, ...this.importTags]);

    let text = this.contentText(id);
    if (existing !== undefined && p.content && !p.fromHighlights && text === '') {
      // The article was waiting for its page (an earlier import had only the address); this export has it.
      const current = ctx.articles.summary(id);
      storeNewContent(ctx, id, {
        ...p.content,
        url: current.url,
        canonicalUrl: p.canonicalUrl,
        title: current.title,
        leadImage: null,
      });
      text = p.content.contentText;
    }
    if (existing !== undefined && p.fromHighlights) text = growHighlightsArticle(ctx, id, p, text);

    const added = this.addHighlights(id, text, p.entry.highlights, existing !== undefined);
    tally.highlights_added += added.added;
    tally.highlights_orphaned += added.orphaned;

    if (p.entry.note) {
      this.sql('UPDATE articles SET note = ? WHERE id = ? AND note IS NULL').run(p.entry.note, id);
    }

    const url = p.entry.url;
    if (url === null) return;
    if (text === '' && queue.stateOf(id, 'page') === undefined) {
      if (queue.enqueue(id, 'page', url)) tally.queued++;
    } else if (p.content && p.hasImages && (existing === undefined || text === p.content.contentText)) {
      if (queue.enqueue(id, 'images', url)) tally.images_queued++;
    }
  }

  private findExisting(p: PreparedEntry): number | undefined {
    if (p.canonicalUrl) {
      return this.sql<[string], { id: number }>('SELECT id FROM articles WHERE canonical_url = ?').get(
        p.canonicalUrl,
      )?.id;
    }
    if (p.entry.url !== null) return undefined;
    return this.sql<[string, string | null], { id: number }>(
      `SELECT id FROM articles WHERE url IS NULL AND canonical_url IS NULL AND title = ? AND byline IS ?
        ORDER BY id LIMIT 1`,
    ).get(p.entry.title, p.entry.byline ?? null)?.id;
  }

  private contentText(id: number): string {
    return this.sql<[number], { t: string }>('SELECT content_text AS t FROM articles WHERE id = ?').get(id)!
      .t;
  }

  private attachTags(id: number, names: readonly string[]): void {
    const attach = this.sql('INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)');
    for (const name of names) {
      const key = tagKey(name);
      let tagId = this.tagIds.get(key);
      if (tagId === undefined) {
        tagId = this.ctx.tags.ensure([name])[0]!.id;
        this.tagIds.set(key, tagId);
      }
      attach.run(id, tagId);
    }
  }

  private insertArticle(p: PreparedEntry): number {
    const e = p.entry;
    const c = p.content;
    const savedAt = e.saved_at ?? nowIso();
    const info = this.sql(
      `INSERT INTO articles (url, canonical_url, title, byline, site_name, lang, excerpt, lead_image, published_at,
         saved_at, updated_at, status, favorite, reading_progress, word_count, content_html, content_text,
         source_html, source_kind, note)
       VALUES (@url, @canonicalUrl, @title, @byline, @siteName, @lang, @excerpt, NULL, @publishedAt,
         @savedAt, @updatedAt, @status, @favorite, @progress, @wordCount, @contentHtml, @contentText,
         @sourceHtml, @sourceKind, @note)`,
    ).run({
      url: e.url,
      canonicalUrl: p.canonicalUrl,
      title: e.title,
      byline: e.byline ?? c?.byline ?? null,
      siteName: e.site ?? c?.siteName ?? siteOf(e.url),
      // Content went through capture with the export's language declared; without content, the export's word.
      lang: c?.lang ?? primaryLanguage(e.lang),
      excerpt: e.description ?? c?.excerpt ?? null,
      publishedAt: e.published_at ?? c?.publishedAt ?? null,
      savedAt,
      updatedAt: e.updated_at ?? savedAt,
      status: e.status,
      favorite: e.favorite ? 1 : 0,
      progress: e.reading_progress ?? 0,
      wordCount: c?.wordCount ?? 0,
      contentHtml: c?.contentHtml ?? '',
      contentText: c?.contentText ?? '',
      sourceHtml: c?.sourceHtml ?? null,
      sourceKind: c?.sourceKind ?? 'url',
      note: e.note ?? null,
    });
    const id = Number(info.lastInsertRowid);
    if (c && c.assets.length > 0) this.ctx.assets.link(id, c.assets);
    return id;
  }

  /**
   * Adds the highlights the article does not have yet (same passage, whitespace aside), anchored in `text`
   * with the annotation engine; one whose quote is not in the text (or the text is still to be fetched) is
   * kept as an orphan with its quote and note, and re-anchored when the content arrives.
   */
  private addHighlights(
    id: number,
    text: string,
    highlights: readonly ImportHighlight[],
    existed: boolean,
  ): { added: number; orphaned: number } {
    if (highlights.length === 0) return { added: 0, orphaned: 0 };
    const known = new Set(
      existed
        ? this.sql<[number], { exact: string }>('SELECT exact FROM annotations WHERE article_id = ?')
            .all(id)
            .map((a) => quoteKey(a.exact))
        : [],
    );
    const insert = this.sql(
      `INSERT INTO annotations (article_id, exact, prefix, suffix, start, "end", status, color, note, tags, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    let added = 0;
    let orphaned = 0;
    for (const h of highlights) {
      const key = quoteKey(h.quote);
      if (known.has(key)) continue;
      known.add(key);
      const found = text
        ? anchor(text, { exact: h.quote, prefix: h.prefix ?? null, suffix: h.suffix ?? null })
        : null;
      const s = found
        ? { ...describeRange(text, found.start, found.end), status: 'anchored' }
        : {
            exact: h.quote.normalize('NFC'),
            prefix: h.prefix ?? '',
            suffix: h.suffix ?? '',
            start: null,
            end: null,
            status: 'orphan',
          };
      const at = h.created_at ?? nowIso();
      insert.run(
        id,
        s.exact,
        s.prefix,
        s.suffix,
        s.start,
        s.end,
        s.status,
        h.color ?? 'yellow',
        h.note ?? null,
        JSON.stringify(h.tags),
        at,
        at,
      );
      added++;
      if (!found) orphaned++;
    }
    return { added, orphaned };
  }
}

function siteOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/**
 * A Readwise document imported again with new passages: when its content is still exactly the passages
 * of its highlights, it is rebuilt with the new ones appended (the old highlights re-anchor in it).
 */
function growHighlightsArticle(ctx: ArchiveContext, id: number, p: PreparedEntry, text: string): string {
  const existing = ctx.annotations.list(id);
  const known = new Set(existing.map((a) => quoteKey(a.exact)));
  const fresh = p.entry.highlights.map((h) => h.quote).filter((q) => !known.has(quoteKey(q)));
  if (fresh.length === 0) return text;
  const current = ctx.articles.summary(id);
  const meta = { title: current.title, byline: current.byline, lang: current.lang };
  const passages = existing.filter((a) => a.status === 'anchored').map((a) => a.exact);
  if (highlightsArticle(meta, passages).contentText !== text) return text;
  const rebuilt = highlightsArticle(meta, [...passages, ...fresh]);
  storeNewContent(ctx, id, rebuilt);
  return rebuilt.contentText;
}
