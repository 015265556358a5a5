import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_STEM_BYTES,
  nameKey,
  safeFileStem,
  uniqueFileName,
} from '../../src/core/export/obsidian/file-names.js';
import { tempArchive, textArticle } from '../helpers/archive.js';
import { makeTempDir } from '../helpers/paths.js';

/** What Windows, macOS and Linux refuse or mangle in a file name, and what breaks an Obsidian link. */
function assertSafe(name: string): void {
  const stem = name.replace(/\.md$/, '');
  expect(name).toBe(name.normalize('NFC'));
  // eslint-disable-next-line no-control-regex -- control characters are what must not be there
  expect(name).not.toMatch(/[<>:"/\\|?*#^[\]\u0000-\u001f\u007f]/);
  expect(stem).not.toMatch(/^[.\s]|[.\s]$/);
  expect(stem.split('.')[0]!.trim()).not.toMatch(/^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i);
  expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
}

describe('safeFileStem', () => {
  it.each([
    ['../../etc/passwd', 'etc passwd'], // hostile input, not a path
    ['..', 'Untitled'],
    ['CON', 'CON_'],
    ['con.txt', 'con_.txt'],
    ['Lpt9', 'Lpt9_'],
    ['COM¹', 'COM¹_'],
    ['Console', 'Console'],
    [':*?"<>|', 'Untitled'],
    ['a/b\\c', 'a b c'],
    ['Tag #1 ^x [[link]]', 'Tag 1 x link'],
    ['Hello world...', 'Hello world'],
    ['  .hidden  ', 'hidden'],
    ['tab\there\nnewline', 'tab here newline'],
    ['evil\u202Etxt.exe', 'eviltxt.exe'],
    ['🚢 Phà trở lại 🇻🇳', '🚢 Phà trở lại 🇻🇳'],
  ])('%j -> %j', (title, stem) => {
    expect(safeFileStem(title)).toBe(stem);
    assertSafe(`${safeFileStem(title)}.md`);
  });

  it('writes NFD titles in NFC', () => {
    const nfd = 'Hà Nội mùa thu'.normalize('NFD');
    expect(safeFileStem(nfd)).toBe('Hà Nội mùa thu'.normalize('NFC'));
  });

  it('cuts long titles between grapheme clusters, under the byte limit', () => {
    expect(safeFileStem('x'.repeat(300))).toBe('x'.repeat(MAX_STEM_BYTES));
    // An emoji with a skin tone (8 bytes) that does not fit is left out whole, never split.
    expect(safeFileStem('a'.repeat(MAX_STEM_BYTES - 2) + '👍🏽 tail')).toBe('a'.repeat(MAX_STEM_BYTES - 2));
    const vi = safeFileStem('Người dân '.repeat(40));
    expect(Buffer.byteLength(vi)).toBeLessThanOrEqual(MAX_STEM_BYTES);
    expect(vi).toBe(vi.normalize('NFC'));
    expect('Người dân '.repeat(40).startsWith(vi)).toBe(true);
  });

  it('finds a name no case-insensitive system confuses with one already taken', () => {
    const taken = new Set(['ferry.md', 'ferry (2).md'].map(nameKey));
    expect(uniqueFileName('FERRY', taken)).toBe('FERRY (3).md');
    expect(uniqueFileName('Phà', new Set([nameKey('PHÀ.md'.normalize('NFD'))]))).toBe('Phà (2).md');
  });
});

describe('Obsidian export of articles with hostile titles', () => {
  it('writes every note inside the folder, under a safe, unique name that stays the same on re-export', async () => {
    const t = await tempArchive();
    const tmp = makeTempDir('kho-names-');
    try {
      const titles = [
        '../../etc/passwd', // hostile input, not a path
        'CON',
        'aux.txt',
        ':*?"<>|',
        'x'.repeat(300),
        '🚢 Phà 🇻🇳 trở lại',
        'Ferry',
        'FERRY',
        '...',
      ];
      const ids: number[] = [];
      for (const [i, title] of titles.entries()) {
        const { article } = await t.call('articles.add', {
          source: 'text',
          name: `a${i}.txt`,
          text: textArticle(`Bài ${i}`, `Nội dung số ${i} của bài viết thử nghiệm, đủ dài để lưu.`),
        });
        await t.call('articles.update', { ids: [article.id], title });
        ids.push(article.id);
      }
      const folder = path.join(tmp.dir, 'vault');
      const first = await t.call('export.run', { format: 'obsidian', folder });
      expect(first.kind).toBe('folder');
      expect(readdirSync(folder)).toHaveLength(titles.length);
      expect(readdirSync(tmp.dir)).toEqual(['vault']); // nothing lands beside the folder
      // A folder where the user already has a note called like one of the titles:
      const folder2 = path.join(tmp.dir, 'vault2');
      mkdirSync(folder2);
      writeFileSync(path.join(folder2, 'ferry.md'), 'mine');
      const r = await t.call('export.run', { format: 'obsidian', folder: folder2, article_ids: ids });
      if (r.kind !== 'folder') throw new Error('expected a folder');
      const names = Object.fromEntries(r.files.map((x) => [x.article_id, x.name]));
      expect(titles.map((_, i) => names[ids[i]!])).toEqual([
        'etc passwd.md',
        'CON_.md',
        'aux_.txt.md',
        'Untitled.md',
        `${'x'.repeat(MAX_STEM_BYTES)}.md`,
        '🚢 Phà 🇻🇳 trở lại.md',
        'Ferry (2).md', // "ferry.md" is the user's
        'FERRY (3).md',
        'Untitled (2).md',
      ]);
      for (const name of Object.values(names)) assertSafe(name);
      expect(readdirSync(folder2).sort()).toEqual([...Object.values(names), 'ferry.md'].sort());
      expect(readFileSync(path.join(folder2, 'ferry.md'), 'utf8')).toBe('mine');

      const again = await t.call('export.run', {
        format: 'obsidian',
        folder: folder2,
        article_ids: [...ids].reverse(),
      });
      if (again.kind !== 'folder') throw new Error('expected a folder');
      expect(Object.fromEntries(again.files.map((x) => [x.article_id, x.name]))).toEqual(names);
      expect(again.files.every((x) => x.action === 'unchanged')).toBe(true);
    } finally {
      await t.close();
      tmp.cleanup();
    }
  }, 60_000);
});
