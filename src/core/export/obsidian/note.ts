import YAML from 'yaml';
import type { Annotation, ArticleSummary } from '../../../shared/schemas.js';
import { articleLink, highlightLink } from '../kho-links.js';
import { markdownText, renderTemplate } from './template.js';

/**
 * One Obsidian (or Logseq) note per article: YAML front matter that Kho owns, the template's body, the
 * marked line, and below it whatever the user wrote, which a re-export keeps as it is.
 */

/** Obsidian hides %% comments %% when reading; Logseq shows the sentence, which says what it means. */
export const MARKER = '%% kho: your notes below this line are kept %%';

/** The front matter keys Kho writes (and rewrites on re-export); any other key belongs to the user and stays. */
export const OWNED_KEYS = ['title', 'url', 'site', 'author', 'published', 'saved', 'tags', 'kho_id'] as const;

/**
 * A Kho tag as an Obsidian tag: letters, digits, "_", "-" and "/" for nesting, no spaces, not only digits
 * (Obsidian's rules for tags). Other characters become "-".
 */
export function obsidianTagName(tag: string): string {
  const levels = tag
    .normalize('NFC')
    .split('/')
    .map((level) =>
      level
        .trim()
        .replace(/[^\p{L}\p{M}\p{N}_-]+/gu, '-')
        .replace(/-{2,}/g, '-')
        .replace(/^-+|-+$/g, ''),
    )
    .filter((level) => level !== '');
  const name = levels.join('/') || 'tag';
  return /^[\p{N}/]+$/u.test(name) ? `_${name}` : name;
}

function blockquote(text: string): string {
  return text
    .split('\n')
    .map((line) => (line.trim() === '' ? '>' : `> ${markdownText(line)}`))
    .join('\n');
}

/** A link destination that never ends early: parentheses and spaces percent-encoded. */
function linkTarget(url: string): string {
  return url.replace(/ /g, '%20').replace(/\(/g, '%28').replace(/\)/g, '%29');
}

function tagsView(tags: readonly string[]) {
  const items = tags.map((name) => ({ name, tag: '#' + obsidianTagName(name) }));
  return { tags: items, tag_line: items.length ? items.map((t) => t.tag).join(' ') : null };
}

/** Everything a template can use for one article (names listed in template.ts). */
export function noteView(
  article: ArticleSummary,
  annotations: readonly Annotation[],
): Record<string, unknown> {
  let host: string | null = null;
  try {
    host = article.url ? new URL(article.url).host : null;
  } catch {
    host = null;
  }
  return {
    id: article.id,
    title: article.title,
    url: article.url,
    source: article.url && /^https?:/i.test(article.url) ? linkTarget(article.url) : null,
    site: article.site,
    site_or_url: article.site ?? host ?? article.url,
    author: article.byline,
    published: article.published_at,
    saved: article.saved_at,
    excerpt: article.excerpt,
    kho_link: articleLink(article.id),
    ...tagsView(article.tags),
    highlight_count: annotations.length,
    highlights: annotations.map((a) => ({
      id: a.id,
      quote: a.exact,
      blockquote: blockquote(a.exact),
      note: a.note?.trim() ? a.note.trim() : null,
      color: a.color,
      ...tagsView(a.tags),
      link: highlightLink(a.article_id, a.id),
      orphan: a.status === 'orphan',
      created: a.created_at,
      updated: a.updated_at,
    })),
  };
}

function ownedValues(article: ArticleSummary): Record<(typeof OWNED_KEYS)[number], unknown> {
  return {
    title: article.title,
    url: article.url,
    site: article.site,
    author: article.byline,
    published: article.published_at,
    saved: article.saved_at,
    tags: article.tags.map(obsidianTagName),
    kho_id: article.id,
  };
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

export interface ExistingNote {
  /** Null when the front matter is missing or no longer valid YAML. */
  frontMatter: YAML.Document | null;
  /** The text after the marked line (null: the line is gone). */
  userPart: string | null;
}

export interface ReadNote extends ExistingNote {
  /** The article the note was written for (its `kho_id`), or null for anyone else's file. */
  khoId: number | null;
}

const idOf = (v: unknown): number | null =>
  typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : null;

export function readNote(text: string): ReadNote {
  const m = FRONT_MATTER.exec(text);
  let frontMatter: YAML.Document | null = null;
  let khoId: number | null = null;
  if (m) {
    const doc = YAML.parseDocument(m[1]!);
    if (doc.errors.length === 0 && YAML.isMap(doc.contents)) {
      frontMatter = doc;
      khoId = idOf(doc.get('kho_id'));
    } else {
      // Broken YAML still tells whose note it is, so the note is reported rather than duplicated.
      const line = /^kho_id:[ \t]*(\d{1,15})[ \t]*$/m.exec(m[1]!);
      khoId = line ? idOf(Number(line[1])) : null;
    }
  }
  const lines = text.split('\n');
  const at = lines.findIndex((line) => line.trim() === MARKER);
  const userPart = at < 0 ? null : lines.slice(at + 1).join('\n');
  return { frontMatter, userPart, khoId };
}

/**
 * The note's text. With an existing note, its front matter keeps the user's own keys (and their comments),
 * Kho's keys are rewritten, and the text below the marked line is carried over unchanged.
 */
export function writeNote(
  article: ArticleSummary,
  annotations: readonly Annotation[],
  template: string,
  existing?: ExistingNote,
): string {
  const doc = existing?.frontMatter ?? new YAML.Document({});
  for (const [key, value] of Object.entries(ownedValues(article))) {
    if (value === null || (Array.isArray(value) && value.length === 0)) doc.delete(key);
    else doc.set(key, value);
  }
  const yaml = doc.toString({ lineWidth: 0 });
  const body = renderTemplate(template, noteView(article, annotations))
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return `---\n${yaml}---\n\n${body}\n\n${MARKER}\n${existing?.userPart ?? ''}`;
}
