import { buildEntry } from './build.js';
import { columnIndex, readCsv, rowFields } from './csv.js';
import type { ImportEntry } from './entry.js';
import { flatTag, quoteValue, text } from './fields.js';
import { headerNames, wrongFormat, type Importer } from './source.js';

/**
 * Instapaper's CSV export in its three generations:
 * - URL,Title,Selection,Folder (old);
 * - URL,Title,Selection,Folder,Timestamp (Unix seconds);
 * - URL,Title,Selection,Folder,Timestamp,Tags (Tags: a JSON list in one cell, e.g. ["react","js"]).
 * Folder is a state or a folder: Unread -> unread, Archive -> archived, Starred -> favourite
 * (unread); any other folder name becomes a tag. Selection (text selected when saving) becomes
 * the description.
 */

const COLUMNS = ['url', 'title', 'selection', 'folder', 'timestamp', 'tags'] as const;

const instapaper: Importer = {
  format: 'instapaper',
  label: 'an Instapaper export',
  expected:
    "Instapaper's CSV export (columns URL, Title, Selection, Folder, and in newer exports Timestamp and Tags)",
  detect({ head, zipNames }) {
    if (zipNames) return false;
    const cols = headerNames(head);
    return ['url', 'title', 'selection', 'folder'].every((c) => cols.includes(c));
  },
  async parse({ source, problems }) {
    const table = readCsv(source.text(), problems);
    const col = columnIndex(table.header, COLUMNS);
    if (col.url! < 0 || col.folder! < 0) {
      throw wrongFormat(
        instapaper,
        source.name,
        `its first row is "${table.header.join(',').slice(0, 100)}"`,
      );
    }
    const at = (f: string[], c: (typeof COLUMNS)[number]) => (col[c]! >= 0 ? f[col[c]!] : undefined);
    const entries: ImportEntry[] = [];
    for (const row of table.rows) {
      const f = rowFields(row, table.header.length, problems);
      if (!f) continue;
      const where = `row ${row.row}`;
      const folder = text(at(f, 'folder')) ?? 'Unread';
      const tags = readTags(at(f, 'tags'), (message) => problems.add(where, message));
      const state = folder.toLowerCase();
      if (!['unread', 'archive', 'starred'].includes(state)) tags.push(folder);
      const entry = buildEntry(
        {
          url: at(f, 'url'),
          title: at(f, 'title'),
          description: at(f, 'selection'),
          saved_at: at(f, 'timestamp'),
          tags: tags.map(flatTag),
          status: state === 'archive' ? 'archived' : 'unread',
          favorite: state === 'starred',
        },
        where,
        problems,
      );
      if (entry) entries.push(entry);
    }
    const variant =
      col.tags! >= 0
        ? 'Instapaper CSV (with tags)'
        : col.timestamp! >= 0
          ? 'Instapaper CSV (with timestamps)'
          : 'Instapaper CSV';
    return { variant, entries };
  },
};
export default instapaper;

/** The Tags cell: a JSON list of names; anything else is reported and the row imports without them. */
function readTags(cell: string | undefined, warn: (message: string) => void): string[] {
  const raw = text(cell);
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    warn(`The Tags cell ${quoteValue(raw)} is not a JSON list of tags; imported without its tags.`);
    return [];
  }
  if (!Array.isArray(parsed)) {
    warn(`The Tags cell ${quoteValue(raw)} is not a list; imported without its tags.`);
    return [];
  }
  return parsed
    .map((t: unknown) =>
      typeof t === 'string' ? t : t && typeof t === 'object' && 'name' in t ? String(t.name) : '',
    )
    .filter(Boolean);
}
