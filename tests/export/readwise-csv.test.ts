import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READWISE_COLUMNS } from '../../src/core/export/readwise-csv.js';
import { parseImport } from '../../src/core/importers/index.js';
import type { Annotation } from '../../src/shared/schemas.js';
import { buildFixture, type Fixture } from './support.js';

/**
 * Readwise's CSV import columns (Highlight, Title, Author, URL, Note, Location, Date), parsed back with
 * csv-parse and fed to Kho's own Readwise importer: the same documents and highlights come back.
 */

let f: Fixture;
let csv: string;
let all: Annotation[];
beforeAll(async () => {
  f = await buildFixture();
  const r = await f.t.call('export.run', { format: 'readwise-csv' });
  if (r.kind !== 'file') throw new Error('expected a file');
  expect(r.filename).toMatch(/^kho-readwise-\d{4}-\d\d-\d\d\.csv$/);
  csv = r.content;
  all = (await f.t.call('annotations.list', {})).items;
}, 60_000);
afterAll(() => f.t.close());

/** Readwise takes no spaces in an inline tag. */
const asReadwiseTag = (t: string) => t.replace(/\s+/g, '-');
const toSecond = (iso: string) => iso.replace(/\.\d{3}Z$/, '.000Z');

describe('Readwise CSV', () => {
  it("has exactly Readwise's columns, in its order, with no byte-order mark", () => {
    expect(READWISE_COLUMNS).toEqual(['Highlight', 'Title', 'Author', 'URL', 'Note', 'Location', 'Date']);
    expect(csv.split('\r\n', 1)[0]).toBe('Highlight,Title,Author,URL,Note,Location,Date');
    const rows = parseCsv(csv, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...READWISE_COLUMNS]);
    expect(rows).toHaveLength(all.length);
  });

  it('writes each highlight with its article, note and inline tags, place and UTC time', () => {
    const rows = parseCsv(csv, { columns: true }) as Record<string, string>[];
    for (const a of all) {
      const row = rows.find((r) => r.Highlight === a.exact)!;
      const article = a.article_id === f.vi.id ? f.vi : f.en;
      expect(row.Title).toBe(article.title);
      expect(row.Author).toBe(article.byline ?? '');
      expect(row.URL).toBe(article.url);
      const tags = a.tags.map((t) => '.' + asReadwiseTag(t)).join(' ');
      expect(row.Note).toBe([tags, a.note ?? ''].filter(Boolean).join('\n'));
      expect(row.Date).toBe(a.created_at.slice(0, 19).replace('T', ' '));
      const sameArticle = all.filter((x) => x.article_id === a.article_id);
      expect(Number(row.Location)).toBe(sameArticle.indexOf(a) + 1);
    }
    // Written for Readwise, not a spreadsheet: the note's "=" line is written as it is.
    expect(rows.find((r) => r.Note!.includes('SUM'))!.Note).toBe(
      '.cities\n=SUM(A1:A2) looks like a formula, "quoted", with, commas',
    );
  });

  it("reads back through Kho's Readwise importer into the same documents and highlights", async () => {
    const r = await parseImport('kho-readwise.csv', Buffer.from(csv, 'utf8'));
    expect(r.format).toBe('readwise');
    expect(r.variant).toBe('Readwise CSV (import layout)');
    expect(r.problems).toEqual([]);
    const articles = [f.en, f.vi]; // newest saved first, as exported
    expect(r.entries.map((e) => [e.title, e.byline ?? null, e.url])).toEqual(
      articles.map((a) => [a.title, a.byline, a.url]),
    );
    for (const [i, entry] of r.entries.entries()) {
      // Readwise has no colour column, so no colour comes back (the archive then uses its default).
      const mine = all.filter((a) => a.article_id === articles[i]!.id);
      expect(entry.highlights).toEqual(
        mine.map((a) => ({
          quote: a.exact,
          ...(a.note ? { note: a.note } : {}),
          tags: a.tags.map(asReadwiseTag),
          created_at: toSecond(a.created_at),
        })),
      );
    }
  });
});

describe('Readwise import layout in the importer', () => {
  it('takes a first note line of ".tag" words as tags, and nothing else', async () => {
    const file = [
      'Highlight,Title,Author,URL,Note,Location,Date',
      'Một câu,Sổ tay,Lan,https://example.com/a,".đọc-lại .hà-nội\nGhi chú thật",1,2024-05-01 08:30:00',
      'Second,Sổ tay,Lan,https://example.com/a,.net is where it runs,2,2024-05-01 08:31:00',
      'Third,Sổ tay,Lan,https://example.com/a,.only,3,',
    ].join('\n');
    const r = await parseImport('x.csv', Buffer.from(file));
    expect(r.problems).toEqual([]);
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]!.url).toBe('https://example.com/a');
    expect(r.entries[0]!.saved_at).toBe('2024-05-01T08:30:00.000Z');
    expect(r.entries[0]!.highlights.map((h) => [h.quote, h.note ?? null, h.tags])).toEqual([
      ['Một câu', 'Ghi chú thật', ['đọc-lại', 'hà-nội']],
      ['Second', '.net is where it runs', []],
      ['Third', null, ['only']],
    ]);
  });
});
