import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportResult } from '../../src/core/importers/entry.js';
import { listImportableFiles } from '../../src/core/importers/folder.js';
import { detectPath, parseImportFile, type ImportFormat } from '../../src/core/importers/index.js';
import { makeTempDir } from '../helpers/paths.js';
import { fixturePath } from './support.js';

/** Every export fixture, the format its content says it is, and how many entries it holds. */
const FIXTURES: [string, ImportFormat, number][] = [
  ['wallabag/pocket.csv', 'pocket', 7],
  ['wallabag/ril_export.html', 'pocket', 2],
  ['wallabag/instapaper-export.csv', 'instapaper', 4],
  ['wallabag/instapaper-export-new.csv', 'instapaper', 4],
  ['instapaper-stephenmatheis/instapaper-export.csv', 'instapaper', 4266],
  ['wallabag/omnivore.json', 'omnivore', 20],
  ['omnivore/omnivore-export.zip', 'omnivore', 20],
  ['wallabag/wallabag-v1.json', 'wallabag', 2],
  ['wallabag/wallabag-v1-read.json', 'wallabag', 3],
  ['wallabag/wallabag-v2.json', 'wallabag', 6],
  ['wallabag/wallabag-v2-read.json', 'wallabag', 2],
  ['wallabag/wallabag-v2-annotations.json', 'wallabag', 1],
  ['wallabag/shaarli-bookmarks.html', 'bookmarks', 2],
  ['wallabag/chrome-bookmarks', 'bookmarks', 1],
  ['wallabag/firefox-bookmarks.json', 'bookmarks', 2],
  ['shaarli-netscape-bookmark-parser/chromium_nested.htm', 'bookmarks', 18],
  ['shaarli-netscape-bookmark-parser/firefox_nested.htm', 'bookmarks', 21],
  ['shaarli-netscape-bookmark-parser/internet_explorer_11_nested.htm', 'bookmarks', 27],
  ['shaarli-netscape-bookmark-parser/safari_folded.htm', 'bookmarks', 3],
  ['shaarli-netscape-bookmark-parser/google_bookmarks_nested.htm', 'bookmarks', 6],
  ['shaarli-netscape-bookmark-parser/netscape_basic.htm', 'bookmarks', 2],
  ['shaarli-netscape-bookmark-parser/netscape_nested.htm', 'bookmarks', 8],
  ['shaarli-netscape-bookmark-parser/netscape_multiline.htm', 'bookmarks', 3],
  ['shaarli-netscape-bookmark-parser/delicious.htm', 'bookmarks', 5],
  ['shaarli-netscape-bookmark-parser/scuttle.htm', 'bookmarks', 4],
  ['shaarli-netscape-bookmark-parser/shaarli.htm', 'bookmarks', 5],
  ['shaarli-netscape-bookmark-parser/shaarli_legacy.htm', 'bookmarks', 2],
  ['readwise/readwise-export.csv', 'readwise', 3],
];

describe('format detection from content', () => {
  it.each(FIXTURES)(
    '%s is %s with %i entries, and matches the ImportResult schema',
    async (rel, format, count) => {
      const file = fixturePath(rel);
      expect(await detectPath(file)).toBe(format);
      const result = await parseImportFile(file);
      expect(result.format).toBe(format);
      expect(result.entries).toHaveLength(count);
      // The output contract: every entry as the zod schema defines it (NFC, http(s), ISO times, tags).
      expect(ImportResult.parse(result)).toEqual(result);
      for (const e of result.entries) {
        expect(e.title).toBe(e.title.normalize('NFC'));
        for (const t of e.tags) expect(t).toBe(t.normalize('NFC'));
      }
    },
  );

  it('detection does not depend on the file name', async () => {
    const tmp = makeTempDir('kho-detect-');
    try {
      const renamed = path.join(tmp.dir, 'export');
      writeFileSync(renamed, readFileSync(fixturePath('wallabag/wallabag-v2.json')));
      expect(await detectPath(renamed)).toBe('wallabag');
    } finally {
      tmp.cleanup();
    }
  });
});

describe('a folder of pages', () => {
  const tmp = makeTempDir('kho-folder-');
  afterAll(() => tmp.cleanup());

  it('is detected as a folder, and its importable files are still listed in order', async () => {
    mkdirSync(path.join(tmp.dir, 'sub'));
    writeFileSync(path.join(tmp.dir, 'b.html'), '<p>b</p>');
    writeFileSync(path.join(tmp.dir, 'a.md'), '# a');
    writeFileSync(path.join(tmp.dir, 'sub', 'c.txt'), 'c');
    writeFileSync(path.join(tmp.dir, 'sub', 'page.mhtml'), 'MIME-Version: 1.0');
    writeFileSync(path.join(tmp.dir, 'photo.jpg'), 'x');
    writeFileSync(path.join(tmp.dir, '.hidden.md'), 'x');
    expect(await detectPath(tmp.dir)).toBe('folder');
    expect(listImportableFiles(tmp.dir).map((f) => path.relative(tmp.dir, f))).toEqual([
      'a.md',
      'b.html',
      path.join('sub', 'c.txt'),
      path.join('sub', 'page.mhtml'),
    ]);
  });

  it('a single page file is no export: detection says so and the caller captures it as a page', async () => {
    const page = path.join(tmp.dir, 'article.html');
    writeFileSync(
      page,
      '<!doctype html><html><head><title>Bài báo</title></head><body><p>Nội dung.</p></body></html>',
    );
    expect(await detectPath(page)).toBeNull();
  });
});
