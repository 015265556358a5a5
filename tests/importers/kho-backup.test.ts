import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupInfo } from '../../src/core/backup/index.js';
import { failure } from '../helpers/failure.js';
import { tempArchive } from '../helpers/archive.js';

/** A Kho backup (made by createBackup) as an import format: merged into another archive, adding only what is missing. */

const PNG_DATA =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const PROSE = 'Một đoạn văn đủ dài để trích xuất, có dấu phẩy, và có câu, về Hà Nội và bộ sưu tập. '.repeat(
  6,
);

function page(title: string, extra: string, img = ''): string {
  return `<html><head><title>${title}</title></head><body><article><p>${PROSE}</p>${img}<p>${extra} ${PROSE}</p></article></body></html>`;
}

let source: Awaited<ReturnType<typeof tempArchive>>;
let target: Awaited<ReturnType<typeof tempArchive>>;
let backup: BackupInfo;
let sharedId: number;
let pictureId: number;

beforeAll(async () => {
  source = await tempArchive();
  target = await tempArchive();
  const shared = await source.call('articles.add', {
    source: 'text',
    name: 's.html',
    url: 'https://example.org/shared?utm_source=x',
    text: page('Shared', 'Đoạn chung ở đây.'),
    tags: ['from-backup'],
  });
  const pic = await source.call('articles.add', {
    source: 'text',
    name: 'p.html',
    url: 'https://example.org/picture',
    text: page('Ảnh', 'Câu có ảnh.', `<img src="data:image/png;base64,${PNG_DATA}" alt="dot">`),
    tags: ['travel/hanoi'],
  });
  pictureId = pic.article.id;
  await source.call('annotations.create', {
    article_id: shared.article.id,
    quote: 'Đoạn chung ở đây',
    note: 'từ bản sao lưu',
    color: 'blue',
  });
  await source.call('annotations.create', { article_id: pictureId, quote: 'Câu có ảnh', color: 'green' });
  await source.call('articles.update', {
    ids: [pictureId],
    status: 'archived',
    favorite: true,
    reading_progress: 0.5,
  });
  // Trashed articles stay out of the import.
  const gone = await source.call('articles.add', {
    source: 'text',
    name: 'g.md',
    text: `# Gone\n\n${PROSE}\n`,
  });
  await source.call('articles.trash', { ids: [gone.article.id] });
  backup = await source.archive.backup();

  const mine = await target.call('articles.add', {
    source: 'text',
    name: 's.html',
    url: 'https://example.org/shared',
    text: page('Shared', 'Đoạn chung ở đây.'),
    tags: ['mine'],
  });
  sharedId = mine.article.id;
  await target.call('annotations.create', {
    article_id: sharedId,
    quote: 'Đoạn chung ở đây. Một',
    color: 'pink',
  });
});
afterAll(async () => {
  await source.close();
  await target.close();
});

