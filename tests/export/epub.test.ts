import { createHash } from 'node:crypto';
import path from 'node:path';
import { EpubCheck } from '@likecoin/epubcheck-ts';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, EN_TITLE, VI_TITLE, type Fixture } from './support.js';
import { all, one, parseXmlStrict, type XNode } from './xml.js';

/**
 * The EPUB export checked with the rules that can run here: the OCF container rules (mimetype first and
 * stored, container.xml), the package document (unique identifier, title, languages, modified date,
 * manifest, spine), well-formed XHTML under a strict XML parser, images in the manifest; then the whole
 * book through epubcheck-ts, a TypeScript port of EPUBCheck (the Java EPUBCheck jar is not on npm: the
 * `epubchecker` package downloads it from GitHub when installed, which cannot happen here).
 */

const XHTML = 'http://www.w3.org/1999/xhtml';
const DC = 'http://purl.org/dc/elements/1.1/';

let f: Fixture;
let epub: Buffer;
let files: Record<string, Uint8Array>;
let filename: string;
beforeAll(async () => {
  f = await buildFixture();
  const r = await f.t.call('export.run', { format: 'epub' });
  if (r.kind !== 'file') throw new Error('expected a file');
  expect(r.encoding).toBe('base64');
  expect(r.mime).toBe('application/epub+zip');
  filename = r.filename;
  epub = Buffer.from(r.content, 'base64');
  files = unzipSync(epub);
}, 60_000);
afterAll(() => f.t.close());

const text = (name: string) => strFromU8(files[name]!);
const opf = () => parseXmlStrict(text('OEBPS/content.opf'), 'content.opf');
const manifest = () =>
  all(opf(), 'item').map((i) => ({
    id: i.attrs.id!,
    href: i.attrs.href!,
    type: i.attrs['media-type']!,
    properties: i.attrs.properties,
  }));
const resolve = (from: string, href: string) =>
  path.posix.normalize(path.posix.join(path.posix.dirname(from), href));

describe('EPUB container (OCF)', () => {
  it('starts with the mimetype entry, stored, with no extra field', () => {
    expect(epub.readUInt32LE(0)).toBe(0x04034b50); // a local file header
    expect(epub.readUInt16LE(8)).toBe(0); // compression: stored
    const nameLength = epub.readUInt16LE(26);
    expect(epub.readUInt16LE(28)).toBe(0); // extra field length
    expect(epub.subarray(30, 30 + nameLength).toString('latin1')).toBe('mimetype');
    const size = epub.readUInt32LE(18);
    expect(epub.subarray(30 + nameLength, 30 + nameLength + size).toString('latin1')).toBe(
      'application/epub+zip',
    );
    expect(Object.keys(files)[0]).toBe('mimetype');
  });

  it('points container.xml at the package document', () => {
    const container = parseXmlStrict(text('META-INF/container.xml'), 'container.xml');
    expect(container.uri).toBe('urn:oasis:names:tc:opendocument:xmlns:container');
    const rootfile = one(container, 'rootfile');
    expect(rootfile.attrs).toEqual({
      'full-path': 'OEBPS/content.opf',
      'media-type': 'application/oebps-package+xml',
    });
    expect(files['OEBPS/content.opf']).toBeDefined();
  });
});

