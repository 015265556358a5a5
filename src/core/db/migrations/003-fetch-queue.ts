import type { Migration } from './types.js';

/**
 * The background fetch queue (src/core/queue): pages an import knows only by address, and the images of
 * imported content, fetched outside any import transaction, politely and resumably.
 *
 * - One row per article and kind; `state` is queued -> running -> done | failed | unavailable.
 * - `claimed_by` ("host/pid") and `claimed_at` say which process runs a row, so a runner starting after a
 *   crash puts back only rows whose process is gone (another live process keeps its rows).
 * - Times are unix milliseconds (INTEGER) so the runner compares them without parsing.
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
  `,
};
