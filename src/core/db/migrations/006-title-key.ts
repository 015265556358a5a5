import { titleSortKey } from '../title-key.js';
import type { Migration } from './types.js';

/**
 * Titles sort in Vietnamese order: `title_key` (see title-key.ts) is filled for every article here and
 * kept by ArticlesRepo on every write of a title. Writing it touches no indexed column, so search is
 * not asked to reindex anything.
 */
export const titleKey: Migration = {
  version: 6,
  name: 'title-key',
  sql: `
    ALTER TABLE articles ADD COLUMN title_key TEXT NOT NULL DEFAULT '';
    CREATE INDEX articles_title_key ON articles (title_key, id);
  `,
  up(db) {
    const rows = db.prepare<[], { id: number; title: string }>('SELECT id, title FROM articles').all();
    const set = db.prepare('UPDATE articles SET title_key = ? WHERE id = ?');
    for (const r of rows) set.run(titleSortKey(r.title), r.id);
  },
};
