/**
 * The search core's own better-sqlite3 connection, and the counters in `search_state` that tell every
 * connection what changed: `gen` (bumped by every index commit) and `epoch` (bumped by a full reset), and
 * the index `format`.
 */
import Database from 'better-sqlite3';
import { KhoError } from '../../shared/errors.js';

export function openSearchDb(dbFile: string, nativeBinding?: string): Database.Database {
  const db = new Database(dbFile, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_dirty'").get();
  if (!has) {
    db.close();
    throw new KhoError('ARCHIVE_CORRUPT', 'This archive has no search tables (migration 002 has not run).');
  }
  return db;
}

/**
 * gen: bumped by every index commit; epoch: bumped by a full reset; format: the segment format the index
 * was built with (INDEX_FORMAT; an older one is rebuilt on open).
 */
type StateKey = 'gen' | 'epoch' | 'format';

/**
 * 2: pair buckets as `search_postings` rows keyed by mixed word hashes, lists with count and last local,
 * '=' surface and '!' word terms in stemmed languages.
 */
export const INDEX_FORMAT = 2;

export class SearchState {
  private readonly getValue: Database.Statement;
  private readonly setValue: Database.Statement;

  constructor(db: Database.Database) {
    this.getValue = db.prepare('SELECT value FROM search_state WHERE key = ?').pluck();
    this.setValue = db.prepare(
      'INSERT INTO search_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  get(key: StateKey): number {
    return (this.getValue.get(key) as number | undefined) ?? 0;
  }

  set(key: StateKey, value: number): void {
    this.setValue.run(key, value);
  }
}
