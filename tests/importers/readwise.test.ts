import { describe, expect, it } from 'vitest';
import { parseImport } from '../../src/core/importers/index.js';
import { byTitle, parseFixture } from './support.js';

describe('Readwise CSV (readwise-export.csv, written in the export column layout)', () => {
  it('groups the 7 highlight rows into their 3 documents, in first-seen order', async () => {
    const r = await parseFixture('readwise/readwise-export.csv');
    expect(r.format).toBe('readwise');
    expect(r.variant).toBe('Readwise CSV');
    expect(r.problems).toEqual([]);
    expect(r.entries.map((e) => [e.title, e.byline, e.highlights.length])).toEqual([
      ['The Quiet Library: Notes on Keeping What You Read', 'Mara Ellison', 3],
      ['Ghi chép về Hà Nội', 'Nguyễn Thị Lan', 2],
      ['Keep a plain-text copy...', '@kho_reader on Twitter', 2],
    ]);
    // The export has no web address column.
    expect(r.entries.every((e) => e.url === null && e.status === 'unread')).toBe(true);
  });

  it('keeps notes, colours, highlight tags and times; multi-line quotes stay whole', async () => {
    const r = await parseFixture('readwise/readwise-export.csv');
    const book = byTitle(r, 'The Quiet Library: Notes on Keeping What You Read');
    expect(book.saved_at).toBe('2019-08-24T04:56:00.000Z'); // the earliest highlight
    expect(book.tags).toEqual([]);
    expect(book.highlights).toEqual([
      {
        quote: 'An archive you cannot search is a drawer you never open.',
        note: 'Use this in the README',
        color: 'yellow',
        tags: ['archiving', 'quotes'],
        created_at: '2019-08-24T04:56:00.000Z',
      },
      {
        quote: 'Save the page, not the link: links rot, pages stay.',
        color: 'yellow', // Readwise's orange: Kho's nearest swatch
        tags: ['archiving'],
        created_at: '2019-08-24T04:58:00.000Z',
      },
      {
        quote:
          'Three habits make a reading archive useful:\n\n1. tag while you read,\n2. write one line on why you kept it,\n3. come back once a month.',
        note: 'Which of these do I actually do? "None" is not an answer.',
        color: 'blue',
        tags: ['habits', 'interesting facts'],
        created_at: '2019-08-25T21:10:00.000Z',
      },
    ]);
  });

  it('reads document tags and microsecond times (Vietnamese document)', async () => {
    const r = await parseFixture('readwise/readwise-export.csv');
    const hanoi = byTitle(r, 'Ghi chép về Hà Nội');
    expect(hanoi.title).toBe('Ghi chép về Hà Nội'.normalize('NFC'));
    expect(hanoi.tags).toEqual(['du lịch', 'việt nam']);
    expect(hanoi.saved_at).toBe('2026-06-22T10:34:20.125Z'); // 10:34:20.125876, cut to milliseconds
    expect(hanoi.highlights.map((h) => [h.quote, h.note, h.created_at])).toEqual([
      ['Hà Nội có ba mươi sáu phố phường.', 'Câu mở đầu hay.', '2026-06-22T10:34:42.964Z'],
      [
        'Ở đây, mỗi con phố từng mang tên một nghề: Hàng Bạc, Hàng Đường, Hàng Mã.',
        undefined,
        '2026-06-22T10:34:20.125Z',
      ],
    ]);
  });

  it('names a row with no highlighted text or no document, and keeps the rest', async () => {
    const csv = [
      'Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at,Document tags',
      'A kept line.,Doc,Author,,,,,order,1,2024-05-01 10:00:00+00:00,',
      ',Doc,Author,,a note with no passage,,,order,2,2024-05-01 10:01:00+00:00,',
      'Orphan line.,,,,,,,,,,',
      'Bad time.,Doc,Author,,,,,order,3,tomorrow,',
    ].join('\n');
    const r = await parseImport('readwise.csv', Buffer.from(csv));
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]!.highlights.map((h) => h.quote)).toEqual(['A kept line.', 'Bad time.']);
    expect(r.problems).toEqual([
      {
        where: 'row 3',
        message:
          'The row has no highlighted text (its note "a note with no passage" was not imported); skipped.',
      },
      { where: 'row 4', message: 'The highlight has no Book Title, so it belongs to no document; skipped.' },
      {
        where: 'document "Doc" (from row 2)',
        message: 'Highlight 2: its date was left out: "tomorrow" is not a date Kho can read.',
      },
    ]);
  });
});
