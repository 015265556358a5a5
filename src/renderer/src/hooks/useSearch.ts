import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { KhoApi, OperationOutput } from '../../../shared/contract.js';
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
  /** Words that matched nothing were corrected: "Showing results for … — search instead for …". */
  corrected: OperationOutput<'search.query'>['corrected'] | null;
  /** The query runs as typed, without corrections ("search instead for"). */
  exact: boolean;
}

export interface Search {
  /** What is typed in the search field (it lives in the route). */
  query: string;
  /**
   * Says how the next query change was made: `true` while the user types it (the last word also matches as
   * a prefix); false for a saved or recent search or a correction, which keep their exact meaning.
   */
  setTyping(typing: boolean): void;
  /** True while there is a query: the list pane shows results instead of the list. */
  searching: boolean;
  state: SearchState;
  /** Fetches the next page of hits. */
  more(): void;
  /** Puts the query at the top of the recent searches. */
  remember(): void;
  /** Runs the query as typed, without corrections (until the query changes). */
  searchInstead(): void;
}

const EMPTY_SEARCH: SearchState = {
  query: '',
  status: 'idle',
  hits: [],
  total: 0,
  took: 0,
  error: null,
  corrected: null,
  exact: false,
};
const SEARCH_PAGE = 30;
const DEBOUNCE_MS = 150;
/** A query left alone this long is worth remembering. */
const REMEMBER_MS = 2000;
const MAX_RECENT = 10;

/**
 * Search as you type: debounced, stale answers dropped, typing never waits. The last word, while nothing
 * follows it, also matches as a prefix (prefix_last; "congres" finds congress); words that match nothing are
 * corrected unless the user asked to search instead for what was typed. Results run again after a change
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
  const [typing, setTyping] = useState(true);
  const typingRef = useLatest(typing);
  const [state, setState] = useState<SearchState>(EMPTY_SEARCH);
  const [exact, setExact] = useState(false);
  const seq = useRef(0);
  const searching = query.trim() !== '';

  // `typed` keeps a trailing space: "congres " is a finished word, no longer a prefix
  const run = useCallback(
    (typed: string, offset: number, asTyped: boolean) => {
      const mine = ++seq.current;
      const q = typed.trim();
      setState((s) => ({ ...s, query: q, status: 'loading', error: null }));
      const input = {
        query: typed.trimStart(),
        limit: SEARCH_PAGE,
        offset,
        prefix_last: typingRef.current,
        correct: !asTyped,
      };
      api['search.query'](input).then(
        (r) => {
          if (mine !== seq.current) return;
          setState((s) => ({
            query: q,
            status: 'done',
            hits: offset === 0 ? r.hits : [...s.hits, ...r.hits],
            total: r.total,
            took: r.took_ms,
            error: null,
            corrected: r.corrected ?? null,
            exact: asTyped,
          }));
        },
        (err: unknown) => {
          if (mine !== seq.current) return;
          const e = KhoError.from(err);
          if (e.code === 'BAD_QUERY' || e.code === 'INVALID_INPUT') {
            setState({ ...EMPTY_SEARCH, query: q, status: 'error', error: e.message });
          } else {
            setState((s) => ({ ...s, status: 'error' }));
            fail(e);
          }
        },
      );
    },
    [api, fail, typingRef],
  );

  useEffect(() => {
    setExact(false); // a new query: corrections apply again
    if (!query.trim()) {
      seq.current++;
      setState(EMPTY_SEARCH);
      return;
    }
    const timer = setTimeout(() => run(query, 0, false), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, run]);

  // Results may change after edits elsewhere; only a new version runs the query again, not typing.
  const queryRef = useLatest(query);
  const exactRef = useLatest(exact);
  useEffect(() => {
    const q = queryRef.current;
    if (q.trim() && version > 0) run(q, 0, exactRef.current);
  }, [version, run, queryRef, exactRef]);

  const searchInstead = useCallback(() => {
    setExact(true);
    run(query, 0, true);
  }, [run, query]);

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

  const more = useCallback(
    () => run(query, state.hits.length, exact),
    [run, query, state.hits.length, exact],
  );

  return { query, setTyping, searching, state, more, remember, searchInstead };
}
