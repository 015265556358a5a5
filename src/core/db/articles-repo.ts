import { randomUUID } from 'node:crypto';
import type { Db } from './connection.js';
import type { ArticleDetail, ArticleSummary } from '../../shared/schemas.js';
import type { ParsedInput } from '../../shared/contract.js';
import { LIST_VIEWS, type ListViewName } from '../../shared/enums.js';
import type { ArticleContent } from '../capture/index.js';
import { KhoError } from '../../shared/errors.js';
import { tagKey } from './tags-repo.js';
import { titleSortKey } from './title-key.js';
import { nowIso } from '../time.js';

export interface ArticleSource {
  url: string | null;
  canonical_url: string | null;
  source_kind: string;
  source_html: string | null;
  content_text: string;
}

/** The validated input of `articles.list`. */
export type ListQuery = ParsedInput<'articles.list'>;

const WORDS_PER_MINUTE = 230;

const NOT_TRASHED = 'a.deleted_at IS NULL';
/** The SQL conditions of each list view; typed by the contract's view list, so a new view must be given one. */
const VIEW_FILTERS: Record<ListViewName, readonly string[]> = {
  all: [NOT_TRASHED],
  unread: [NOT_TRASHED, `a.status = 'unread'`],
  archived: [NOT_TRASHED, `a.status = 'archived'`],
  favorites: [NOT_TRASHED, 'a.favorite = 1'],
  annotated: [NOT_TRASHED, 'EXISTS (SELECT 1 FROM annotations n WHERE n.article_id = a.id)'],
  trash: ['a.deleted_at IS NOT NULL'],
};

const SUMMARY_COLUMNS = `
  a.id, a.title, a.url, a.site_name, a.lang, a.byline, a.excerpt, a.lead_image, a.published_at, a.saved_at,
  a.updated_at, a.status, a.favorite, a.reading_progress, a.word_count, a.deleted_at,
  (SELECT json_group_array(name) FROM (SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
     WHERE at.article_id = a.id ORDER BY t.key)) AS tags_json,
  (SELECT COUNT(*) FROM annotations n WHERE n.article_id = a.id) AS annotation_count,
  (SELECT CASE WHEN q.state IN ('queued', 'running') THEN 'pending'
               WHEN q.state IN ('failed', 'unavailable') THEN q.state END
     FROM fetch_queue q WHERE q.article_id = a.id AND q.kind = 'page') AS fetch_state,
  (SELECT q.last_error FROM fetch_queue q
     WHERE q.article_id = a.id AND q.kind = 'page' AND q.state IN ('failed', 'unavailable')) AS fetch_error`;

interface SummaryRow {
  id: number;
  title: string;
  url: string | null;
  site_name: string | null;
  lang: string | null;
  byline: string | null;
  excerpt: string | null;
  lead_image: string | null;
  published_at: string | null;
  saved_at: string;
  updated_at: string;
  status: ArticleSummary['status'];
  favorite: number;
  reading_progress: number;
  word_count: number;
  deleted_at: string | null;
  tags_json: string;
  annotation_count: number;
  fetch_state: ArticleSummary['fetch_state'];
  fetch_error: string | null;
}

function toSummary(r: SummaryRow): ArticleSummary {
  return {
    id: r.id,
    title: r.title,
    url: r.url,
    site: r.site_name,
    lang: r.lang,
    byline: r.byline,
    excerpt: r.excerpt,
    lead_image: r.lead_image,
    published_at: r.published_at,
    saved_at: r.saved_at,
    updated_at: r.updated_at,
    status: r.status,
    favorite: r.favorite === 1,
    reading_progress: r.reading_progress,
    word_count: r.word_count,
    reading_minutes: r.word_count === 0 ? 0 : Math.max(1, Math.round(r.word_count / WORDS_PER_MINUTE)),
    tags: JSON.parse(r.tags_json) as string[],
    annotation_count: r.annotation_count,
    deleted_at: r.deleted_at,
    fetch_state: r.fetch_state,
    fetch_error: r.fetch_error,
  };
}

export class ArticlesRepo {
  constructor(private readonly db: Db) {}

