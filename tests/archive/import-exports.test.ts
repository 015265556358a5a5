import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalizeUrl } from '../../src/core/capture/index.js';
import { tempArchive } from '../helpers/archive.js';
import { fixturePath } from '../importers/support.js';
import { allArticles, expectArchiveHolds, titled, withUrl, type TempArchive } from './import-support.js';

/**
 * Export files of other apps imported into a real archive (import.file): every entry arrives with its
 * title, address, tags, state, dates and highlights; entries without content wait as "pending" articles
 * with a queued fetch (no runner here: nothing is fetched); importing again adds nothing.
 * It stays one file: the formats share one archive and one import-again check.
 */
let t: TempArchive;
beforeEach(async () => {
  t = await tempArchive();
});
afterEach(async () => {
  await t.close();
});

const importFile = (fixture: string, extra: Record<string, unknown> = {}) =>
  t.call('import.file', { path: fixturePath(fixture), ...extra });

/** Importing the same file again finds every entry and adds nothing. */
async function expectReimportAddsNothing(fixture: string, articles: number): Promise<void> {
  const before = await t.call('queue.status', {});
  const notes = (await t.call('annotations.list', {})).items.length;
  const again = await importFile(fixture);
  expect(again).toMatchObject({ imported: 0, queued: 0, images_queued: 0, highlights_added: 0 });
  expect(again.skipped_existing).toBe(again.entries);
  expect(await allArticles(t)).toHaveLength(articles);
  expect((await t.call('annotations.list', {})).items).toHaveLength(notes);
  expect(await t.call('queue.status', {})).toEqual(before);
}

describe('Pocket', () => {
  it('pocket.csv: 7 rows -> 7 pending articles with titles, save times and read state; searchable by title', async () => {
    const r = await importFile('wallabag/pocket.csv');
    expect(r).toMatchObject({ format: 'pocket', variant: 'Pocket CSV', entries: 7, imported: 7, queued: 7 });
    expect(r.problems).toEqual([]);
    const items = await allArticles(t);
    expect(items).toHaveLength(7);
    expect(
      items
        .filter((a) => a.status === 'archived')
        .map((a) => a.title)
        .sort(),
    ).toEqual([
      'ArchiveBox question: How do I import links from a RSS feed?',
      'Comment Konbini s’est fait piéger par un « père masculiniste »',
    ]);
    const jquery = withUrl(items, 'http://youmightnotneedjquery.com/');
    expect(jquery).toMatchObject({
      title: 'You Might Not Need jQuery',
      saved_at: '2020-09-17T06:06:28.000Z', // time_added 1600322788
      status: 'unread',
      site: 'youmightnotneedjquery.com',
      fetch_state: 'pending',
      word_count: 0,
    });
    // The title's line break (a quoted CSV cell) is one line in Kho.
    expect(
      withUrl(
        items,
        'https://reporterre.net/Des-abeilles-pour-resoudre-les-conflits-entre-les-humains-et-les-elephants',
      ).title,
    ).toBe('Des abeilles pour résoudre les « conflits » entre les humains et les élépha');
    await expectArchiveHolds(t, 'wallabag/pocket.csv');
    const queued = await t.call('queue.list', { states: ['queued'] });
    expect(queued.total).toBe(7);
    expect(queued.items.every((q) => q.kind === 'page' && q.attempts === 0)).toBe(true);
    // A pending article is found by its title (diacritics folded too).
    const hits = await t.call('search.query', { query: 'konbini pere masculiniste' });
    expect(hits.hits.map((h) => h.title)).toContain(
      'Comment Konbini s’est fait piéger par un « père masculiniste »',
    );
    await expectReimportAddsNothing('wallabag/pocket.csv', 7);
  });

  it('ril_export.html: the HTML export with its tags; --tag adds one to every entry', async () => {
    const r = await importFile('wallabag/ril_export.html', { tags: ['từ Pocket'] });
    expect(r).toMatchObject({ variant: 'Pocket HTML (ril_export.html)', entries: 2, imported: 2, queued: 2 });
    const items = await allArticles(t);
    expect(items.map((a) => [a.title, a.tags, a.saved_at]).sort()).toEqual([
      [
        'JO Paris 2024 : Où courir dans la capitale maintenant que les quais sont fermés ?',
        ['ifttt', 'new_entry_simple', 'từ Pocket'],
        '2023-07-06T07:10:12.000Z', // 1688627412
      ],
      [
        'Tarn : Des lapins ravagent le terrain, le match de rugby doit être annulé',
        ['ifttt', 'new_entry_simple', 'từ Pocket'],
        '2023-07-06T07:31:35.000Z', // 1688628695
      ],
    ]);
    await expectArchiveHolds(t, 'wallabag/ril_export.html');
  });
});

