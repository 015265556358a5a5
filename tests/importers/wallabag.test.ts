import { describe, expect, it } from 'vitest';
import { parseImport } from '../../src/core/importers/index.js';
import { byTitle, byUrl, fixtureBytes, parseFixture } from './support.js';

describe('wallabag v1 JSON', () => {
  it('wallabag-v1.json: content, tags and read state', async () => {
    const r = await parseFixture('wallabag/wallabag-v1.json');
    expect(r.format).toBe('wallabag');
    expect(r.variant).toBe('wallabag v1 JSON');
    expect(r.problems).toEqual([]);
    expect(r.entries).toHaveLength(2);
    const frama = byTitle(r, 'Framabag, un nouveau service libre et gratuit');
    expect(frama).toMatchObject({
      url: 'http://www.framablog.org/index.php/post/2014/02/05/Framabag-service-libre-gratuit-interview-developpeur',
      tags: ['Framabag'],
      status: 'unread',
      favorite: false,
    });
    expect(frama.content_html?.startsWith('<h2>Une interview de Nicolas, son développeur.</h2>')).toBe(true);
    expect(byUrl(r, 'https://github.com/wallabag/wallabag')).toMatchObject({ status: 'archived', tags: [] });
  });

  it('wallabag-v1-read.json: favourites and comma-separated tags', async () => {
    const r = await parseFixture('wallabag/wallabag-v1-read.json');
    expect(r.entries.map((e) => [e.title, e.status, e.favorite, e.tags])).toEqual([
      ['Features - wallabag', 'unread', true, []],
      ['Recreating The Square Slider', 'unread', false, []],
      ['J’aime le logiciel libre', 'unread', false, ['framasoft', 'tag']],
    ]);
  });
});

describe('wallabag v2 JSON', () => {
  it('wallabag-v2.json: every entry with dates, language, site, tags and flags', async () => {
    const r = await parseFixture('wallabag/wallabag-v2.json');
    expect(r.variant).toBe('wallabag v2 JSON');
    expect(r.problems).toEqual([]);
    expect(r.entries).toHaveLength(6);
    expect(byUrl(r, 'https://www.mediapart.fr/')).toMatchObject({
      title: "Site d'information français d'actualités indépendant et participatif en ligne | Mediapart",
      tags: ['mediapart', 'blog'],
      favorite: true,
      status: 'unread',
      lang: 'fr',
      site: 'www.mediapart.fr',
      saved_at: '2016-09-08T09:55:58.000Z', // 2016-09-08T11:55:58+0200
      updated_at: '2016-09-08T09:57:16.000Z',
    });
    // is_archived/is_starred as 0 and numeric ids (mixed types in one file).
    const chess = byTitle(r, 'Échecs');
    expect(chess).toMatchObject({
      url: 'https://fr.wikipedia.org/wiki/%C3%89checs',
      status: 'unread',
      favorite: false,
    });
    expect(chess.content_html!.length).toBeGreaterThan(600_000);
    expect(
      byUrl(
        r,
        'https://www.zataz.com/90-des-dossiers-medicaux-des-coreens-du-sud-vendus-a-des-entreprises-privees/',
      ).lang,
    ).toBe('fr-FR');
    const noTitle = byTitle(r, 'No title found');
    expect(noTitle).toMatchObject({ favorite: true, content_html: 'Oh, what a shame, no content' });
    // An empty language is absent, not "".
    expect(
      byTitle(r, "Réfugiés: l'UE va créer 100\u00a0000\u00a0places d'accueil dans les Balkans").lang,
    ).toBeUndefined();
  });

  it('wallabag-v2-read.json: archived entries', async () => {
    const r = await parseFixture('wallabag/wallabag-v2-read.json');
    expect(r.entries.map((e) => [e.title, e.status])).toEqual([
      [
        'Wikimedia Foundation removes The Diary of Anne Frank due to copyright law requirements « Wikimedia blog',
        'archived',
      ],
      ['Tails - Tails 2.0.1 is out', 'unread'],
    ]);
  });

  it('wallabag-v2-annotations.json: annotations become highlights with their notes and dates', async () => {
    const r = await parseFixture('wallabag/wallabag-v2-annotations.json');
    expect(r.problems).toEqual([]);
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]!.highlights).toEqual([
      {
        quote: 'some quoted text',
        note: 'my imported annotation',
        tags: [],
        created_at: '2024-01-02T09:00:00.000Z',
      },
      { quote: 'a highlight without a note', tags: [] },
      { quote: 'no text at all', tags: [] },
    ]);
  });

  it('reports an entry with a bad address or a bad date by its position, and keeps the others', async () => {
    const data = JSON.parse(fixtureBytes('wallabag/wallabag-v2-read.json').toString('utf8')) as unknown[];
    data.splice(1, 0, { title: 'Sans adresse', url: 'javascript:alert(1)', is_archived: 1 }, 42);
    (data[0] as Record<string, unknown>).created_at = 'yesterday';
    const r = await parseImport('wallabag.json', Buffer.from(JSON.stringify(data)));
    expect(r.entries.map((e) => e.title)).toEqual([
      'Wikimedia Foundation removes The Diary of Anne Frank due to copyright law requirements « Wikimedia blog',
      'Tails - Tails 2.0.1 is out',
    ]);
    expect(r.entries[0]!.saved_at).toBeUndefined();
    expect(r.problems).toEqual([
      { where: 'entry 1', message: 'The save date was left out: "yesterday" is not a date Kho can read.' },
      {
        where: 'entry 2',
        message:
          '"Sans adresse": "javascript:alert(1)" is not a web page address (only http and https can be imported); skipped.',
      },
      { where: 'entry 3', message: 'It is not an entry (an object with a url); skipped.' },
    ]);
  });
});
