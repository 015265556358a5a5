import { reanchorAll } from '../../annotations/reanchor.js';
import { countWords, excerptFromText, textFromHtml } from '../../capture/index.js';
import type { Db } from '../connection.js';
import type { Migration } from './types.js';

/**
 * Placeholders for images that could not be saved used to carry their words ("Image unavailable: …")
 * as text, so search found them and snippets, excerpts and anchors counted them. Now the placeholder is
 * an empty element with the image's description (capture/sanitize.ts `missingImageHtml`) and the reader
 * draws the words. This rewrites stored articles to that form, derives their text again and re-anchors
 * their highlights in the new text (the changed text marks them for search to reindex).
 */

const PLACEHOLDER = /<span class="kho-img-missing"([^>]*)>([^<]*)<\/span>/g;
const OLD_LABEL = /^Image unavailable(?::\s*)?/;

function unescapeText(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

interface Row {
  id: number;
  content_html: string;
  content_text: string;
  excerpt: string | null;
}

interface AnnotationRow {
  id: number;
  exact: string;
  prefix: string;
  suffix: string;
  start: number | null;
  end: number | null;
}

/** `s` without any of `labels`. */
function without(s: string, labels: readonly string[]): string {
  return labels.reduce((acc, label) => acc.split(label).join(''), s);
}

/** An old offset moved left by the label characters that stood before it in the old text. */
function shifted(offset: number, oldText: string, labels: readonly string[]): number {
  let removed = 0;
  for (const label of new Set(labels)) {
    for (let at = oldText.indexOf(label); at >= 0 && at < offset; at = oldText.indexOf(label, at + 1)) {
      removed += Math.min(label.length, offset - at);
    }
  }
  return Math.max(0, offset - removed);
}

function rewriteArticle(db: Db, row: Row): void {
  const labels: string[] = [];
  const html = row.content_html.replace(PLACEHOLDER, (_all, attrs: string, inner: string) => {
    if (inner) labels.push(unescapeText(inner));
    const label = /aria-label="([^"]*)"/.exec(attrs)?.[1] ?? '';
    const alt = label.replace(OLD_LABEL, '');
    return `<span class="kho-img-missing" role="img"${alt ? ` aria-label="${alt}"` : ''}></span>`;
  });
  if (html === row.content_html) return;
  const text = textFromHtml(html);
  const excerpt =
    row.excerpt && labels.some((l) => row.excerpt!.includes(l)) ? excerptFromText(text) : row.excerpt;
  db.prepare(
    'UPDATE articles SET content_html = ?, content_text = ?, word_count = ?, excerpt = ? WHERE id = ?',
  ).run(html, text, countWords(text), excerpt, row.id);

  const anns = db
    .prepare<[number], AnnotationRow>(
      `SELECT id, exact, prefix, suffix, start, "end" AS "end" FROM annotations
        WHERE article_id = ? AND status = 'anchored'`,
    )
    .all(row.id);
  const outcomes = reanchorAll(
    text,
    anns.map((a) => ({
      id: a.id,
      exact: without(a.exact, labels),
      prefix: without(a.prefix, labels),
      suffix: without(a.suffix, labels),
      ...(a.start !== null ? { start: shifted(a.start, row.content_text, labels) } : {}),
      ...(a.end !== null ? { end: shifted(a.end, row.content_text, labels) } : {}),
    })),
  );
  const anchored = db.prepare(
    'UPDATE annotations SET exact = ?, prefix = ?, suffix = ?, start = ?, "end" = ? WHERE id = ?',
  );
  const orphaned = db.prepare(
    `UPDATE annotations SET start = NULL, "end" = NULL, status = 'orphan' WHERE id = ?`,
  );
  for (const o of outcomes) {
    if (o.status === 'anchored') anchored.run(o.exact, o.prefix, o.suffix, o.start, o.end, o.id);
    else orphaned.run(o.id);
  }
}

export const imagePlaceholders: Migration = {
  version: 6,
  name: 'image-placeholders',
  sql: '',
  up(db) {
    const rows = db
      .prepare<[], Row>(
        `SELECT id, content_html, content_text, excerpt FROM articles WHERE content_html LIKE '%kho-img-missing%'`,
      )
      .all();
    for (const row of rows) rewriteArticle(db, row);
  },
};
