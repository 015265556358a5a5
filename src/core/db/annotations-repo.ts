import type { Db } from './connection.js';
import type { Annotation } from '../../shared/schemas.js';
import { KhoError } from '../../shared/errors.js';
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
