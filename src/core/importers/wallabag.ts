import { buildEntry, type HighlightDraft } from './build.js';
import type { ImportEntry } from './entry.js';
import { flatTag, splitTags } from './fields.js';
import { jsonHasKeys, parseJson, wrongFormat, type Importer } from './source.js';

/**
 * wallabag's JSON export, a list of entries:
 * - v1 (wallabag 1.x): id, title, url, is_read, is_fav ("0"/"1"), content, tags ("a,b");
 * - v2: id, title, url, is_archived, is_starred (true/false or 0/1), content, created_at,
 *   updated_at, published_at, published_by (authors), language, domain_name, tags (a list),
 *   annotations (quote = the highlighted text, text = the note).
 * Annotations keep only their quote: their ranges are XPaths into wallabag's own rendering, so Kho
 * re-anchors them from the quote in its copy of the article.
 */

const wallabag: Importer = {
  format: 'wallabag',
  label: 'a wallabag export',
  expected:
    "wallabag's JSON export (a list of entries with url, title and is_archived/is_starred or is_read/is_fav)",
  detect({ head, zipNames }) {
    if (zipNames) return false;
    return (
      jsonHasKeys(head, ['url']) && (/"is_(archived|starred)"/.test(head) || /"is_(read|fav)"/.test(head))
    );
  },
  async parse({ source, problems }) {
    const data = parseJson(source.text(), source.name, wallabag);
    if (!Array.isArray(data)) throw wrongFormat(wallabag, source.name, 'it is not a list of entries');
    const items = data.filter(isObject);
    const v1 = items.some((x) => 'is_read' in x || 'is_fav' in x) && !items.some((x) => 'is_archived' in x);
    if (
      data.length > 0 &&
      !items.some(
        (x) => 'url' in x && ('is_archived' in x || 'is_starred' in x || 'is_read' in x || 'is_fav' in x),
      )
    ) {
      throw wrongFormat(wallabag, source.name, 'its entries have none of the wallabag fields');
    }
    const entries: ImportEntry[] = [];
    data.forEach((item: unknown, i) => {
      const where = `entry ${i + 1}`;
      if (!isObject(item)) {
        problems.add(where, 'It is not an entry (an object with a url); skipped.');
        return;
      }
      const entry = buildEntry(v1 ? fromV1(item) : fromV2(item), where, problems);
      if (entry) entries.push(entry);
    });
    return { variant: v1 ? 'wallabag v1 JSON' : 'wallabag v2 JSON', entries };
  },
};
export default wallabag;

type Item = Record<string, unknown>;

function isObject(x: unknown): x is Item {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** wallabag writes flags as true/false, 0/1 or "0"/"1" depending on version and database. */
function flag(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 'true';
}

function fromV1(x: Item) {
  return {
    url: x.url,
    title: x.title,
    content_html: x.content,
    tags: splitTags(x.tags, ',').map(flatTag),
    status: flag(x.is_read) ? ('archived' as const) : ('unread' as const),
    favorite: flag(x.is_fav),
  };
}

function fromV2(x: Item) {
  return {
    url: x.url,
    title: x.title,
    content_html: x.content,
    saved_at: x.created_at,
    updated_at: x.updated_at,
    published_at: x.published_at,
    byline: Array.isArray(x.published_by)
      ? x.published_by.filter((a) => typeof a === 'string').join(', ')
      : x.published_by,
    lang: x.language,
    site: x.domain_name,
    tags: tagNames(x.tags).map(flatTag),
    status: flag(x.is_archived) ? ('archived' as const) : ('unread' as const),
    favorite: flag(x.is_starred),
    highlights: Array.isArray(x.annotations) ? x.annotations.filter(isObject).map(annotation) : [],
  };
}

/** v2 tags are names; some exports write {label} objects or one comma-separated string. */
function tagNames(tags: unknown): string[] {
  if (typeof tags === 'string') return splitTags(tags, ',');
  if (!Array.isArray(tags)) return [];
  return tags
    .map((t: unknown) =>
      typeof t === 'string' ? t : isObject(t) && typeof t.label === 'string' ? t.label : '',
    )
    .filter(Boolean);
}

function annotation(a: Item): HighlightDraft {
  return { quote: a.quote, note: a.text, created_at: a.created_at };
}
