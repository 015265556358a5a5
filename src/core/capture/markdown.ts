import { Marked } from 'marked';
import { normalizeMachineDate } from './dates.js';
import { parseDateLine, trimAll } from './text-lines.js';

/**
 * Markdown -> article HTML (not yet sanitised: raw HTML inside Markdown goes through the same
 * sanitiser as web pages). A leading `# Title` (or setext title, or front-matter title) becomes the
 * title and leaves the body, as a page's <h1> does.
 */

export interface MarkdownArticle {
  title: string | null;
  byline: string | null;
  publishedAt: string | null;
  html: string;
}

const marked = new Marked({ gfm: true, breaks: false, async: false });

function frontMatter(md: string): { fields: Record<string, string>; body: string } {
  const m = /^---\n([\s\S]*?)\n(?:---|\.\.\.)\n/.exec(md);
  if (!m) return { fields: {}, body: md };
  const fields: Record<string, string> = {};
  for (const line of (m[1] as string).split('\n')) {
    const kv = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (kv)
      fields[(kv[1] as string).toLowerCase()] = (kv[2] as string).trim().replace(/^(["'])(.*)\1$/, '$2');
  }
  return { fields, body: md.slice(m[0].length) };
}

/**
 * marked is recursive and re-lexes nested containers: 20,000 nested quotes overflow its stack, a
 * staircase of 3,000 quote levels exhausts memory, and a long run of `*` takes seconds before
 * overflowing. Documents past these bounds are captured as plain text instead (nothing is lost);
 * long delimiter runs are escaped, which renders them as the same literal characters.
 */
export const MAX_MARKDOWN_CHARS = 1024 * 1024;
const MAX_CONTAINER_DEPTH = 16;
const MAX_LIST_INDENT = 64;
const CONTAINER_PREFIX = /^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))+/;
const DELIMITER_RUN = /([*_~])\1{31,}/g;

/** Can marked render this in bounded time and memory? */
export function isRenderableMarkdown(text: string): boolean {
  if (text.length > MAX_MARKDOWN_CHARS) return false;
  let fenced = false;
  for (const line of text.split('\n')) {
    if (/^ {0,3}(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const prefix = CONTAINER_PREFIX.exec(line)?.[0];
    if (!prefix) continue;
    const markers = prefix.match(/>|[-*+]|\d{1,9}[.)]/g)?.length ?? 0;
    const indent = prefix.replace(/\t/g, '    ').length - prefix.trimStart().length;
    if (markers > MAX_CONTAINER_DEPTH || indent > MAX_LIST_INDENT) return false;
  }
  return true;
}

/** Escapes long runs of emphasis delimiters outside code fences (they render as the same characters). */
function escapeDelimiterRuns(md: string): string {
  let fenced = false;
  return md
    .split('\n')
    .map((line) => {
      if (/^ {0,3}(```|~~~)/.test(line)) fenced = !fenced;
      return fenced ? line : line.replace(DELIMITER_RUN, (run) => run.replace(/./g, '\\$&'));
    })
    .join('\n');
}

/** Markdown -> article, or null when the document is beyond what marked handles safely. */
export function markdownToArticle(input: string): MarkdownArticle | null {
  if (!isRenderableMarkdown(input)) return null;
  const { fields, body } = frontMatter(
    input
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      .replace(/^\ufeff/, ''),
  );
  let title: string | null = fields.title || null;
  let rest = body;
  const atx = /^\s*#\s+(.+?)\s*#*\s*(?:\n|$)/.exec(rest);
  const setext = /^\s*(\S[^\n]*)\n=+\s*(?:\n|$)/.exec(rest);
  const heading = atx ?? setext;
  if (heading) {
    title ??= trimAll(heading[1] as string);
    if (title === trimAll(heading[1] as string)) rest = rest.slice(heading[0].length);
  }
  // A date line right under the title ("*28/1/2022*") is metadata, as in plain text.
  let publishedAt = normalizeMachineDate(fields.date ?? fields.published ?? null);
  const firstPara = /^\s*([^\n]+)\n(?:\s*\n|$)/.exec(rest);
  if (firstPara) {
    const date = parseDateLine((firstPara[1] as string).replace(/[*_]/g, ''));
    if (date) {
      publishedAt ??= date;
      rest = rest.slice(firstPara[0].length);
    }
  }
  let html: string;
  try {
    html = marked.parse(escapeDelimiterRuns(rest)) as string;
  } catch (e) {
    if (e instanceof RangeError) return null; // a nesting the checks above did not foresee
    throw e;
  }
  return { title, byline: fields.author || null, publishedAt, html };
}