  insert(c: ArticleContent): number {
    const now = nowIso();
    const info = this.db
      .prepare(
        `INSERT INTO articles (url, canonical_url, title, title_key, byline, site_name, lang, excerpt, lead_image,
           published_at, saved_at, updated_at, word_count, content_html, content_text, source_html, source_kind)
         VALUES (@url, @canonicalUrl, @title, @titleKey, @byline, @siteName, @lang, @excerpt, @leadImage,
           @publishedAt, @now, @now, @wordCount, @contentHtml, @contentText, @sourceHtml, @sourceKind)`,
      )
      .run({ ...c, titleKey: titleSortKey(c.title), now });
    return Number(info.lastInsertRowid);
  }

  /**
   * Replaces the content of an existing article; status, favourite, tags and saved_at are kept. The new
   * content gets its own stable id (`contentUuid`: a restored version brings back the one it had).
   */
  replaceContent(id: number, c: ArticleContent, contentUuid: string = randomUUID()): void {
    this.db
      .prepare(
        `UPDATE articles SET url = @url, canonical_url = @canonicalUrl, title = @title, title_key = @titleKey,
           byline = @byline,
           site_name = @siteName, lang = @lang, excerpt = @excerpt, lead_image = @leadImage,
           published_at = @publishedAt, updated_at = @now, word_count = @wordCount, content_html = @contentHtml,
           content_text = @contentText, source_html = @sourceHtml, source_kind = @sourceKind,
           content_uuid = @contentUuid
         WHERE id = @id`,
      )
      .run({ ...c, titleKey: titleSortKey(c.title), id, now: nowIso(), contentUuid });
  }

  /** What decides whether new content changes an article, and which content it shows now. */
  currentContent(id: number): { content_uuid: string | null; content_html: string; updated_at: string } {
    const row = this.db
      .prepare<[number], { content_uuid: string | null; content_html: string; updated_at: string }>(
        'SELECT content_uuid, content_html, updated_at FROM articles WHERE id = ?',
      )
      .get(id);
    if (!row) throw new KhoError('NOT_FOUND', `There is no article with id ${id}.`);
    return row;
  }

  findByCanonicalUrl(canonicalUrl: string): number | undefined {
    return this.db
      .prepare<[string], { id: number }>('SELECT id FROM articles WHERE canonical_url = ?')
      .get(canonicalUrl)?.id;
  }

