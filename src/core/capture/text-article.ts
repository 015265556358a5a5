import { escapeText, stripControlChars } from './sanitize.js';
import {
  isBoilerplateLine,
  isCaptionLine,
  parseDateLine,
  parseSignatureLine,
  parseSourceLine,
} from './text-lines.js';

/**
 * Plain text -> article. Text copied from a news page keeps the page's furniture as lines: a date
 * line, the title, an image caption, a "(site.com)" source line and a footer of share/comment
 * labels. Those become metadata or are dropped; everything else becomes paragraphs.
 *
 * Linear time and memory: a file of a million short lines is one pass over line offsets (typed
 * arrays, no object per line), and the article's HTML and its text (exactly what the shared text
 * model derives from that HTML; tests check it) are written directly, without building a DOM.
 */

export interface TextArticle {
  title: string | null;
  byline: string | null;
  siteName: string | null;
  publishedAt: string | null;
  excerpt: string | null;
  contentHtml: string;
  /** content_text of contentHtml under the text model (src/shared/text-model.ts). */
  contentText: string;
}

/** How far from each end metadata lines are looked for. */
const HEAD_BLOCKS = 6;
const TAIL_BLOCKS = 8;

/** A growable list of int32 pairs: [start, end) ranges without an object per range. */
class Ranges {
  private data = new Int32Array(1024);
  length = 0;
  push(a: number, b: number): void {
    if (this.length * 2 + 2 > this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length * 2] = a;
    this.data[this.length * 2 + 1] = b;
    this.length++;
  }
  start(i: number): number {
    return this.data[i * 2] as number;
  }
  end(i: number): number {
    return this.data[i * 2 + 1] as number;
  }
}

const EDGE_SPACE = /[\s\u200b]/;
/** ASCII whitespace runs, which the text model collapses to one space outside <pre>. */
const COLLAPSIBLE = /[ \t\n\f\r]+/g;

/** The input as the article will hold it: NFC, LF line ends, no BOM or control characters, tabs as spaces. */
function cleanInput(input: string): string {
  return stripControlChars(input.replace(/\r\n?/g, '\n').replace(/^\ufeff/, ''))
    .replace(/\t/g, '    ')
    .normalize('NFC');
}

/** Lines of `text` as trimmed [start, end) offsets (a blank line is an empty range). */
function scanLines(text: string): Ranges {
  const trimmed = new Ranges();
  let pos = 0;
  for (;;) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    let s = pos;
    let e = end;
    while (s < e && EDGE_SPACE.test(text[s] as string)) s++;
    while (e > s && EDGE_SPACE.test(text[e - 1] as string)) e--;
    trimmed.push(s, e);
    if (nl < 0) break;
    pos = nl + 1;
  }
  return trimmed;
}

/** The article's blocks as ranges of line numbers [first, last]. */
class Blocks {
  constructor(
    private readonly text: string,
    private readonly lines: Ranges,
    readonly ranges: Ranges,
  ) {}
  get length(): number {
    return this.ranges.length;
  }
  lineCount(i: number): number {
    return this.ranges.end(i) - this.ranges.start(i) + 1;
  }
  line(n: number): string {
    return this.text.slice(this.lines.start(n), this.lines.end(n));
  }
  /** A line as written, leading indentation included (for caption detection). */
  rawLine(n: number): string {
    const start = this.text.lastIndexOf('\n', this.lines.start(n) - 1) + 1;
    return this.text.slice(start, this.lines.end(n));
  }
  firstRaw(i: number): string {
    return this.rawLine(this.ranges.start(i));
  }
  /** Trimmed lines joined by newlines. */
  text_(i: number): string {
    const out: string[] = [];
    for (let n = this.ranges.start(i); n <= this.ranges.end(i); n++) out.push(this.line(n));
    return out.join('\n');
  }
}

/** Joins many small strings without holding them all: parts are joined in chunks as they come. */
class Joiner {
  private readonly chunks: string[] = [];
  private parts: string[] = [];
  constructor(private readonly sep: string) {}
  push(s: string): void {
    this.parts.push(s);
    if (this.parts.length >= 4096) this.flush();
  }
  private flush(): void {
    if (this.parts.length) this.chunks.push(this.parts.join(this.sep));
    this.parts = [];
  }
  join(): string {
    this.flush();
    return this.chunks.join(this.sep);
  }
}

/** Splits into blocks: blank-line separated when the text has blank lines, else one per line. */
function toBlocks(text: string): Blocks {
  const lines = scanLines(text);
  const n = lines.length;
  const blank = (i: number): boolean => lines.start(i) === lines.end(i);
  let hasBlankLines = false;
  for (let i = 1; i < n - 1 && !hasBlankLines; i++) hasBlankLines = blank(i);
  const first = new Ranges();
  let open = -1;
  for (let i = 0; i < n; i++) {
    if (blank(i)) {
      if (open >= 0) first.push(open, i - 1);
      open = -1;
    } else if (!hasBlankLines) first.push(i, i);
    else if (open < 0) open = i;
  }
  if (open >= 0) first.push(open, n - 1);

  // A date or source line glued to the title (no blank line between) is still its own line.
  const probe = new Blocks(text, lines, first);
  const isMeta = (l: string): boolean => parseDateLine(l) !== null || parseSourceLine(l) !== null;
  const split = (i: number): boolean => {
    if (probe.lineCount(i) < 2 || (i >= HEAD_BLOCKS && i < first.length - TAIL_BLOCKS)) return false;
    for (let l = first.start(i); l <= first.end(i); l++) if (isMeta(probe.line(l))) return true;
    return false;
  };
  const ranges = new Ranges();
  for (let i = 0; i < first.length; i++) {
    if (split(i)) for (let l = first.start(i); l <= first.end(i); l++) ranges.push(l, l);
    else ranges.push(first.start(i), first.end(i));
  }
  return new Blocks(text, lines, ranges);
}

