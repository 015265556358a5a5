import { expect } from 'vitest';
import { canonicalizeUrl } from '../../src/core/capture/index.js';
import { tagKey } from '../../src/core/db/tags-repo.js';
import { parseImportFile, type ImportEntry, type ImportResult } from '../../src/core/importers/index.js';
import type { Annotation, ArticleSummary } from '../../src/shared/schemas.js';
import { quoteKey } from '../../src/core/import-store/highlights-article.js';
import type { tempArchive } from '../helpers/archive.js';
import { fixturePath } from '../importers/support.js';

export type TempArchive = Awaited<ReturnType<typeof tempArchive>>;

const parsedFixtures = new Map<string, Promise<ImportResult>>();

/** A fixture as its parser reads it, parsed once per test file. */
function parsedFixture(fixture: string): Promise<ImportResult> {
  let parsed = parsedFixtures.get(fixture);
  if (!parsed) {
    parsed = parseImportFile(fixturePath(fixture));
    parsedFixtures.set(fixture, parsed);
  }
  return parsed;
}

export async function allArticles(t: TempArchive): Promise<ArticleSummary[]> {
  return (await t.call('articles.list', { view: 'all', limit: 50_000 })).items;
}

/** The one article with this title; fails the test when there is none or several. */
export function titled(items: ArticleSummary[], title: string): ArticleSummary {
  const found = items.filter((a) => a.title === title);
  expect(found, `articles titled ${title}`).toHaveLength(1);
  return found[0]!;
}

export function withUrl(items: ArticleSummary[], url: string): ArticleSummary {
  const key = canonicalizeUrl(url);
  const found = items.filter((a) => a.url !== null && canonicalizeUrl(a.url) === key);
  expect(found, `articles at ${url}`).toHaveLength(1);
  return found[0]!;
}

/**
 * Checks that the archive holds every entry of an export file as its parser read it (the parsers' own
 * tests check that against the file): title, address, tags, state, favourite, dates, progress, byline,
 * description, page note, and each highlight with its note, colour, tags and time — anchored when its
 * passage is in the stored text. Entries repeating an address count once (the first one's state wins).
 */
export async function expectArchiveHolds(t: TempArchive, fixture: string): Promise<void> {
  const parsed = await parsedFixture(fixture);
  const items = await allArticles(t);
  const keyOf = (url: string | null, title: string, byline: string | null | undefined): string =>
    url ? canonicalizeUrl(url)! : `${title}\u0000${byline ?? null}`;
  const byKey = new Map<string, ArticleSummary[]>();
  for (const a of items) {
    const key = keyOf(a.url, a.title, a.byline);
    byKey.set(key, [...(byKey.get(key) ?? []), a]);
  }
  const seen = new Set<string>();
  const actual: unknown[] = [];
  const expected: unknown[] = [];
  for (const e of parsed.entries) {
    const key = keyOf(e.url, e.title, e.byline);
    const found = byKey.get(key) ?? [];
    const a = found[0];
    const tagKeys = (a?.tags ?? []).map(tagKey);
    // Every entry's tags are on its article; the first entry of an address also set its fields.
    actual.push({ key, articles: found.length, tags: e.tags.filter((x) => tagKeys.includes(tagKey(x))) });
    expected.push({ key, articles: 1, tags: e.tags });
    if (!a || seen.has(key)) continue;
    seen.add(key);
    const stored = Boolean(e.content_html) || e.url === null;
    actual.push({
      key,
      title: a.title,
      url: a.url,
      status: a.status,
      favorite: a.favorite,
      reading_progress: a.reading_progress,
      saved_at: e.saved_at ? a.saved_at : undefined,
      published_at: e.published_at ? a.published_at : undefined,
      byline: e.byline ? a.byline : undefined,
      excerpt: e.description ? a.excerpt : undefined,
      // Content the export holds is stored at once; an address alone waits for the fetch queue.
      fetch_state: a.fetch_state,
      has_text: a.word_count > 0,
    });
    expected.push({
      key,
      title: e.title,
      url: e.url,
      status: e.status,
      favorite: e.favorite,
      reading_progress: e.reading_progress ?? 0,
      saved_at: e.saved_at,
      published_at: e.published_at,
      byline: e.byline,
      excerpt: e.description,
      fetch_state: stored ? null : 'pending',
      has_text: stored,
    });
    if (e.note || e.highlights.length > 0) await expectNotes(t, a, e);
  }
  // Compared item by item as JSON (a deep toEqual over thousands of items is slow); differences listed.
  const differences = expected.flatMap((want, i) =>
    JSON.stringify(actual[i]) === JSON.stringify(want) ? [] : [{ stored: actual[i], export: want }],
  );
  expect(differences).toEqual([]);
}

async function expectNotes(t: TempArchive, a: ArticleSummary, e: ImportEntry): Promise<void> {
  const what = `${e.title} (${e.url})`;
  const detail = await t.call('articles.get', { id: a.id });
  if (e.note) expect(detail.note, what).toBe(e.note);
  const notes = (await t.call('annotations.list', { article_id: a.id })).items;
  const unique = [...new Map(e.highlights.map((h) => [quoteKey(h.quote), h])).values()];
  expect(notes.map((n) => quoteKey(n.exact)).sort(), what).toEqual(
    unique.map((h) => quoteKey(h.quote)).sort(),
  );
  for (const h of unique) {
    const n = notes.find((x: Annotation) => quoteKey(x.exact) === quoteKey(h.quote))!;
    expect(n.note, `${what}: note of "${h.quote}"`).toBe(h.note ?? null);
    expect(n.color).toBe(h.color ?? 'yellow');
    expect(n.tags).toEqual(h.tags);
    if (h.created_at) expect(n.created_at).toBe(h.created_at);
    const inText = quoteKey(detail.content_text).includes(quoteKey(h.quote));
    expect(n.status, `${what}: "${h.quote}"`).toBe(inText ? 'anchored' : 'orphan');
    if (n.status === 'anchored') {
      expect(quoteKey(detail.content_text.slice(n.start!, n.end!))).toBe(quoteKey(h.quote));
    }
  }
}
