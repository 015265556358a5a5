import { reanchorAll } from '../../annotations/reanchor.js';
import { countWords, excerptFromText, textFromHtml } from '../../capture/index.js';
import type { Db } from '../connection.js';
import { contentHash } from '../versions-repo.js';
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

/** A highlight's place, as the annotations table and a version's `anchors` both hold it. */
interface Place {
  exact: string;
  prefix: string;
  suffix: string;
  start: number | null;
  end: number | null;
}

interface AnnotationRow extends Place {
  id: number;
}

interface VersionAnchor extends Place {
  annotation_uuid: string;
  status: 'anchored' | 'orphan';
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

interface Rewritten {
  html: string;
  text: string;
  excerpt: string | null;
  /** The words the old placeholders put into the text. */
  labels: string[];
}

/** The content with empty placeholders, or null when it has none of the old kind. */
function rewrite(row: Omit<Row, 'id'>): Rewritten | null {
  const labels: string[] = [];
  const html = row.content_html.replace(PLACEHOLDER, (_all, attrs: string, inner: string) => {
    if (inner) labels.push(unescapeText(inner));
    const label = /aria-label="([^"]*)"/.exec(attrs)?.[1] ?? '';
    const alt = label.replace(OLD_LABEL, '');
    return `<span class="kho-img-missing" role="img"${alt ? ` aria-label="${alt}"` : ''}></span>`;
  });
  if (html === row.content_html) return null;
  const text = textFromHtml(html);
  const excerpt =
    row.excerpt && labels.some((l) => row.excerpt!.includes(l)) ? excerptFromText(text) : row.excerpt;
  return { html, text, excerpt, labels };
}

/** Where each place is in the new text: found again from its quote and offsets with the labels taken out. */
function moved(places: Place[], oldText: string, r: Rewritten) {
  return reanchorAll(
    r.text,
    places.map((a, i) => ({
      id: i,
      exact: without(a.exact, r.labels),
      prefix: without(a.prefix, r.labels),
      suffix: without(a.suffix, r.labels),
      ...(a.start !== null ? { start: shifted(a.start, oldText, r.labels) } : {}),
      ...(a.end !== null ? { end: shifted(a.end, oldText, r.labels) } : {}),
    })),
  );
}

function rewriteArticle(db: Db, row: Row): void {
  const r = rewrite(row);
  if (!r) return;
  db.prepare(
    'UPDATE articles SET content_html = ?, content_text = ?, word_count = ?, excerpt = ? WHERE id = ?',
  ).run(r.html, r.text, countWords(r.text), r.excerpt, row.id);

  const anns = db
    .prepare<[number], AnnotationRow>(
      `SELECT id, exact, prefix, suffix, start, "end" AS "end" FROM annotations
        WHERE article_id = ? AND status = 'anchored'`,
    )
    .all(row.id);
  const outcomes = moved(anns, row.content_text, r);
  const anchored = db.prepare(
    'UPDATE annotations SET exact = ?, prefix = ?, suffix = ?, start = ?, "end" = ? WHERE id = ?',
  );
  const orphaned = db.prepare(
    `UPDATE annotations SET start = NULL, "end" = NULL, status = 'orphan' WHERE id = ?`,
  );
  outcomes.forEach((o, i) => {
    const id = anns[i]!.id;
    if (o.status === 'anchored') anchored.run(o.exact, o.prefix, o.suffix, o.start, o.end, id);
    else orphaned.run(id);
  });
}

/**
 * A kept version (migration 005) gets the same rewrite, with its hash and the places its highlights had
 * in it, so restoring it never brings the old words back.
 */
function rewriteVersion(db: Db, row: Row & { anchors: string }): void {
  const r = rewrite(row);
  if (!r) return;
  const anchors = JSON.parse(row.anchors) as VersionAnchor[];
  const live = anchors.filter((a) => a.status === 'anchored' && a.start !== null && a.end !== null);
  const outcomes = moved(live, row.content_text, r);
  const placed = new Map(live.map((a, i) => [a, outcomes[i]!]));
  const next = anchors.map((a): VersionAnchor => {
    const o = placed.get(a);
    if (!o) return a;
    return o.status === 'anchored'
      ? { ...a, exact: o.exact, prefix: o.prefix, suffix: o.suffix, start: o.start, end: o.end }
      : { ...a, start: null, end: null, status: 'orphan' };
  });
  db.prepare(
    `UPDATE article_versions SET content_html = ?, content_text = ?, word_count = ?, excerpt = ?,
       content_hash = ?, anchors = ? WHERE id = ?`,
  ).run(r.html, r.text, countWords(r.text), r.excerpt, contentHash(r.html), JSON.stringify(next), row.id);
}

export const imagePlaceholders: Migration = {
  version: 7,
  name: 'image-placeholders',
  sql: '',
  up(db) {
    const rows = db
      .prepare<[], Row>(
        `SELECT id, content_html, content_text, excerpt FROM articles WHERE content_html LIKE '%kho-img-missing%'`,
      )
      .all();
    for (const row of rows) rewriteArticle(db, row);
    const kept = db
      .prepare<[], Row & { anchors: string }>(
        `SELECT id, content_html, content_text, excerpt, anchors FROM article_versions
          WHERE content_html LIKE '%kho-img-missing%'`,
      )
      .all();
    for (const row of kept) rewriteVersion(db, row);
  },
};
