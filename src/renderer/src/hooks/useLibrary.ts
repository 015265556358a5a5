import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { KhoApi } from '../../../shared/contract.js';
import type { ListSortName } from '../../../shared/enums.js';
import type { Tag } from '../../../shared/schemas.js';
import type { KhoEvents } from '../../api.js';
import type { Source, ViewCounts } from '../lib/views.js';
import { useArticlePages, type ArticlePages, type ListQuery } from './useArticlePages.js';

export interface Library {
  /** What the list shows; it comes from the route. */
  source: Source;
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

/** A burst of changes (an import's batches, a change here and its echo) reloads the library once. */
const COALESCE_MS = 150;

/**
 * The archive as the sidebar and the list see it: the chosen view or tag, its articles in pages, every tag,
 * and how many articles each view holds (one `articles.counts` call), all reloaded after a change made
 * here (`bump`) or announced by the archive (`archive.changed`, from this window, another one or the CLI,
 * and `archive.restarted`).
 */
export function useLibrary(
  api: KhoApi,
  events: KhoEvents,
  fail: (err: unknown) => void,
  sort: ListSortName,
  source: Source,
): Library {
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const [tags, setTags] = useState<Tag[]>([]);
  const [counts, setCounts] = useState<ViewCounts>({});

  // Keyed by value: the route makes a new source object on every move (opening an article), and a new
  // list query would reset the cursor and the selection.
  const view = source.kind === 'view' ? source.view : null;
  const tag = source.kind === 'tag' ? source.tag : null;
  const listQuery = useMemo<ListQuery>(
    () => (view !== null ? { view, sort } : { view: 'all' as const, tag: tag ?? '', sort }),
    [view, tag, sort],
  );
  const pages = useArticlePages(api, fail, listQuery, version);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = events.subscribe((event) => {
      const shown =
        event.name === 'archive.restarted' ||
        (event.name === 'archive.changed' && event.payload.areas.some((a) => a !== 'settings'));
      if (!shown || timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        bump();
      }, COALESCE_MS);
    });
    return () => {
      stop();
      clearTimeout(timer);
    };
  }, [events, bump]);

  useEffect(() => {
    let live = true;
    api['tags.list']({}).then((r) => live && setTags(r.items), fail);
    api['articles.counts']({})
      .then((r) => live && setCounts(r.counts))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, version, fail]);

  return { source, listQuery, pages, tags, counts, version, bump };
}
