import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { KhoApi } from '../../../shared/contract.js';
import { LIST_VIEWS, type ListSortName } from '../../../shared/enums.js';
import type { Tag } from '../../../shared/schemas.js';
import { useExternalChanges } from '../lib/external-changes.js';
import type { Source, ViewCounts } from '../lib/views.js';
import { useArticlePages, type ArticlePages, type ListQuery } from './useArticlePages.js';

export interface Library {
  source: Source;
  setSource(source: Source): void;
  /** The list query `source` and the sort make; a new one resets the cursor and the selection. */
  listQuery: ListQuery;
  pages: ArticlePages;
  tags: Tag[];
  counts: ViewCounts;
  /** Moves on every change to the archive, here or elsewhere. */
  version: number;
  /** Something changed: reload the list, the tags and the counts. */
  bump(): void;
}

/**
 * The archive as the sidebar and the list see it: the chosen view or tag, its articles in pages, every tag,
 * and how many articles each view holds, all reloaded after a change made here (`bump`) or elsewhere.
 */
export function useLibrary(api: KhoApi, fail: (err: unknown) => void, sort: ListSortName): Library {
  const [source, setSource] = useState<Source>({ kind: 'view', view: 'all' });
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const [tags, setTags] = useState<Tag[]>([]);
  const [counts, setCounts] = useState<ViewCounts>({});

  const listQuery = useMemo<ListQuery>(
    () =>
      source.kind === 'view' ? { view: source.view, sort } : { view: 'all' as const, tag: source.tag, sort },
    [source, sort],
  );
  const pages = useArticlePages(api, fail, listQuery, version);
  useExternalChanges(api, bump);

  useEffect(() => {
    let live = true;
    api['tags.list']({}).then((r) => live && setTags(r.items), fail);
    Promise.all(
      LIST_VIEWS.map((view) =>
        api['articles.list']({ view, limit: 1 }).then((r) => [view, r.total] as const),
      ),
    )
      .then((entries) => live && setCounts(Object.fromEntries(entries)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, version, fail]);

  return { source, setSource, listQuery, pages, tags, counts, version, bump };
}
