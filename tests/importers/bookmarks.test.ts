import { describe, expect, it } from 'vitest';
import { parseImport } from '../../src/core/importers/index.js';
import { byTitle, byUrl, parseFixture } from './support.js';

const P = 'shaarli-netscape-bookmark-parser/';

describe('Netscape bookmark files (shaarli/netscape-bookmark-parser test inputs)', () => {
  it('netscape_nested.htm: folders become nested tags, <DD> becomes the description', async () => {
    const r = await parseFixture(`${P}netscape_nested.htm`);
    expect(r.format).toBe('bookmarks');
    expect(r.variant).toBe('Netscape bookmarks HTML');
    expect(r.problems).toEqual([]);
    expect(r.entries.map((e) => [e.title, e.tags])).toEqual([
      ['Nested 1', ['tag1', 'tag2', 'multi word']],
      ['Nested 1-1', ['Folder1, the first,folder to encounter', 'tag1', 'tag2', 'multi word']],
      ['Nested 1-2', ['Folder1, the first,folder to encounter', 'tag3', 'tag4', 'leaf multi word']],
      ['Nested 2-1', ['Folder2']],
      ['Nested 2-2', ['Folder2']],
      ['Nested 3-1', ['Folder3/Folder3-1', 'tag3']],
      ['Nested 3-2', ['Folder3/Folder3-1']],
      // After the folders close, the last bookmark is back at the top level.
      ['Nested 2', ['tag4']],
    ]);
    expect(byTitle(r, 'Nested 2-1')).toMatchObject({
      url: 'http://nest.ed/2-1',
      description: 'First link of the second section',
      saved_at: '2016-02-02T17:22:22.000Z', // 1454433742
    });
    // The folder's own <DD> ("This second folder contains wonderful links!") describes no bookmark.
    expect(r.entries.filter((e) => e.description?.includes('wonderful'))).toEqual([]);
  });

  it('firefox_nested.htm: Firefox export with folders, descriptions, and place: links named as problems', async () => {
    const r = await parseFixture(`${P}firefox_nested.htm`);
    expect(r.entries).toHaveLength(21);
    expect(r.problems.map((p) => p.where)).toEqual(['bookmark 1', 'bookmark 2', 'bookmark 23']);
    expect(r.problems[0]!.message).toMatch(
      /^"Recently saved": "place:folder=BOOKMARKS_MENU.*" is not a web page address/,
    );
    expect(
      byUrl(r, 'http://www.commitstrip.com/en/2016/02/10/true-story-one-code-review-too-many/'),
    ).toMatchObject({
      title: 'True story: one code review too many | CommitStrip',
      tags: ['Comics', 'webcomic', 'commit', 'code', 'review', 'dev'],
      description: 'The blog relating the daily life of web agency developers',
      saved_at: '2016-05-19T19:34:53.000Z', // 1463686493
      updated_at: '2016-05-19T19:34:53.000Z',
    });
    expect(byUrl(r, 'http://lotrproject.com/blog/2013/02/08/timeline-of-the-elves-in-tolkiens-works/').tags).toEqual([
      'tolkien', 'lord', 'rings', 'elves', 'timeline', 'graphics', 'genealogy', 'fantasy',
    ]); // prettier-ignore
  });

  it('chromium_nested.htm, internet_explorer_11_nested.htm, safari_folded.htm: every browser', async () => {
    const chrome = await parseFixture(`${P}chromium_nested.htm`);
    expect(chrome.entries).toHaveLength(18);
    expect(byUrl(chrome, 'http://www.jabber.org/').tags).toEqual(['Personal toolbar']);
    expect(byUrl(chrome, 'https://regexcrossword.com/')).toMatchObject({
      tags: [],
      saved_at: '2016-06-15T16:50:12.000Z',
    });

    const ie = await parseFixture(`${P}internet_explorer_11_nested.htm`);
    expect(ie.problems).toEqual([]);
    expect(ie.entries).toHaveLength(27);
    expect(byUrl(ie, 'http://phpsadness.com/')).toMatchObject({ title: 'PHP Sadness', tags: ['Dev/PHP'] });

    const safari = await parseFixture(`${P}safari_folded.htm`);
    expect(safari.entries.map((e) => [e.url, e.tags])).toEqual([
      ['https://github.com/', ['Favoris']],
      ['https://github.com/shaarli/Shaarli', ['Github - Shaarli']],
      ['https://en.wikipedia.org/wiki/Main_Page', ['Autre Divers/doc']],
    ]);
    expect(safari.entries.every((e) => e.saved_at === undefined)).toBe(true);
  });

  it('reads dates in seconds, microseconds (Google) and Apache log form', async () => {
    const google = await parseFixture(`${P}google_bookmarks_nested.htm`);
    expect(google.entries).toHaveLength(6);
    expect(byUrl(google, 'https://www.wordhippo.com/')).toMatchObject({
      tags: ['Unlabeled'],
      saved_at: '2018-01-09T16:34:57.781Z', // 1515515697780642 µs
    });
    const basic = await parseFixture(`${P}netscape_basic.htm`);
    expect(basic.entries).toEqual([
      expect.objectContaining({
        url: 'https://private.tld/',
        title: 'Secret stuff',
        saved_at: '2000-10-10T10:55:36.000Z', // 10/Oct/2000:13:55:36 +0300
        tags: ['private', 'secret'], // space-separated TAGS
        description: "Super-secret stuff you're not supposed to know about",
      }),
      expect.objectContaining({ url: 'http://public.tld/', tags: ['public', 'hello', 'world'] }),
    ]);
  });

  it('keeps multi-line descriptions and Delicious/Scuttle/Shaarli variants', async () => {
    const multi = await parseFixture(`${P}netscape_multiline.htm`);
    expect(multi.entries[2]!.description).toBe(
      'List:\n- item1\n- item2\n\nParagraph number one.\n\nParagraph\nnumber\ntwo.',
    );
    const delicious = await parseFixture(`${P}delicious.htm`);
    expect(delicious.entries).toHaveLength(5);
    expect(byUrl(delicious, 'http://fontfamily.io/')).toMatchObject({
      tags: ['@font-face', 'os', 'typography'],
      description: 'Compatibility tables for default local fonts.',
    });
    const scuttle = await parseFixture(`${P}scuttle.htm`);
    expect(scuttle.entries).toHaveLength(4);
    // Scuttle puts the description in an attribute.
    expect(scuttle.entries[0]).toMatchObject({
      title: 'EuroVoc Thesaurus',
      url: 'http://eurovoc.europa.eu/drupal/?q=navigation&cl=en',
      description: 'Multilingual Thesaurus of the European Union',
      tags: ['dictionary'],
    });
    const legacy = await parseFixture(`${P}shaarli_legacy.htm`);
    expect(legacy.entries.map((e) => e.title)).toEqual([
      'A Pen by Rodrigo Muniz.',
      'URL Rewriting for Beginners - Web Development in Brighton - Added Bytes',
    ]);
  });

  it('shaarli.htm: a note with a relative link is named, the bookmarks around it import', async () => {
    const r = await parseFixture(`${P}shaarli.htm`);
    expect(r.entries).toHaveLength(5);
    expect(r.problems).toEqual([
      { where: 'bookmark 1', message: '"Kouign\'amann recipes": "?lY47tw" is not a web address; skipped.' },
    ]);
    expect(byUrl(r, 'https://github.com/shaarli/Shaarli/wiki').title).toBe(
      'Shaarli: the personal, minimalist, super-fast, no-database delicious clone',
    );
  });

  it('wallabag fixture shaarli-bookmarks.html (trailing <script> after the list)', async () => {
    const r = await parseFixture('wallabag/shaarli-bookmarks.html');
    expect(r.entries.map((e) => [e.title, e.tags, e.saved_at])).toEqual([
      [
        'The Legacy of Firefox OS. In the two years or so since Mozilla… | by Ben Francis | Medium',
        ['firefoxos'],
        '2023-06-15T07:18:38.000Z',
      ],
      [
        'JO Paris 2024 : Où courir dans la capitale maintenant que les quais sont fermés ?',
        ['firefoxos'],
        '2023-05-06T12:36:05.000Z',
      ],
    ]);
  });

  it('a folder name with "/" stays one level; Vietnamese folders are NFC', async () => {
    const nfd = 'Tin tức Hà Nội'.normalize('NFD');
    const html = `<!DOCTYPE NETSCAPE-Bookmark-file-1>
<DL><p>
<DT><H3>${nfd}</H3>
<DL><p>
  <DT><H3>A/B testing</H3>
  <DL><p>
    <DT><A HREF="https://vi.example/bai" ADD_DATE="1700000000">${'Bài viết về phở'.normalize('NFD')}</A>
  </DL><p>
</DL><p>
</DL><p>`;
    const r = await parseImport('bookmarks.html', Buffer.from(html));
    expect(r.entries).toEqual([
      expect.objectContaining({ title: 'Bài viết về phở', tags: ['Tin tức Hà Nội/A∕B testing'] }),
    ]);
  });
});

