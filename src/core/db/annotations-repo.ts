import type { Db } from './connection.js';
import type { Annotation, NotebookEntry } from '../../shared/schemas.js';
import type { NotebookSortName } from '../../shared/enums.js';
import { KhoError } from '../../shared/errors.js';
import { tagKey } from './tags-repo.js';
import { nowIso } from '../time.js';

export interface AnchoredSelectors {
  exact: string;
  prefix: string;
  suffix: string;
  start: number | null;
  end: number | null;
  status: 'anchored' | 'orphan';
}

/** An annotation with its stable id (the contract's shape leaves it out). */
export type StoredAnnotation = Annotation & { uuid: string };

interface AnnotationRow {
  id: number;
  uuid: string;
  article_id: number;
  exact: string;
  prefix: string;
  suffix: string;
  start: number | null;
  end: number | null;
  status: 'anchored' | 'orphan';
  color: Annotation['color'];
  note: string | null;
  tags: string;
  created_at: string;
  updated_at: string;
}

function toAnnotation(r: AnnotationRow): StoredAnnotation {
  return { ...r, tags: JSON.parse(r.tags) as string[] };
}

/** What the notebook narrows by in SQL (words in quotes and notes are matched after, in JS). */
export interface NotebookSelection {
  color?: string;
  tag?: string;
  articleId?: number;
  sort: NotebookSortName;
}

// Anchored highlights in reading order, orphans after them.
const ORDER = 'ORDER BY article_id, status = \'orphan\', start, "end", id';

export class AnnotationsRepo {
  constructor(private readonly db: Db) {}

  get(id: number): Annotation {
    const row = this.db.prepare<[number], AnnotationRow>('SELECT * FROM annotations WHERE id = ?').get(id);
    if (!row) throw new KhoError('NOT_FOUND', `There is no annotation with id ${id}.`);
    return toAnnotation(row);
  }

  list(articleId?: number): StoredAnnotation[] {
    const rows =
      articleId === undefined
        ? this.db.prepare<[], AnnotationRow>(`SELECT * FROM annotations ${ORDER}`).all()
        : this.db
            .prepare<[number], AnnotationRow>(`SELECT * FROM annotations WHERE article_id = ? ${ORDER}`)
            .all(articleId);
    return rows.map(toAnnotation);
  }

  /**
   * Highlights of articles outside the trash for the notebook, with their article's title and site:
   * newest first, or grouped by article (newest article first) in reading order.
   */
  listForNotebook(q: NotebookSelection): NotebookEntry[] {
    const where = ['a.deleted_at IS NULL'];
    const params: unknown[] = [];
    if (q.color) {
      where.push('n.color = ?');
      params.push(q.color);
    }
    if (q.articleId !== undefined) {
      where.push('n.article_id = ?');
      params.push(q.articleId);
    }
    if (q.tag) {
      // The article's tag or one nested under it, or the highlight's own tag.
      const key = tagKey(q.tag);
      where.push(
        `(EXISTS (SELECT 1 FROM article_tags at JOIN tags t ON t.id = at.tag_id
                   WHERE at.article_id = n.article_id AND (t.key = ? OR substr(t.key, 1, ?) = ?))
          OR EXISTS (SELECT 1 FROM json_each(n.tags) j WHERE lower(j.value) = ?))`,
      );
      params.push(key, key.length + 1, key + '/', key);
    }
    const order =
      q.sort === 'article'
        ? 'ORDER BY a.saved_at DESC, n.article_id DESC, n.status = \'orphan\', n.start, n."end", n.id'
        : 'ORDER BY n.created_at DESC, n.id DESC';
    const rows = this.db
      .prepare<unknown[], AnnotationRow & { article_title: string; article_site: string | null }>(
        `SELECT n.*, a.title AS article_title, a.site_name AS article_site
           FROM annotations n JOIN articles a ON a.id = n.article_id
          WHERE ${where.join(' AND ')} ${order}`,
      )
      .all(...params);
    return rows.map((r) => ({
      ...toAnnotation(r),
      article_title: r.article_title,
      article_site: r.article_site,
    }));
  }

  insert(
    articleId: number,
    s: AnchoredSelectors,
    extra: { color: string; note: string | null; tags: string[] },
  ): Annotation {
    const now = nowIso();
    const info = this.db
      .prepare(
        `INSERT INTO annotations (article_id, exact, prefix, suffix, start, "end", status, color, note, tags, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        articleId,
        s.exact,
        s.prefix,
        s.suffix,
        s.start,
        s.end,
        s.status,
        extra.color,
        extra.note,
        JSON.stringify(extra.tags),
        now,
        now,
      );
    return this.get(Number(info.lastInsertRowid));
  }

  update(id: number, patch: { note?: string | null; color?: string; tags?: string[] }): Annotation {
    const current = this.get(id);
    this.db
      .prepare('UPDATE annotations SET note = ?, color = ?, tags = ?, updated_at = ? WHERE id = ?')
      .run(
        patch.note === undefined ? current.note : patch.note,
        patch.color ?? current.color,
        JSON.stringify(patch.tags ?? current.tags),
        nowIso(),
        id,
      );
    return this.get(id);
  }

  /** Stores a re-anchoring result; an orphan keeps its last quote and context so it can be shown and re-tried. */
  setSelectors(id: number, s: AnchoredSelectors): void {
    this.db
      .prepare(
        'UPDATE annotations SET exact = ?, prefix = ?, suffix = ?, start = ?, "end" = ?, status = ?, updated_at = ? WHERE id = ?',
      )
      .run(s.exact, s.prefix, s.suffix, s.start, s.end, s.status, nowIso(), id);
  }

  delete(id: number): number {
    this.get(id);
    return this.db.prepare('DELETE FROM annotations WHERE id = ?').run(id).changes;
  }
}
