import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../src/core/db/migrations/index.js';
import { SearchCore } from '../../src/core/search/core.js';
import { makeTempDir } from '../helpers/paths.js';
import { insertArticle, openTestDb } from './helpers.js';

/**
 * Migration 008 moves `search_postings` from a WITHOUT ROWID table to a rowid table with a unique key:
 * an archive indexed before it keeps its segments (no reindex) and answers the same queries the same way.
 */
describe('migration 008 (postings in a rowid table)', () => {
  it('keeps an existing index: same segments, same hits, nothing to reindex', () => {
    const tmp = makeTempDir();
    try {
      const file = path.join(tmp.dir, 'kho.sqlite');
      // an archive at schema 7, indexed
      const old = new Database(file);
      old.pragma('journal_mode = WAL');
      old.pragma('foreign_keys = ON');
      for (const m of migrations.filter((x) => x.version <= 7)) {
        old.exec(m.sql);
        m.up?.(old);
      }
      old.pragma('user_version = 7');
      const texts = [
        ['Dân vận khéo ở Bến Tre', 'Năm dân vận chính quyền là trọng tâm của tỉnh trong năm 2019.'],
        ['Giá vàng hôm nay', 'Giá vàng trong nước tăng mạnh, người dân đổ xô đi mua vàng.'],
        ['The state of the union', 'The president spoke about foreign policy and government spending.'],
      ] as const;
      texts.forEach(([title, text], i) => insertArticle(old, { title, text, lang: i === 2 ? 'en' : 'vi' }));
      const before = new SearchCore(file);
      before.catchUpAll();
      const queries = ['dân vận', 'dan van', '"giá vàng"', 'government spending', 'vàng -bến'];
      const answers = queries.map((q) => before.search(q).hits.map((h) => [h.id, h.snippet]));
      const segments = before.db.prepare('SELECT id FROM search_segments ORDER BY id').pluck().all();
      before.close();
      const withoutRowid = (db: Database.Database) =>
        /WITHOUT ROWID/i.test(
          db.prepare("SELECT sql FROM sqlite_master WHERE name = 'search_postings'").pluck().get() as string,
        );
      expect(withoutRowid(old)).toBe(true);
      old.close();

      const db = openTestDb(file);
      expect(db.pragma('user_version', { simple: true })).toBe(8);
      expect(withoutRowid(db)).toBe(false);
      expect(
        db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'search_postings_key'").pluck().get(),
      ).toBe(1);
      expect(db.prepare('SELECT count(*) FROM search_dirty').pluck().get()).toBe(0);
      db.close();
      const after = new SearchCore(file);
      expect(after.db.prepare('SELECT id FROM search_segments ORDER BY id').pluck().all()).toEqual(segments);
      expect(queries.map((q) => after.search(q).hits.map((h) => [h.id, h.snippet]))).toEqual(answers);
      expect(answers.every((a) => a.length > 0)).toBe(true);
      // a merge still reads and deletes through the new table (and its cascade from segments)
      insertArticle(after.db, { title: 'Dân vận mới', text: 'Bài mới về dân vận ở cơ sở.' });
      after.catchUpAll();
      after.mergeAll(true);
      expect(after.search('dân vận').total).toBe(2);
      expect(
        after.db
          .prepare(
            'SELECT count(*) FROM search_postings WHERE segment_id NOT IN (SELECT id FROM search_segments)',
          )
          .pluck()
          .get(),
      ).toBe(0);
      after.close();
    } finally {
      tmp.cleanup();
    }
  });
});
