import type { OperationOutput, ParsedInput } from '../../shared/contract.js';

/**
 * Paging (the contract caps limit at 200; the engine, used by the bench too, at 1000), search as you type
 * (prefix_last) and typo correction (correct, default on).
 */
export type SearchOptions = Partial<
  Pick<ParsedInput<'search.query'>, 'limit' | 'offset' | 'prefix_last' | 'correct'>
>;

/** What a search returns: the output of the 'search.query' operation, hits in the contract's SearchHit shape. */
export type SearchResults = OperationOutput<'search.query'>;

export interface SearchStats {
  segments: number;
  docs: number;
  tombstones: number;
  bytes: number;
}

export interface SearchEngine {
  search(query: string, opts?: SearchOptions): Promise<SearchResults>;
  /** The archive calls this after every write; dirty rows are indexed soon (debounced, ≤ 1 s). */
  notifyChanged(): void;
  /** Indexes all dirty rows now. */
  flush(): Promise<void>;
  reindex(onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<void>;
  stats(): Promise<SearchStats>;
  close(): Promise<void>;
}

/** What openSearchEngine returns: the SearchEngine contract plus maintenance used by the bench and tests. */
export interface KhoSearchEngine extends SearchEngine {
  /** Runs background merges to completion now (force: one segment per analyser). */
  optimize(force?: boolean): Promise<void>;
  /** Memory of the process/thread doing the search work (the worker's own process when inWorker). */
  memory(): Promise<{ rss: number; heapUsed: number }>;
}
