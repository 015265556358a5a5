import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { KhoApi } from '../../../shared/contract.js';
import type { NotebookEntry } from '../../../shared/schemas.js';
import type { NotebookFilters } from '../lib/routes.js';

const PAGE = 200;
/** Typing in the filter box waits this long before asking the archive. */
const DEBOUNCE_MS = 150;

export interface Notebook {
  items: NotebookEntry[];
  total: number | null;
  loading: boolean;
  more(): void;
}

/** The filter as `annotations.query` and `export.annotations` take it. */
export function notebookQuery(f: NotebookFilters) {
  return {
    ...(f.q.trim() ? { query: f.q.trim() } : {}),
    ...(f.color ? { color: f.color } : {}),
    ...(f.tag ? { tag: f.tag } : {}),
    ...(f.article !== null ? { article_id: f.article } : {}),
  };
}

/** The notebook's highlights for the filters in the route, again after every change to the archive. */
export function useNotebook(
  api: KhoApi,
  fail: (err: unknown) => void,
  filters: NotebookFilters,
  version: number,
): Notebook {
  const [items, setItems] = useState<NotebookEntry[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  const key = JSON.stringify({ ...notebookQuery(filters), sort: filters.sort });

  const load = useCallback(
    (offset: number) => {
      const mine = ++seq.current;
      setLoading(true);
      const q = JSON.parse(key) as ReturnType<typeof notebookQuery> & { sort: NotebookFilters['sort'] };
      api['annotations.query']({ ...q, limit: PAGE, offset }).then(
        (r) => {
          if (mine !== seq.current) return;
          setItems((list) => (offset === 0 ? r.items : [...list, ...r.items]));
          setTotal(r.total);
          setLoading(false);
        },
        (err: unknown) => {
          if (mine !== seq.current) return;
          setLoading(false);
          fail(err);
        },
      );
    },
    [api, fail, key],
  );

  useEffect(() => {
    const timer = setTimeout(() => load(0), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [load, version]);

  return { items, total, loading, more: () => load(items.length) };
}
