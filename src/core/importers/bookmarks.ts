import { buildEntry, type EntryDraft } from './build.js';
import type { ImportEntry } from './entry.js';
import { flatTag, folderTag, line, splitTags } from './fields.js';
import {
  isChromeBookmarks,
  isFirefoxBookmarks,
  parseChromeBookmarks,
  parseFirefoxBookmarks,
} from './bookmarks-json.js';
import { streamHtml } from './html.js';
import type { ProblemList } from './limits.js';
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
 * DT and DD are never closed; every <DL> is. The tags are read as a stream in document order: an
 * <H3> names the folder of the next <DL>, each <A> is a bookmark filed under the folders of the
 * <DL>s open around it (-> one nested tag "Folder/Sub"), and the text of a <DD> right after a
 * bookmark is its description (links and markup inside a description are part of its text).
 * TAGS are split on commas, or on spaces when there is no comma (Shaarli's older exports).
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
    return { variant: 'Netscape bookmarks HTML', entries: parseNetscape(body, problems) };
  },
};
export default bookmarks;

interface Pending {
  attrs: Record<string, string>;
  folders: string[];
  title: string;
  description?: string;
}

/** The walk described at the top, over htmlparser2's tag stream. */
function parseNetscape(body: string, problems: ProblemList): ImportEntry[] {
  const entries: ImportEntry[] = [];
  const folders: string[] = [];
  /** For each open <DL>: whether it opened a named folder. */
  const lists: boolean[] = [];
  let pendingFolder: string | null = null;
  let capture: 'h3' | 'a' | 'dd' | null = null;
  let buf = '';
  let current: Pending | null = null;
  let n = 0;

  const endCapture = () => {
    if (capture === 'a' && current) current.title = buf;
    else if (capture === 'dd' && current) current.description = buf.trim();
    else if (capture === 'h3') pendingFolder = line(buf) ?? '';
    capture = null;
    buf = '';
  };
  const flush = () => {
    endCapture();
    if (!current) return;
    n++;
    const entry = buildEntry(bookmark(current), `bookmark ${n}`, problems);
    if (entry) entries.push(entry);
    current = null;
  };

  streamHtml(body, {
    open(name, attrs) {
      if (capture === 'dd' && name !== 'dt' && name !== 'dl' && name !== 'h3') return; // markup inside a description
      switch (name) {
        case 'dt':
          flush();
          break;
        case 'h3':
          flush();
          capture = 'h3';
          break;
        case 'dl': {
          flush();
          const named = pendingFolder;
          pendingFolder = null;
          if (named !== null) folders.push(named);
          lists.push(named !== null);
          break;
        }
        case 'a':
          flush();
          pendingFolder = null;
          current = { attrs, folders: [...folders], title: '' };
          capture = 'a';
          break;
        case 'dd':
          endCapture();
          // A <DD> right after a bookmark describes it; after a folder it describes the folder.
          if (current && current.description === undefined) capture = 'dd';
          break;
      }
    },
    text(text) {
      if (capture) buf += text;
    },
    close(name) {
      if (
        (name === 'a' && capture === 'a') ||
        (name === 'h3' && capture === 'h3') ||
        (name === 'dd' && capture === 'dd')
      ) {
        endCapture();
      } else if (name === 'dl') {
        flush();
        if (lists.pop()) folders.pop();
      }
    },
  });
  flush();
  return entries;
}

function bookmark(b: Pending): EntryDraft {
  const raw = b.attrs.tags ?? '';
  const own = splitTags(raw, raw.includes(',') ? ',' : /\s+/).map(flatTag);
  return {
    url: b.attrs.href,
    title: b.title,
    saved_at: b.attrs.add_date,
    updated_at: b.attrs.last_modified,
    // Scuttle writes the description as an attribute rather than a <DD>.
    description: b.description || b.attrs.description,
    tags: b.folders.length ? [folderTag(b.folders), ...own] : own,
  };
}
