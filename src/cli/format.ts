import type { Annotation, ArticleDetail, ArticleSummary, SearchHit, Tag } from '../shared/schemas.js';
import type { Style } from './style.js';
import { blockText as block, inlineText as inline } from './terminal-text.js';

/**
 * Human-readable output. Machine output is --json, which prints the contract's objects as they are. Every
 * value from the archive goes through `inline` or `block` (terminal-text.ts) before it is styled.
 */

function date(iso: string | null): string {
  return iso ? iso.slice(0, 10) : '';
}

export function articleLine(a: ArticleSummary, s: Style): string {
  const flags = [
    a.status === 'archived' ? s.dim('archived') : '',
    a.favorite ? s.yellow('★') : '',
    a.deleted_at ? s.red('trash') : '',
  ]
    .filter(Boolean)
    .join(' ');
  const meta = [
    a.site,
    date(a.published_at ?? a.saved_at),
    a.lang,
    a.reading_minutes ? `${a.reading_minutes} min` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return `${s.bold(String(a.id).padStart(5))}  ${inline(a.title)}${flags ? '  ' + flags : ''}\n       ${s.dim(inline(meta))}${tagList(a.tags, s)}`;
}

export function articleDetail(a: ArticleDetail, s: Style): string {
  const rows: Array<[string, string | null]> = [
    ['id', String(a.id)],
    ['url', a.url],
    ['site', a.site],
    ['by', a.byline],
    ['language', a.lang],
    ['published', a.published_at],
    ['saved', a.saved_at],
    ['status', a.status + (a.favorite ? ', favourite' : '') + (a.deleted_at ? ', in trash' : '')],
    ['words', `${a.word_count} (${a.reading_minutes} min)`],
    ['tags', a.tags.join(', ') || null],
    ['highlights', a.annotation_count ? String(a.annotation_count) : null],
  ];
  const head = rows
    .filter(([, v]) => v !== null && v !== '')
    .map(([k, v]) => `${s.dim(k.padEnd(10))} ${inline(v ?? '')}`)
    .join('\n');
  return `${s.bold(inline(a.title))}\n${head}\n\n${block(a.content_text)}\n`;
}

export function tagLines(tags: Tag[], s: Style): string {
  if (tags.length === 0) return s.dim('No tags yet. Add one with: kho tag <id> <tag>');
  return tags
    .map((t) => {
      const depth = t.name.split('/').length - 1;
      const leaf = t.name.split('/').pop()!;
      return `${'  '.repeat(depth)}${s.cyan(inline(leaf))} ${s.dim(String(t.count))}`;
    })
    .join('\n');
}

export function annotationLine(a: Annotation, s: Style): string {
  const where = a.status === 'orphan' ? s.red('orphan') : `${a.start}–${a.end}`;
  const note = a.note ? `\n       ${s.magenta('✎')} ${block(a.note).replace(/\n/g, '\n         ')}` : '';
  return `${s.bold(String(a.id).padStart(5))}  ${s.dim(`article ${a.article_id} · ${inline(a.color)} · ${where}`)}${tagList(a.tags, s)}\n       “${inline(a.exact)}”${note}`;
}

/** `#tag #other`, each tag made safe to print. */
function tagList(tags: string[], s: Style): string {
  return tags.length ? ' ' + tags.map((t) => s.cyan('#' + inline(t))).join(' ') : '';
}

/**
 * Marks highlight ranges (UTF-16 offsets into the raw text) in bold for the terminal; each piece is made
 * safe to print after slicing, so the offsets still point where they should.
 */
export function markRanges(text: string, ranges: Array<[number, number]>, s: Style): string {
  let out = '';
  let at = 0;
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (start < at) continue;
    out += inline(text.slice(at, start)) + s.yellow(s.bold(inline(text.slice(start, end))));
    at = end;
  }
  return out + inline(text.slice(at));
}

export function searchHitLines(h: SearchHit, s: Style): string {
  const meta = inline([h.site, date(h.published_at ?? h.saved_at)].filter(Boolean).join(' · '));
  return `${s.bold(String(h.id).padStart(5))}  ${markRanges(h.title, h.title_highlights, s)}  ${s.dim(meta)}\n       ${markRanges(h.snippet, h.highlights, s)}`;
}

/** A one-line progress bar for stderr (redrawn with \r on a terminal). */
export function progressBar(done: number, total: number, width = 30): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${Math.round(ratio * 100)}%`;
}