describe('importing a Kho backup', () => {
  it('is detected from its content and adds only what is missing, with tags, highlights, state and images', async () => {
    const r = await target.call('import.file', { path: backup.path });
    expect(r).toMatchObject({
      format: 'kho',
      variant: expect.stringMatching(/^Kho backup \(schema \d+\)$/),
      entries: 2,
      imported: 1,
      skipped_existing: 1,
      queued: 0,
      highlights_added: 2,
      highlights_orphaned: 0,
      problems: [],
    });
    const { items } = await target.call('articles.list', { limit: 100 });
    expect(items.map((a) => a.title).sort()).toEqual(['Shared', 'Ảnh']);

    // The article that was already here keeps its own state and gains the backup's tag and highlight.
    const shared = items.find((a) => a.id === sharedId)!;
    expect(shared.tags.sort()).toEqual(['from-backup', 'mine']);
    const sharedHl = (await target.call('annotations.list', { article_id: sharedId })).items;
    expect(sharedHl.map((h) => [h.exact, h.color, h.note, h.status]).sort()).toEqual([
      ['Đoạn chung ở đây', 'blue', 'từ bản sao lưu', 'anchored'],
      ['Đoạn chung ở đây. Một', 'pink', null, 'anchored'],
    ]);

    // The new one is as it was in the backup: text, state, tags, highlight in place, image bytes.
    const copied = items.find((a) => a.title === 'Ảnh')!;
    const [before, after] = await Promise.all([
      source.call('articles.get', { id: pictureId }),
      target.call('articles.get', { id: copied.id }),
    ]);
    expect(after.content_html).toBe(before.content_html);
    expect(after.content_text).toBe(before.content_text);
    expect([after.status, after.favorite, after.reading_progress, after.saved_at, after.url]).toEqual([
      'archived',
      true,
      0.5,
      before.saved_at,
      before.url,
    ]);
    expect(after.tags).toEqual(['travel/hanoi']);
    const [hlBefore, hlAfter] = await Promise.all([
      source.call('annotations.list', { article_id: pictureId }),
      target.call('annotations.list', { article_id: copied.id }),
    ]);
    expect(hlAfter.items.map(({ id: _i, article_id: _a, ...h }) => h)).toEqual(
      hlBefore.items.map(({ id: _i, article_id: _a, ...h }) => h),
    );
    const sha = /kho-asset:([0-9a-f]{64})/.exec(after.content_html)![1]!;
    expect(Buffer.from(target.archive.getAsset(sha)!.bytes).equals(Buffer.from(PNG_DATA, 'base64'))).toBe(
      true,
    );

    // Search finds the imported text.
    await target.archive.flushSearch();
    const hits = await target.call('search.query', { query: 'cau co anh' });
    expect(hits.hits.map((h) => h.id)).toContain(copied.id);
  });

  it('adds nothing the second time', async () => {
    const r = await target.call('import.file', { path: backup.path, tags: ['again'] });
    expect(r).toMatchObject({ entries: 2, imported: 0, skipped_existing: 2, highlights_added: 0 });
    expect((await target.call('articles.list', {})).total).toBe(2);
    expect((await target.call('annotations.list', {})).items).toHaveLength(3);
  });

  it('comes in as uploaded bytes too (the app), into an empty archive', async () => {
    const fresh = await tempArchive();
    try {
      const data = readFileSync(backup.path).toString('base64');
      const r = await fresh.call('import.bytes', {
        upload_id: 'kho-backup-1',
        name: 'my backup.sqlite',
        offset: 0,
        data,
        last: true,
      });
      expect(r.report).toMatchObject({ format: 'kho', entries: 2, imported: 2, highlights_added: 2 });
      expect((await fresh.call('tags.list', {})).items.map((t) => t.name).sort()).toEqual([
        'from-backup',
        'travel/hanoi',
      ]);
    } finally {
      await fresh.close();
    }
  });

  it('says clearly when a file named as a Kho backup is not one, or is damaged', async () => {
    const csv = path.join(target.dir, 'pocket.csv');
    writeFileSync(csv, 'title,url,time_added,tags,status\nA,https://a.example/,1,,unread\n');
    const e = await failure(target.call('import.file', { path: csv, format: 'kho' }));
    expect(e.code).toBe('UNSUPPORTED_TYPE');
    expect(e.message).toBe(`${csv} is not a Kho backup (it is not an SQLite database).`);

    const cut = readFileSync(backup.path);
    const half = cut.subarray(0, Math.floor(cut.length / 2)).toString('base64');
    const d = await failure(
      target.call('import.bytes', {
        upload_id: 'kho-cut-1',
        name: 'cut.sqlite',
        offset: 0,
        data: half,
        last: true,
      }),
    );
    expect(d.code).toBe('ARCHIVE_CORRUPT');
    expect(d.message).toMatch(/^cut\.sqlite is cut off: it holds \d+ of its \d+ bytes/);
  });
});
