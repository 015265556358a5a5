import { readFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SearchCore } from '../../src/core/search/core.js';
import { openSearchEngine, type KhoSearchEngine } from '../../src/core/search/index.js';
import { KhoError } from '../../src/shared/errors.js';
import { makeTempDir, REFERENCE_ARTICLE } from '../helpers/paths.js';
import { addAnnotation, addTag, insertArticle, openTestDb } from './helpers.js';

let tmp: { dir: string; cleanup: () => void };
let file: string;
let db: Database.Database;
let engine: KhoSearchEngine;

beforeEach(() => {
  tmp = makeTempDir('kho-search-');
  file = path.join(tmp.dir, 'archive.db');
  db = openTestDb(file);
});
afterEach(async () => {
  await engine?.close();
  db.close();
  tmp.cleanup();
});

const ids = async (q: string, limit = 50) => (await engine.search(q, { limit })).hits.map((h) => h.id);

describe('Vietnamese matching', () => {
  let ref: number, tet: number, to: number, may: number, common: number;
  beforeEach(async () => {
    ref = insertArticle(db, { title: 'Công tác dân vận', text: readFileSync(REFERENCE_ARTICLE, 'utf8') });
    tet = insertArticle(db, { title: 'Kinh tế', text: 'Tăng trưởng kinh tế quý một.' });
    to = insertArticle(db, { title: 'Tổ dân phố', text: 'Họp tổ dân phố số 5.' });
    may = insertArticle(db, { title: 'Máy bay', text: 'Chiếc máy bay cất cánh.' });
    insertArticle(db, { title: 'Mái ấm', text: 'Ngôi nhà có mái ngói đỏ.' });
    common = insertArticle(db, { title: 'Tin ngắn', text: 'Ở Hà Nội và các tỉnh có mưa, bộ đội thị trấn.' });
    engine = openSearchEngine(file, { inWorker: false });
    await engine.flush();
  });

  it('"tổ" does not match "tế"', async () => {
    const r = await ids('tổ');
    expect(r).toContain(to);
    expect(r).not.toContain(tet);
    expect(await ids('tế')).not.toContain(to);
  });
  it('finds ở, và, có, Hà, bộ, thị', async () => {
    for (const w of ['ở', 'và', 'có', 'Hà', 'bộ', 'thị']) expect(await ids(w), w).toContain(common);
  });
  it('"máy" does not find "mái"', async () => {
    expect(await ids('máy')).toEqual([may]);
    expect(await ids('mái')).not.toContain(may);
  });
  it('"dan van chinh quyen" finds the reference article first', async () => {
    const r = await engine.search('dan van chinh quyen');
    expect(r.hits[0]?.id).toBe(ref);
    const h = r.hits[0]!;
    const marked = h.highlights.map(([a, b]) => h.snippet.slice(a, b).toLowerCase());
    expect(marked).toContain('dân'); // folded match highlighted
    expect(marked).toContain('vận');
  });
  it('ranks exact diacritics above folded-only matches', async () => {
    const exact = insertArticle(db, { title: 'a', text: 'Bà con dân tộc ở xa.' });
    const folded = insertArticle(db, { title: 'b', text: 'Bà con dần dần ở xa.' });
    engine.notifyChanged();
    await engine.flush();
    const r = await ids('dân tộc');
    expect(r).toContain(exact);
    const r2 = await ids('dân');
    expect(r2.indexOf(exact)).toBeLessThan(r2.indexOf(folded));
    expect(r2).toContain(folded);
    expect((await ids('dan')).filter((x) => x === exact || x === folded).length).toBe(2);
  });
});