/**
 * A paragraph's HTML and text: hard-wrapped prose is re-joined; short lines (verse, addresses) keep
 * their breaks. The text is what the text model makes of that HTML: whitespace runs collapse to one
 * space, <br> is a newline.
 */
function paragraph(blocks: Blocks, i: number): { html: string; text: string } {
  const first = blocks.ranges.start(i);
  const last = blocks.ranges.end(i);
  if (first === last) {
    const line = blocks.line(first);
    return { html: escapeText(line), text: line.replace(COLLAPSIBLE, ' ') };
  }
  const lines: string[] = [];
  let total = 0;
  for (let n = first; n <= last; n++) {
    const line = blocks.line(n);
    lines.push(line);
    total += line.length;
  }
  const joinWithSpace = total / lines.length >= 50;
  return {
    html: lines.map(escapeText).join(joinWithSpace ? ' ' : '<br>'),
    text: lines.map((l) => l.replace(COLLAPSIBLE, ' ')).join(joinWithSpace ? ' ' : '\n'),
  };
}

export function textToArticle(input: string, fallbackTitle: string | null): TextArticle {
  const blocks = toBlocks(cleanInput(input));
  let publishedAt: string | null = null;
  let siteName: string | null = null;
  let byline: string | null = null;
  const drop = new Set<number>();

  // Footer: boilerplate, source and date lines, from the end, stopping at the first real line.
  for (let i = blocks.length - 1, seen = 0; i >= 0 && seen < TAIL_BLOCKS; i--, seen++) {
    if (blocks.lineCount(i) > 2) break;
    const text = blocks.text_(i);
    const source = parseSourceLine(text);
    const date = parseDateLine(text);
    if (isBoilerplateLine(text)) drop.add(i);
    else if (source) {
      siteName ??= source;
      drop.add(i);
    } else if (date) {
      publishedAt ??= date;
      drop.add(i);
    } else break;
  }
  let lastKept = -1;
  for (let i = blocks.length - 1; i >= 0; i--) {
    if (!drop.has(i)) {
      lastKept = i;
      break;
    }
  }
  if (lastKept > 0 && blocks.lineCount(lastKept) === 1) {
    const signature = parseSignatureLine(blocks.text_(lastKept));
    if (signature) {
      byline = signature;
      drop.add(lastKept);
    }
  }

  // Header: date and source lines around the title, the title, then an optional caption.
  let titleIndex = -1;
  let captionIndex = -1;
  for (let i = 0; i < Math.min(blocks.length, HEAD_BLOCKS); i++) {
    if (drop.has(i)) continue;
    const text = blocks.text_(i);
    const oneLine = blocks.lineCount(i) === 1;
    const date = oneLine ? parseDateLine(text) : null;
    const source = oneLine && !date ? parseSourceLine(text) : null;
    if (date) {
      publishedAt ??= date;
      drop.add(i);
      continue;
    }
    if (source) {
      siteName ??= source;
      drop.add(i);
      continue;
    }
    if (titleIndex < 0) {
      // The title: the first substantive line, when it is short enough to be a headline.
      if (oneLine && text.length <= 200) {
        titleIndex = i;
        drop.add(i);
        continue;
      }
      break; // starts straight with prose: no title in the text
    }
    if (captionIndex < 0 && oneLine && isCaptionLine(blocks.firstRaw(i))) {
      let next = i + 1;
      while (next < blocks.length && drop.has(next)) next++;
      // A caption sits above the prose it illustrates; a lone short line at the end is not one.
      if (next < blocks.length && blocks.text_(next).length > text.length) captionIndex = i;
    }
    break;
  }

  const title = titleIndex >= 0 ? blocks.text_(titleIndex).replace(/\s+/g, ' ') : fallbackTitle;
  const html = new Joiner('\n');
  const text = new Joiner('\n\n');
  let excerpt: string | null = null;
  for (let i = 0; i < blocks.length; i++) {
    if (drop.has(i)) continue;
    const p = paragraph(blocks, i);
    if (i === captionIndex) html.push(`<p class="caption">${p.html}</p>`);
    else {
      excerpt ??= blocks.text_(i).replace(/\s+/g, ' ');
      html.push(`<p>${p.html}</p>`);
    }
    text.push(p.text);
  }
  return {
    title,
    byline,
    siteName,
    publishedAt,
    excerpt: excerpt ? truncate(excerpt, 300) : null,
    contentHtml: html.join(),
    contentText: text.join(),
  };
}

function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
