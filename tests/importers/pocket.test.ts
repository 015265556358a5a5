import { describe, expect, it } from 'vitest';
import { parseImport } from '../../src/core/importers/index.js';
import { byTitle, byUrl, fixtureBytes, parseFixture } from './support.js';
import { makeZip } from './zip-writer.js';

describe('Pocket CSV (wallabag fixture pocket.csv)', () => {
  it('imports every row with its title, address, save time and state', async () => {
    const r = await parseFixture('wallabag/pocket.csv');
    expect(r.format).toBe('pocket');
    expect(r.variant).toBe('Pocket CSV');
    expect(r.problems).toEqual([]);
    expect(r.entries).toHaveLength(7);

    const first = byUrl(r, 'http://youmightnotneedjquery.com/');
    expect(first).toMatchObject({
      title: 'You Might Not Need jQuery',
      saved_at: '2020-09-17T06:06:28.000Z', // 1600322788
      status: 'unread',
      favorite: false,
      tags: [],
      highlights: [],
    });
    // "archive" rows are read; the others unread.
    expect(r.entries.filter((e) => e.status === 'archived').map((e) => e.title)).toEqual([
      'ArchiveBox question: How do I import links from a RSS feed?',
      'Comment Konbini s’est fait piéger par un « père masculiniste »',
    ]);
  });

  it('keeps quoted titles with commas and newlines as one line, and URLs as written', async () => {
    const r = await parseFixture('wallabag/pocket.csv');
    const bees = byUrl(
      r,
      'https://reporterre.net/Des-abeilles-pour-resoudre-les-conflits-entre-les-humains-et-les-elephants',
    );
    expect(bees.title).toBe('Des abeilles pour résoudre les « conflits » entre les humains et les élépha');
    expect(
      byTitle(r, 'Avec les accusés d’El Halia, par Gisèle Halimi (Le Monde diplomatique, sept').url,
    ).toBe('https://www.monde-diplomatique.fr/2020/09/HALIMI/62165');
    // The fragment is part of what Pocket saved; canonicalisation is the archive's job.
    expect(
      r.entries.some((e) => e.url?.endsWith('#utm_medium=distibuted&utm_source=rss&utm_campaign=646826')),
    ).toBe(true);
  });

  it('splits Pocket tags on "|" and keeps a flat tag\'s "/" from nesting', async () => {
    const csv = [
      'title,url,time_added,cursor,tags,status',
      'Đọc sách,https://vi.example/doc-sach,1700000000,12,việt nam|đọc|news/politics,archive',
    ].join('\n');
    const r = await parseImport('part_000000.csv', Buffer.from(csv));
    expect(r.entries).toEqual([
      expect.objectContaining({
        title: 'Đọc sách',
        tags: ['việt nam', 'đọc', 'news∕politics'],
        status: 'archived',
        saved_at: '2023-11-14T22:13:20.000Z',
      }),
    ]);
  });

  it('reads pocket.zip holding the CSV in parts, in part order', async () => {
    const lines = fixtureBytes('wallabag/pocket.csv').toString('utf8').split('\n');
    const header = lines[0]!;
    // Rows 2-4 go to the first part, the rest (one has a quoted two-line title) to the second.
    const zip = makeZip([
      { name: 'part_000001.csv', data: [header, ...lines.slice(4)].join('\n') },
      { name: 'part_000000.csv', data: lines.slice(0, 4).join('\n') },
    ]);
    const r = await parseImport('pocket.zip', zip);
    expect(r.variant).toBe('Pocket export zip');
    expect(r.problems).toEqual([]);
    expect(r.entries).toHaveLength(7);
    expect(r.entries[0]!.title).toBe('You Might Not Need jQuery');
    expect(r.entries[3]!.title).toBe('ArchiveBox question: How do I import links from a RSS feed?');
  });
});

describe('Pocket HTML (wallabag fixture ril_export.html)', () => {
  it('imports both links with their tags, save times and list', async () => {
    const r = await parseFixture('wallabag/ril_export.html');
    expect(r.variant).toBe('Pocket HTML (ril_export.html)');
    expect(r.problems).toEqual([]);
    expect(r.entries).toEqual([
      expect.objectContaining({
        url: 'https://www.20minutes.fr/sport/4002755-20220928-tarn-lapins-ravagent-terrain-match-rugby-doit-etre-annule',
        title: 'Tarn : Des lapins ravagent le terrain, le match de rugby doit être annulé',
        tags: ['ifttt', 'new_entry_simple'],
        saved_at: '2023-07-06T07:31:35.000Z', // 1688628695
        status: 'unread',
      }),
      expect.objectContaining({
        title: 'JO Paris 2024 : Où courir dans la capitale maintenant que les quais sont fermés ?',
        saved_at: '2023-07-06T07:10:12.000Z', // 1688627412
        status: 'unread',
      }),
    ]);
  });

  it('puts links under "Read Archive" in the archive', async () => {
    const html = fixtureBytes('wallabag/ril_export.html')
      .toString('utf8')
      .replace(
        /(<h1>Read Archive<\/h1>\s*<ul>)/,
        '$1<li><a href="https://archived.example/a" time_added="1600000000" tags="">Lu</a></li>',
      );
    const r = await parseImport('ril_export.html', Buffer.from(html));
    expect(r.entries).toHaveLength(3);
    expect(byUrl(r, 'https://archived.example/a')).toMatchObject({
      title: 'Lu',
      status: 'archived',
      tags: [],
    });
    expect(r.entries.filter((e) => e.status === 'unread')).toHaveLength(2);
  });
});
