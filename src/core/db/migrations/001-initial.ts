import type { Migration } from './types.js';

/** The archive's first schema. Text columns hold NFC text; times are ISO 8601 UTC strings. */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  sql: `
    CREATE TABLE articles (
      id               INTEGER PRIMARY KEY,
      url              TEXT,                 -- as saved: http(s)://, file://, or NULL (stdin/paste)
      canonical_url    TEXT,                 -- dedupe key (tracking params removed); NULL = never deduped
      title            TEXT NOT NULL,
      byline           TEXT,
      site_name        TEXT,
      lang             TEXT,                 -- BCP 47 primary tag: vi, en, fr, ...
      excerpt          TEXT,
      lead_image       TEXT,                 -- kho-asset: URL or NULL
      published_at     TEXT,
      saved_at         TEXT NOT NULL,
      updated_at       TEXT NOT NULL,
      status           TEXT NOT NULL DEFAULT 'unread' CHECK (status IN ('unread', 'archived')),
      favorite         INTEGER NOT NULL DEFAULT 0 CHECK (favorite IN (0, 1)),
      word_count       INTEGER NOT NULL DEFAULT 0,
      reading_progress REAL NOT NULL DEFAULT 0 CHECK (reading_progress BETWEEN 0 AND 1),
      content_html     TEXT NOT NULL,        -- sanitised; images point at kho-asset: URLs
      content_text     TEXT NOT NULL,        -- plain text derived from content_html; anchors index into it
      source_html      TEXT,                 -- what extraction ran on, for re-extraction
      source_kind      TEXT NOT NULL CHECK (source_kind IN ('text', 'markdown', 'html', 'url')),
      deleted_at       TEXT                  -- non-NULL = in the trash
    );
    CREATE UNIQUE INDEX articles_canonical_url ON articles (canonical_url) WHERE canonical_url IS NOT NULL;
    CREATE INDEX articles_saved_at ON articles (saved_at);
    CREATE INDEX articles_status ON articles (status, deleted_at);

    CREATE TABLE tags (
      id         INTEGER PRIMARY KEY,
      name       TEXT NOT NULL,              -- as the user typed it (NFC, trimmed, '/' separates levels)
      key        TEXT NOT NULL UNIQUE,       -- case- and Unicode-folded name: 'Dân vận' and 'dân vận' share one
      created_at TEXT NOT NULL
    );

    CREATE TABLE article_tags (
      article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
      tag_id     INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
      PRIMARY KEY (article_id, tag_id)
    ) WITHOUT ROWID;
    CREATE INDEX article_tags_tag ON article_tags (tag_id);

    CREATE TABLE annotations (
      id          INTEGER PRIMARY KEY,
      article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
      exact       TEXT NOT NULL,             -- W3C TextQuoteSelector
      prefix      TEXT NOT NULL DEFAULT '',
      suffix      TEXT NOT NULL DEFAULT '',
      start       INTEGER,                   -- W3C TextPositionSelector into content_text (UTF-16); NULL when orphaned
      end         INTEGER,
      status      TEXT NOT NULL DEFAULT 'anchored' CHECK (status IN ('anchored', 'orphan')),
      color       TEXT NOT NULL DEFAULT 'yellow',
      note        TEXT,                      -- Markdown
      tags        TEXT NOT NULL DEFAULT '[]',-- JSON array of tag names
      created_at  TEXT NOT NULL,
      updated_at  TEXT NOT NULL
    );
    CREATE INDEX annotations_article ON annotations (article_id, start);

    CREATE TABLE assets (
      id         INTEGER PRIMARY KEY,
      sha256     TEXT NOT NULL UNIQUE,
      mime       TEXT NOT NULL,
      size       INTEGER NOT NULL,
      bytes      BLOB NOT NULL,
      created_at TEXT NOT NULL
    );

    CREATE TABLE article_assets (
      article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
      asset_id     INTEGER NOT NULL REFERENCES assets (id),
      original_url TEXT,
      PRIMARY KEY (article_id, asset_id)
    ) WITHOUT ROWID;
    CREATE INDEX article_assets_asset ON article_assets (asset_id);

    -- UI and app preferences, saved searches, recent searches: small JSON values by key.
    CREATE TABLE settings (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) WITHOUT ROWID;
  `,
};
