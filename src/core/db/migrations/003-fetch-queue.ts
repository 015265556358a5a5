import type { Migration } from './types.js';

/**
 * The background fetch queue (src/core/queue): pages an import knows only by address, and the images of
 * imported content, fetched outside any import transaction, politely and resumably.
 *
 * - One row per article and kind; `state` is queued -> running -> done | failed | unavailable.
 * - `claimed_by` ("host/pid") and `claimed_at` say which process runs a row, so a runner starting after a
 *   crash puts back only rows whose process is gone (another live process keeps its rows).
 * - Times are unix milliseconds (INTEGER) so the runner compares them without parsing.
 * - A trigger marks the article changed when the state a list shows (pending, failed, unavailable, fetched)
 *   changes, so windows refresh as they do for other edits.
 */
export const fetchQueue: Migration = {
  version: 3,
  name: 'fetch-queue',
  sql: `
    CREATE TABLE fetch_queue (
      id              INTEGER PRIMARY KEY,
      article_id      INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
      kind            TEXT NOT NULL CHECK (kind IN ('page', 'images')),
      url             TEXT NOT NULL,
      host            TEXT NOT NULL,         -- host[:port] of url: pacing is per server
      state           TEXT NOT NULL DEFAULT 'queued'
                        CHECK (state IN ('queued', 'running', 'done', 'failed', 'unavailable')),
      attempts        INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL,      -- unix ms; a queued row waits until then (back-off)
      last_error      TEXT,                  -- why the last attempt failed, in words
      claimed_by      TEXT,
      claimed_at      INTEGER,
      created_at      TEXT NOT NULL,
      updated_at      TEXT NOT NULL,
      UNIQUE (article_id, kind)
    );
    CREATE INDEX fetch_queue_ready ON fetch_queue (state, next_attempt_at);

    -- Lists show whether an article's page is pending, failed or unavailable: when that changes, the article
    -- is marked changed like any other listed attribute (windows notice through search_dirty).
    CREATE TRIGGER fetch_queue_visible_state AFTER UPDATE OF state ON fetch_queue
      WHEN NEW.kind = 'page'
       AND (CASE WHEN OLD.state IN ('queued', 'running') THEN 'pending' ELSE OLD.state END)
           != (CASE WHEN NEW.state IN ('queued', 'running') THEN 'pending' ELSE NEW.state END)
    BEGIN
      INSERT INTO search_dirty (article_id, changed_at, seq) VALUES (NEW.article_id, unixepoch('subsec') * 1000, (random() >> 12))
        ON CONFLICT (article_id) DO UPDATE SET changed_at = excluded.changed_at, seq = excluded.seq;
    END;
  `,
};
