import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/core/archive.js';
import { initial } from '../../src/core/db/migrations/001-initial.js';
import { search } from '../../src/core/db/migrations/002-search.js';
import { titleSortKey } from '../../src/core/db/title-key.js';
import { callOperation } from '../../src/shared/dispatch.js';
import { tempArchive } from '../helpers/archive.js';
import { FIXTURES_DIR, makeTempDir } from '../helpers/paths.js';

/** Titles in Vietnamese dictionary order, in SQL, for the app and `kho list`; undated articles last. */

const NAMED = ['Dublin', '“Quoted”', 'Đà Nẵng', 'Dàn nhạc giao hưởng', 'Ánh sáng', 'ăn tết', 'Zebra'];
const NAMED_ORDER = ['Ánh sáng', 'ăn tết', 'Dàn nhạc giao hưởng', 'Dublin', 'Đà Nẵng', '“Quoted”', 'Zebra'];
const byKey = (a: string, b: string) => {
  const ka = titleSortKey(a);
  const kb = titleSortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

describe('titleSortKey', () => {
  it('orders the named cases as a Vietnamese reader expects', () => {
    expect([...NAMED].sort(byKey)).toEqual(NAMED_ORDER);
  });

  it('agrees with Intl.Collator("vi") over a thousand real titles', () => {
    const titles = readFileSync(path.join(FIXTURES_DIR, 'corpus', 'vi-news-titles.txt'), 'utf8')
      .split('\n')
      .filter(Boolean);
    const all = [...new Set([...titles, ...NAMED, 'dan', 'dàn', 'dản', 'dãn', 'dán', 'dạn', 'Dân', 'dân'])];
    const collator = new Intl.Collator('vi', { ignorePunctuation: true });
    expect([...all].sort(byKey)).toEqual([...all].sort(collator.compare));
  });
});

describe('articles.list sorted by title and by date published', () => {
  let t: Awaited<ReturnType<typeof tempArchive>>;
  beforeAll(async () => {
    t = await tempArchive();
    for (const [i, title] of NAMED.entries()) {
      const meta =
        i % 2 === 0 ? `<meta property="article:published_time" content="2022-02-0${i + 1}T08:00:00Z">` : '';
      await t.call('articles.add', {
        source: 'text',
        name: `bai-${i}.html`,
        text: `<html><head><title>${title}</title>${meta}</head><body><article><h1>${title}</h1>
          <p>Một bài viết ngắn để thử thứ tự sắp xếp theo tên bài, đủ dài để trích xuất nội dung chính.</p>
          <p>Đoạn thứ hai của bài viết, cũng đủ dài để bộ trích xuất coi đây là nội dung của trang.</p></article></body></html>`,
      });
    }
  });
  afterAll(() => t.close());

  it('lists titles in Vietnamese order, reversed with order=desc', async () => {
    const asc = await t.call('articles.list', { sort: 'title', order: 'asc' });
    expect(asc.items.map((a) => a.title)).toEqual(NAMED_ORDER);
    const desc = await t.call('articles.list', { sort: 'title', order: 'desc' });
    expect(desc.items.map((a) => a.title)).toEqual([...NAMED_ORDER].reverse());
  });

  it('keeps the order after a title is changed', async () => {
    const list = await t.call('articles.list', { sort: 'title', order: 'asc' });
    const zebra = list.items.find((a) => a.title === 'Zebra')!;
    await t.call('articles.update', { ids: [zebra.id], title: 'Ăn cơm' });
    const after = await t.call('articles.list', { sort: 'title', order: 'asc' });
    expect(after.items.map((a) => a.title).slice(0, 3)).toEqual(['Ánh sáng', 'ăn tết', 'Ăn cơm'].sort(byKey));
  });

  it('puts undated articles after dated ones, newest first or oldest first', async () => {
    for (const order of ['desc', 'asc'] as const) {
      const r = await t.call('articles.list', { sort: 'published', order });
      const dated = r.items.map((a) => a.published_at !== null);
      const firstUndated = dated.indexOf(false);
      expect(firstUndated, order).toBeGreaterThan(0);
      expect(
        dated.slice(firstUndated).every((d) => !d),
        order,
      ).toBe(true);
      const dates = r.items.filter((a) => a.published_at).map((a) => a.published_at!);
      expect(dates).toEqual([...dates].sort()[order === 'asc' ? 'slice' : 'reverse']());
    }
  });
});

describe('migration 006 (title keys)', () => {
  it('gives the articles of an older archive their title keys', async () => {
    const tmp = makeTempDir();
    try {
      const db = new Database(path.join(tmp.dir, 'kho.sqlite'));
      db.exec(initial.sql);
      db.exec(search.sql);
      const insert = db.prepare(
        `INSERT INTO articles (title, saved_at, updated_at, content_html, content_text, source_kind)
         VALUES (?, '2022-01-01T00:00:00.000Z', '2022-01-01T00:00:00.000Z', '<p>x</p>', 'x', 'text')`,
      );
      for (const title of NAMED) insert.run(title);
      db.pragma('user_version = 2');
      db.close();
      const archive = await openArchive(tmp.dir);
      try {
        const r = await callOperation(archive.handlers, 'articles.list', { sort: 'title', order: 'asc' });
        expect(r.items.map((a) => a.title)).toEqual(NAMED_ORDER);
      } finally {
        await archive.close();
      }
    } finally {
      tmp.cleanup();
    }
  });
});
