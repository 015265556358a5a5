import { buildEntry } from './build.js';
import { columnIndex, readCsv, rowFields } from './csv.js';
import type { ImportEntry } from './entry.js';
import { flatTag, splitTags, text } from './fields.js';
import { streamHtml } from './html.js';
import type { ProblemList } from './limits.js';
import { headerNames, readMemberText, wrongFormat, type Importer } from './source.js';

/**
 * Pocket, in the three shapes it exported:
 * - CSV (2024-2025): title,url,time_added,tags,status — tags joined by "|", status unread|archive,
 *   time_added in Unix seconds (later exports add a `cursor` column, ignored);
 * - pocket.zip holding that CSV in parts (part_000000.csv, ...);
 * - ril_export.html (older): an <h1>Unread</h1> list and an <h1>Read Archive</h1> list of links
 *   with time_added and comma-separated tags attributes.
 */

const CSV_COLUMNS = ['title', 'url', 'time_added', 'tags', 'status'] as const;
const PART = /^(?:[^/]+\/)?part_\d+\.csv$/i;

const pocket: Importer = {
  format: 'pocket',
  label: 'a Pocket export',
  expected:
    "Pocket's CSV export (columns title, url, time_added, tags, status), the pocket.zip holding it, or the ril_export.html page",
  detect({ name, head, zipNames }) {
    if (zipNames) return zipNames.some((n) => PART.test(n));
    const cols = headerNames(head);
    if (cols.includes('url') && cols.includes('time_added') && cols.includes('title')) return true;
    return isPocketHtml(head) || (/ril_export\.html?$/i.test(name) && /<a\s[^>]*time_added=/i.test(head));
  },
  async parse({ source, problems }) {
    if (source.isZip) {
      const zip = await source.zip(problems);
      try {
        const parts = zip.members
          .filter((m) => PART.test(m.name))
          .sort((a, b) => a.name.localeCompare(b.name));
        if (parts.length === 0) throw wrongFormat(pocket, source.name, 'the zip holds no part_*.csv file');
        const entries: ImportEntry[] = [];
        for (const part of parts) {
          const csv = await readMemberText(part, problems);
          if (csv !== null) entries.push(...parseCsv(csv, source.name, problems, `entry ${part.name}, `));
        }
        return { variant: 'Pocket export zip', entries };
      } finally {
        zip.close();
      }
    }
    const body = source.text();
    if (/^\s*</.test(body))
      return { variant: 'Pocket HTML (ril_export.html)', entries: parseHtml(body, source.name, problems) };
    return { variant: 'Pocket CSV', entries: parseCsv(body, source.name, problems, '') };
  },
};
export default pocket;

function isPocketHtml(head: string): boolean {
  return /<title>\s*Pocket Export\s*<\/title>/i.test(head);
}

function parseCsv(body: string, name: string, problems: ProblemList, prefix: string): ImportEntry[] {
  const table = readCsv(body, problems);
  const col = columnIndex(table.header, CSV_COLUMNS);
  if (col.url! < 0 || col.title! < 0) {
    throw wrongFormat(pocket, name, `its first row is "${table.header.join(',').slice(0, 100)}"`);
  }
  const entries: ImportEntry[] = [];
  for (const row of table.rows) {
    const f = rowFields(row, table.header.length, problems);
    if (!f) continue;
    const at = (c: (typeof CSV_COLUMNS)[number]) => (col[c]! >= 0 ? f[col[c]!] : undefined);
    const entry = buildEntry(
      {
        url: at('url'),
        title: at('title'),
        saved_at: at('time_added'),
        tags: splitTags(at('tags'), '|').map(flatTag),
        status: text(at('status'))?.toLowerCase() === 'archive' ? 'archived' : 'unread',
      },
      `${prefix}row ${row.row}`,
      problems,
    );
    if (entry) entries.push(entry);
  }
  return entries;
}

function parseHtml(body: string, name: string, problems: ProblemList): ImportEntry[] {
  const entries: ImportEntry[] = [];
  let archived = false;
  let capture: 'h1' | 'a' | null = null;
  let buf = '';
  let link: Record<string, string> = {};
  let pocketLinks = 0;
  let n = 0;
  streamHtml(body, {
    open(tag, attrs) {
      if (tag === 'h1' || tag === 'a') {
        capture = tag;
        buf = '';
        if (tag === 'a') link = attrs;
      }
    },
    text(text) {
      if (capture) buf += text;
    },
    close(tag) {
      if (tag === 'h1' && capture === 'h1') {
        // Pocket titles its lists "Unread" and "Read Archive".
        archived = /archive/i.test(buf);
      } else if (tag === 'a' && capture === 'a') {
        n++;
        if (link.time_added !== undefined) pocketLinks++;
        const entry = buildEntry(
          {
            url: link.href,
            title: buf,
            saved_at: link.time_added,
            tags: splitTags(link.tags, ',').map(flatTag),
            status: archived ? 'archived' : 'unread',
          },
          `link ${n}`,
          problems,
        );
        if (entry) entries.push(entry);
      } else {
        return;
      }
      capture = null;
    },
  });
  if (!isPocketHtml(body) && pocketLinks === 0)
    throw wrongFormat(pocket, name, 'it has no Pocket lists of links');
  return entries;
}
