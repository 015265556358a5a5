import type { Migration } from './types.js';

/**
 * `search_postings` becomes a rowid table with a unique (segment_id, term) index. As a WITHOUT ROWID table
 * its rows (postings BLOBs of kilobytes) sat in the key's own B-tree, so interior pages held a few keys
 * each and every lookup walked a deep tree: measured at 100,000 articles, 86-94 µs per read against 33-40 µs
 * now, and a query reads dozens. The rows are copied, so the index stays usable without a rebuild.
 */
export const postingsRowid: Migration = {
  version: 8,
  name: 'postings-rowid',
  sql: `
    CREATE TABLE search_postings_rowid (
      segment_id INTEGER NOT NULL REFERENCES search_segments (id) ON DELETE CASCADE,
      term       TEXT NOT NULL,           -- analysed term; '~' + folded form for diacritic-folded extras
      df         INTEGER NOT NULL,
      data       BLOB NOT NULL            -- varint: per field [field, n, (local delta, tf) * n]
    );
    INSERT INTO search_postings_rowid (segment_id, term, df, data)
      SELECT segment_id, term, df, data FROM search_postings ORDER BY segment_id, term;
    DROP TABLE search_postings;
    ALTER TABLE search_postings_rowid RENAME TO search_postings;
    CREATE UNIQUE INDEX search_postings_key ON search_postings (segment_id, term);
  `,
};