describe('Instapaper', () => {
  it('instapaper-export-new.csv: folders to state and favourite, JSON tags, timestamps', async () => {
    const r = await importFile('wallabag/instapaper-export-new.csv');
    expect(r).toMatchObject({ entries: 4, imported: 4, queued: 4, problems: [] });
    const items = await allArticles(t);
    expect(withUrl(items, 'https://redditblog.com/2016/09/20/amp-and-reactredux/')).toMatchObject({
      status: 'archived',
      tags: ['javascript', 'react'],
      saved_at: '2023-11-14T22:13:21.000Z',
    });
    expect(titled(items, 'Why Foursquare / Swarm is still my favourite social network')).toMatchObject({
      favorite: true,
      status: 'unread',
      tags: ['social'],
    });
    await expectArchiveHolds(t, 'wallabag/instapaper-export-new.csv');
  });

  it('a real 4,269-row export: one article per distinct address, the 3 rows without a web address named', async () => {
    const file = fixturePath('instapaper-stephenmatheis/instapaper-export.csv');
    // What the file holds, read here with a plain CSV reader: data rows and their distinct web addresses
    // (as a browser reads them: "https:/hash.ai" is https://hash.ai/, "httpss://…" is no web address).
    const rows = parse(readFileSync(file), { columns: true }) as Array<{ URL: string }>;
    const web = rows.filter((row) => URL.canParse(row.URL) && /^https?:$/.test(new URL(row.URL).protocol));
    const webRows = new Set(web);
    const distinct = new Set(web.map((row) => canonicalizeUrl(row.URL)));
    expect(rows).toHaveLength(4269);

    const started = Date.now();
    const r = await t.call('import.file', { path: file });
    const took = Date.now() - started;
    expect(r.entries).toBe(web.length);
    expect(r.imported).toBe(distinct.size);
    expect(r.skipped_existing).toBe(web.length - distinct.size);
    expect(r.queued).toBe(distinct.size);
    expect(r.problems.map((p) => p.where)).toEqual(
      rows.flatMap((row, i) => (webRows.has(row) ? [] : [`row ${i + 2}`])),
    );
    expect((await t.call('app.info', {})).article_count).toBe(distinct.size);
    expect(took).toBeLessThan(20_000);
    await expectArchiveHolds(t, 'instapaper-stephenmatheis/instapaper-export.csv');
  });
});

const BREITLING =
  'https://www.lemonde.fr/economie/article/2024/10/29/malgre-la-crise-du-marche-des-montres-breitling-etend-son-reseau-commercial-et-devoile-ses-ambitions_6365425_3234.html';

