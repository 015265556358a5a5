/**
 * Catch-up: articles that triggers put in `search_dirty` become new level-0 segments (one per analyser),
 * and their `search_docs` rows point at the new copies, in one IMMEDIATE transaction that deletes only the
 * (article, seq) pairs it indexed; a change made meanwhile stays dirty. An edit that changes only filter
 * attributes (status, favourite, dates) keeps the indexed copy.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { analyzerFor, fold, type AnalyzerId } from './analysis.js';
import { VarintWriter } from './codec.js';
import { INDEX_FORMAT, type SearchState } from './connection.js';
import type { DocRow, IndexView } from './index-view.js';
import { SegmentBuilder } from './segment-builder.js';
import type { SegmentStore } from './segments.js';

/** Articles per catch-up transaction (and so at most per new segment). */
export const BATCH_SIZE = 500;
/**
 * With a large backlog (an import, a reindex), bigger batches: fewer, larger level-0 segments, so each
 * article is rewritten by one merge level less. A batch holds the write lock for about a second or two.
 */
const BULK_BATCH_SIZE = 2000;
const BULK_BACKLOG = 4 * BULK_BATCH_SIZE;

interface ArticleRow {
  id: number;
  url: string | null;
  title: string;
  site_name: string | null;
  lang: string | null;
  content_text: string;
  status: string;
  favorite: number;
  published_at: string | null;
  saved_at: string;
  deleted_at: string | null;
}

