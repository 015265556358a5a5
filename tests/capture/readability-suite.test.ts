import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { extractArticle, type ExtractedArticle } from '../../src/core/capture/extract.js';
import { FIXTURES_DIR } from '../helpers/paths.js';

/**
 * Mozilla Readability's own 130 test pages through Kho's extraction (linkedom, not JSDOM), compared
 * with Readability's expected output. The floors are the counts measured when this was written: a
 * change that loses a page fails here.
 */

const PAGES_DIR = path.join(FIXTURES_DIR, 'readability', 'test-pages');
const PAGE_URL = 'http://fakehost/test/page.html';

const FLOORS = {
  text: 129,
  textStrict: 117,
  title: 128,
  byline: 130,
  excerpt: 128,
  siteName: 130,
  lang: 74,
  dir: 130,
  publishedTime: 130,
} as const;
type Field = Exclude<keyof typeof FLOORS, 'text' | 'textStrict'>;
const FIELDS = Object.keys(FLOORS).filter((f) => !f.startsWith('text')) as Field[];

const norm = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim().normalize('NFC');

function htmlText(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return norm(document.body.textContent);
}

function rawField(a: ExtractedArticle, f: Field): string | null {
  // Kho falls back to <h1> / file name for the title; the suite compares Readability's own value.
  return f === 'title' ? a.readabilityTitle : a[f];
}

describe('Readability test pages through Kho extraction', () => {
  it('matches the expected text and metadata on at least the measured number of pages', () => {
    const pages = readdirSync(PAGES_DIR).sort();
    expect(pages.length).toBe(130);
    const score: Record<string, { ok: number; of: number; misses: string[] }> = {};
    const tally = (field: string, page: string, ok: boolean, detail = ''): void => {
      const s = (score[field] ??= { ok: 0, of: 0, misses: [] });
      s.of++;
      if (ok) s.ok++;
      else s.misses.push(detail ? `${page} (${detail})` : page);
    };
    for (const page of pages) {
      const dir = path.join(PAGES_DIR, page);
      const source = readFileSync(path.join(dir, 'source.html'), 'utf8');
      const expectedHtml = readFileSync(path.join(dir, 'expected.html'), 'utf8');
      const meta = JSON.parse(readFileSync(path.join(dir, 'expected-metadata.json'), 'utf8')) as Record<
        string,
        string | null
      >;
      let article: ExtractedArticle | null = null;
      try {
        article = extractArticle(source, { url: PAGE_URL });
      } catch (e) {
        tally('text', page, false, `threw ${(e as Error).message}`);
      }
      if (article) {
        const want = htmlText(expectedHtml);
        const got = htmlText(article.contentHtml);
        const diff = `${got.length - want.length >= 0 ? '+' : ''}${got.length - want.length} chars`;
        // expected.html is pretty-printed (whitespace between blocks) and Readability's output is not,
        // so 'text' ignores whitespace entirely; 'textStrict' only collapses it.
        tally('text', page, want.replace(/\s/g, '') === got.replace(/\s/g, ''), diff);
        tally('textStrict', page, want === got, diff);
      } else tally('textStrict', page, false, 'threw');
      for (const f of FIELDS) {
        if (!(f in meta)) continue;
        const got = article ? rawField(article, f) : null;
        tally(
          f,
          page,
          norm(got) === norm(meta[f]),
          `want ${JSON.stringify(meta[f])}, got ${JSON.stringify(got)}`,
        );
      }
    }
    const rows = Object.entries(score).map(([field, s]) => ({
      field,
      matched: s.ok,
      of: s.of,
      floor: FLOORS[field as keyof typeof FLOORS],
    }));
    console.table(rows);
    for (const [field, s] of Object.entries(score)) {
      if (s.misses.length) console.log(`${field} mismatches:\n  ${s.misses.join('\n  ')}`);
    }
    for (const [field, floor] of Object.entries(FLOORS)) {
      expect(score[field]?.ok, `${field} matches`).toBeGreaterThanOrEqual(floor);
    }
  }, 120_000);
});
