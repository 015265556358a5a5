import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { detectPath, parseImport, parseImportFile } from '../../src/core/importers/index.js';
import { encodeCp1258 } from '../capture/fixture-server.js';
import { failure } from '../helpers/failure.js';
import { makeTempDir } from '../helpers/paths.js';
import { byUrl, fixtureBytes, fixturePath, parseFixture } from './support.js';
import { makeZip, type ZipItem } from './zip-writer.js';

const tmp = makeTempDir('kho-import-');
afterAll(() => tmp.cleanup());

const META = fixtureBytes('omnivore/export/metadata_0_to_20.json');
const SLUGS = (JSON.parse(META.toString('utf8')) as { slug: string }[]).map((i) => i.slug);

/** An Omnivore export zip: the real metadata file, plus the given members. */
function omnivoreZip(...extra: ZipItem[]): Buffer {
  return makeZip([{ name: 'metadata_0_to_20.json', data: META }, ...extra]);
}

describe('wrong format', () => {
  it('a wallabag export read as Pocket is refused in plain words', async () => {
    const err = await failure(parseFixture('wallabag/wallabag-v2-read.json', { format: 'pocket' }));
    expect(err.code).toBe('UNSUPPORTED_TYPE');
    expect(err.message).toMatch(
      /^wallabag-v2-read\.json is not a Pocket export \(its first row is "\[.*"\)\. Kho expected Pocket's CSV export \(columns title, url, time_added, tags, status\)/,
    );
  });

  it('a Readwise CSV read as Instapaper, a Pocket zip read as Omnivore, a JSON object read as wallabag', async () => {
    const insta = await failure(parseFixture('readwise/readwise-export.csv', { format: 'instapaper' }));
    expect(insta.message).toMatch(
      /^readwise-export\.csv is not an Instapaper export \(its first row is "Highlight,Book Title,/,
    );
    const pocketZip = makeZip([{ name: 'part_000000.csv', data: fixtureBytes('wallabag/pocket.csv') }]);
    const omni = await failure(parseImport('pocket.zip', pocketZip, { format: 'omnivore' }));
    expect(omni.message).toBe(
      "pocket.zip is not an Omnivore export (the zip holds no metadata_*.json file). Kho expected Omnivore's export zip (metadata_*_to_*.json with content/ and highlights/ folders) or one of its metadata JSON files.",
    );
    const wb = await failure(
      parseImport('x.json', Buffer.from('{"url": "https://a.example/"}'), { format: 'wallabag' }),
    );
    expect(wb.message).toMatch(/^x\.json is not a wallabag export \(it is not a list of entries\)/);
    const notJson = await failure(
      parseImport('x.json', Buffer.from('[{"url": "https://a.example/", '), { format: 'wallabag' }),
    );
    expect(notJson.message).toMatch(/^x\.json is not a wallabag export \(it is not valid JSON: /);
  });

  it('a file that is no export at all, with auto-detection', async () => {
    const err = await failure(parseImport('notes.txt', Buffer.from('Just some notes\nabout nothing.\n')));
    expect(err.code).toBe('UNSUPPORTED_TYPE');
    expect(err.message).toBe(
      'notes.txt is not an export Kho recognises. Kho imports exports from Pocket, Instapaper, Omnivore, wallabag, Readwise, or a browser bookmarks file.',
    );
    const zip = await failure(
      parseImport('photos.zip', makeZip([{ name: 'IMG_0001.jpg', data: 'not really' }])),
    );
    expect(zip.message).toMatch(
      /^photos\.zip is not an export Kho recognises\. .* \(this zip holds none of their files\)\.$/,
    );
  });

  it('empty files, folders and missing files', async () => {
    expect((await failure(parseImport('empty.csv', Buffer.alloc(0)))).message).toBe('empty.csv is empty.');
    const dir = path.join(tmp.dir, 'a-folder');
    mkdirSync(dir);
    expect((await failure(parseImportFile(dir))).code).toBe('INVALID_INPUT');
    expect(await detectPath(dir)).toBe('folder');
    const missing = await failure(parseImportFile(path.join(tmp.dir, 'nope.csv')));
    expect(missing.code).toBe('UNREADABLE_FILE');
  });
});

describe('malformed CSV rows', () => {
  it('names each bad row; the good rows of the same file import', async () => {
    const lines = fixtureBytes('wallabag/pocket.csv').toString('utf8').split('\n');
    const broken = [
      ...lines.slice(0, 3),
      '"Broken" title,https://broken.example/,1600000000,,unread', // text after a closing quote
      'Too few,https://short.example/', // 2 values for 5 columns
      ...lines.slice(3),
    ].join('\n');
    const r = await parseImport('pocket.csv', Buffer.from(broken));
    expect(r.entries).toHaveLength(7);
    expect(r.entries.map((e) => e.url)).not.toContain('https://broken.example/');
    expect(r.problems).toEqual([
      { where: 'row 4', message: 'Line 4: a quoted value has text after its closing quote; skipped.' },
      { where: 'row 5', message: 'Line 5: has 2 values where the header has 5 columns; skipped.' },
    ]);
    // Rows after the bad ones keep their spreadsheet numbers: header, 2 rows, 2 bad rows, 5 rows
    // (one spans 3 lines), then the bad address is row 11.
    const later = `${broken}\nBad address,ftp://files.example/x,1600000000,,unread\n`;
    const r2 = await parseImport('pocket.csv', Buffer.from(later));
    expect(r2.problems.at(-1)).toEqual({
      where: 'row 11',
      message:
        '"Bad address": "ftp://files.example/x" is not a web page address (only http and https can be imported); skipped.',
    });
  });

  it('a quote never closed ends at the end of the file: that row is named, the rows before import', async () => {
    const csv =
      'title,url,time_added,tags,status\nA,https://a.example/,1600000000,,unread\n"B,https://b.example/,1600000000,,unread\n';
    const r = await parseImport('pocket.csv', Buffer.from(csv));
    expect(r.entries.map((e) => e.url)).toEqual(['https://a.example/']);
    expect(r.problems).toEqual([
      { where: 'row 3', message: 'Line 3: a quoted value is never closed (a " is missing); skipped.' },
    ]);
  });
});

describe('sizes', () => {
  it('a 1 GB file is refused from its size, before it is read', async () => {
    const file = path.join(tmp.dir, 'huge-export.csv');
    writeFileSync(file, 'title,url,time_added,tags,status\n');
    truncateSync(file, 1024 * 1024 * 1024); // sparse: 1 GB on paper, nothing on disk
    const started = performance.now();
    const err = await failure(parseImportFile(file));
    expect(err.code).toBe('TOO_LARGE');
    expect(err.message).toBe(
      'huge-export.csv is 1 GB; Kho imports export files up to 512 MB. Split the export or remove attachments and try again.',
    );
    expect((await failure(detectPath(file))).code).toBe('TOO_LARGE');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('a text export over the text limit is refused with the limit in words', async () => {
    const err = await failure(
      parseFixture('instapaper-stephenmatheis/instapaper-export.csv', { limits: { maxTextBytes: 100_000 } }),
    );
    expect(err.code).toBe('TOO_LARGE');
    expect(err.message).toBe(
      'instapaper-export.csv is 475.3 KB; Kho reads CSV, JSON and HTML exports up to 97.7 KB.',
    );
  });
});

describe('hostile and damaged zips', () => {
  it('a zip bomb member is refused from the zip listing; the rest of the export imports', async () => {
    const bomb = Buffer.alloc(64 * 1024 * 1024); // 64 MB of zeros packs into ~64 KB
    const r = await parseImport(
      'omnivore.zip',
      omnivoreZip(
        { name: `content/${SLUGS[0]}.html`, data: bomb },
        { name: `content/${SLUGS[1]}.html`, data: '<p>Bon contenu.</p>' },
      ),
    );
    expect(r.entries).toHaveLength(20);
    expect(r.entries[0]!.content_html).toBeUndefined();
    expect(r.entries[1]!.content_html).toBe('<p>Bon contenu.</p>');
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.where).toBe(`entry content/${SLUGS[0]}.html`);
    expect(r.problems[0]!.message).toMatch(
      /^It would unpack from \d+(\.\d)? KB to 64 MB, more than 100 times its packed size, as zip bombs do; skipped\.$/,
    );
  });

  it('a member whose header lies about its size stops at the declared size', async () => {
    const r = await parseImport(
      'omnivore.zip',
      omnivoreZip({
        name: `content/${SLUGS[2]}.html`,
        data: Buffer.alloc(8 * 1024 * 1024, 0x61),
        declaredSize: 100,
      }),
    );
    expect(r.entries).toHaveLength(20);
    expect(r.entries[2]!.content_html).toBeUndefined();
    expect(r.problems).toEqual([
      {
        where: `entry content/${SLUGS[2]}.html`,
        message: expect.stringMatching(
          /^It could not be read: too many bytes in the stream\. expected 100\. got at least \d+; skipped\.$/,
        ),
      },
    ]);
  });

  it('names climbing out with ../ or absolute paths are refused one by one', async () => {
    const r = await parseImport(
      'omnivore.zip',
      omnivoreZip(
        { name: '../outside.html', data: 'x' }, // hostile input, not a path
        { name: '/etc/passwd', data: 'x' },
        { name: 'content/../../up.md', data: 'x' },
        { name: 'C:/Windows/evil.html', data: 'x' },
        { name: `highlights\\..\\..\\${SLUGS[3]}.md`, data: '> sneaky ' },
        { name: `content/${SLUGS[3]}.html`, data: '<p>Gardé.</p>' },
      ),
    );
    expect(r.entries).toHaveLength(20);
    expect(r.entries[3]!.content_html).toBe('<p>Gardé.</p>');
    expect(r.entries[3]!.highlights).toEqual([]);
    const message = 'Its name points outside the export (an absolute path or "../"); skipped.';
    expect(r.problems).toEqual([
      { where: 'entry ../outside.html', message },
      { where: 'entry /etc/passwd', message },
      { where: 'entry content/../../up.md', message },
      { where: 'entry C:/Windows/evil.html', message },
      { where: `entry highlights/../../${SLUGS[3]}.md`, message },
    ]);
  });

  it('a truncated zip gets a clear error', async () => {
    const zip = fixtureBytes('omnivore/omnivore-export.zip');
    const cut = zip.subarray(0, Math.floor(zip.length / 2));
    const err = await failure(parseImport('omnivore-export.zip', cut));
    expect(err.code).toBe('UNREADABLE_FILE');
    expect(err.message).toMatch(
      /^omnivore-export\.zip is not a readable zip file: it is damaged or incomplete \(was the download cut short\?\)\./,
    );
    const file = path.join(tmp.dir, 'cut.zip');
    writeFileSync(file, cut);
    expect((await failure(detectPath(file))).code).toBe('UNREADABLE_FILE');
  });

  it('a damaged member is named; the other members import', async () => {
    const r = await parseImport(
      'omnivore.zip',
      omnivoreZip(
        { name: `content/${SLUGS[5]}.html`, data: '<p>Abîmé</p>'.repeat(200), corrupt: true },
        { name: `content/${SLUGS[6]}.html`, data: '<p>Intact</p>' },
      ),
    );
    expect(r.entries).toHaveLength(20);
    expect(r.entries[5]!.content_html).toBeUndefined();
    expect(r.entries[6]!.content_html).toBe('<p>Intact</p>');
    expect(r.problems).toEqual([
      {
        where: `entry content/${SLUGS[5]}.html`,
        message: 'It could not be read: invalid block type; skipped.',
      },
    ]);
  });

  it('caps the total unpacked size and the number of members', async () => {
    // The metadata file (21 141 bytes) and the first content file (245) fit; the next does not.
    const total = await parseFixture('omnivore/omnivore-export.zip', { limits: { maxTotalBytes: 21_500 } });
    expect(total.entries).toHaveLength(20);
    expect(total.problems).toEqual([
      {
        where:
          'entry content/malgre-la-crise-du-marche-des-montres-breitling-etend-son-reseau-192daf3a84e.html',
        message: 'The export would unpack to more than 21 KB; this file and the ones after it were skipped.',
      },
    ]);
    expect(total.entries.filter((e) => e.content_html).map((e) => e.title)).toEqual([
      'A quoi ressemble le parcours du Tour de France 2025\u00a0?',
    ]);
    expect(total.entries.every((e) => e.highlights.length === 0)).toBe(true);
    const many = await parseFixture('omnivore/omnivore-export.zip', { limits: { maxZipEntries: 2 } });
    expect(many.problems).toEqual([
      { where: 'zip', message: 'The zip lists more than 2 files; the rest were skipped.' },
    ]);
  });
});

describe('text encodings', () => {
  const HEADER = 'title,url,time_added,tags,status\n';

  it('Vietnamese titles and tags in NFD become NFC', async () => {
    const row = `"${'Hà Nội mùa thu, phố cũ'.normalize('NFD')}",https://vi.example/ha-noi,1700000000,${'du lịch|ẩm thực'.normalize('NFD')},unread\n`;
    const r = await parseImport('pocket.csv', Buffer.from(HEADER + row));
    expect(r.entries[0]).toMatchObject({ title: 'Hà Nội mùa thu, phố cũ', tags: ['du lịch', 'ẩm thực'] });
    expect(r.entries[0]!.title).toBe(r.entries[0]!.title.normalize('NFC'));
    expect(r.entries[0]!.title).not.toMatch(/\p{M}/u);
  });

  it('a windows-1258 CSV (tones as combining marks) and a UTF-16 CSV decode to NFC', async () => {
    const title = 'Lấy sự hài lòng của người dân là trọng tâm, nhiều chỉ tiêu vượt kế hoạch đề ra';
    const csv = `${HEADER}"${title}",https://vi.example/dan-van,1700000000,,archive\n`;
    const legacy = await parseImport('pocket.csv', encodeCp1258(csv));
    expect(legacy.entries[0]).toMatchObject({ title, status: 'archived' });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(csv, 'utf-16le')]);
    expect((await parseImport('pocket.csv', utf16)).entries[0]!.title).toBe(title);
  });

  it('reads a fixture through its path too (parseImportFile and detectPath agree)', async () => {
    const file = fixturePath('wallabag/pocket.csv');
    expect(await detectPath(file)).toBe('pocket');
    const r = await parseImportFile(file);
    expect(byUrl(r, 'http://youmightnotneedjquery.com/').title).toBe('You Might Not Need jQuery');
  });
});
