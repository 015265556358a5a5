import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { KhoApi } from '../../../shared/contract.js';
import { KhoError } from '../../../shared/errors.js';
import type { SearchHit } from '../../../shared/schemas.js';
import type { AppContext } from '../lib/context.js';
import { useLatest } from './useLatest.js';

export interface SearchState {
  query: string;
  status: 'idle' | 'loading' | 'done' | 'error';
  hits: SearchHit[];
  total: number;
  took: number;
  /** A BAD_QUERY message, shown inline. */
  error: string | null;
}

export interface Search {
  /** What is typed in the search field (it lives in the route). */
  query: string;
  /** True while there is a query: the list pane shows results instead of the list. */
  searching: boolean;
  state: SearchState;
  /** Fetches the next page of hits. */
  more(): void;
  /** Puts the query at the top of the recent searches. */
  remember(): void;
}

const EMPTY_SEARCH: SearchState = { query: '', status: 'idle', hits: [], total: 0, took: 0, error: null };
const SEARCH_PAGE = 30;
const DEBOUNCE_MS = 150;
/** A query left alone this long is worth remembering. */
const REMEMBER_MS = 2000;
const MAX_RECENT = 10;

/**
 * Search as you type: debounced, stale answers dropped, typing never waits. Results run again after a change
 * to the archive (`version`), and the query joins the recent searches once it has settled or is used.
 */
export function useSearch(
  api: KhoApi,
  fail: (err: unknown) => void,
  version: number,
  recent: readonly string[],
  setSetting: AppContext['setSetting'],
  query: string,
): Search {
  const [state, setState] = useState<SearchState>(EMPTY_SEARCH);
  const seq = useRef(0);
  const searching = query.trim() !== '';

  const run = useCallback(
    (q: string, offset: number) => {
      const mine = ++seq.current;
      setState((s) => ({ ...s, query: q, status: 'loading', error: null }));
      api['search.query']({ query: q, limit: SEARCH_PAGE, offset }).then(
        (r) => {
          if (mine !== seq.current) return;
          setState((s) => ({
            query: q,
            status: 'done',
            hits: offset === 0 ? r.hits : [...s.hits, ...r.hits],
            total: r.total,
            took: r.took_ms,
            error: null,
          }));
        },
        (err: unknown) => {
          if (mine !== seq.current) return;
          const e = KhoError.from(err);
          if (e.code === 'BAD_QUERY' || e.code === 'INVALID_INPUT') {
            setState({ query: q, status: 'error', hits: [], total: 0, took: 0, error: e.message });
          } else {
            setState((s) => ({ ...s, status: 'error' }));
            fail(e);
          }
        },
      );
    },
    [api, fail],
  );

  useEffect(() => {
    const q = query.trim();
    if (!q) {
      seq.current++;
      setState(EMPTY_SEARCH);
      return;
    }
    const timer = setTimeout(() => run(q, 0), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, run]);

  // Results may change after edits elsewhere; only a new version runs the query again, not typing.
  const queryRef = useLatest(query);
  useEffect(() => {
    const q = queryRef.current.trim();
    if (q && version > 0) run(q, 0);
  }, [version, run, queryRef]);

  const remember = useCallback(() => {
    const q = query.trim();
    if (!q) return;
    const next = [q, ...recent.filter((r) => r !== q)].slice(0, MAX_RECENT);
    if (next.join('\n') !== recent.join('\n')) setSetting('recent', next);
  }, [query, recent, setSetting]);

  // The timer starts again only when the query changes, not when the recent list does.
  const rememberRef = useLatest(remember);
  useEffect(() => {
    if (!query.trim()) return;
    const timer = setTimeout(() => rememberRef.current(), REMEMBER_MS);
    return () => clearTimeout(timer);
  }, [query, rememberRef]);

  const more = useCallback(() => run(query.trim(), state.hits.length), [run, query, state.hits.length]);

  return { query, searching, state, more, remember };
}
