import type { Migration } from './types.js';

/**
 * Search index storage (see src/core/search/README.md).
 *
 * - search_dirty: every write to an indexed column (from any process) lands the article id here through
 *   triggers; the search engine catches up on these ids before answering a query and soon after a write.
 * - search_segments + search_postings: small immutable index segments. Only the segment header (doc ids,
 *   field lengths) is held in memory; postings are read per query term (compact varint BLOBs, LRU-cached).
 * - search_docs: where each article currently lives (segment, local id) plus the filter attributes
 *   (status, favorite, dates, site, tags, annotated). A segment doc is live only if search_docs points at it,
 *   so an edit or delete is a tombstone without touching the old segment.
 * - search_state: a generation counter bumped by every index commit so other connections notice.
 */
export const search: Migration = {
  version: 2,
  name: 'search',
  sql: `
    CREATE TABLE search_dirty (
      article_id INTEGER PRIMARY KEY,     -- no foreign key: deleted articles must stay listed until unindexed
      changed_at REAL NOT NULL,           -- unix ms of the last change
      seq        INTEGER NOT NULL         -- random (52-bit, exact in JS) per change, so a catch-up only clears what it indexed
    );

    CREATE TABLE search_segments (
      id          INTEGER PRIMARY KEY,
      analyzer    TEXT NOT NULL,          -- analyser group: basic (vi and unknown), en, fr, de, es, pt, it
      level       INTEGER NOT NULL,       -- tier: 0 = fresh, n = merged n times
      doc_count   INTEGER NOT NULL,
      article_ids BLOB NOT NULL,          -- Int32Array: local id -> article id
      field_lens  BLOB NOT NULL,          -- Uint16Array [local * FIELDS + field] = tokens in field
      len_sums    TEXT NOT NULL,          -- JSON number[] per field, for BM25 average lengths
      vocab       BLOB NOT NULL,          -- '\\n'-joined sorted terms (loaded lazily for prefix/fuzzy)
      dfs         BLOB NOT NULL,          -- Uint32Array doc frequency per vocab term
      pipeline    TEXT NOT NULL,          -- lunr.Pipeline JSON (registered function labels)
      bytes       INTEGER NOT NULL,
      created_at  TEXT NOT NULL,
      pairs       BLOB                    -- word-pair index: hashes of adjacent folded words -> local ids (codec.ts)
    );

    CREATE TABLE search_postings (
      segment_id INTEGER NOT NULL REFERENCES search_segments (id) ON DELETE CASCADE,
      term       TEXT NOT NULL,           -- analysed term; '~' + folded form for diacritic-folded extras
      df         INTEGER NOT NULL,
      data       BLOB NOT NULL,           -- varint: per field [field, n, (local delta, tf) * n]
      PRIMARY KEY (segment_id, term)
    ) WITHOUT ROWID;

    CREATE TABLE search_docs (
      article_id   INTEGER PRIMARY KEY,
      segment_id   INTEGER,               -- NULL = not indexed (trash)
      local_id     INTEGER,
      hash         TEXT NOT NULL,         -- of the indexed text, to skip re-indexing on attribute-only changes
      gen          INTEGER NOT NULL,      -- search_state generation of the last change to this row
      deleted      INTEGER NOT NULL,
      status       TEXT NOT NULL,
      favorite     INTEGER NOT NULL,
      lang         TEXT,
      saved_at     TEXT NOT NULL,
      published_at TEXT,
      site         TEXT,                  -- site_name and URL host, folded
      tags         TEXT NOT NULL,         -- JSON string[] of folded tag names
      annotated    INTEGER NOT NULL
    );
    CREATE INDEX search_docs_gen ON search_docs (gen);

    CREATE TABLE search_state (
      key   TEXT PRIMARY KEY,
      value INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO search_state (key, value) VALUES ('gen', 0);

    -- Everything already in the archive needs indexing.
    INSERT INTO search_dirty (article_id, changed_at, seq)
      SELECT id, unixepoch('subsec') * 1000, (random() >> 12) FROM articles;

    CREATE TRIGGER search_dirty_article_insert AFTER INSERT ON articles BEGIN
      INSERT INTO search_dirty (article_id, changed_at, seq) VALUES (NEW.id, unixepoch('subsec') * 1000, (random() >> 12))
        ON CONFLICT (article_id) DO UPDATE SET changed_at = excluded.changed_at, seq = excluded.seq;
    END;
    CREATE TRIGGER search_dirty_article_update
      AFTER UPDATE OF title, url, site_name, lang, content_text, status, favorite, published_at, saved_at, deleted_at
      ON articles BEGIN
      INSERT INTO search_dirty (article_id, changed_at, seq) VALUES (NEW.id, unixepoch('subsec') * 1000, (random() >> 12))
        ON CONFLICT (article_id) DO UPDATE SET changed_at = excluded.changed_at, seq = excluded.seq;
    END;
    CREATE TRIGGER search_dirty_article_delete AFTER DELETE ON articles BEGIN
      INSERT INTO search_dirty (article_id, changed_at, seq) VALUES (OLD.id, unixepoch('subsec') * 1000, (random() >> 12))
        ON CONFLICT (article_id) DO UPDATE SET changed_at = excluded.changed_at, seq = excluded.seq;
    END;
    CREATE TRIGGER search_dirty_tag_insert AFTER INSERT ON article_tags BEGIN
      INSERT INTO search_dirty (article_id, changed_at, seq) VALUES (NEW.article_id, unixepoch('subsec') * 1000, (random() >> 12))
        ON CONFLICT (article_id) DO UPDATE SET changed_at = excluded.changed_at, seq = excluded.seq;
    END;
    CREATE TRIGGER search_dirty_tag_delete AFTER DELETE ON article_tags BEGIN
      INSERT INTO search_dirty (article_id, changed_at, seq) VALUES (OLD.article_id, unixepoch('subsec') * 1000, (random() >> 12))
        ON CONFLICT (article_id) DO UPDATE SET changed_at = excluded.changed_at, seq = excluded.seq;
    END;
    CREATE TRIGGER search_dirty_tag_rename AFTER UPDATE OF name ON tags BEGIN
      INSERT INTO search_dirty (article_id, changed_at, seq)
        SELECT article_id, unixepoch('subsec') * 1000, (random() >> 12) FROM article_tags WHERE tag_id = NEW.id
        ON CONFLICT (article_id) DO UPDATE SET changed_at = excluded.changed_at, seq = excluded.seq;
    END;
    CREATE TRIGGER search_dirty_annotation_insert AFTER INSERT ON annotations BEGIN
      INSERT INTO search_dirty (article_id, changed_at, seq) VALUES (NEW.article_id, unixepoch('subsec') * 1000, (random() >> 12))
        ON CONFLICT (article_id) DO UPDATE SET changed_at = excluded.changed_at, seq = excluded.seq;
    END;
    CREATE TRIGGER search_dirty_annotation_update AFTER UPDATE OF exact, note, article_id ON annotations BEGIN
      INSERT INTO search_dirty (article_id, changed_at, seq) VALUES (NEW.article_id, unixepoch('subsec') * 1000, (random() >> 12))
        ON CONFLICT (article_id) DO UPDATE SET changed_at = excluded.changed_at, seq = excluded.seq;
      INSERT INTO search_dirty (article_id, changed_at, seq) VALUES (OLD.article_id, unixepoch('subsec') * 1000, (random() >> 12))
        ON CONFLICT (article_id) DO UPDATE SET changed_at = excluded.changed_at, seq = excluded.seq;
    END;
    CREATE TRIGGER search_dirty_annotation_delete AFTER DELETE ON annotations BEGIN
      INSERT INTO search_dirty (article_id, changed_at, seq) VALUES (OLD.article_id, unixepoch('subsec') * 1000, (random() >> 12))
        ON CONFLICT (article_id) DO UPDATE SET changed_at = excluded.changed_at, seq = excluded.seq;
    END;
  `,
};
