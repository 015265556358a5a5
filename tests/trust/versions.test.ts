import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/capture/image-bytes.js';
import { tempArchive } from '../helpers/archive.js';
import { RED_PNG } from '../capture/fixture-server.js';
import { startPageServer, type PageServer } from './support.js';

/**
 * Issue 15, item 6: an .mhtml file whose header claimed the address of an article saved by URL replaced
 * its text (old text gone, highlights orphaned). Now nothing a refresh or an import replaces is lost,
 * highlights stay anchored to the content they were made on, and a local file never overwrites a URL
 * capture unless the user chooses it.
 */

const A = 'The ferry crossed the river at dawn, carrying traders and their baskets of fruit to the market.';
const B = 'A completely different text saved in a file, about mountains, snow, and long winter evenings.';
const C = 'The bridge opened last year, and the ferry now carries only tourists across the wide brown river.';
const FILLER = 'More sentences follow, with commas, so that extraction sees a real article here. '.repeat(6);

let server: PageServer;
let story = A;
let withImage = true;

function page(text: string, image: boolean): string {
  return `<!doctype html><html><head><title>River story</title></head><body><article><h1>River story</h1>
<p>${text}</p>${image ? '<img src="/red.png" alt="red">' : ''}<p>${FILLER}</p></article></body></html>`;
}

/** An MHTML file as a browser saves it, claiming to be `url`. */
function mhtml(url: string, text: string): string {
  const b = '----boundary-kho----';
  return Buffer.from(
    `From: <Saved by Blink>\r\nSnapshot-Content-Location: ${url}\r\nMIME-Version: 1.0\r\n` +
      `Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="${b}"\r\n\r\n\r\n` +
      `--${b}\r\nContent-Type: text/html\r\nContent-Location: ${url}\r\n\r\n${page(text, false)}\r\n\r\n--${b}--\r\n`,
  ).toString('base64');
}

let t: Awaited<ReturnType<typeof tempArchive>>;
beforeAll(async () => {
  server = await startPageServer({
    '/story': (_q, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(page(story, withImage)),
    '/red.png': (_q, res) => res.writeHead(200, { 'Content-Type': 'image/png' }).end(RED_PNG),
  });
  t = await tempArchive();
});
afterAll(async () => {
  await t.close();
  await server.close();
});

describe('article versions', () => {
  let id: number;
  let highlight: { id: number; start: number | null; end: number | null };
  const quote = 'carrying traders and their baskets';

  it('a local file claiming a saved address is offered as a version, not applied', async () => {
    const saved = await t.call('articles.add', { source: 'url', url: `${server.url}/story` });
    id = saved.article.id;
    highlight = await t.call('annotations.create', { article_id: id, quote });
    const viaFile = await t.call('articles.add', {
      source: 'text',
      name: 'story.mhtml',
      text: mhtml(`${server.url}/story`, B),
      encoding: 'base64',
    });
    expect(viaFile).toMatchObject({ created: false, offered: true });
    expect(viaFile.article.id).toBe(id);
    const now = await t.call('articles.get', { id });
    expect(now.content_text).toContain(A);
    expect(now.content_text).not.toContain(B);
    const [h] = (await t.call('annotations.list', { article_id: id })).items;
    expect(h).toMatchObject({ status: 'anchored', start: highlight.start, end: highlight.end, exact: quote });
    const { items } = await t.call('articles.versions', { id });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'offered', reason: 'file', source_kind: 'html' });
    // The same file again (by import this time) adds nothing new.
    const again = await t.call('import.files', {
      files: [{ name: 'story.mhtml', text: mhtml(`${server.url}/story`, B) }],
    });
    expect(again).toMatchObject({ imported: 0, offered: 0, failed: [] });
    expect((await t.call('articles.versions', { id })).items).toHaveLength(1);
  });

  it('restoring the offered version keeps the current content, with where its highlight sat', async () => {
    const [offered] = (await t.call('articles.versions', { id })).items;
    const detail = await t.call('articles.version', { id: offered!.id });
    expect(detail.content_text).toContain(B);
    const r = await t.call('articles.restoreVersion', { id: offered!.id });
    expect(r.annotations).toEqual({ anchored: 0, orphaned: 1 }); // B does not contain the passage
    expect((await t.call('articles.get', { id })).content_text).toContain(B);
    const { items } = await t.call('articles.versions', { id });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'previous',
      reason: 'restore',
      highlight_count: 1,
      source_kind: 'url',
    });
  });

  it('restoring the first content puts the highlight back exactly where it was made', async () => {
    const [previous] = (await t.call('articles.versions', { id })).items;
    const r = await t.call('articles.restoreVersion', { id: previous!.id });
    expect(r.annotations).toEqual({ anchored: 1, orphaned: 0 });
    const [h] = (await t.call('annotations.list', { article_id: id })).items;
    expect(h).toMatchObject({ status: 'anchored', start: highlight.start, end: highlight.end, exact: quote });
    const article = await t.call('articles.get', { id });
    expect(article.content_text.slice(h!.start!, h!.end!)).toBe(quote);
    // Its image came back with it.
    expect(article.content_html).toContain(`kho-asset:${sha256Hex(RED_PNG)}`);
    expect((await t.call('articles.versions', { id })).items.map((v) => v.kind)).toEqual(['previous']);
  });

  it('a refresh keeps the replaced content (and its images); an unchanged refresh adds nothing', async () => {
    story = C;
    withImage = false;
    const before = (await t.call('articles.versions', { id })).items.length;
    const r = await t.call('articles.refresh', { id });
    expect(r.annotations.orphaned + r.annotations.anchored).toBe(1);
    const versions = (await t.call('articles.versions', { id })).items;
    expect(versions).toHaveLength(before + 1);
    expect(versions[0]).toMatchObject({ kind: 'previous', reason: 'refresh', highlight_count: 1 });
    const old = await t.call('articles.version', { id: versions[0]!.id });
    expect(old.content_text).toContain(A);
    // The current content has no image, but the kept version still shows it.
    expect(t.archive.getAsset(sha256Hex(RED_PNG))).not.toBeNull();
    await t.call('articles.refresh', { id });
    expect((await t.call('articles.versions', { id })).items).toHaveLength(before + 1);
  });

  it('purging the article removes its versions and the images only they used', async () => {
    await t.call('articles.trash', { ids: [id] });
    await t.call('articles.purge', { ids: [id] });
    expect(t.archive.getAsset(sha256Hex(RED_PNG))).toBeNull();
    const e = await t.call('articles.versions', { id }).catch((err: unknown) => err);
    expect((e as { code: string }).code).toBe('NOT_FOUND');
  });
});
