import { escapeText } from './sanitize.js';
import {
  isBoilerplateLine,
  isCaptionLine,
  parseDateLine,
  parseSignatureLine,
  parseSourceLine,
  trimAll,
} from './text-lines.js';

/**
 * Plain text -> article. Text copied from a news page keeps the page's furniture as lines: a date
 * line, the title, an image caption, a "(site.com)" source line and a footer of share/comment
 * labels. Those become metadata or are dropped; everything else becomes paragraphs.
 */

export interface TextArticle {
  title: string | null;
  byline: string | null;
  siteName: string | null;
  publishedAt: string | null;
  excerpt: string | null;
  contentHtml: string;
}

interface Block {
  /** Lines as written (leading indentation kept, for caption detection). */
  raw: string[];
  text: string;
}

/** How far from each end metadata lines are looked for. */
const HEAD_BLOCKS = 6;
const TAIL_BLOCKS = 8;

/** Splits into blocks: blank-line separated when the text has blank lines, else one per line. */
function toBlocks(text: string): Block[] {
  const lines = text.split('\n');
  const hasBlankLines = lines.some((l, i) => i > 0 && i < lines.length - 1 && trimAll(l) === '');
  const blocks: Block[] = [];
  let current: string[] = [];
  const flush = (): void => {
    if (current.length) blocks.push({ raw: current, text: current.map(trimAll).join('\n') });
    current = [];
  };
  for (const line of lines) {
    if (trimAll(line) === '') flush();
    else {
      current.push(line);
      if (!hasBlankLines) flush();
    }
  }
  flush();
  // A date or source line glued to the title (no blank line between) is still its own line.
  const isMeta = (l: string): boolean => parseDateLine(l) !== null || parseSourceLine(l) !== null;
  return blocks.flatMap((b, i) =>
    b.raw.length > 1 && (i < HEAD_BLOCKS || i >= blocks.length - TAIL_BLOCKS) && b.raw.some(isMeta)
      ? b.raw.map((l) => ({ raw: [l], text: trimAll(l) }))
      : [b],
  );
}

/** Paragraph HTML: hard-wrapped prose is re-joined; short lines (verse, addresses) keep their breaks. */
function paragraphHtml(block: Block): string {
  const lines = block.text.split('\n');
  if (lines.length === 1) return escapeText(block.text);
  const avg = lines.reduce((n, l) => n + l.length, 0) / lines.length;
  const sep = avg >= 50 ? ' ' : '<br>';
  return lines.map(escapeText).join(sep);
}

export function textToArticle(input: string, fallbackTitle: string | null): TextArticle {
  const text = input
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/^\ufeff/, '')
    .replace(/\t/g, '    ');
  const blocks = toBlocks(text);
  let publishedAt: string | null = null;
  let siteName: string | null = null;
  let byline: string | null = null;
  const drop = new Set<number>();

  // Footer: boilerplate, source and date lines, from the end, stopping at the first real line.
  for (let i = blocks.length - 1, seen = 0; i >= 0 && seen < TAIL_BLOCKS; i--, seen++) {
    const b = blocks[i] as Block;
    if (b.raw.length > 2) break;
    const source = parseSourceLine(b.text);
    const date = parseDateLine(b.text);
    if (isBoilerplateLine(b.text)) drop.add(i);
    else if (source) {
      siteName ??= source;
      drop.add(i);
    } else if (date) {
      publishedAt ??= date;
      drop.add(i);
    } else break;
  }
  const lastKept = (() => {
    for (let i = blocks.length - 1; i >= 0; i--) if (!drop.has(i)) return i;
    return -1;
  })();
  if (lastKept > 0) {
    const signature = parseSignatureLine((blocks[lastKept] as Block).text);
    if (signature && (blocks[lastKept] as Block).raw.length === 1) {
      byline = signature;
      drop.add(lastKept);
    }
  }

  // Header: date and source lines around the title, the title, then an optional caption.
  let titleIndex = -1;
  let captionIndex = -1;
  for (let i = 0; i < Math.min(blocks.length, HEAD_BLOCKS); i++) {
    if (drop.has(i)) continue;
    const b = blocks[i] as Block;
    const oneLine = b.raw.length === 1;
    const date = oneLine ? parseDateLine(b.text) : null;
    const source = oneLine && !date ? parseSourceLine(b.text) : null;
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
      if (oneLine && b.text.length <= 200) {
        titleIndex = i;
        drop.add(i);
        continue;
      }
      break; // starts straight with prose: no title in the text
    }
    if (captionIndex < 0 && oneLine && isCaptionLine(b.raw[0] as string)) {
      const next = blocks.slice(i + 1).find((_, k) => !drop.has(i + 1 + k));
      // A caption sits above the prose it illustrates; a lone short line at the end is not one.
      if (next && next.text.length > b.text.length) captionIndex = i;
    }
    break;
  }

  const title = titleIndex >= 0 ? (blocks[titleIndex] as Block).text.replace(/\s+/g, ' ') : fallbackTitle;
  const parts: string[] = [];
  let excerpt: string | null = null;
  blocks.forEach((b, i) => {
    if (drop.has(i)) return;
    if (i === captionIndex) {
      parts.push(`<p class="caption">${paragraphHtml(b)}</p>`);
      return;
    }
    excerpt ??= b.text.replace(/\s+/g, ' ');
    parts.push(`<p>${paragraphHtml(b)}</p>`);
  });
  return {
    title,
    byline,
    siteName,
    publishedAt,
    excerpt: excerpt ? truncate(excerpt, 300) : null,
    contentHtml: parts.join('\n'),
  };
}

function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