function hostOf(url: string | null): string {
  if (!url) return '';
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

export class Indexer {
  private readonly stmts;
  private readonly writer = new VarintWriter();

  constructor(
    private readonly db: Database.Database,
    private readonly store: SegmentStore,
    private readonly view: IndexView,
    private readonly state: SearchState,
  ) {
    this.stmts = {
      dirtyCount: db.prepare('SELECT count(*) FROM search_dirty').pluck(),
      selectDirty: db.prepare('SELECT article_id, seq FROM search_dirty ORDER BY article_id LIMIT ?'),
      deleteDirty: db.prepare('DELETE FROM search_dirty WHERE article_id = ? AND seq = ?'),
      // a batch's rows are read by four statements over a JSON array of its ids, not four per article
      articles: db.prepare(
        `SELECT id, url, title, site_name, lang, content_text, status, favorite, published_at, saved_at, deleted_at
         FROM articles WHERE id IN (SELECT value FROM json_each(?))`,
      ),
      tags: db.prepare(
        `SELECT at.article_id, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
         WHERE at.article_id IN (SELECT value FROM json_each(?)) ORDER BY at.article_id, t.name`,
      ),
      annotations: db.prepare(
        `SELECT article_id, exact, note FROM annotations WHERE article_id IN (SELECT value FROM json_each(?))
         ORDER BY article_id, id`,
      ),
      docHashes: db.prepare(
        'SELECT article_id, hash, segment_id, local_id FROM search_docs WHERE article_id IN (SELECT value FROM json_each(?))',
      ),
      upsertDoc: db.prepare(
        `INSERT INTO search_docs (article_id, segment_id, local_id, hash, gen, deleted, status, favorite, lang,
           saved_at, published_at, site, tags, annotated)
         VALUES (@article_id, @segment_id, @local_id, @hash, @gen, @deleted, @status, @favorite, @lang,
           @saved_at, @published_at, @site, @tags, @annotated)
         ON CONFLICT (article_id) DO UPDATE SET segment_id = excluded.segment_id, local_id = excluded.local_id,
           hash = excluded.hash, gen = excluded.gen, deleted = excluded.deleted, status = excluded.status,
           favorite = excluded.favorite, lang = excluded.lang, saved_at = excluded.saved_at,
           published_at = excluded.published_at, site = excluded.site, tags = excluded.tags,
           annotated = excluded.annotated`,
      ),
    };
  }

  dirtyCount(): number {
    return this.stmts.dirtyCount.get() as number;
  }

  /**
   * Indexes up to `limit` dirty articles (by default BATCH_SIZE, or BULK_BATCH_SIZE with a large backlog)
   * into new level-0 segments in one transaction. Returns how many.
   */
  catchUpBatch(limit?: number): number {
    const backlog = this.dirtyCount();
    if (backlog === 0) return 0;
    limit ??= backlog >= BULK_BACKLOG ? BULK_BATCH_SIZE : BATCH_SIZE;
    let processed = 0;
    const run = this.db.transaction(() => {
      const dirty = this.stmts.selectDirty.all(limit) as Array<{ article_id: number; seq: number }>;
      if (dirty.length === 0) return;
      const gen = this.state.get('gen') + 1;
      const builders = new Map<AnalyzerId, SegmentBuilder>();
      const pending: Array<{ row: DocRow; builder: SegmentBuilder | null }> = [];
      const rows = this.batchRows(dirty.map((d) => d.article_id));
      for (const d of dirty) {
        const a = rows.articles.get(d.article_id);
        if (!a || a.deleted_at !== null) {
          pending.push({ row: deletedRow(d.article_id, gen, a), builder: null });
          continue;
        }
        const tagNames = rows.tags.get(a.id) ?? [];
        const notes = rows.notes.get(a.id) ?? [];
        const siteText = [a.site_name ?? '', hostOf(a.url)].filter(Boolean).join(' ');
        // FIELDS order: title, body, tags, site, notes
        const texts = [
          a.title,
          a.content_text,
          tagNames.join('\n'),
          siteText,
          notes.map((n) => `${n.exact}\n${n.note ?? ''}`).join('\n'),
        ];
        const analyzer = analyzerFor(a.lang);
        // one update: the texts length-prefixed in one string (the same bytes as before, so hashes match)
        let hashed = analyzer;
        for (const t of texts) hashed += `\u0000${t.length}\u0000${t}`;
        const hash = createHash('sha1').update(hashed).digest('base64');
        const prev = rows.docs.get(a.id);
        const row: DocRow = {
          article_id: a.id,
          segment_id: null,
          local_id: null,
          hash,
          gen,
          deleted: 0,
          status: a.status,
          favorite: a.favorite,
          lang: a.lang,
          saved_at: a.saved_at,
          published_at: a.published_at,
          site: fold(siteText),
          tags: JSON.stringify(tagNames.map((t) => fold(t.trim()))),
          annotated: notes.length > 0 ? 1 : 0,
        };
        if (prev && prev.hash === hash && prev.segment_id !== null) {
          // attribute-only change: keep the indexed copy
          const cur = this.view.location(a.id);
          row.segment_id = prev.segment_id;
          row.local_id = (cur?.[0] === prev.segment_id ? cur[1] : null) ?? prev.local_id;
          pending.push({ row, builder: null });
          continue;
        }
        let b = builders.get(analyzer);
        if (!b) builders.set(analyzer, (b = new SegmentBuilder(analyzer)));
        row.local_id = b.add(a.id, texts);
        pending.push({ row, builder: b });
      }
      const segIds = new Map<SegmentBuilder, number>();
      for (const b of builders.values()) segIds.set(b, this.store.write(b.toSegment(0, this.writer)));
      for (const p of pending) {
        if (p.builder) p.row.segment_id = segIds.get(p.builder)!;
        this.stmts.upsertDoc.run(p.row);
      }
      for (const d of dirty) this.stmts.deleteDirty.run(d.article_id, d.seq);
      this.state.set('gen', gen);
      processed = dirty.length;
    });
    run.immediate();
    if (processed > 0) this.view.refresh();
    return processed;
  }

  /** The articles of a batch, their tags (by name), highlights and current search_docs rows, by article id. */
  private batchRows(ids: number[]): {
    articles: Map<number, ArticleRow>;
    tags: Map<number, string[]>;
    notes: Map<number, Array<{ exact: string; note: string | null }>>;
    docs: Map<number, { hash: string; segment_id: number | null; local_id: number | null }>;
  } {
    const json = JSON.stringify(ids);
    const articles = new Map<number, ArticleRow>();
    for (const a of this.stmts.articles.all(json) as ArticleRow[]) articles.set(a.id, a);
    const tags = new Map<number, string[]>();
    for (const r of this.stmts.tags.all(json) as Array<{ article_id: number; name: string }>) {
      let list = tags.get(r.article_id);
      if (!list) tags.set(r.article_id, (list = []));
      list.push(r.name);
    }
    const notes = new Map<number, Array<{ exact: string; note: string | null }>>();
    for (const r of this.stmts.annotations.all(json) as Array<{
      article_id: number;
      exact: string;
      note: string | null;
    }>) {
      let list = notes.get(r.article_id);
      if (!list) notes.set(r.article_id, (list = []));
      list.push({ exact: r.exact, note: r.note });
    }
    const docs = new Map<number, { hash: string; segment_id: number | null; local_id: number | null }>();
    for (const r of this.stmts.docHashes.all(json) as Array<{
      article_id: number;
      hash: string;
      segment_id: number | null;
      local_id: number | null;
    }>)
      docs.set(r.article_id, r);
    return { articles, tags, notes, docs };
  }

  /** Drops every segment and marks every article dirty (one transaction). Indexing then runs via catch-up. */
  resetIndex(): number {
    let total = 0;
    this.db.transaction(() => (total = this.reset())).immediate();
    this.view.refresh();
    return total;
  }

  /** An index built in an older segment format is dropped and rebuilt by catch-up (one transaction). */
  ensureFormat(): void {
    if (this.state.get('format') === INDEX_FORMAT) return;
    this.db
      .transaction(() => {
        if (this.state.get('format') === INDEX_FORMAT) return; // another connection did it
        const segments = this.db.prepare('SELECT count(*) FROM search_segments').pluck().get() as number;
        if (segments > 0) this.reset();
        this.state.set('format', INDEX_FORMAT);
      })
      .immediate();
  }

  private reset(): number {
    this.db.exec('DELETE FROM search_postings; DELETE FROM search_segments; DELETE FROM search_docs;');
    this.db.exec(`INSERT INTO search_dirty (article_id, changed_at, seq)
      SELECT id, unixepoch('subsec') * 1000, (random() >> 12) FROM articles WHERE true
      ON CONFLICT (article_id) DO UPDATE SET changed_at = excluded.changed_at, seq = excluded.seq`);
    this.state.set('epoch', this.state.get('epoch') + 1);
    this.state.set('gen', this.state.get('gen') + 1);
    return this.dirtyCount();
  }
}

/** The row of an article that is gone or in the trash: no live copy, nothing to match. */
function deletedRow(articleId: number, gen: number, a: ArticleRow | undefined): DocRow {
  return {
    article_id: articleId,
    segment_id: null,
    local_id: null,
    hash: '',
    gen,
    deleted: 1,
    status: a?.status ?? 'unread',
    favorite: a?.favorite ?? 0,
    lang: a?.lang ?? null,
    saved_at: a?.saved_at ?? '',
    published_at: a?.published_at ?? null,
    site: null,
    tags: '[]',
    annotated: 0,
  };
}
