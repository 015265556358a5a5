import { useEffect, useMemo, useState } from 'preact/hooks';
import type { KhoApi } from '../../../shared/contract.js';
import type { Tag } from '../../../shared/schemas.js';
import { tagTree, type TagNode } from '../lib/format.js';

/**
 * For every tag with tags nested under it, how many articles its list shows (the tag or any nested one,
 * each article once): the count the sidebar gives a parent, the same number its list opens with.
 */
export function useTagTotals(api: KhoApi, tags: readonly Tag[], version: number): Record<string, number> {
  const parents = useMemo(() => {
    const out: string[] = [];
    const walk = (nodes: TagNode[]) => {
      for (const n of nodes) {
        if (n.children.length) {
          out.push(n.path);
          walk(n.children);
        }
      }
    };
    walk(tagTree(tags));
    return out;
  }, [tags]);
  const [totals, setTotals] = useState<Record<string, number>>({});
  const key = parents.join('\n');
  useEffect(() => {
    let live = true;
    const paths = key ? key.split('\n') : [];
    Promise.all(
      paths.map((tag) => api['articles.list']({ tag, limit: 1 }).then((r) => [tag, r.total] as const)),
    )
      .then((entries) => live && setTotals(Object.fromEntries(entries)))
      .catch(() => undefined); // Counts are a convenience; the list itself reports errors.
    return () => {
      live = false;
    };
  }, [api, key, version]);
  return totals;
}
