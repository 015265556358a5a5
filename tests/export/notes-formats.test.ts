import { parse as parseCsv } from 'csv-parse/sync';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codePointToUtf16Offset } from '../../src/core/annotations/offsets.js';
import { CSV_COLUMNS } from '../../src/core/export/csv.js';
import type { Annotation } from '../../src/shared/schemas.js';
import { textArticle } from '../helpers/archive.js';
import { buildFixture, type Fixture } from './support.js';

/**
 * The notes formats Kho had before (Markdown notes, W3C JSON-LD, Kho's CSV), now through the same
 * selection as every format, each read back into the highlights it was written from.
 */

const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;

let f: Fixture;
let all: Annotation[];
const texts = new Map<number, string>();

beforeAll(async () => {
  f = await buildFixture();
  // Emoji before a highlight: W3C positions count code points, Kho UTF-16 units.
  const { article } = await f.t.call('articles.add', {
    source: 'text',
    name: 'emoji.txt',
    text: textArticle(
      'Phà 🚢 và cầu 🌉',
      'Sáng nay 🚢🚢 chiếc phà mới chở khách qua sông, và người dân ở Hà Nội rất vui.',
    ),
  });
  const text = (await f.t.call('articles.get', { id: article.id })).content_text;
  const at = text.indexOf('chiếc phà mới');
  await f.t.call('annotations.create', {
    article_id: article.id,
    start: at,
    end: at + 13,
    color: 'pink',
    tags: ['phà'],
  });
  // An orphan: its passage removed from the article.
  const gone = text.indexOf('người dân ở Hà Nội');
  await f.t.call('annotations.create', {
    article_id: article.id,
    start: gone,
    end: gone + 18,
    note: 'mất rồi',
  });
  await f.t.call('articles.replaceContent', {
    id: article.id,
    text: textArticle('Phà 🚢 và cầu 🌉', 'Sáng nay 🚢🚢 chiếc phà mới chở khách qua sông.'),
    name: 'emoji.txt',
  });
  all = (await f.t.call('annotations.list', {})).items;
  expect(all.some((a) => a.status === 'orphan')).toBe(true);
  for (const id of new Set(all.map((a) => a.article_id))) {
    texts.set(id, (await f.t.call('articles.get', { id })).content_text);
  }
}, 60_000);
afterAll(() => f.t.close());

const content = async (format: 'md' | 'jsonld' | 'csv', more: Record<string, unknown> = {}) => {
  const r = await f.t.call('export.run', { format, ...more });
  if (r.kind !== 'file' || r.encoding !== 'utf8') throw new Error('expected a text file');
  return r;
};

