import { describe, expect, it } from 'vitest';
import { parseImport } from '../../src/core/importers/index.js';
import { byUrl, parseFixture } from './support.js';

describe('Instapaper CSV, old columns (wallabag fixture instapaper-export.csv)', () => {
  it('maps Folder to state, favourite or tag', async () => {
    const r = await parseFixture('wallabag/instapaper-export.csv');
    expect(r.format).toBe('instapaper');
    expect(r.variant).toBe('Instapaper CSV');
    expect(r.problems).toEqual([]);
    expect(r.entries.map((e) => [e.title, e.status, e.favorite, e.tags])).toEqual([
      [
        'Childbirth under attack: how women and babies became targets in conflicts around the world',
        'unread',
        false,
        [],
      ],
      ['AMP and React+Redux: Why Not?', 'archived', false, []],
      ['Why Foursquare / Swarm is still my favourite social network', 'unread', true, []],
      ["Dis donc Donald Trump, c'est quoi exactement «covfefe»?", 'unread', false, ['test_tag']],
    ]);
    // No Timestamp column: no save date rather than an invented one.
    expect(r.entries.every((e) => e.saved_at === undefined)).toBe(true);
  });
});

describe('Instapaper CSV, new columns with JSON tags (wallabag fixture instapaper-export-new.csv)', () => {
  it('reads Timestamp and the JSON list in the Tags cell', async () => {
    const r = await parseFixture('wallabag/instapaper-export-new.csv');
    expect(r.variant).toBe('Instapaper CSV (with tags)');
    expect(r.problems).toEqual([]);
    expect(r.entries).toHaveLength(4);
    expect(byUrl(r, 'https://redditblog.com/2016/09/20/amp-and-reactredux/')).toMatchObject({
      tags: ['react', 'javascript'],
      status: 'archived',
      saved_at: '2023-11-14T22:13:21.000Z', // 1700000001
    });
    expect(
      byUrl(
        r,
        'https://medium.com/@the_minh/why-foursquare-swarm-is-still-my-favourite-social-network-e38228493e6c',
      ),
    ).toMatchObject({ tags: ['social'], favorite: true, status: 'unread' });
    expect(
      byUrl(
        r,
        'https://www.20minutes.fr/high-tech/2077615-20170531-quoi-exactement-tweet-covfefe-donald-trump-persiste-signe',
      ),
    ).toMatchObject({ tags: ['politics', 'twitter', 'news'], saved_at: '2023-11-14T22:13:23.000Z' });
    expect(r.entries[0]!.title).toBe(
      "Cours d'assises : «On efface le peuple d'un processus judiciaire dont il est pourtant le cœur battant»",
    );
  });

  it('imports a row whose Tags cell is not JSON, without its tags, and says so', async () => {
    const csv =
      'URL,Title,Selection,Folder,Timestamp,Tags\nhttps://a.example/,A,,Unread,1700000000,"[broken"\n';
    const r = await parseImport('instapaper.csv', Buffer.from(csv));
    expect(r.entries).toEqual([expect.objectContaining({ url: 'https://a.example/', tags: [] })]);
    expect(r.problems).toEqual([
      {
        where: 'row 2',
        message: 'The Tags cell "[broken" is not a JSON list of tags; imported without its tags.',
      },
    ]);
  });
});

describe('Instapaper CSV, real 5-column export (stephenmatheis/bookmarks, 4269 rows)', () => {
  it('imports the 4266 rows with web addresses and names the 3 that have none', async () => {
    const r = await parseFixture('instapaper-stephenmatheis/instapaper-export.csv');
    expect(r.variant).toBe('Instapaper CSV (with timestamps)');
    expect(r.entries).toHaveLength(4266);
    expect(r.problems).toEqual([
      {
        where: 'row 2465',
        message: '"about:blank" is not a web page address (only http and https can be imported); skipped.',
      },
      {
        where: 'row 2590',
        message:
          '"H series Computer Cases | Product Overview | NZXT": "httpss://www.nzxt.com/product-overview/h-series" is not a web page address (only http and https can be imported); skipped.',
      },
      {
        where: 'row 2591',
        message:
          '"Manta Mini-ITX PC Case | NZXT": "httpss://www.nzxt.com/products/manta-matte-white-black" is not a web page address (only http and https can be imported); skipped.',
      },
    ]);
  });

  it('keeps states, folders as tags, times and selections', async () => {
    const r = await parseFixture('instapaper-stephenmatheis/instapaper-export.csv');
    expect(r.entries.filter((e) => e.status === 'archived')).toHaveLength(200);
    expect(r.entries.filter((e) => e.favorite)).toHaveLength(0);
    // 737 rows sit in a named folder: each gets that folder as its one tag.
    expect(r.entries.filter((e) => e.tags.length === 1)).toHaveLength(737);
    expect(r.entries.filter((e) => e.tags[0] === 'Programming')).toHaveLength(102);
    expect(byUrl(r, 'https://www.hillelwayne.com/post/')).toMatchObject({
      title: 'Blog • Hillel Wayne',
      tags: ['Blogs ∕ Portfolios I like'],
    });

    const oldest = r.entries.reduce((a, b) => (a.saved_at! < b.saved_at! ? a : b));
    expect(oldest).toMatchObject({
      title: 'Beyond Flow - Study Hacks - Cal Newport',
      saved_at: '2015-03-24T15:42:33.000Z', // 1427211753
      status: 'archived',
    });
    expect(r.entries[0]).toMatchObject({
      url: 'https://landings.dev/',
      title: 'Landings - Landing Page Examples',
      saved_at: '2023-08-23T03:55:14.000Z', // 1692762914
      status: 'unread',
    });

    // A multi-line Selection (row 1189) stays whole as the description.
    const snow = byUrl(r, 'https://codepen.io/alvaromontoro/details/GRNmdzB');
    expect(snow.title).toBe('Snowfall animation');
    expect(snow.description?.startsWith('html,\nbody {\n  padding: 0;')).toBe(true);
    expect(r.entries.filter((e) => e.description !== undefined)).toHaveLength(31);

    // 27 untitled rows are titled by their address (15 more already had their address as title);
    // a browser-tolerated "https:/host" is read as a browser would.
    expect(r.entries.filter((e) => e.title === e.url)).toHaveLength(27 + 15);
    expect(byUrl(r, 'https://tomoki1207.dev/').title).toBe('https://tomoki1207.dev/');
    expect(byUrl(r, 'https://hash.ai/').title).toBe('HASH - Complex Systems Simulation');
  });
});
