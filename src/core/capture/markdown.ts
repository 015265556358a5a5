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

export function markdownToArticle(input: string): MarkdownArticle {
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
  const html = marked.parse(rest) as string;
  return { title, byline: fields.author || null, publishedAt, html };
}
