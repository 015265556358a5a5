import { useCallback, useEffect, useReducer, useRef } from 'preact/hooks';
import type { KhoApi } from '../../../shared/contract.js';
import type { ListSortName, ListViewName } from '../../../shared/enums.js';
import type { ArticleSummary } from '../../../shared/schemas.js';

const PAGE = 100;

export interface ListQuery {
  view: ListViewName;
  tag?: string;
  sort: ListSortName;
}

export interface ArticlePages {
  total: number | null;
  get(index: number): ArticleSummary | undefined;
  ensure(from: number, to: number): void;
  /** Applies fresh summaries (after an update) to loaded rows without refetching. */
  patch(items: readonly ArticleSummary[]): void;
  indexOf(id: number): number;
}

/**
 * Pages of `articles.list` fetched on demand. A new query drops everything; a new `version` (after a
 * change) keeps the old rows visible as stale until their page is fetched again, so nothing flashes.
 */
export function useArticlePages(
  api: KhoApi,
  fail: (err: unknown) => void,
  query: ListQuery,
  version: number,
): ArticlePages {
  const [, force] = useReducer((x: number) => x + 1, 0);
  const key = JSON.stringify(query);
  const s = useRef({
    key: '',
    version: -1,
    pages: new Map<number, ArticleSummary[]>(),
    stale: new Map<number, ArticleSummary[]>(),
    inflight: new Set<number>(),
    total: null as number | null,
  }).current;
  if (s.key !== key) {
    s.key = key;
    s.version = version;
    s.pages = new Map();
    s.stale = new Map();
    s.inflight = new Set();
    s.total = null;
  } else if (s.version !== version) {
    s.version = version;
    s.stale = s.pages;
    s.pages = new Map();
    s.inflight = new Set();
  }

  const load = useCallback(
    (page: number) => {
      if (s.pages.has(page) || s.inflight.has(page)) return;
      const k = s.key;
      const v = s.version;
      const inflight = s.inflight;
      inflight.add(page);
      const q = JSON.parse(k) as ListQuery;
      api['articles.list']({
        view: q.view,
        sort: q.sort,
        ...(q.tag ? { tag: q.tag } : {}),
        ...(q.sort === 'title' ? { order: 'asc' as const } : {}),
        limit: PAGE,
        offset: page * PAGE,
      }).then(
        (r) => {
          inflight.delete(page);
          if (s.key !== k || s.version !== v) return;
          s.pages.set(page, r.items);
          s.total = r.total;
          // Stale pages beyond the new end are gone for good.
          for (const p of [...s.stale.keys()]) if (p * PAGE >= r.total) s.stale.delete(p);
          force(0);
        },
        (err: unknown) => {
          inflight.delete(page);
          if (s.key === k && s.version === v) fail(err);
        },
      );
    },
    [api, fail, s],
  );

  useEffect(() => {
    load(0);
  }, [key, version, load]);

  return {
    total: s.total ?? (s.stale.size ? [...s.stale.values()].reduce((n, p) => n + p.length, 0) : null),
    get(index) {
      const page = Math.floor(index / PAGE);
      return (s.pages.get(page) ?? s.stale.get(page))?.[index % PAGE];
    },
    ensure(from, to) {
      const total = s.total ?? Infinity;
      for (let p = Math.floor(Math.max(0, from) / PAGE); p <= Math.floor(Math.max(0, to) / PAGE); p++) {
        if (p * PAGE < total) load(p);
      }
    },
    patch(items) {
      const byId = new Map(items.map((i) => [i.id, i]));
      let changed = false;
      for (const map of [s.pages, s.stale]) {
        for (const rows of map.values()) {
          rows.forEach((row, i) => {
            const fresh = byId.get(row.id);
            if (fresh) {
              rows[i] = fresh;
              changed = true;
            }
          });
        }
      }
      if (changed) force(0);
    },
    indexOf(id) {
      for (const [p, rows] of s.pages) {
        const i = rows.findIndex((r) => r.id === id);
        if (i >= 0) return p * PAGE + i;
      }
      return -1;
    },
  };
}
