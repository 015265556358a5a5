import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArticlesRepo } from '../../src/core/db/articles-repo.js';
import { archiveFile, openDatabase } from '../../src/core/db/connection.js';
import { TagsRepo } from '../../src/core/db/tags-repo.js';
import { selectArticles } from '../../src/core/export/selection.js';
import { openSearchEngine } from '../../src/core/search/index.js';
import { failure } from '../helpers/failure.js';
import { textArticle } from '../helpers/archive.js';
import { buildFixture, type Fixture } from './support.js';

/** One selection for every format: ids, a tag (with its nested tags), a search query (every page), or all. */

let f: Fixture;
let plain: number;
beforeAll(async () => {
  f = await buildFixture();
  plain = (
    await f.t.call('articles.add', {
      source: 'text',
      name: 'ha-noi.txt',
      text: textArticle(
        'Phố cổ Hà Nội',
        'Người dân Hà Nội đi bộ quanh hồ mỗi sáng; công tác dân vận ở phường rất tốt.',
      ),
      tags: ['chính trị'],
    })
  ).article.id;
}, 60_000);
afterAll(() => f.t.close());

/** The article ids an export covered, in its order: the Obsidian zip has one note per article, with its kho_id. */
async function exported(sel: Record<string, unknown>): Promise<number[]> {
  const r = await f.t.call('export.run', { format: 'obsidian', ...sel });
  if (r.kind !== 'file') throw new Error('expected a file');
  const notes = Object.values(unzipSync(Buffer.from(r.content, 'base64'))).map((bytes) =>
    Number(/^kho_id: (\d+)$/m.exec(strFromU8(bytes))![1]),
  );
  expect(r.articles).toBe(notes.length);
  return notes;
}

describe('export selection', () => {
  it('everything outside the trash, newest first, when nothing is chosen', async () => {
    expect(await exported({})).toEqual([plain, f.en.id, f.vi.id]);
  });

  it('by tag, a parent tag taking its nested tags', async () => {
    expect(await exported({ tag: 'transport' })).toEqual([f.en.id]);
    expect(await exported({ tag: 'Chính Trị' })).toEqual([plain, f.vi.id]); // "chính trị", "chính trị/địa phương"
  });

  it('by search query, Vietnamese with or without tones', async () => {
    expect((await exported({ query: 'dan van' })).sort()).toEqual([f.vi.id, plain].sort());
    expect(await exported({ query: '"Trương Thị Mai"' })).toEqual([f.vi.id]);
    expect(await exported({ query: 'ferries' })).toEqual([f.en.id]);
  });

  it('by the query as typed: a word search corrects is not corrected for an export', async () => {
    const found = await f.t.call('search.query', { query: 'ferrise' });
    expect(found.corrected?.query).toBe('ferries');
    expect(found.hits.map((h) => h.id)).toEqual([f.en.id]);
    const none = await failure(f.t.call('export.run', { format: 'md', query: 'ferrise' }));
    expect(none.message).toBe('Nothing to export: no article matching "ferrise".');
  });

  it('by ids, in their order; filters together narrow the choice', async () => {
    expect(await exported({ article_ids: [f.vi.id, f.en.id] })).toEqual([f.vi.id, f.en.id]);
    expect(await exported({ article_ids: [f.vi.id, f.en.id], tag: 'transport' })).toEqual([f.en.id]);
    expect(await exported({ tag: 'chính trị', query: 'dân vận hồ' })).toEqual([plain]);
  });

  it('leaves the trash out unless an article is named by id', async () => {
    await f.t.call('articles.trash', { ids: [f.en.id] });
    try {
      expect(await exported({})).toEqual([plain, f.vi.id]);
      expect(await exported({ query: 'ferries' }).catch((e: Error) => e.message)).toMatch(
        /Nothing to export/,
      );
      expect(await exported({ article_ids: [f.en.id] })).toEqual([f.en.id]);
    } finally {
      await f.t.call('articles.restore', { ids: [f.en.id] });
    }
  });

  it('says clearly when nothing matches or a name is unknown', async () => {
    const none = await failure(f.t.call('export.run', { format: 'md', query: 'zzqxv' }));
    expect(none.code).toBe('NOT_FOUND');
    expect(none.message).toBe('Nothing to export: no article matching "zzqxv".');
    const both = await failure(f.t.call('export.run', { format: 'md', tag: 'transport', query: 'dân vận' }));
    expect(both.message).toBe('Nothing to export: no article tagged "transport", matching "dân vận".');
    expect((await failure(f.t.call('export.run', { format: 'md', tag: 'không có' }))).message).toBe(
      'There is no tag "không có".',
    );
    expect((await failure(f.t.call('export.run', { format: 'md', article_ids: [999] }))).message).toBe(
      'There is no article with id 999.',
    );
    const badFormat = await failure(f.t.call('export.run', { format: 'docx' }));
    expect(badFormat.code).toBe('INVALID_INPUT');
  });

  it('pages through every search hit and every listed article', async () => {
    const db = openDatabase(f.t.dir);
    const search = openSearchEngine(archiveFile(f.t.dir), { inWorker: false });
    try {
      const src = { articles: new ArticlesRepo(db), tags: new TagsRepo(db), search };
      const byPage = await selectArticles(src, { query: 'dân' }, { search: 1, list: 1 });
      const inOne = await selectArticles(src, { query: 'dân' });
      expect(byPage.map((a) => a.id)).toEqual(inOne.map((a) => a.id));
      expect(byPage.length).toBe(2);
      const listed = await selectArticles(src, {}, { search: 1, list: 1 });
      expect(listed.map((a) => a.id)).toEqual([plain, f.en.id, f.vi.id]);
    } finally {
      await search.close();
      db.close();
    }
  });
});
