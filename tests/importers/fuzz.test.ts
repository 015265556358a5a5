import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImportResult } from '../../src/core/importers/entry.js';
import { parseImport, type ImportFormat } from '../../src/core/importers/index.js';
import { KhoError } from '../../src/shared/errors.js';
import { makeZip } from './zip-writer.js';

/**
 * Whatever the bytes, a parse either returns entries that satisfy the ImportResult schema or fails
 * with a KhoError carrying a sentence, and it does so quickly: no TypeError, no RangeError from
 * deep recursion, no hang.
 */
const PER_INPUT_MS = 3000;

async function mustBeSafe(name: string, bytes: Buffer, format?: ImportFormat): Promise<void> {
  const started = performance.now();
  try {
    const result = await parseImport(name, bytes, format ? { format } : {});
    ImportResult.parse(result);
  } catch (e) {
    if (!(e instanceof KhoError)) throw e;
    expect(e.message).toMatch(/\w+ .*\w/);
  }
  expect(performance.now() - started).toBeLessThan(PER_INPUT_MS);
}

/** Text made of the characters that matter to each syntax, plus some Vietnamese and noise. */
const soup = (tokens: string[]) =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...tokens),
        fc.string({ maxLength: 6 }),
        fc.constantFrom('Hà Nội', 'ộ', '\u0300', '\r\n'),
      ),
      {
        maxLength: 80,
      },
    )
    .map((parts) => parts.join(''));

const csvSoup = soup([
  ',',
  '"',
  '""',
  '\n',
  '|',
  '[',
  ']',
  'https://a.example/',
  '1700000000',
  'archive',
  'Unread',
  'Starred',
]);
const htmlSoup = soup([
  '<DT>',
  '<DD>',
  '<DL><p>',
  '</DL><p>',
  '<H3>',
  '</H3>',
  '<A HREF="https://x.example/" ADD_DATE="1">',
  '</A>',
  '<h1>Read Archive</h1>',
  '<li><a href="?q" time_added="x">',
  '</a>',
  '<',
  '>',
  '"',
]);

const RUNS = { numRuns: 120 };

describe('import parsers never fail with anything but a clear error', () => {
  it('random bytes, format detected', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
        await mustBeSafe('random.bin', Buffer.from(bytes));
      }),
      RUNS,
    );
  });

  it('random text behind each CSV header, format forced', async () => {
    const headers: [ImportFormat, string][] = [
      ['pocket', 'title,url,time_added,tags,status\n'],
      ['instapaper', 'URL,Title,Selection,Folder,Timestamp,Tags\n'],
      [
        'readwise',
        'Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at,Document tags\n',
      ],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...headers), csvSoup, async ([format, header], body) => {
        await mustBeSafe('export.csv', Buffer.from(header + body), format);
        await mustBeSafe('export.csv', Buffer.from(header + body));
      }),
      RUNS,
    );
  });

  it('random tag soup as bookmarks and Pocket HTML', async () => {
    await fc.assert(
      fc.asyncProperty(htmlSoup, async (body) => {
        await mustBeSafe(
          'bookmarks.html',
          Buffer.from(`<!DOCTYPE NETSCAPE-Bookmark-file-1>${body}`),
          'bookmarks',
        );
        await mustBeSafe('ril_export.html', Buffer.from(`<title>Pocket Export</title>${body}`), 'pocket');
      }),
      RUNS,
    );
  });

  it('random JSON as wallabag, Omnivore and browser bookmarks', async () => {
    const keys = fc.constantFrom(
      'url',
      'title',
      'is_archived',
      'is_starred',
      'is_read',
      'is_fav',
      'tags',
      'annotations',
      'content',
      'created_at',
      'slug',
      'savedAt',
      'labels',
      'state',
      'readingProgress',
      'roots',
      'children',
      'type',
      'uri',
    );
    const item = fc.dictionary(keys, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.array(item, { maxLength: 8 }), item, fc.jsonValue({ maxDepth: 4 })),
        async (data) => {
          const bytes = Buffer.from(JSON.stringify(data) ?? 'null');
          for (const format of ['wallabag', 'omnivore', 'bookmarks'] as const)
            await mustBeSafe('export.json', bytes, format);
          await mustBeSafe('export.json', bytes);
        },
      ),
      RUNS,
    );
  });

  it('random zips (names, data, sizes) as Omnivore and Pocket exports', async () => {
    const name = fc.oneof(
      fc.constantFrom(
        'metadata_0_to_1.json',
        'content/a.html',
        'highlights/a.md',
        'part_000000.csv',
        '../x', // hostile input, not a path
        '/abs',
        'a/../../b',
      ),
      fc.string({ maxLength: 20 }),
    );
    const member = fc.record({
      name,
      data: fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.constant('[{"slug":"a","url":"https://a.example/","savedAt":"2024-01-01"}]'),
      ),
      store: fc.boolean(),
      corrupt: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(member, { maxLength: 6 }), fc.nat(), async (members, cut) => {
        const zip = makeZip(members.map((m) => (m.store ? { ...m, corrupt: false } : m)));
        await mustBeSafe('export.zip', zip);
        await mustBeSafe('export.zip', zip, 'omnivore');
        await mustBeSafe('export.zip', zip, 'pocket');
        await mustBeSafe('export.zip', zip.subarray(0, cut % (zip.length + 1)));
      }),
      RUNS,
    );
  });

  it('markup nested 100 000 deep is read in linear time, without overflowing the stack', async () => {
    const deep = `<!DOCTYPE NETSCAPE-Bookmark-file-1>${'<DL><p><DT><H3>F</H3>'.repeat(100_000)}<DT><A HREF="https://deep.example/">Deep</A>`;
    const started = performance.now();
    const r = await parseImport('deep.html', Buffer.from(deep));
    expect(r.entries).toHaveLength(1);
    // 100 000 folder levels make a tag far over Kho's 200 characters: left out, and said.
    expect(r.entries[0]!.tags).toEqual([]);
    expect(r.problems).toEqual([
      {
        where: 'bookmark 1',
        message: expect.stringMatching(/^The tag "F\/F\/F.*\.\.\." is not a valid Kho tag; left out\.$/),
      },
    ]);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
