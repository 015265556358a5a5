import type { Lang } from '../i18n/index.js';

const DATE_FORMATS: Record<Lang, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }),
  // "28 tháng 1, 2022", as Vietnamese is written ("thg 1", the short month, reads as an abbreviation).
  vi: new Intl.DateTimeFormat('vi-VN', { day: 'numeric', month: 'long', year: 'numeric' }),
};

export function formatDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return DATE_FORMATS[lang].format(d);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** Text split by [start, end) UTF-16 ranges: alternating plain and marked pieces. */
export function splitByRanges(
  text: string,
  ranges: ReadonlyArray<readonly [number, number]>,
): Array<{ text: string; mark: boolean }> {
  const sorted = ranges
    .map(([s, e]) => [Math.max(0, Math.min(s, text.length)), Math.max(0, Math.min(e, text.length))] as const)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const out: Array<{ text: string; mark: boolean }> = [];
  let pos = 0;
  for (const [s, e] of sorted) {
    const start = Math.max(s, pos);
    if (e <= start) continue;
    if (start > pos) out.push({ text: text.slice(pos, start), mark: false });
    out.push({ text: text.slice(start, e), mark: true });
    pos = e;
  }
  if (pos < text.length) out.push({ text: text.slice(pos), mark: false });
  return out;
}

export interface TagNode {
  name: string;
  /** Full tag path ("a/b"). */
  path: string;
  /** Articles with exactly this tag (0 for a level that exists only as a parent). */
  count: number;
  exists: boolean;
  children: TagNode[];
}

/** Tags nested by "/": "news/vn" sits under "news" (created as a bare level when absent). */
export function tagTree(tags: ReadonlyArray<{ name: string; count: number }>): TagNode[] {
  const root: TagNode = { name: '', path: '', count: 0, exists: false, children: [] };
  const byPath = new Map<string, TagNode>();
  const sorted = [...tags].sort((a, b) => a.name.localeCompare(b.name));
  for (const tag of sorted) {
    const parts = tag.name.split('/');
    let parent = root;
    let path = '';
    parts.forEach((part, i) => {
      path = path ? `${path}/${part}` : part;
      let node = byPath.get(path);
      if (!node) {
        node = { name: part, path, count: 0, exists: false, children: [] };
        byPath.set(path, node);
        parent.children.push(node);
      }
      if (i === parts.length - 1) {
        node.exists = true;
        node.count = tag.count;
      }
      parent = node;
    });
  }
  return root.children;
}

export function parseTagList(input: string): string[] {
  return input
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

let jobCounter = 0;
export function newJobId(prefix: string): string {
  jobCounter += 1;
  const rand = Math.random().toString(36).slice(2, 10);
  return `${prefix}-${Date.now().toString(36)}-${jobCounter}-${rand}`;
}
