import type { Migration } from './types.js';

/** A random RFC 4122 version 4 UUID, in SQL (for rows written by any process, old code included). */
const UUID = `lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
  substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))`;

/**
 * Article versions: nothing a refresh, an import or a restore replaces is lost.
 *
 * - article_versions: every content an article no longer shows ('previous'), and content offered for it
 *   but not applied ('offered': a local file whose header claims the address of an article saved from
 *   the web). Rows are immutable; restoring one swaps it with the current content.
 * - Each content has a stable id (`content_uuid` on the article while it is current, `uuid` here once it
 *   is not): it travels with the content, so a future sync can tell "same content" from "new content"
 *   across devices. Articles and highlights get stable ids too; `updated_at` / `created_at` are the
 *   change tracking.
 * - `anchors`: where each highlight sat in that content (JSON), so restoring a version puts highlights
 *   back exactly, not by fuzzy re-anchoring.
 * - article_version_assets keeps a version's images alive after the article's current content stops
 *   using them.
 */
export const versions: Migration = {
  version: 5,
  name: 'versions',
  sql: `
    ALTER TABLE articles ADD COLUMN uuid TEXT;
    ALTER TABLE articles ADD COLUMN content_uuid TEXT;
    UPDATE articles SET uuid = ${UUID}, content_uuid = ${UUID};
    CREATE UNIQUE INDEX articles_uuid ON articles (uuid);
    CREATE TRIGGER articles_uuid_insert AFTER INSERT ON articles
      WHEN NEW.uuid IS NULL OR NEW.content_uuid IS NULL BEGIN
      UPDATE articles SET uuid = coalesce(NEW.uuid, ${UUID}), content_uuid = coalesce(NEW.content_uuid, ${UUID})
        WHERE id = NEW.id;
    END;

    ALTER TABLE annotations ADD COLUMN uuid TEXT;
    UPDATE annotations SET uuid = ${UUID};
    CREATE UNIQUE INDEX annotations_uuid ON annotations (uuid);
    CREATE TRIGGER annotations_uuid_insert AFTER INSERT ON annotations WHEN NEW.uuid IS NULL BEGIN
      UPDATE annotations SET uuid = ${UUID} WHERE id = NEW.id;
    END;

    CREATE TABLE article_versions (
      id            INTEGER PRIMARY KEY,
      uuid          TEXT NOT NULL UNIQUE,  -- the content's stable id (was the article's content_uuid)
      article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
      kind          TEXT NOT NULL CHECK (kind IN ('previous', 'offered')),
      reason        TEXT NOT NULL,         -- refresh, replace, import, restore, file
      created_at    TEXT NOT NULL,         -- when it stopped being current, or was offered
      captured_at   TEXT NOT NULL,         -- when this content was captured
      content_hash  TEXT NOT NULL,         -- sha256 of content_html: identical content is kept once
      url           TEXT,
      canonical_url TEXT,
      title         TEXT NOT NULL,
      byline        TEXT,
      site_name     TEXT,
      lang          TEXT,
      excerpt       TEXT,
      lead_image    TEXT,
      published_at  TEXT,
      word_count    INTEGER NOT NULL,
      content_html  TEXT NOT NULL,
      content_text  TEXT NOT NULL,
      source_html   TEXT,
      source_kind   TEXT NOT NULL CHECK (source_kind IN ('text', 'markdown', 'html', 'url')),
      anchors       TEXT NOT NULL DEFAULT '[]' -- [{annotation_uuid, exact, prefix, suffix, start, end, status}]
    );
    CREATE INDEX article_versions_article ON article_versions (article_id, id);

    CREATE TABLE article_version_assets (
      version_id   INTEGER NOT NULL REFERENCES article_versions (id) ON DELETE CASCADE,
      asset_id     INTEGER NOT NULL REFERENCES assets (id),
      original_url TEXT,
      PRIMARY KEY (version_id, asset_id)
    ) WITHOUT ROWID;
    CREATE INDEX article_version_assets_asset ON article_version_assets (asset_id);
  `,
};
