import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureBytes } from '../../src/core/capture/index.js';
import { failure } from '../helpers/failure.js';
import { tempArchive } from '../helpers/archive.js';

/**
 * Issue 15, item 5 (capture and contract part): control characters are stripped from captured metadata
 * and refused in tag names, as are names made only of zero-width characters and bidi overrides.
 */

const ESC = '\u001b';
const RLO = '\u202e';
const PROSE = 'Plain prose for the body of this article, with commas, and enough words to extract. '.repeat(
  6,
);

describe('captured metadata is clean text', () => {
  it('strips terminal escapes, control characters and bidi overrides from an HTML page', async () => {
    const html = `<!doctype html><html><head>
<title>Bank${ESC}[2J${ESC}]0;pwned\u0007 notice ${RLO}gpj.exe</title>
<meta name="author" content="Eve${ESC}[31m Red\u0001">
<meta property="og:site_name" content="Site\u0085Name\u2066x\u2069">
<meta name="description" content="Line one\u0008\u0008\u0008over${ESC}[1A">
</head><body><article><h1>Heading</h1><p>${PROSE}</p></article></body></html>`;
    const r = await captureBytes(Buffer.from(html), { fileName: 'page.html', fetchImages: false });
    for (const field of [r.title, r.byline, r.siteName, r.excerpt]) {
      expect(field).not.toBeNull();
      // eslint-disable-next-line no-control-regex -- control characters are exactly what must be gone
      expect(field).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    }
    expect(r.title).toBe('Bank [2J ]0;pwned notice gpj.exe');
    expect(r.byline).toBe('Eve [31m Red');
    expect(r.siteName).toBe('Site Namex');
  });

  it('does the same for the title line of a plain-text file', async () => {
    const r = await captureBytes(Buffer.from(`Title ${ESC}[41mred${RLO}\n\n${PROSE}`), { fileName: 't.txt' });
    expect(r.title).toBe('Title [41mred');
  });
});

describe('tag names', () => {
  let t: Awaited<ReturnType<typeof tempArchive>>;
  let id: number;
  beforeAll(async () => {
    t = await tempArchive();
    const { article } = await t.call('articles.add', {
      source: 'text',
      text: `A title\n\n${PROSE}`,
      name: 'a.txt',
    });
    id = article.id;
  });
  afterAll(() => t.close());

  it.each([
    ['a control character', `news\u0007`, /control characters/],
    ['a terminal escape', `news${ESC}[31m`, /control characters/],
    ['a bidi override', `${RLO}swen`, /text-direction override/],
    ['a bidi isolate', `a\u2067b`, /text-direction override/],
    ['only zero-width characters', '\u200b\u200c\u200d', /invisible characters/],
    ['a level of only zero-width characters', 'politics/\u2060\ufeff', /invisible characters/],
  ])('refuses %s', async (_what, name, message) => {
    const e = await failure(t.call('tags.attach', { ids: [id], tags: [name] }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(message);
    expect((await t.call('tags.list', {})).items).toEqual([]);
  });

  it('accepts real names, including Vietnamese and emoji joined by zero-width joiners', async () => {
    const { items } = await t.call('tags.attach', { ids: [id], tags: ['Dân vận/địa phương', 'gia đình 👨‍👩‍👧'] });
    expect(items[0]!.tags).toEqual(['Dân vận/địa phương', 'gia đình 👨‍👩‍👧']);
  });

  it('cleans a title typed with control characters, and refuses one that is nothing else', async () => {
    const { items } = await t.call('articles.update', { ids: [id], title: `New${ESC}[0m\ttitle` });
    expect(items[0]!.title).toBe('New [0m title');
    expect((await failure(t.call('articles.update', { ids: [id], title: '\u0007\u0008' }))).code).toBe(
      'INVALID_INPUT',
    );
  });
});