describe('W3C JSON-LD', () => {
  it('reads back into the same highlights', async () => {
    const r = await content('jsonld');
    expect(r.filename).toMatch(/^kho-annotations-\d{4}-\d\d-\d\d\.jsonld$/);
    expect(r.highlights).toBe(all.length);
    const doc = JSON.parse(r.content) as {
      '@context': string;
      type: string;
      total: number;
      first: { items: Array<Record<string, any>> }; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    expect(doc['@context']).toBe('http://www.w3.org/ns/anno.jsonld');
    expect(doc.type).toBe('AnnotationCollection');
    expect(doc.total).toBe(all.length);
    const back = doc.first.items.map((item) => {
      const bodies = [item.body ?? []].flat() as Array<{ value: string; purpose: string }>;
      const quote = item.target.selector.find((s: { type: string }) => s.type === 'TextQuoteSelector');
      const pos = item.target.selector.find((s: { type: string }) => s.type === 'TextPositionSelector');
      const id = Number(/^urn:kho:annotation:(\d+)$/.exec(item.id)![1]);
      const articleId = all.find((a) => a.id === id)!.article_id;
      const text = texts.get(articleId)!;
      return {
        id,
        article_id: articleId,
        exact: quote.exact,
        prefix: quote.prefix,
        suffix: quote.suffix,
        start: pos ? codePointToUtf16Offset(text, pos.start) : null,
        end: pos ? codePointToUtf16Offset(text, pos.end) : null,
        status: pos ? 'anchored' : 'orphan',
        color: /^kho-(\w+)$/.exec(item.target.styleClass)![1],
        note: bodies.find((b) => b.purpose === 'commenting')?.value ?? null,
        tags: bodies.filter((b) => b.purpose === 'tagging').map((b) => b.value),
        created_at: item.created,
        updated_at: item.modified,
      };
    });
    // Exports go article by article in selection order (newest saved first); compare by id.
    expect(back.sort(byId)).toEqual([...all].sort(byId));
    // Sources are the articles' addresses (IRIs), so another annotation tool finds the page.
    const sources = new Set(doc.first.items.map((i) => i.target.source));
    expect(sources).toContain(f.vi.url);
  });
});

describe("Kho's CSV", () => {
  it('reads back into the same highlights (formula-looking cells guarded for spreadsheets)', async () => {
    const r = await content('csv');
    expect(r.content.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(r.content.slice(1), { columns: true, relax_column_count: false }) as Record<
      string,
      string
    >[];
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    const unguard = (s: string) => s.replace(/^'(?=[=+\-@\t\r])/, '');
    const back = rows.map((row) => ({
      id: Number(row.annotation_id),
      article_id: Number(row.article_id),
      exact: unguard(row.quote!),
      note: row.note === '' ? null : unguard(row.note!),
      color: row.color,
      tags: row.tags === '' ? [] : row.tags!.split('; '),
      status: row.status,
      start: row.start === '' ? null : Number(row.start),
      end: row.end === '' ? null : Number(row.end),
      created_at: row.created_at,
      updated_at: row.updated_at,
    }));
    expect(back.sort(byId)).toEqual(
      [...all].sort(byId).map(({ id, article_id, exact, note, color, tags, status, start, end, created_at, updated_at }) => ({
        id, article_id, exact, note, color, tags, status, start, end, created_at, updated_at,
      })), // prettier-ignore
    );
    const formula = rows.find((row) => row.note!.includes('SUM'))!;
    expect(formula.note!.startsWith("'=SUM")).toBe(true);
    for (const row of rows) {
      const article = [f.vi, f.en].find((a) => a.id === Number(row.article_id));
      if (article) expect([row.article_title, row.article_url]).toEqual([article.title, article.url]);
    }
  });
});

describe('Markdown notes', () => {
  it('quotes each highlight of the selected article under front matter', async () => {
    const r = await content('md', { article_ids: [f.vi.id] });
    const fm = YAML.parse(/^---\n([\s\S]*?)\n---\n/.exec(r.content)![1]!) as Record<string, unknown>;
    expect(fm).toMatchObject({
      title: f.vi.title,
      source: f.vi.url,
      site: 'nhandan.vn',
      saved: f.vi.saved_at,
    });
    for (const a of all.filter((x) => x.article_id === f.vi.id)) expect(r.content).toContain(`> ${a.exact}`);
    expect(r.content).not.toContain('River Ferries');
  });

  it('covers every article with highlights when nothing is selected, orphans marked', async () => {
    const r = await content('md');
    for (const a of all) expect(r.content).toContain(a.exact.split('\n')[0]!);
    expect(r.content).toContain('(this passage is no longer in the article)');
  });

  it('the export.annotations operation (the Reader, older clients) still gives the same notes', async () => {
    const old = await f.t.call('export.annotations', { format: 'markdown', article_id: f.vi.id });
    const now = await content('md', { article_ids: [f.vi.id] });
    expect(old).toEqual({ filename: now.filename, mime: now.mime, content: now.content });
    const jsonld = await f.t.call('export.annotations', { format: 'jsonld' });
    expect(JSON.parse(jsonld.content).total).toBe(all.length);
  });
});