describe('query language', () => {
  let a: number, b: number, c: number, en: number;
  beforeEach(async () => {
    a = insertArticle(db, {
      title: 'Dân vận chính quyền',
      text: 'Công tác dân vận chính quyền ở Bến Tre đạt nhiều kết quả.',
      site: 'Nhân Dân',
      url: 'https://nhandan.vn/a',
      savedAt: '2022-01-28T10:00:00.000Z',
      favorite: true,
    });
    b = insertArticle(db, {
      title: 'Chính quyền địa phương',
      text: 'Chính quyền nói rằng dân cần vận động nhiều hơn.',
      site: 'Tuổi Trẻ',
      url: 'https://tuoitre.vn/b',
      savedAt: '2021-05-01T10:00:00.000Z',
      status: 'archived',
    });
    c = insertArticle(db, {
      title: 'Thời tiết',
      text: 'Trời mưa to ở Hà Nội, dân vận chuyển hàng hoá.',
      savedAt: '2023-03-01T10:00:00.000Z',
    });
    en = insertArticle(db, {
      title: 'Running the nation',
      text: 'The governments were running programs for the people.',
      lang: 'en',
      savedAt: '2020-01-01T00:00:00.000Z',
    });
    addTag(db, a, 'Chính trị');
    addTag(db, c, 'Thời tiết');
    addAnnotation(db, b, 'dân cần vận động', 'ghi chú quan trọng');
    engine = openSearchEngine(file, { inWorker: false });
    await engine.flush();
  });

  it('verifies phrases against the text and ranks adjacency first', async () => {
    expect(await ids('"dân vận"')).toEqual(expect.arrayContaining([a, c]));
    expect(await ids('"dân vận"')).not.toContain(b);
    expect(await ids('"chính quyền dân"')).toEqual([]);
    const r = await ids('dân vận');
    expect(r[r.length - 1]).toBe(b); // scattered words rank last
  });
  it('supports exclusion, title:, tag:, site:, lang:, is:, before:/after:', async () => {
    expect(await ids('dân -mưa')).not.toContain(c);
    expect(await ids('dân -"dân vận"')).toEqual([b]);
    expect(await ids('title:thời')).toEqual([c]);
    expect(await ids('title:dân')).toEqual([a]);
    expect(await ids('tag:"chinh tri"')).toEqual([a]);
    expect(await ids('dân -tag:"thời tiết"')).toEqual(expect.not.arrayContaining([c]));
    expect(await ids('site:tuoitre')).toEqual([b]);
    expect(await ids('site:"nhân dân"')).toEqual([a]);
    expect(await ids('lang:en')).toEqual([en]);
    expect(await ids('is:favorite')).toEqual([a]);
    expect(await ids('is:archived')).toEqual([b]);
    expect(await ids('is:annotated')).toEqual([b]);
    expect(new Set(await ids('is:unread'))).toEqual(new Set([a, c, en]));
    expect(await ids('before:2021')).toEqual([en]);
    expect(await ids('dân after:2022-01-27 before:2022-01-29')).toEqual([a]);
    expect(await ids('dân after:2022')).toEqual([c]);
  });
  it('searches tags, sites and annotation notes as text', async () => {
    expect(await ids('quan trọng')).toEqual([b]);
    // Found only in a note: the note (its Markdown as text) is the snippet, with the words marked.
    addAnnotation(db, c, 'mưa', 'Xem **lũ quét** ở [miền núi](https://example.org)');
    await engine.flush();
    const [hit] = (await engine.search('lu quet')).hits;
    expect(hit).toMatchObject({ id: c, snippet: 'Xem lũ quét ở miền núi', snippet_from: 'note' });
    expect(hit!.highlights.map(([x, y]) => hit!.snippet.slice(x, y))).toEqual(['lũ', 'quét']);
    // Found in the text as well: the text stays the snippet.
    const inText = (await engine.search('dân vận')).hits.find((h) => h.id === a)!;
    expect(inText.snippet_from).toBe('text');
    expect(await ids('trị')).toEqual([a]);
    expect(await ids('tuoitre')).toEqual([b]);
  });
  it('supports prefix and fuzzy terms', async () => {
    expect(await ids('thờ*')).toEqual([c]);
    expect(await ids('tho*')).toEqual([c]);
    expect(await ids('governmant~1')).toEqual([en]);
    expect(await ids('governmant')).toEqual([]);
  });
  it('stems English but not Vietnamese', async () => {
    expect(await ids('run')).toEqual([en]);
    expect(await ids('government')).toEqual([en]);
  });
  it('rejects bad queries with BAD_QUERY', async () => {
    await expect(engine.search('is:nonsense')).rejects.toMatchObject({ code: 'BAD_QUERY' });
    await expect(engine.search('"open')).rejects.toBeInstanceOf(KhoError);
  });
  it('pages results and reports the total', async () => {
    const all = await engine.search('dân', { limit: 10 });
    expect(all.total).toBe(3);
    const p1 = await engine.search('dân', { limit: 1, offset: 1 });
    expect(p1.total).toBe(3);
    expect(p1.hits.map((h) => h.id)).toEqual([all.hits[1]!.id]);
    expect(all.hits.find((h) => h.id === a)?.tags).toEqual(['Chính trị']);
  });
});

