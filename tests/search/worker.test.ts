import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSearchEngine, type KhoSearchEngine } from '../../src/core/search/index.js';
import { makeTempDir } from '../helpers/paths.js';
import { insertArticle, openTestDb } from './helpers.js';

describe('search worker', () => {
  let tmp: { dir: string; cleanup: () => void };
  let engine: KhoSearchEngine | null = null;
  beforeEach(() => {
    tmp = makeTempDir('kho-worker-');
  });
  afterEach(async () => {
    await engine?.close();
    tmp.cleanup();
  });

  it('indexes and queries in a worker thread with its own connection', async () => {
    const file = path.join(tmp.dir, 'a.db');
    const db = openTestDb(file);
    const a = insertArticle(db, { title: 'Đà Nẵng', text: 'Biển Đà Nẵng rất đẹp.' });
    engine = openSearchEngine(file);
    const r = await engine.search('da nang');
    expect(r.hits.map((h) => h.id)).toEqual([a]);
    expect(r.hits[0]!.title_highlights).toEqual([
      [0, 2],
      [3, 7],
    ]);
    // a write from this (other) connection, then notify: searchable within a second
    const b = insertArticle(db, { title: 'Huế', text: 'Sông Hương ở Huế.' });
    engine.notifyChanged();
    await new Promise((res) => setTimeout(res, 1000));
    expect(db.prepare('SELECT count(*) FROM search_dirty').pluck().get()).toBe(0);
    expect((await engine.search('huong')).hits.map((h) => h.id)).toEqual([b]);
    await expect(engine.search('before:nope')).rejects.toMatchObject({ code: 'BAD_QUERY' });
    const progress: number[] = [];
    await engine.reindex((d) => progress.push(d));
    expect(progress.at(-1)).toBe(2);
    expect(await engine.stats()).toMatchObject({ docs: 2, tombstones: 0 });
    db.close();
  });

  it('reports a clear error for a file without search tables', async () => {
    const file = path.join(tmp.dir, 'empty.db');
    const Database = (await import('better-sqlite3')).default;
    new Database(file).close();
    engine = openSearchEngine(file);
    await expect(engine.search('x')).rejects.toMatchObject({ code: 'ARCHIVE_CORRUPT' });
  });
});
