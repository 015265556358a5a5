import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempArchive, textArticle } from '../helpers/archive.js';
import type { KhoError } from '../../src/shared/errors.js';

let t: Awaited<ReturnType<typeof tempArchive>>;
beforeEach(async () => (t = await tempArchive()));
afterEach(async () => t.close());

async function add(title: string): Promise<number> {
  const r = await t.call('articles.add', {
    source: 'text',
    name: `${title}.txt`,
    text: textArticle(
      title,
      `Đây là nội dung của bài viết ${title}. Nó có đủ chữ để là một bài viết thật sự.`,
    ),
  });
  return r.article.id;
}

async function errCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as KhoError).code;
  }
  return 'no error';
}

describe('tags', () => {
  it('treats case and Unicode spelling as one tag ("Dân vận" = "dân vận" = NFD form)', async () => {
    const a = await add('Bài một');
    const b = await add('Bài hai');
    await t.call('tags.attach', { ids: [a], tags: ['Dân vận'] });
    await t.call('tags.attach', { ids: [b], tags: ['dân vận'.normalize('NFD')] });
    await t.call('tags.attach', { ids: [b], tags: ['DÂN VẬN'] });
    const { items } = await t.call('tags.list', {});
    expect(items).toHaveLength(1);
    expect(items[0]!.name).toBe('Dân vận');
    expect(items[0]!.count).toBe(2);
  });

  it('nests with "/" and a parent tag filter includes its children', async () => {
    const a = await add('Địa phương');
    const b = await add('Quốc hội');
    const c = await add('Thể thao');
    await t.call('tags.attach', { ids: [a], tags: ['chính trị/địa phương'] });
    await t.call('tags.attach', { ids: [b], tags: [' chính trị / quốc hội '] });
    await t.call('tags.attach', { ids: [c], tags: ['thể thao'] });
    const parent = await t.call('articles.list', { tag: 'Chính trị' });
    expect(parent.items.map((x) => x.id).sort()).toEqual([a, b].sort());
    const child = await t.call('articles.list', { tag: 'chính trị/quốc hội' });
    expect(child.items.map((x) => x.id)).toEqual([b]);
    expect((await t.call('articles.get', { id: b })).tags).toEqual(['chính trị/quốc hội']);
  });

  it('rejects empty levels with the schema error', async () => {
    const a = await add('Bài');
    await expect(t.call('tags.attach', { ids: [a], tags: ['a//b'] })).rejects.toThrow(
      /level cannot be empty/,
    );
  });

  it('removes tags and counts only live articles', async () => {
    const a = await add('Một');
    const b = await add('Hai');
    await t.call('tags.attach', { ids: [a, b], tags: ['đọc sau'] });
    await t.call('tags.detach', { ids: [a], tags: ['Đọc Sau'] });
    expect((await t.call('articles.get', { id: a })).tags).toEqual([]);
    await t.call('articles.trash', { ids: [b] });
    expect((await t.call('tags.list', {})).items.find((x) => x.name === 'đọc sau')?.count).toBe(0);
  });

  it('renames a tag with its nested tags, and refuses to rename onto an existing tag', async () => {
    const a = await add('Một');
    await t.call('tags.attach', { ids: [a], tags: ['chính trị', 'chính trị/địa phương', 'kinh tế'] });
    expect((await t.call('tags.rename', { from: 'Chính Trị', to: 'politics' })).renamed).toBe(2);
    expect((await t.call('articles.get', { id: a })).tags).toEqual([
      'kinh tế',
      'politics',
      'politics/địa phương',
    ]);
    expect(await errCode(t.call('tags.rename', { from: 'politics', to: 'Kinh tế' }))).toBe('CONFLICT');
    expect(await errCode(t.call('tags.rename', { from: 'không có', to: 'x' }))).toBe('NOT_FOUND');
  });

  it('merges tags: every article of the sources gets the target, sources disappear', async () => {
    const a = await add('Một');
    const b = await add('Hai');
    await t.call('tags.attach', { ids: [a], tags: ['tin tức'] });
    await t.call('tags.attach', { ids: [b], tags: ['news'] });
    await t.call('tags.attach', { ids: [b], tags: ['thời sự'] });
    const { tag } = await t.call('tags.merge', { from: ['tin tức', 'news'], into: 'thời sự' });
    expect(tag.count).toBe(2);
    const names = (await t.call('tags.list', {})).items.map((x) => x.name);
    expect(names).toEqual(['thời sự']);
  });

  it('renames, merges and deletes a level that exists only as a parent of nested tags', async () => {
    const a = await add('Một');
    const b = await add('Hai');
    await t.call('tags.attach', { ids: [a], tags: ['xã hội/pháp luật', 'xã hội/giáo dục'] });
    await t.call('tags.attach', { ids: [b], tags: ['xã hội/giáo dục', 'khác'] });
    expect((await t.call('tags.list', {})).items.map((x) => x.name)).not.toContain('xã hội');
    expect((await t.call('tags.rename', { from: 'Xã hội', to: 'đời sống' })).renamed).toBe(2);
    expect((await t.call('articles.get', { id: a })).tags).toEqual([
      'đời sống/giáo dục',
      'đời sống/pháp luật',
    ]);
    const { tag } = await t.call('tags.merge', { from: ['đời sống'], into: 'xã hội' });
    expect(tag.count).toBe(2);
    expect((await t.call('articles.get', { id: b })).tags).toEqual(['khác', 'xã hội']);
    await t.call('tags.attach', { ids: [a], tags: ['kinh tế/vĩ mô', 'kinh tế/vi mô'] });
    expect((await t.call('tags.delete', { name: 'kinh tế' })).count).toBe(1);
    expect((await t.call('tags.list', {})).items.map((x) => x.name)).toEqual(['khác', 'xã hội']);
    expect(await errCode(t.call('tags.delete', { name: 'kinh tế' }))).toBe('NOT_FOUND');
  });
});
