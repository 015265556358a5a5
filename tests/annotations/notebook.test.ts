import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempArchive, textArticle } from '../helpers/archive.js';

/** annotations.query, the notebook: every highlight across the archive, filtered, sorted and exported. */
let t: Awaited<ReturnType<typeof tempArchive>>;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await tempArchive();
  const add = async (name: string, title: string, body: string, tags: string[]) =>
    (await t.call('articles.add', { source: 'text', name, text: textArticle(title, body), tags })).article.id;
  ids.a = await add(
    'a.txt',
    'Dân vận ở Bến Tre',
    'Năm dân vận chính quyền là trọng tâm của Tỉnh ủy trong năm 2019.',
    ['chính trị/dân vận'],
  );
  ids.b = await add(
    'b.txt',
    'Giao thông Hà Nội',
    'Phạt nguội giúp giảm vi phạm giao thông ở Hà Nội rất nhiều.',
    ['giao thông'],
  );
  ids.c = await add('c.txt', 'Bài trong thùng rác', 'Một đoạn văn sẽ bị xoá cùng với đánh dấu của nó.', []);
  const hl = (article: number, quote: string, color: string, note: string | null = null) =>
    t.call('annotations.create', { article_id: article, quote, color, note });
  await hl(ids.a, 'Năm dân vận chính quyền', 'yellow', 'Chủ đề **chính** của năm');
  await hl(ids.a, 'trọng tâm', 'blue');
  await hl(ids.b, 'Phạt nguội', 'yellow', 'Xem thêm [luật](https://luatvietnam.vn)');
  await hl(ids.c, 'Một đoạn văn', 'yellow');
  await t.call('articles.trash', { ids: [ids.c] });
});
afterAll(() => t.close());

describe('annotations.query', () => {
  it('lists every highlight outside the trash, newest first, with its article', async () => {
    const r = await t.call('annotations.query', {});
    expect(r.total).toBe(3);
    expect(r.items.map((x) => x.exact)).toEqual(['Phạt nguội', 'trọng tâm', 'Năm dân vận chính quyền']);
    expect(r.items[0]).toMatchObject({ article_id: ids.b, article_title: 'Giao thông Hà Nội' });
  });

  it('groups by article in reading order', async () => {
    const r = await t.call('annotations.query', { sort: 'article' });
    expect(r.items.map((x) => x.exact)).toEqual(['Phạt nguội', 'Năm dân vận chính quyền', 'trọng tâm']);
  });

  it('filters by colour, by tag (nested included) and by article', async () => {
    const yellow = await t.call('annotations.query', { color: 'yellow' });
    expect(yellow.items.map((x) => x.exact).sort()).toEqual(['Năm dân vận chính quyền', 'Phạt nguội']);
    const tagged = await t.call('annotations.query', { tag: 'chính trị' });
    expect(tagged.items.map((x) => x.article_id)).toEqual([ids.a, ids.a]);
    const one = await t.call('annotations.query', { article_id: ids.b });
    expect(one.items.map((x) => x.exact)).toEqual(['Phạt nguội']);
  });

  it('finds words in quotes and notes, with or without diacritics, and phrases', async () => {
    const words = async (query: string) =>
      (await t.call('annotations.query', { query })).items.map((x) => x.exact);
    expect(await words('chu de')).toEqual(['Năm dân vận chính quyền']);
    expect(await words('LUẬT')).toEqual(['Phạt nguội']);
    expect(await words('"dan van chinh"')).toEqual(['Năm dân vận chính quyền']);
    expect(await words('"van dan"')).toEqual([]);
    expect(await words('tam trong')).toEqual(['trọng tâm']);
    expect(await words('xoá')).toEqual([]);
  });

  it('pages through results and exports exactly the filtered set', async () => {
    const page = await t.call('annotations.query', { limit: 1, offset: 1 });
    expect(page).toMatchObject({ total: 3, items: [{ exact: 'trọng tâm' }] });
    const csv = await t.call('export.annotations', { format: 'csv', color: 'yellow', query: 'chu de' });
    expect(csv.content).toContain('Năm dân vận chính quyền');
    expect(csv.content).not.toContain('Phạt nguội');
    expect(csv.content).not.toContain('trọng tâm');
    const all = await t.call('export.annotations', { format: 'csv' });
    expect(all.content).toContain('Phạt nguội');
  });
});