describe('Omnivore', () => {
  it('omnivore-export.zip: 20 items, 3 with content stored at once, highlights anchored, a page note kept', async () => {
    const r = await importFile('omnivore/omnivore-export.zip');
    expect(r).toMatchObject({
      format: 'omnivore',
      entries: 20,
      imported: 20,
      queued: 17,
      highlights_added: 4,
      highlights_orphaned: 1,
      problems: [],
    });
    const items = await allArticles(t);
    const breitling = withUrl(items, BREITLING);
    expect(breitling).toMatchObject({
      status: 'archived',
      byline: 'Juliette Garnier',
      tags: ['RSS'],
      saved_at: '2024-10-29T16:30:11.000Z',
      published_at: '2024-10-29T16:30:11.000Z',
      fetch_state: null,
      lang: 'fr',
    });
    const text = (await t.call('articles.get', { id: breitling.id })).content_text;
    const notes = (await t.call('annotations.list', { article_id: breitling.id })).items;
    expect(notes.map((n) => [n.status, text.slice(n.start!, n.end!), n.note, n.tags])).toEqual([
      [
        'anchored',
        'La marque horlogère suisse ouvre de nouvelles boutiques en Europe',
        "À comparer avec les chiffres de l'an dernier.",
        ['montres', 'économie'],
      ],
      ['anchored', 'Les ventes de montres reculent en Chine depuis deux ans', null, []],
    ]);
    // No content file: the quote waits as an orphan, with its note, for the fetched page.
    const pedro = items.find((a) => a.title.includes('Pedro Sanchez'))!;
    expect(pedro.fetch_state).toBe('pending');
    expect((await t.call('annotations.list', { article_id: pedro.id })).items).toEqual([
      expect.objectContaining({ status: 'orphan', note: "Voir la suite de l'affaire.", start: null }),
    ]);
    const montpellier = items.find((a) => a.title.startsWith('Montpellier'))!;
    expect((await t.call('articles.get', { id: montpellier.id })).note).toBe(
      "Article à relire pour le suivi de l'enquête.",
    );
    await expectArchiveHolds(t, 'omnivore/omnivore-export.zip');
    await expectReimportAddsNothing('omnivore/omnivore-export.zip', 20);
  });
});

describe('wallabag', () => {
  it('wallabag-v1.json and wallabag-v1-read.json: content, tags, read and favourite state', async () => {
    const a = await importFile('wallabag/wallabag-v1.json');
    expect(a).toMatchObject({ variant: 'wallabag v1 JSON', entries: 2, imported: 2, queued: 0 });
    const b = await importFile('wallabag/wallabag-v1-read.json');
    expect(b).toMatchObject({ entries: 3, imported: 3, queued: 0 });
    const items = await allArticles(t);
    const frama = titled(items, 'Framabag, un nouveau service libre et gratuit');
    expect(frama).toMatchObject({ tags: ['Framabag'], status: 'unread', fetch_state: null });
    expect((await t.call('articles.get', { id: frama.id })).content_text).toMatch(
      /^Une interview de Nicolas, son développeur\./,
    );
    expect(titled(items, 'Features - wallabag').favorite).toBe(true);
    expect(titled(items, 'J’aime le logiciel libre').tags).toEqual(['framasoft', 'tag']);
    await expectArchiveHolds(t, 'wallabag/wallabag-v1.json');
    await expectArchiveHolds(t, 'wallabag/wallabag-v1-read.json');
    // Images in imported content are fetched later by the queue, never during the import.
    const images = await t.call('queue.list', { states: ['queued'] });
    expect(images.items.map((q) => q.kind)).toEqual(images.items.map(() => 'images'));
    expect(images.total).toBe(a.images_queued + b.images_queued);
  });

  it('wallabag-v2.json: six entries with dates, language, site and flags; a 600 KB page through capture', async () => {
    const r = await importFile('wallabag/wallabag-v2.json');
    expect(r).toMatchObject({
      variant: 'wallabag v2 JSON',
      entries: 6,
      imported: 6,
      queued: 0,
      problems: [],
    });
    const items = await allArticles(t);
    expect(withUrl(items, 'https://www.mediapart.fr/')).toMatchObject({
      tags: ['blog', 'mediapart'],
      favorite: true,
      lang: 'fr',
      site: 'www.mediapart.fr',
      saved_at: '2016-09-08T09:55:58.000Z',
      updated_at: '2016-09-08T09:57:16.000Z',
    });
    const chess = titled(items, 'Échecs');
    expect(chess.word_count).toBeGreaterThan(10_000);
    await expectArchiveHolds(t, 'wallabag/wallabag-v2.json');
    await expectReimportAddsNothing('wallabag/wallabag-v2.json', 6);
  });

  it('wallabag-v2-annotations.json: annotations whose quotes are not in the content stay as orphans with their notes', async () => {
    const r = await importFile('wallabag/wallabag-v2-annotations.json');
    expect(r).toMatchObject({ imported: 1, highlights_added: 3, highlights_orphaned: 3 });
    const [entry] = await allArticles(t);
    const notes = (await t.call('annotations.list', { article_id: entry!.id })).items;
    expect(notes.map((n) => [n.exact, n.note, n.status, n.created_at])).toEqual([
      ['some quoted text', 'my imported annotation', 'orphan', '2024-01-02T09:00:00.000Z'],
      ['a highlight without a note', null, 'orphan', expect.any(String)],
      ['no text at all', null, 'orphan', expect.any(String)],
    ]);
    await expectArchiveHolds(t, 'wallabag/wallabag-v2-annotations.json');
  });

  it('re-anchors annotations from their quotes in the stored text (a v2 export of our own)', async () => {
    const file = path.join(t.dir, 'wallabag-export.json');
    writeFileSync(
      file,
      JSON.stringify([
        {
          title: 'Dân vận khéo',
          url: 'https://vi.example/dan-van',
          is_archived: 1,
          is_starred: 1,
          created_at: '2022-01-28T08:00:00+0700',
          language: 'vi',
          content:
            '<p>Lấy sự hài lòng của người dân là trọng tâm của công tác dân vận.</p><p>Dân vận khéo thì việc gì cũng thành công; có dân là có tất cả.</p>',
          tags: [{ label: 'dân vận' }],
          annotations: [
            {
              quote: 'trọng tâm của công tác   dân vận',
              text: 'Ý chính',
              created_at: '2022-01-29T10:00:00+0000',
              ranges: [],
            },
            { quote: 'có dân là có tất cả', text: '', ranges: [] },
          ],
        },
      ]),
    );
    const r = await t.call('import.file', { path: file, format: 'wallabag' });
    expect(r).toMatchObject({ imported: 1, highlights_added: 2, highlights_orphaned: 0 });
    const [a] = await allArticles(t);
    expect(a).toMatchObject({
      status: 'archived',
      favorite: true,
      lang: 'vi',
      saved_at: '2022-01-28T01:00:00.000Z',
    });
    const text = (await t.call('articles.get', { id: a!.id })).content_text;
    const notes = (await t.call('annotations.list', { article_id: a!.id })).items;
    expect(notes.map((n) => [text.slice(n.start!, n.end!), n.note])).toEqual([
      ['trọng tâm của công tác dân vận', 'Ý chính'],
      ['có dân là có tất cả', null],
    ]);
  });
});

