import { buildEntry } from './build.js';
import type { ImportEntry } from './entry.js';
import { flatTag, folderTag, line, splitTags, text } from './fields.js';
import {
  isChromeBookmarks,
  isFirefoxBookmarks,
  parseChromeBookmarks,
  parseFirefoxBookmarks,
} from './bookmarks-json.js';
import { attr, parseHtmlDocument } from './html.js';
import { parseJson, wrongFormat, type Importer } from './source.js';

/**
 * Netscape bookmark files, the HTML every browser exports (Chrome, Firefox, Safari, Edge/IE) and
 * Delicious, Pinboard, Shaarli, Scuttle and Google Bookmarks write:
 *
 *   <DL><p>
 *     <DT><H3 ADD_DATE=...>Folder</H3>
 *     <DL><p>
 *       <DT><A HREF=... ADD_DATE=... LAST_MODIFIED=... TAGS="a,b">Title</A>
 *       <DD>Description
 *     </DL><p>
 *   </DL>
 *
 * DT and DD are never closed, so an HTML parser nests them oddly, but every <DL> is closed
 * explicitly and its tree position is right. The walk goes in document order: an <H3> names the
 * folder of the next <DL>, each <A> in a <DT> is a bookmark filed under the folders of its
 * enclosing <DL>s (-> one nested tag "Folder/Sub"), and a <DD> right after a bookmark is its
 * description (its own text, not the lists a parser may have put inside it). TAGS are split on
 * commas, or on spaces when there is no comma (Shaarli's older exports).
 * Chrome's and Firefox's own JSON bookmark files are read too (bookmarks-json.ts).
 */

const bookmarks: Importer = {
  format: 'bookmarks',
  label: 'a bookmarks file',
  expected:
    'a bookmarks HTML file as browsers export it ("Netscape bookmark file": <DL>, <DT> and <A HREF> lists), Chrome\'s Bookmarks file or a Firefox bookmarks backup (JSON)',
  detect({ head, zipNames }) {
    if (zipNames) return false;
    return (
      /<!DOCTYPE\s+NETSCAPE-Bookmark-file/i.test(head) ||
      (/<dl[\s>]/i.test(head) && /<dt[\s>]/i.test(head) && /<a\s[^>]*href/i.test(head)) ||
      isChromeBookmarks(head) ||
      isFirefoxBookmarks(head)
    );
  },
  async parse({ source, problems }) {
    const body = source.text();
    if (/^\s*[[{]/.test(body)) {
      const data = parseJson(body, source.name, bookmarks);
      const chrome = parseChromeBookmarks(data, problems);
      if (chrome) return { variant: 'Chrome bookmarks JSON', entries: chrome };
      const firefox = parseFirefoxBookmarks(data, problems);
      if (firefox) return { variant: 'Firefox bookmarks backup JSON', entries: firefox };
      throw wrongFormat(bookmarks, source.name, 'this JSON is neither a Chrome nor a Firefox bookmarks file');
    }
    if (!/<dt[\s>]/i.test(body) && !/<!DOCTYPE\s+NETSCAPE-Bookmark-file/i.test(body)) {
      throw wrongFormat(bookmarks, source.name, 'it has no bookmark lists');
    }
    const doc = parseHtmlDocument(body);
    const entries: ImportEntry[] = [];
    const folders: string[] = [];
    let pendingFolder: string | null = null;
    let last: { draft: Parameters<typeof buildEntry>[0]; where: string } | null = null;
    let n = 0;

    const flush = () => {
      if (!last) return;
      const entry = buildEntry(last.draft, last.where, problems);
      if (entry) entries.push(entry);
      last = null;
    };

    // Iterative walk in document order (deeply nested junk must not overflow the stack).
    // The document itself: without an <html> wrapper linkedom keeps several top-level elements.
    const root = doc as unknown as Element;
    const stack: { el: Element; leaveFolder?: boolean }[] = [{ el: root }];
    const pushChildren = (el: Element) => {
      const kids = Array.from(el.children);
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ el: kids[i]! });
    };
    while (stack.length) {
      const { el, leaveFolder } = stack.pop()!;
      if (leaveFolder !== undefined) {
        if (leaveFolder) folders.pop();
        continue;
      }
      const tag = el.localName;
      if (tag === 'h3') {
        flush();
        pendingFolder = line(el.textContent) ?? '';
      } else if (tag === 'dl') {
        flush();
        const named = pendingFolder;
        pendingFolder = null;
        if (named !== null) folders.push(named);
        stack.push({ el, leaveFolder: named !== null });
        pushChildren(el);
      } else if (tag === 'a' && nearestItem(el) !== 'dd') {
        flush();
        pendingFolder = null;
        n++;
        last = { draft: bookmark(el, folders), where: `bookmark ${n}` };
      } else {
        if (tag === 'dd' && last && last.draft.description === undefined)
          last.draft.description = ownText(el);
        pushChildren(el);
      }
    }
    flush();
    return { variant: 'Netscape bookmarks HTML', entries };
  },
};
export default bookmarks;

function bookmark(a: Element, folders: readonly string[]) {
  const raw = attr(a, 'tags') ?? '';
  const own = splitTags(raw, raw.includes(',') ? ',' : /\s+/).map(flatTag);
  return {
    url: attr(a, 'href'),
    title: a.textContent,
    saved_at: attr(a, 'add_date'),
    updated_at: attr(a, 'last_modified'),
    // Scuttle writes the description as an attribute rather than a <DD>.
    description: text(attr(a, 'description')) as unknown,
    tags: folders.length ? [folderTag(folders), ...own] : own,
  };
}

/** Whether the closest DT/DD around a link is a DT (a bookmark) or a DD (a link inside a description). */
function nearestItem(el: Element): 'dt' | 'dd' | null {
  let depth = 0;
  for (let p = el.parentElement; p && depth < 16; p = p.parentElement, depth++) {
    if (p.localName === 'dt' || p.localName === 'dd') return p.localName;
  }
  return null;
}

/** A DD's own text: a parser may have nested the following lists inside it, which are not its text. */
function ownText(dd: Element): string {
  let out = '';
  const stack: Node[] = Array.from(dd.childNodes).reverse();
  while (stack.length) {
    const node = stack.pop()!;
    if (node.nodeType === 3) out += node.nodeValue ?? '';
    else if (node.nodeType === 1) {
      const tag = (node as Element).localName;
      if (tag === 'dl' || tag === 'dt' || tag === 'h3') break;
      for (const c of Array.from(node.childNodes).reverse()) stack.push(c);
    }
  }
  return out.trim();
}