describe('EPUB package document', () => {
  it('has a unique identifier, title, languages and a modified date in the required form', () => {
    const pkg = opf();
    expect(pkg.name).toBe('package');
    expect(pkg.attrs.version).toBe('3.0');
    const ids = all(pkg, 'identifier').filter((n) => n.uri === DC);
    expect(ids).toHaveLength(1);
    expect(ids[0]!.attrs.id).toBe(pkg.attrs['unique-identifier']);
    expect(ids[0]!.text).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(one(pkg, 'title').text).toMatch(/^Kho: 2 articles · \d{4}-\d\d-\d\d$/);
    expect(
      all(pkg, 'language')
        .map((n) => n.text)
        .sort(),
    ).toEqual(['en', 'vi']);
    const modified = all(pkg, 'meta').filter((m) => m.attrs.property === 'dcterms:modified');
    expect(modified).toHaveLength(1);
    expect(modified[0]!.text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('lists every file once in the manifest, and nothing that is not there', () => {
    const items = manifest();
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(new Set(items.map((i) => i.href)).size).toBe(items.length);
    for (const i of items) expect(i.id).toMatch(/^[A-Za-z_][\w.-]*$/);
    const inManifest = items.map((i) => resolve('OEBPS/content.opf', i.href)).sort();
    const packaged = Object.keys(files)
      .filter((n) => n !== 'mimetype' && !n.startsWith('META-INF/') && n !== 'OEBPS/content.opf')
      .sort();
    expect(inManifest).toEqual(packaged);
    expect(items.filter((i) => i.properties === 'nav')).toHaveLength(1);
  });

  it('reads the articles in export order from the spine', async () => {
    const items = new Map(manifest().map((i) => [i.id, i]));
    const spine = all(opf(), 'itemref').map((r) => items.get(r.attrs.idref!)!);
    expect(spine.every((i) => i.type === 'application/xhtml+xml')).toBe(true);
    const order = (await f.t.call('articles.list', {})).items.map((a) => a.id);
    expect(spine.map((i) => i.href)).toEqual(order.map((id) => `article-${id}.xhtml`));
    const nav = parseXmlStrict(text('OEBPS/nav.xhtml'), 'nav.xhtml');
    const toc = all(nav, 'nav').find((n) => n.attrs['epub:type'] === 'toc')!;
    expect(all(toc, 'a').map((a) => [a.attrs.href, a.text])).toEqual(
      spine.map((i) => [i.href, i.href.includes(`-${f.vi.id}.`) ? VI_TITLE : EN_TITLE]),
    );
  });
});

describe('EPUB content documents', () => {
  const pages = () => manifest().filter((i) => i.type === 'application/xhtml+xml');

  it('are well-formed XHTML that a strict XML parser reads, with unique ids and a title', () => {
    for (const page of pages()) {
      const name = resolve('OEBPS/content.opf', page.href);
      const doc = parseXmlStrict(text(name), name);
      expect(doc.uri).toBe(XHTML);
      expect(doc.name).toBe('html');
      expect(one(doc, 'title').text.trim()).not.toBe('');
      const withId: string[] = [];
      const walk = (n: XNode) => {
        if (n.attrs.id) withId.push(n.attrs.id);
        n.children.forEach(walk);
      };
      walk(doc);
      expect(new Set(withId).size).toBe(withId.length);
      expect(all(doc, 'script')).toEqual([]);
    }
  });

  it('carries every archived image it shows, byte for byte, and lists it in the manifest', async () => {
    const items = new Map(manifest().map((i) => [resolve('OEBPS/content.opf', i.href), i]));
    let shown = 0;
    for (const page of pages()) {
      const name = resolve('OEBPS/content.opf', page.href);
      for (const img of all(parseXmlStrict(text(name), name), 'img')) {
        const target = resolve(name, img.attrs.src!);
        const item = items.get(target);
        expect(item?.type).toMatch(/^image\/(png|gif|jpeg|webp)$/);
        const sha = /([0-9a-f]{64})\.\w+$/.exec(target)![1]!;
        expect(createHash('sha256').update(files[target]!).digest('hex')).toBe(sha);
        expect(img.attrs.alt).toBeDefined();
        shown++;
      }
    }
    // The articles' PNG (Vietnamese), PNG and GIF (English); the BMP cannot travel in an EPUB.
    const archived = [f.vi.id, f.en.id].flatMap(
      async (id) => (await f.t.call('articles.get', { id })).content_html,
    );
    const html = (await Promise.all(archived)).join('');
    const shas = [...html.matchAll(/kho-asset:([0-9a-f]{64})/g)].map((m) => m[1]!);
    expect(shas).toHaveLength(4);
    expect(shown).toBe(3);
    const vi = text(`OEBPS/article-${f.vi.id}.xhtml`);
    expect(vi).toContain('<span class="kho-img-missing">Bản đồ tỉnh Bến Tre</span>');
  });

  it('escapes what the articles and notes say instead of running it', async () => {
    const en = parseXmlStrict(text(`OEBPS/article-${f.en.id}.xhtml`), 'en');
    expect(one(en, 'h1').text).toBe(EN_TITLE);
    expect(all(en, 'img').every((i) => Object.keys(i.attrs).every((k) => !k.startsWith('on')))).toBe(true);
    const vi = parseXmlStrict(text(`OEBPS/article-${f.vi.id}.xhtml`), 'vi');
    expect(vi.attrs['xml:lang']).toBe('vi');
    const notes = all(vi, 'section').find((s) => s.attrs.class === 'kho-notes')!;
    expect(notes.text).toContain('Xem thêm <script>alert("x")</script> nguồn');
    expect(all(notes, 'strong').map((s) => s.text)).toEqual(['dân vận']);
    const inReadingOrder = (await f.t.call('annotations.list', { article_id: f.vi.id })).items;
    expect(all(notes, 'blockquote').map((b) => b.text)).toEqual(inReadingOrder.map((h) => h.exact));
  });
});

describe('EPUB as a whole', () => {
  it('passes epubcheck-ts (a port of EPUBCheck) with no error and no warning', async () => {
    const result = await EpubCheck.validate(epub);
    const problems = result.messages.filter((m) => m.severity !== 'info' && m.severity !== 'usage');
    expect(problems).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('the checkers used here do catch what they check (a broken copy fails them)', async () => {
    expect(() =>
      parseXmlStrict('<html xmlns="http://www.w3.org/1999/xhtml"><p>a<br></p></html>', 'x'),
    ).toThrow();
    expect(() => parseXmlStrict('<p>&nbsp;</p>', 'x')).toThrow(); // an HTML entity is not XML
    const broken: Zippable = { mimetype: [files.mimetype!, { level: 0 }] };
    for (const [name, bytes] of Object.entries(files)) {
      if (name === 'mimetype') continue;
      let data = bytes;
      if (name === 'OEBPS/content.opf')
        data = strToU8(text(name).replace(/<meta property="dcterms:modified">[^<]*<\/meta>/, ''));
      if (name === `OEBPS/article-${f.en.id}.xhtml`) data = strToU8(text(name).replace('<br/>', '<br>'));
      broken[name] = data;
    }
    const result = await EpubCheck.validate(zipSync(broken));
    expect(result.valid).toBe(false);
    const ids = result.messages
      .filter((m) => m.severity === 'error' || m.severity === 'fatal')
      .map((m) => m.id);
    expect(ids.length).toBeGreaterThanOrEqual(2);
  });

  it('one article: its title, author and a file name from the title; the same identifier every time', async () => {
    const once = await f.t.call('export.run', { format: 'epub', article_ids: [f.vi.id] });
    const twice = await f.t.call('export.run', { format: 'epub', article_ids: [f.vi.id] });
    if (once.kind !== 'file' || twice.kind !== 'file') throw new Error('expected files');
    expect(once.filename).toBe(`${VI_TITLE}.epub`);
    const read = (content: string) =>
      parseXmlStrict(strFromU8(unzipSync(Buffer.from(content, 'base64'))['OEBPS/content.opf']!), 'opf');
    const a = read(once.content);
    expect(one(a, 'title').text).toBe(VI_TITLE);
    expect(one(a, 'creator').text).toBe('Thu Hằng');
    expect(one(a, 'identifier').text).toBe(one(read(twice.content), 'identifier').text);
    expect(one(a, 'identifier').text).not.toBe(one(opf(), 'identifier').text);
    expect((await EpubCheck.validate(Buffer.from(once.content, 'base64'))).valid).toBe(true);
    expect(filename).toMatch(/^kho-articles-\d{4}-\d\d-\d\d\.epub$/);
  });
});