describe('browser bookmarks', () => {
  it('firefox_nested.htm: folders as nested tags, descriptions, place: links named', async () => {
    const ff = await importFile('shaarli-netscape-bookmark-parser/firefox_nested.htm');
    expect(ff).toMatchObject({ format: 'bookmarks', entries: 21, imported: 21, queued: 21 });
    expect(ff.problems.map((p) => p.where)).toEqual(['bookmark 1', 'bookmark 2', 'bookmark 23']);
    const items = await allArticles(t);
    expect(
      withUrl(items, 'http://www.commitstrip.com/en/2016/02/10/true-story-one-code-review-too-many/'),
    ).toMatchObject({
      title: 'True story: one code review too many | CommitStrip',
      excerpt: 'The blog relating the daily life of web agency developers',
      saved_at: '2016-05-19T19:34:53.000Z',
      fetch_state: 'pending',
    });
    await expectArchiveHolds(t, 'shaarli-netscape-bookmark-parser/firefox_nested.htm');
  });

  it("chromium_nested.htm, then Firefox's file: shared addresses gain tags, nothing is added twice", async () => {
    const ch = await importFile('shaarli-netscape-bookmark-parser/chromium_nested.htm');
    expect(ch).toMatchObject({ entries: 18, imported: 18 });
    await expectArchiveHolds(t, 'shaarli-netscape-bookmark-parser/chromium_nested.htm');
    expect(withUrl(await allArticles(t), 'http://www.jabber.org/').tags).toEqual(['Personal toolbar']);
    await expectReimportAddsNothing('shaarli-netscape-bookmark-parser/chromium_nested.htm', 18);
    const ff = await importFile('shaarli-netscape-bookmark-parser/firefox_nested.htm');
    expect(ff.imported + ff.skipped_existing).toBe(21);
    expect(ff.skipped_existing).toBeGreaterThan(0);
    expect(await allArticles(t)).toHaveLength(18 + ff.imported);
  });
});

