/**
 * The query's filters (tag:, site:, lang:, is:, before:, after:, each maybe negated) checked against a doc's
 * attributes in `search_docs`, without reading the article.
 */
import { fold } from './analysis.js';
import type { DocMeta } from './index-view.js';
import type { FilterNode } from './query.js';

export function passesFilters(meta: DocMeta, filters: FilterNode[]): boolean {
  for (const f of filters) {
    let ok: boolean;
    const v = f.value;
    switch (f.key) {
      case 'tag': {
        // a tag also matches its children: tag:work finds work/kho
        const t = fold(v);
        ok = meta.tags.some((x) => x === t || x.startsWith(`${t}/`));
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
