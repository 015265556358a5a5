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
] as const;

const readwise: Importer = {
  format: 'readwise',
  label: 'a Readwise export',
  expected:
    "Readwise's CSV export (columns Highlight, Book Title, Book Author, Amazon Book ID, Note, Color, Tags, Location Type, Location, Highlighted at, Document tags)",
  detect({ head, zipNames }) {
    if (zipNames) return false;
    const cols = headerNames(head);
    return cols.includes('highlight') && cols.includes('book title');
  },
  async parse({ source, problems }) {
    const table = readCsv(source.text(), problems);
    const col = columnIndex(table.header, COLUMNS);
    if (col.highlight! < 0 || col['book title']! < 0) {
      throw wrongFormat(readwise, source.name, `its first row is "${table.header.join(',').slice(0, 100)}"`);
    }
    const at = (f: string[], c: (typeof COLUMNS)[number]) => (col[c]! >= 0 ? f[col[c]!] : undefined);

    interface Doc {
      title: unknown;
      author: unknown;
      firstRow: number;
      tags: string[];
      highlights: HighlightDraft[];
      earliest?: string;
    }
    const docs = new Map<string, Doc>();
    for (const row of table.rows) {
      const f = rowFields(row, table.header.length, problems);
      if (!f) continue;
      const title = line(at(f, 'book title'));
      if (!title) {
        problems.add(
          `row ${row.row}`,
          'The highlight has no Book Title, so it belongs to no document; skipped.',
        );
        continue;
      }
      const author = line(at(f, 'book author'));
      const key = `${title}\u0000${author ?? ''}`;
      let doc = docs.get(key);
      if (!doc) {
        doc = { title, author, firstRow: row.row, tags: [], highlights: [] };
        docs.set(key, doc);
      }
      for (const t of splitTags(at(f, 'document tags'), ',')) if (!doc.tags.includes(t)) doc.tags.push(t);
      const time = parseTime(at(f, 'highlighted at'));
      if (time?.ok && (!doc.earliest || time.value < doc.earliest)) doc.earliest = time.value;
      if (!text(at(f, 'highlight'))) {
        const note = text(at(f, 'note'));
        problems.add(
          `row ${row.row}`,
          `The row has no highlighted text${note ? ` (its note "${note.slice(0, 60)}" was not imported)` : ''}; skipped.`,
        );
        continue;
      }
      doc.highlights.push({
        quote: at(f, 'highlight'),
        note: at(f, 'note'),
        color: at(f, 'color'),
        tags: splitTags(at(f, 'tags'), ',')
          .map(flatTag)
          .filter((t): t is string => t !== undefined),
        created_at: at(f, 'highlighted at'),
      });
    }

    const entries: ImportEntry[] = [];
    for (const doc of docs.values()) {
      const entry = buildEntry(
        {
          url: null,
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
    return { variant: 'Readwise CSV', entries };
  },
};
export default readwise;