describe('Readwise', () => {
  it('readwise-export.csv: 3 documents whose passages are their content, 7 highlights anchored with notes, colours and tags', async () => {
    const r = await importFile('readwise/readwise-export.csv');
    expect(r).toMatchObject({
      entries: 3,
      imported: 3,
      queued: 0,
      highlights_added: 7,
      highlights_orphaned: 0,
    });
    const items = await allArticles(t);
    const hanoi = titled(items, 'Ghi chép về Hà Nội');
    expect(hanoi).toMatchObject({
      url: null,
      byline: 'Nguyễn Thị Lan',
      tags: ['du lịch', 'việt nam'],
      saved_at: '2026-06-22T10:34:20.125Z',
      lang: 'vi',
      fetch_state: null,
    });
    const hits = await t.call('search.query', { query: 'hang bac hang duong' });
    expect(hits.hits.map((h) => h.id)).toContain(hanoi.id);
    await expectArchiveHolds(t, 'readwise/readwise-export.csv');
    await expectReimportAddsNothing('readwise/readwise-export.csv', 3);
  });

  it('a later export with one more passage adds only that highlight; the document grows and keeps its notes', async () => {
    await importFile('readwise/readwise-export.csv');
    const csv = readFileSync(fixturePath('readwise/readwise-export.csv'), 'utf8');
    const file = path.join(t.dir, 'readwise-later.csv');
    writeFileSync(
      file,
      `${csv.trimEnd()}\nPhố cổ giữ nếp cũ qua từng mái ngói.,Ghi chép về Hà Nội,Nguyễn Thị Lan,,Thêm sau.,pink,,offset,3100,2026-07-01 08:00:00+00:00,du lịch\n`,
    );
    const r = await t.call('import.file', { path: file });
    expect(r).toMatchObject({
      imported: 0,
      skipped_existing: 3,
      highlights_added: 1,
      highlights_orphaned: 0,
    });
    const hanoi = titled(await allArticles(t), 'Ghi chép về Hà Nội');
    const text = (await t.call('articles.get', { id: hanoi.id })).content_text;
    const notes = (await t.call('annotations.list', { article_id: hanoi.id })).items;
    expect(notes.map((n) => [n.status, text.slice(n.start!, n.end!), n.note, n.color])).toEqual([
      ['anchored', 'Hà Nội có ba mươi sáu phố phường.', 'Câu mở đầu hay.', 'yellow'],
      [
        'anchored',
        'Ở đây, mỗi con phố từng mang tên một nghề: Hàng Bạc, Hàng Đường, Hàng Mã.',
        null,
        'yellow',
      ],
      ['anchored', 'Phố cổ giữ nếp cũ qua từng mái ngói.', 'Thêm sau.', 'pink'],
    ]);
  });
});

describe('merging', () => {
  it('an address first imported from Pocket gets its content from a later wallabag export, with no second article', async () => {
    await importFile('wallabag/pocket.csv');
    const file = path.join(t.dir, 'wallabag.json');
    writeFileSync(
      file,
      JSON.stringify([
        {
          title: 'You Might Not Need jQuery (wallabag)',
          url: 'http://youmightnotneedjquery.com/?utm_source=newsletter',
          is_archived: 0,
          is_starred: 1,
          content:
            '<p>jQuery and its cousins are great, and by all means use them if it makes it easier to develop your application.</p>',
          tags: [{ label: 'javascript' }],
        },
      ]),
    );
    const r = await t.call('import.file', { path: file });
    expect(r).toMatchObject({ imported: 0, skipped_existing: 1, queued: 0 });
    const items = await allArticles(t);
    expect(items).toHaveLength(7);
    const jquery = withUrl(items, 'http://youmightnotneedjquery.com/');
    // Pocket's title and state stay; the content and the new tag arrive; the pending fetch is moot.
    expect(jquery).toMatchObject({
      title: 'You Might Not Need jQuery',
      tags: ['javascript'],
      fetch_state: null,
    });
    expect((await t.call('articles.get', { id: jquery.id })).content_text).toMatch(/^jQuery and its cousins/);
    expect((await t.call('queue.status', {})).queued).toBe(6);
  });
});