describe('Browser JSON bookmark files (wallabag fixtures)', () => {
  it('chrome-bookmarks: Chrome profile Bookmarks file, times from 1601', async () => {
    const r = await parseFixture('wallabag/chrome-bookmarks');
    expect(r.variant).toBe('Chrome bookmarks JSON');
    expect(r.problems).toEqual([]);
    expect(r.entries).toEqual([
      expect.objectContaining({
        url: 'https://www.20minutes.fr/sport/3256363-20220321-tournoi-vi-nations-trophee-gagne-xv-france-fini-fond-seine',
        title:
          'Tournoi des VI Nations : Le trophée gagné par le XV de France a-t-il fini au fond de la Seine ?',
        tags: ['Barre de favoris'],
        saved_at: '2016-09-20T13:15:29.336Z', // 13118850929335823 µs since 1601
      }),
    ]);
  });

  it('firefox-bookmarks.json: Firefox backup with folders and tags', async () => {
    const r = await parseFixture('wallabag/firefox-bookmarks.json');
    expect(r.variant).toBe('Firefox bookmarks backup JSON');
    expect(r.entries.map((e) => [e.title, e.tags, e.saved_at])).toEqual([
      [
        'Tarn : Des lapins ravagent le terrain, le match de rugby doit être annulé',
        ['Barre personnelle', 'test', 'tag'],
        '2013-12-27T17:41:31.644Z',
      ],
      [
        'JO Paris 2024 : Où courir dans la capitale maintenant que les quais sont fermés ?',
        ['Barre personnelle'],
        '2013-12-27T17:41:31.544Z',
      ],
    ]);
  });
});
