import { buildEntry, type EntryDraft } from './build.js';
import type { ImportEntry } from './entry.js';
import { flatTag } from './fields.js';
import type { ProblemList } from './limits.js';
import { parseOmnivoreHighlights } from './omnivore-highlights.js';
import { jsonHasKeys, parseJson, readMemberText, wrongFormat, type Importer } from './source.js';
import type { ZipMember } from './zip.js';

/**
 * Omnivore's export zip (packages/api/src/jobs/export.ts): metadata_{from}_to_{to}.json files (a
 * list of items: id, slug, title, description, author, url, state Active|Archived|Unknown,
 * readingProgress 0-100, thumbnail, labels, savedAt, updatedAt, publishedAt), content/{slug}.html
 * (the readable article; content/{slug}.pdf for PDFs, which Kho fetches instead) and
 * highlights/{slug}.md (see omnivore-highlights.ts). A metadata JSON file alone (what some tools
 * pass around) imports too, without content or highlights. A zip whose files sit in one top folder
 * (re-zipped after unpacking) is read the same way.
 */

const METADATA = /^(?:([^/]+\/))?metadata(?:_\d+_to_\d+)?\.json$/i;

const omnivore: Importer = {
  format: 'omnivore',
  label: 'an Omnivore export',
  expected:
    "Omnivore's export zip (metadata_*_to_*.json with content/ and highlights/ folders) or one of its metadata JSON files",
  detect({ head, zipNames }) {
    if (zipNames) return zipNames.some((n) => METADATA.test(n));
    return jsonHasKeys(head, ['slug', 'savedAt', 'url']);
  },
  async parse({ source, problems }) {
    if (!source.isZip) {
      const data = parseJson(source.text(), source.name, omnivore);
      return { variant: 'Omnivore metadata JSON', entries: fromItems(data, source.name, problems) };
    }
    const zip = await source.zip(problems);
    try {
      const metadata = zip.members
        .filter((m) => METADATA.test(m.name))
        .sort((a, b) => firstIndex(a.name) - firstIndex(b.name) || a.name.localeCompare(b.name));
      if (metadata.length === 0)
        throw wrongFormat(omnivore, source.name, 'the zip holds no metadata_*.json file');
      const root = METADATA.exec(metadata[0]!.name)![1] ?? '';
      const byName = new Map(zip.members.map((m) => [m.name, m]));
      const used = new Set<string>(metadata.map((m) => m.name));
      const entries: ImportEntry[] = [];
      for (const file of metadata) {
        const body = await readMemberText(file, problems);
        if (body === null) continue;
        let data: unknown;
        try {
          data = JSON.parse(body);
        } catch (e) {
          problems.add(
            `entry ${file.name}`,
            `It is not valid JSON (${(e as Error).message}); its items were skipped.`,
          );
          continue;
        }
        entries.push(...(await fromItemsWithFiles(data, { root, byName, used }, file.name, problems)));
      }
      for (const m of zip.members) {
        if (used.has(m.name) || !m.name.startsWith(root)) continue;
        const rest = m.name.slice(root.length);
        if (/^content\/[^/]+\.html?$/i.test(rest) || /^highlights\/[^/]+\.md$/i.test(rest)) {
          problems.add(`entry ${m.name}`, 'No item in the metadata files has this slug; skipped.');
        }
      }
      return { variant: 'Omnivore export zip', entries };
    } finally {
      zip.close();
    }
  },
};
export default omnivore;

type Item = Record<string, unknown>;

interface ZipFiles {
  root: string;
  byName: Map<string, ZipMember>;
  used: Set<string>;
}

function firstIndex(name: string): number {
  const m = /metadata_(\d+)_to_/i.exec(name);
  return m ? Number(m[1]) : 0;
}

/** A bare metadata file: entries without content or highlights. */
function fromItems(data: unknown, name: string, problems: ProblemList): ImportEntry[] {
  if (!Array.isArray(data)) throw wrongFormat(omnivore, name, 'it is not a list of items');
  const entries: ImportEntry[] = [];
  data.forEach((item: unknown, i) => {
    const where = `entry ${i + 1}`;
    if (!isItem(item)) return problems.add(where, 'It is not an item (an object with a url); skipped.');
    const entry = buildEntry(draftOf(item), where, problems);
    if (entry) entries.push(entry);
  });
  return entries;
}

async function fromItemsWithFiles(
  data: unknown,
  files: ZipFiles,
  fileName: string,
  problems: ProblemList,
): Promise<ImportEntry[]> {
  if (!Array.isArray(data)) {
    problems.add(`entry ${fileName}`, 'It is not a list of items; skipped.');
    return [];
  }
  const entries: ImportEntry[] = [];
  for (const [i, item] of data.entries()) {
    const where = `entry ${fileName}, item ${i + 1}`;
    if (!isItem(item)) {
      problems.add(where, 'It is not an item (an object with a url); skipped.');
      continue;
    }
    const draft = draftOf(item);
    const slug = typeof item.slug === 'string' ? item.slug : null;
    if (slug) {
      const content = await member(files, `content/${slug}.html`, problems);
      if (content !== null) draft.content_html = content;
      if (files.byName.has(`${files.root}content/${slug}.pdf`))
        files.used.add(`${files.root}content/${slug}.pdf`);
      const md = await member(files, `highlights/${slug}.md`, problems);
      if (md !== null) {
        const parsed = parseOmnivoreHighlights(md);
        draft.highlights = parsed.highlights.map((h) => ({
          quote: h.quote,
          note: h.note,
          tags: h.labels.map(flatTag).filter((t): t is string => t !== undefined),
        }));
        if (parsed.pageNote) draft.note = parsed.pageNote;
      }
    }
    const entry = buildEntry(draft, where, problems);
    if (entry) entries.push(entry);
  }
  return entries;
}

async function member(files: ZipFiles, path: string, problems: ProblemList): Promise<string | null> {
  const m = files.byName.get(files.root + path);
  if (!m) return null;
  files.used.add(m.name);
  return readMemberText(m, problems);
}

function isItem(x: unknown): x is Item {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function draftOf(x: Item): EntryDraft {
  const progress = typeof x.readingProgress === 'number' ? x.readingProgress / 100 : undefined;
  return {
    url: x.url,
    title: x.title,
    description: x.description,
    byline: x.author,
    saved_at: x.savedAt,
    updated_at: x.updatedAt,
    published_at: x.publishedAt,
    status: x.state === 'Archived' ? 'archived' : 'unread',
    ...(progress !== undefined ? { reading_progress: progress } : {}),
    tags: labelNames(x.labels).map(flatTag),
  };
}

/** Labels are names in the export; the API's {name} objects are accepted too. */
function labelNames(labels: unknown): string[] {
  if (!Array.isArray(labels)) return [];
  return labels
    .map((l: unknown) => (typeof l === 'string' ? l : isItem(l) && typeof l.name === 'string' ? l.name : ''))
    .filter(Boolean);
}