describe('incremental updates (dirty rows, tombstones, trash)', () => {
  it('makes inserts, edits, tag changes, trash and deletes searchable without rebuilding', async () => {
    const a = insertArticle(db, { title: 'Một', text: 'hoa sen nở' });
    engine = openSearchEngine(file, { inWorker: false });
    expect(await ids('sen')).toEqual([a]);
    const before = await engine.stats();
    // edit from another connection (another process)
    db.prepare('UPDATE articles SET content_text = ? WHERE id = ?').run('hoa mai nở', a);
    expect(await ids('sen')).toEqual([]);
    expect(await ids('mai')).toEqual([a]);
    const after = await engine.stats();
    expect(after.segments).toBe(before.segments + 1); // a new small segment, old version tombstoned
    expect(after.tombstones).toBe(1);
    addTag(db, a, 'Mùa xuân');
    expect(await ids('tag:"mùa xuân"')).toEqual([a]);
    db.prepare("UPDATE articles SET deleted_at = '2024-01-01T00:00:00Z' WHERE id = ?").run(a);
    expect(await ids('mai')).toEqual([]);
    expect(await ids('tag:"mùa xuân"')).toEqual([]);
    db.prepare('UPDATE articles SET deleted_at = NULL WHERE id = ?').run(a);
    expect(await ids('mai')).toEqual([a]);
    db.prepare('DELETE FROM articles WHERE id = ?').run(a);
    expect(await ids('mai')).toEqual([]);
  });

  it('indexes soon after notifyChanged without a query', async () => {
    engine = openSearchEngine(file, { inWorker: false });
    insertArticle(db, { title: 'x', text: 'chim én bay' });
    engine.notifyChanged();
    await new Promise((r) => setTimeout(r, 1000));
    expect(db.prepare('SELECT count(*) FROM search_dirty').pluck().get() as number).toBe(0);
  });

  it('two engines on one file see each other’s indexing', async () => {
    engine = openSearchEngine(file, { inWorker: false });
    const other = openSearchEngine(file, { inWorker: false });
    const a = insertArticle(db, { title: 'x', text: 'núi cao' });
    await other.flush();
    expect(await ids('núi')).toEqual([a]);
    db.prepare('UPDATE articles SET content_text = ? WHERE id = ?').run('sông dài', a);
    await other.flush();
    expect(await ids('núi')).toEqual([]);
    await other.close();
  });
});

describe('segments and merges', () => {
  it('merges tiered segments with identical results, and a crash mid-merge loses nothing', async () => {
    const words = ['sông', 'núi', 'biển', 'rừng', 'đồng', 'làng', 'phố', 'chợ'];
    const core = new SearchCore(file);
    for (let i = 0; i < 12; i++) {
      insertArticle(db, { title: `Bài ${i}`, text: `${words[i % 8]} và ${words[(i * 3) % 8]} số ${i}` });
      core.catchUpAll(); // one segment per article
    }
    db.prepare('UPDATE articles SET content_text = ? WHERE id = 3').run('đổi nội dung sông');
    core.catchUpAll();
    const queries = ['sông', 'núi và', 'dong', 'số', '"và núi"', 'phố -chợ'];
    const snapshot = () =>
      queries.map((q) => core.search(q, { limit: 100 }).hits.map((h) => [h.id, h.score.toFixed(4)]));
    const before = snapshot();
    const s0 = core.stats();
    expect(s0.segments).toBe(13);
    expect(s0.tombstones).toBe(1);

    core.hooks.beforeMergeCommit = () => {
      throw new Error('simulated crash');
    };
    expect(() => core.mergeStep()).toThrow('simulated crash');
    expect(core.stats()).toEqual(s0);
    expect(snapshot()).toEqual(before);
    // a fresh process sees the old segments too
    const fresh = new SearchCore(file);
    expect(fresh.stats()).toEqual(s0);
    fresh.close();

    core.hooks = {};
    expect(core.mergeStep()).toBe(true);
    const s1 = core.stats();
    expect(s1.segments).toBe(13 - 8 + 1);
    expect(core.search('sông', { limit: 100 }).total).toBe(before[0]!.length);
    const ranked = (rows: Array<Array<[number, string]>>) => rows.map((r) => r.map(([id]) => id));
    expect(ranked(snapshot() as never)).toEqual(ranked(before as never));
    core.mergeAll(true);
    expect(core.stats()).toMatchObject({ segments: 1, docs: 12, tombstones: 0 });
    expect(ranked(snapshot() as never)).toEqual(ranked(before as never));
    core.close();
    engine = openSearchEngine(file, { inWorker: false });
  });

  it('reindex rebuilds from scratch with progress and can be cancelled', async () => {
    for (let i = 0; i < 30; i++) insertArticle(db, { title: `t${i}`, text: `nội dung số ${i} hoa` });
    engine = openSearchEngine(file, { inWorker: false });
    await engine.flush();
    const progress: Array<[number, number]> = [];
    await engine.reindex((d, t) => progress.push([d, t]));
    expect(progress.at(-1)).toEqual([30, 30]);
    expect((await engine.search('hoa')).total).toBe(30);
    const ac = new AbortController();
    ac.abort();
    await expect(engine.reindex(undefined, ac.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
    await engine.flush();
    expect((await engine.search('hoa')).total).toBe(30);
  });
});
