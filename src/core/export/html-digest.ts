import { escapeAttr, escapeText, safeLinkUrl } from '../capture/sanitize.js';
import { highlightLink } from './kho-links.js';
import { labelsFor } from './labels.js';
import { noteHtml } from './note-html.js';
import { dayStamp, type ExportDoc, type ExportFile } from './types.js';

/**
 * A printable, self-contained HTML digest of the highlights and notes: one file with its own styles, no
 * script, nothing loaded from anywhere (its CSP says so too). Every text is escaped; notes are rendered
 * from Markdown through the allowlist sanitiser.
 */

const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const STYLE = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --rule: #d1d9e0; }
body { font: 16px/1.6 "Noto Serif", Georgia, serif; color: var(--ink); max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
header.digest { border-bottom: 2px solid var(--ink); margin-bottom: 2rem; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2.5rem 0 .25rem; }
.meta, .summary { color: var(--muted); font-size: .9rem; margin: 0 0 1rem; }
.meta a { color: inherit; overflow-wrap: anywhere; }
blockquote.hl { margin: 1rem 0 .5rem; padding: .25rem 1rem; border-left: .35rem solid; background: #fafafa; }
blockquote.hl p { margin: .25rem 0; white-space: pre-wrap; }
.hl-yellow { border-color: #e3b341; } .hl-green { border-color: #3fb950; } .hl-blue { border-color: #4493f8; }
.hl-pink { border-color: #db61a2; } .hl-purple { border-color: #a371f7; }
.hl footer { font-size: .8rem; color: var(--muted); }
.orphan { font-style: italic; }
.note { margin: 0 0 1.5rem 1.35rem; }
.tags { color: var(--muted); }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  article.doc { break-before: page; }
  article.doc:first-of-type { break-before: auto; }
  blockquote.hl, .note { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;

function link(href: string, text: string): string {
  return `<a href="${escapeAttr(href)}">${escapeText(text)}</a>`;
}

export function htmlDigest(docs: ExportDoc[], now = new Date()): ExportFile {
  const withNotes = docs.filter((d) => d.annotations.length > 0);
  const l = labelsFor(docs.map((d) => d.article.lang));
  const total = withNotes.reduce((n, d) => n + d.annotations.length, 0);
  const stamp = dayStamp(now);
  const parts: string[] = [];
  parts.push(
    '<!doctype html>',
    `<html lang="${l.lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttr(CSP)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeText(`${l.notesFrom} · ${stamp}`)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<header class="digest">',
    `<h1>${escapeText(l.notesFrom)}</h1>`,
    `<p class="summary">${escapeText(`${l.articles(withNotes.length)} · ${l.highlights(total)} · ${l.exported} ${stamp}`)}</p>`,
    '</header>',
  );
  for (const { article, annotations } of withNotes) {
    const lang = article.lang && /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(article.lang) ? article.lang : null;
    parts.push(`<article class="doc"${lang ? ` lang="${escapeAttr(lang)}"` : ''}>`);
    parts.push(`<h2>${escapeText(article.title)}</h2>`);
    const meta = [article.byline, article.site, article.published_at?.slice(0, 10)]
      .filter((v): v is string => !!v)
      .map(escapeText);
    const source = safeLinkUrl(article.url, null);
    if (source) meta.push(link(source, source));
    if (meta.length) parts.push(`<p class="meta">${meta.join(' · ')}</p>`);
    for (const a of annotations) {
      const footer = [escapeText(l.colors[a.color])];
      if (a.tags.length)
        footer.push(`<span class="tags">${a.tags.map((t) => escapeText('#' + t)).join(' ')}</span>`);
      footer.push(link(highlightLink(article.id, a.id), l.openInKho));
      const paragraphs = a.exact
        .split(/\n{2,}/)
        .map((p) => `<p>${escapeText(p)}</p>`)
        .join('');
      parts.push(
        `<blockquote class="hl hl-${a.color}">${paragraphs}` +
          (a.status === 'orphan' ? `<p class="orphan">${escapeText(l.orphan)}</p>` : '') +
          `<footer>${footer.join(' · ')}</footer></blockquote>`,
      );
      if (a.note?.trim()) parts.push(`<div class="note">${noteHtml(a.note)}</div>`);
    }
    parts.push('</article>');
  }
  parts.push('</body>', '</html>');
  return {
    filename: `kho-notes-${stamp}.html`,
    mime: 'text/html; charset=utf-8',
    encoding: 'utf8',
    content: parts.join('\n') + '\n',
  };
}
