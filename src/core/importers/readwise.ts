import { buildEntry, type HighlightDraft } from './build.js';
import { columnIndex, readCsv, rowFields } from './csv.js';
import type { ImportEntry } from './entry.js';
import { flatTag, line, parseTime, splitTags, text } from './fields.js';
import { headerNames, wrongFormat, type Importer } from './source.js';

/**
 * Readwise's CSV export: one row per highlight, with the columns Highlight, Book Title,
 * Book Author, Amazon Book ID, Note, Color, Tags, Location Type, Location, Highlighted at,
 * Document tags. Rows are grouped into one entry per document (same title and author, in the
 * order documents first appear); each row becomes a highlight with its note, colour, tags and
 * time. Document tags (comma-separated) become the entry's tags, and the earliest highlight time
 * its save date. The export carries no web address, so entries have url null: the archive matches
 * them by title and they keep their highlights until their page is found.
 *
 * Readwise's CSV import layout (Highlight, Title, Author, URL, Note, Location, Date; what other apps, Kho's
 * readwise-csv export among them, write for Readwise) is read too: URL gives the address, Date the time, and
 * a first note line made only of ".tag" words (Readwise's inline tags) gives the highlight's tags.
 */

const COLUMNS = [
  'highlight',
  'book title',
  'book author',
  'note',
  'color',
  'tags',
  'location type',
  'location',
  'highlighted at',
  'document tags',
  'title',
  'author',
  'url',
  'date',
] as const;

/** A note's first line of Readwise inline tags (".tag .other"): the tags, and the note without that line. */
export function inlineTags(note: string | undefined): { tags: string[]; note: string | undefined } {
  if (!note) return { tags: [], note };
  const [first = '', ...rest] = note.replace(/\r\n?/g, '\n').split('\n');
  const words = first.trim().split(/\s+/);
  if (!words.every((w) => /^\.[^\s.]\S*$/.test(w))) return { tags: [], note };
  const body = rest.join('\n').trim();
  return { tags: words.map((w) => w.slice(1)), note: body || undefined };
}

const readwise: Importer = {
  format: 'readwise',
  label: 'a Readwise export',
  expected:
    "Readwise's CSV export (columns Highlight, Book Title, Book Author, Amazon Book ID, Note, Color, Tags, Location Type, Location, Highlighted at, Document tags) or its import layout (Highlight, Title, Author, URL, Note, Location, Date)",
  detect({ head, zipNames }) {
    if (zipNames) return false;
    const cols = headerNames(head);
    return cols.includes('highlight') && (cols.includes('book title') || cols.includes('title'));
  },
  async parse({ source, problems }) {
    const table = readCsv(source.text(), problems);
    const col = columnIndex(table.header, COLUMNS);
    const importLayout = col['book title']! < 0 && col.title! >= 0;
    if (col.highlight! < 0 || (col['book title']! < 0 && !importLayout)) {
      throw wrongFormat(readwise, source.name, `its first row is "${table.header.join(',').slice(0, 100)}"`);
    }
    const at = (f: string[], c: (typeof COLUMNS)[number]) => (col[c]! >= 0 ? f[col[c]!] : undefined);

    interface Doc {
      title: unknown;
      author: unknown;
      url: unknown;
      firstRow: number;
      tags: string[];
      highlights: HighlightDraft[];
      earliest?: string;
    }
    const docs = new Map<string, Doc>();
    for (const row of table.rows) {
      const f = rowFields(row, table.header.length, problems);
      if (!f) continue;
      const title = line(at(f, importLayout ? 'title' : 'book title'));
      if (!title) {
        problems.add(
          `row ${row.row}`,
          'The highlight has no Book Title, so it belongs to no document; skipped.',
        );
        continue;
      }
      const author = line(at(f, importLayout ? 'author' : 'book author'));
      const url = importLayout ? line(at(f, 'url')) : undefined;
      const key = `${title}\u0000${author ?? ''}\u0000${url ?? ''}`;
      let doc = docs.get(key);
      if (!doc) {
        doc = { title, author, url, firstRow: row.row, tags: [], highlights: [] };
        docs.set(key, doc);
      }
      for (const t of splitTags(at(f, 'document tags'), ',')) if (!doc.tags.includes(t)) doc.tags.push(t);
      const created = at(f, importLayout ? 'date' : 'highlighted at');
      const time = parseTime(created);
      if (time?.ok && (!doc.earliest || time.value < doc.earliest)) doc.earliest = time.value;
      if (!text(at(f, 'highlight'))) {
        const note = text(at(f, 'note'));
        problems.add(
          `row ${row.row}`,
          `The row has no highlighted text${note ? ` (its note "${note.slice(0, 60)}" was not imported)` : ''}; skipped.`,
        );
        continue;
      }
      const inline = importLayout ? inlineTags(at(f, 'note')) : { tags: [], note: at(f, 'note') };
      doc.highlights.push({
        quote: at(f, 'highlight'),
        note: inline.note,
        color: at(f, 'color'),
        tags: [...splitTags(at(f, 'tags'), ','), ...inline.tags]
          .map(flatTag)
          .filter((t): t is string => t !== undefined),
        created_at: created,
      });
    }

    const entries: ImportEntry[] = [];
    for (const doc of docs.values()) {
      const entry = buildEntry(
        {
          url: doc.url ?? null,
          urlOptional: true,
          title: doc.title,
          byline: doc.author,
          tags: doc.tags.map(flatTag),
          saved_at: doc.earliest,
          highlights: doc.highlights,
        },
        `document "${line(doc.title)}" (from row ${doc.firstRow})`,
        problems,
      );
      if (entry) entries.push(entry);
    }
    return { variant: importLayout ? 'Readwise CSV (import layout)' : 'Readwise CSV', entries };
  },
};
export default readwise;