  summary(id: number): ArticleSummary {
    const row = this.db
      .prepare<[number], SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM articles a WHERE a.id = ?`)
      .get(id);
    if (!row) throw new KhoError('NOT_FOUND', `There is no article with id ${id}.`);
    return toSummary(row);
  }

  summaries(ids: number[]): ArticleSummary[] {
    return ids.map((id) => this.summary(id));
  }

  detail(id: number): ArticleDetail {
    const summary = this.summary(id);
    const row = this.db
      .prepare<
        [number],
        {
          content_html: string;
          content_text: string;
          source_kind: ArticleDetail['source_kind'];
          note: string | null;
        }
      >('SELECT content_html, content_text, source_kind, note FROM articles WHERE id = ?')
      .get(id)!;
    return { ...summary, ...row };
  }

  /** Throws NOT_FOUND naming the first id that does not exist. */
  requireIds(ids: number[]): void {
    const stmt = this.db.prepare<[number], { id: number }>('SELECT id FROM articles WHERE id = ?');
    for (const id of ids) {
      if (!stmt.get(id)) throw new KhoError('NOT_FOUND', `There is no article with id ${id}.`);
    }
  }

  source(id: number): ArticleSource {
    const row = this.db
      .prepare<[number], ArticleSource>(
        'SELECT url, canonical_url, source_kind, source_html, content_text FROM articles WHERE id = ?',
      )
      .get(id);
    if (!row) throw new KhoError('NOT_FOUND', `There is no article with id ${id}.`);
    return row;
  }

  list(q: ListQuery): { items: ArticleSummary[]; total: number } {
    const where = [...VIEW_FILTERS[q.view]];
    const params: unknown[] = [];
    if (q.status) {
      where.push('a.status = ?');
      params.push(q.status);
    }
    if (q.tag) {
      // A parent tag includes its nested tags: "chính trị" lists "chính trị/địa phương" too.
      const key = tagKey(q.tag);
      where.push(
        `EXISTS (SELECT 1 FROM article_tags at JOIN tags t ON t.id = at.tag_id
                  WHERE at.article_id = a.id AND (t.key = ? OR substr(t.key, 1, ?) = ?))`,
      );
      params.push(key, key.length + 1, key + '/');
    }
    const order = q.order ?? (q.sort === 'title' ? 'asc' : 'desc');
    const dir = order === 'asc' ? 'ASC' : 'DESC';
    // Titles in Vietnamese order (title-key.ts); undated articles after dated ones in either direction.
    const orderBy =
      q.sort === 'title'
        ? `a.title_key ${dir}, a.id ${dir}`
        : q.sort === 'published'
          ? `a.published_at IS NULL, a.published_at ${dir}, a.saved_at ${dir}, a.id ${dir}`
          : `a.saved_at ${dir}, a.id ${dir}`;
    const whereSql = where.join(' AND ');
    const total = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM articles a WHERE ${whereSql}`).get(...params) as {
        n: number;
      }
    ).n;
    const rows = this.db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM articles a WHERE ${whereSql} ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
      )
      .all(...params, q.limit, q.offset) as SummaryRow[];
    return { items: rows.map(toSummary), total };
  }

  update(
    ids: number[],
    patch: { status?: string; favorite?: boolean; reading_progress?: number; title?: string },
  ): void {
    const sets: string[] = [];
    const params: Record<string, unknown> = { now: nowIso() };
    if (patch.status !== undefined) {
      sets.push('status = @status');
      params.status = patch.status;
    }
    if (patch.favorite !== undefined) {
      sets.push('favorite = @favorite');
      params.favorite = patch.favorite ? 1 : 0;
    }
    if (patch.reading_progress !== undefined) {
      sets.push('reading_progress = @progress');
      params.progress = patch.reading_progress;
    }
    if (patch.title !== undefined) {
      sets.push('title = @title', 'title_key = @titleKey');
      params.title = patch.title.normalize('NFC');
      params.titleKey = titleSortKey(patch.title);
    }
    if (sets.length === 0) return;
    // Reading progress is not an edit the user would call "updated"; everything else is.
    if (!(sets.length === 1 && patch.reading_progress !== undefined)) sets.push('updated_at = @now');
    const stmt = this.db.prepare(`UPDATE articles SET ${sets.join(', ')} WHERE id = @id`);
    for (const id of ids) stmt.run({ ...params, id });
  }

  trash(ids: number[]): number {
    const stmt = this.db.prepare('UPDATE articles SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL');
    const now = nowIso();
    return ids.reduce((n, id) => n + stmt.run(now, id).changes, 0);
  }

  restore(ids: number[]): number {
    const stmt = this.db.prepare(
      'UPDATE articles SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL',
    );
    return ids.reduce((n, id) => n + stmt.run(id).changes, 0);
  }

  /** Deletes trashed articles only: purge is the second, deliberate step after trash. */
  purge(ids: number[]): number {
    const stmt = this.db.prepare('DELETE FROM articles WHERE id = ? AND deleted_at IS NOT NULL');
    const n = ids.reduce((acc, id) => acc + stmt.run(id).changes, 0);
    this.db
      .prepare(
        `DELETE FROM assets WHERE id NOT IN (SELECT asset_id FROM article_assets)
           AND id NOT IN (SELECT asset_id FROM article_version_assets)`,
      )
      .run();
    return n;
  }

  /** Every article in the trash (for emptying it in one transaction). */
  trashedIds(): number[] {
    return this.db.prepare('SELECT id FROM articles WHERE deleted_at IS NOT NULL').pluck().all() as number[];
  }

  /** The number of articles in every list view, in one pass over the table. */
  viewCounts(): Record<ListViewName, number> {
    const columns = LIST_VIEWS.map(
      (view) =>
        `coalesce(sum(CASE WHEN ${VIEW_FILTERS[view].join(' AND ')} THEN 1 ELSE 0 END), 0) AS "${view}"`,
    );
    return this.db.prepare(`SELECT ${columns.join(', ')} FROM articles a`).get() as Record<
      ListViewName,
      number
    >;
  }

  count(): number {
    return (
      this.db.prepare('SELECT COUNT(*) AS n FROM articles WHERE deleted_at IS NULL').get() as { n: number }
    ).n;
  }
}
