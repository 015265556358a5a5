import { dayStamp, type ExportDoc, type ExportFile } from './types.js';

/**
 * Readwise's CSV import: one row per highlight under the columns Readwise's import page names, in its order.
 * Only Highlight is required there; Date is read as UTC "YYYY-MM-DD HH:MM:SS". Readwise has no colour column,
 * and its tags travel inside the note as inline tags (a note line of ".tag" words, Readwise's "action tags"),
 * which take no spaces: a Kho tag's spaces become "-".
 */
export const READWISE_COLUMNS = ['Highlight', 'Title', 'Author', 'URL', 'Note', 'Location', 'Date'] as const;

/**
 * RFC 4180 quoting only. Unlike Kho's spreadsheet CSV there is no apostrophe before "=", "+", "-" or "@":
 * the file is for Readwise, where that apostrophe would become part of the highlight.
 */
function cell(value: string | number | null): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function readwiseTag(tag: string): string {
  return '.' + tag.trim().replace(/\s+/g, '-');
}

/** The Note cell: inline tags on the first line, then the note itself. */
export function readwiseNote(note: string | null, tags: readonly string[]): string | null {
  const tagLine = tags.map(readwiseTag).join(' ');
  const text = note?.trim() ? note.trim() : '';
  if (!tagLine) return text || null;
  return text ? `${tagLine}\n${text}` : tagLine;
}

/** "2024-05-01 08:30:00" in UTC, the form Readwise's importer reads. */
export function readwiseDate(iso: string): string {
  return new Date(iso).toISOString().slice(0, 19).replace('T', ' ');
}

export function readwiseCsv(docs: ExportDoc[], now = new Date()): ExportFile {
  const rows: string[] = [READWISE_COLUMNS.join(',')];
  for (const { article, annotations } of docs) {
    // Location orders highlights inside a document: their place in reading order, from 1.
    annotations.forEach((a, i) => {
      rows.push(
        [
          a.exact,
          article.title,
          article.byline,
          article.url,
          readwiseNote(a.note, a.tags),
          i + 1,
          readwiseDate(a.created_at),
        ]
          .map(cell)
          .join(','),
      );
    });
  }
  return {
    filename: `kho-readwise-${dayStamp(now)}.csv`,
    mime: 'text/csv; charset=utf-8',
    encoding: 'utf8',
    // No byte-order mark: Readwise would read it as part of the first column's name.
    content: rows.join('\r\n') + '\r\n',
  };
}
