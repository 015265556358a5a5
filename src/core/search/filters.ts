/**
 * The query's filters (tag:, site:, lang:, is:, before:, after:, each maybe negated) checked against a doc's
 * attributes in `search_docs`, without reading the article; and tag: names checked against the archive's
 * tags, so a tag that does not exist is named instead of silently matching nothing.
 */
import type Database from 'better-sqlite3';
import { KhoError } from '../../shared/errors.js';
import { fold } from './analysis.js';
import type { DocMeta } from './index-view.js';
import type { FilterNode } from './query.js';

/** Whether `tag` (folded) selects the folded tag name `name`: itself or a child (tag:work finds work/kho). */
function tagMatches(name: string, tag: string): boolean {
  return name === tag || name.startsWith(`${tag}/`);
}

export class TagNames {
  private readonly names: Database.Statement;

  constructor(db: Database.Database) {
    this.names = db.prepare('SELECT name FROM tags ORDER BY name').pluck();
  }

  /**
   * BAD_QUERY for a positive tag: filter naming no tag of the archive (a negated one excludes nothing
   * and is fine). A tag whose name starts with the value and a space is suggested, quoted: tag:du lịch
   * is read as tag:du and the word lịch.
   */
  check(filters: FilterNode[]): void {
    const wanted = filters.filter((f) => f.key === 'tag' && !f.negated);
    if (wanted.length === 0) return;
    const names = this.names.all() as string[];
    const folded = names.map((n) => fold(n.trim()));
    for (const f of wanted) {
      const t = fold(f.value);
      if (folded.some((n) => tagMatches(n, t))) continue;
      const longer = names.find((_, i) => folded[i]!.startsWith(`${t} `));
      throw new KhoError(
        'BAD_QUERY',
        longer
          ? `No tag named "${f.value}". Put a name with spaces in quotes: tag:"${longer}".`
          : `No tag named "${f.value}".`,
      );
    }
  }
}

export function passesFilters(meta: DocMeta, filters: FilterNode[]): boolean {
  for (const f of filters) {
    let ok: boolean;
    const v = f.value;
    switch (f.key) {
      case 'tag': {
        // a tag also matches its children: tag:work finds work/kho
        const t = fold(v);
        ok = meta.tags.some((x) => tagMatches(x, t));
        break;
      }
      case 'site':
        ok = meta.site.includes(fold(v));
        break;
      case 'lang':
        ok = (meta.lang ?? '').toLowerCase().split(/[-_]/)[0] === v.toLowerCase().split(/[-_]/)[0];
        break;
      case 'is':
        ok =
          v === 'unread'
            ? meta.status === 'unread'
            : v === 'archived'
              ? meta.status === 'archived'
              : v === 'favorite'
                ? meta.favorite
                : meta.annotated;
        break;
      case 'before':
        ok = meta.savedAt < f.bound!;
        break;
      case 'after':
        ok = meta.savedAt >= f.bound!;
        break;
    }
    if (ok === f.negated) return false;
  }
  return true;
}
