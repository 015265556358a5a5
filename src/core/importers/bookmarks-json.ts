import { buildEntry, type EntryDraft } from './build.js';
import type { ImportEntry } from './entry.js';
import { flatTag, folderTag, splitTags } from './fields.js';
import type { ProblemList } from './limits.js';

/**
 * The browsers' own JSON bookmark files, read into the same entries as their HTML exports:
 * - Chrome/Edge/Brave "Bookmarks" (profile folder): roots.{bookmark_bar,other,synced}, nodes of
 *   type "folder" (name, children) or "url" (name, url, date_added); times are microseconds since
 *   1601-01-01 (Windows FILETIME epoch).
 * - Firefox's bookmark backup (bookmarks-*.json): nested "text/x-moz-place-container" folders
 *   (title, children) and "text/x-moz-place" bookmarks (title, uri, dateAdded and lastModified in
 *   microseconds since 1970, tags "a,b", a description in annos).
 * Folders become one nested tag, as in the HTML format.
 */

type Node = Record<string, unknown>;

export function isChromeBookmarks(head: string): boolean {
  return /^\s*\{/.test(head) && head.includes('"roots"') && /"(bookmark_bar|other)"/.test(head);
}

export function isFirefoxBookmarks(head: string): boolean {
  return /^\s*\{/.test(head) && head.includes('"text/x-moz-place');
}

const CHROME_EPOCH_OFFSET_MS = 11_644_473_600_000; // 1601-01-01 to 1970-01-01

/** Chrome writes microseconds since 1601 as a decimal string; "0" means unknown. */
function chromeTime(v: unknown): string | undefined {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : typeof v === 'number' ? v : NaN;
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return new Date(Math.round(n / 1000 - CHROME_EPOCH_OFFSET_MS)).toISOString();
}

/** Firefox writes microseconds since 1970. */
function firefoxTime(v: unknown): string | undefined {
  return typeof v === 'number' && v > 0 ? new Date(Math.round(v / 1000)).toISOString() : undefined;
}

function isNode(x: unknown): x is Node {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Walks folders without recursion (a hostile file can nest deeply); `visit` sees bookmarks in order. */
function walkTree(
  roots: Node[],
  isFolder: (n: Node) => boolean,
  folderName: (n: Node) => string,
  visit: (n: Node, folders: string[]) => void,
): void {
  const stack: { node: Node; folders: string[] }[] = roots.map((node) => ({ node, folders: [] })).reverse();
  while (stack.length) {
    const { node, folders } = stack.pop()!;
    if (isFolder(node)) {
      const name = folderName(node);
      const inner = name ? [...folders, name] : folders;
      const kids = Array.isArray(node.children) ? node.children.filter(isNode) : [];
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i]!, folders: inner });
    } else {
      visit(node, folders);
    }
  }
}

export function parseChromeBookmarks(data: unknown, problems: ProblemList): ImportEntry[] | null {
  if (!isNode(data) || !isNode(data.roots)) return null;
  const roots = Object.values(data.roots).filter(isNode);
  const entries: ImportEntry[] = [];
  let n = 0;
  walkTree(
    roots,
    (node) => node.type === 'folder' || (node.type === undefined && Array.isArray(node.children)),
    (node) => (typeof node.name === 'string' ? node.name : ''),
    (node, folders) => {
      if (node.type !== 'url') return;
      n++;
      const draft: EntryDraft = {
        url: node.url,
        title: node.name,
        saved_at: chromeTime(node.date_added),
        tags: folders.length ? [folderTag(folders)] : [],
      };
      const entry = buildEntry(draft, `bookmark ${n}`, problems);
      if (entry) entries.push(entry);
    },
  );
  return entries;
}

export function parseFirefoxBookmarks(data: unknown, problems: ProblemList): ImportEntry[] | null {
  if (!isNode(data) || typeof data.type !== 'string' || !data.type.startsWith('text/x-moz-place'))
    return null;
  const entries: ImportEntry[] = [];
  let n = 0;
  walkTree(
    [data],
    (node) => node.type === 'text/x-moz-place-container',
    (node) => (typeof node.title === 'string' ? node.title : ''),
    (node, folders) => {
      if (node.type !== 'text/x-moz-place') return; // separators
      n++;
      const draft: EntryDraft = {
        url: node.uri,
        title: node.title,
        saved_at: firefoxTime(node.dateAdded),
        updated_at: firefoxTime(node.lastModified),
        description: description(node.annos),
        tags: [...(folders.length ? [folderTag(folders)] : []), ...splitTags(node.tags, ',').map(flatTag)],
      };
      const entry = buildEntry(draft, `bookmark ${n}`, problems);
      if (entry) entries.push(entry);
    },
  );
  return entries;
}

function description(annos: unknown): unknown {
  if (!Array.isArray(annos)) return undefined;
  const found = annos.find((a: unknown) => isNode(a) && a.name === 'bookmarkProperties/description');
  return isNode(found) ? found.value : undefined;
}
