import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../src/core/archive.js';
import { callOperation } from '../../src/shared/dispatch.js';
import { tempArchive, textArticle } from '../helpers/archive.js';

/** app.changes is how an open window notices what the CLI or another window did. */
let t: Awaited<ReturnType<typeof tempArchive>>;
let other: Archive;
const token = async () => (await t.call('app.changes', {})).token;

beforeAll(async () => {
  t = await tempArchive();
  other = await openArchive(t.dir); // a second process's connection to the same archive file
});
afterAll(async () => {
  await other.close();
  await t.close();
});

describe('app.changes', () => {
  it('moves when another connection saves, tags, highlights or trashes, and not on reading progress', async () => {
    const call = (name: Parameters<typeof callOperation>[1], input: unknown) =>
      callOperation(other.handlers, name, input);
    let before = await token();
    expect(await token()).toBe(before);

    const saved = (await call('articles.add', {
      source: 'text',
      name: 'a.txt',
      text: textArticle(
        'Bài từ dòng lệnh',
        'Một bài được lưu bằng lệnh kho khi cửa sổ đang mở, đủ dài để lưu.',
      ),
    })) as { article: { id: number } };
    const id = saved.article.id;
    const afterAdd = await token();
    expect(afterAdd).not.toBe(before);

    before = await token();
    await call('articles.update', { ids: [id], reading_progress: 0.5 });
    expect(await token()).toBe(before);

    for (const [name, input] of [
      ['tags.attach', { ids: [id], tags: ['dòng lệnh'] }],
      ['annotations.create', { article_id: id, quote: 'được lưu bằng lệnh' }],
      ['articles.update', { ids: [id], favorite: true }],
      ['articles.trash', { ids: [id] }],
    ] as const) {
      before = await token();
      await call(name, input);
      expect(await token(), name).not.toBe(before);
    }
  });
});
