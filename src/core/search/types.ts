export interface SearchOptions {
  limit?: number;
  offset?: number;
}

export interface SearchHit {
  id: number;
  title: string;
  url: string | null;
  site: string | null;
  lang: string | null;
  score: number;
  /** Plain text around the best match (~200 chars, cut at word boundaries, '…' where cut). */
  snippet: string;
  /** UTF-16 [start, end) ranges into `snippet` to mark, including diacritic-folded matches. */
  highlights: Array<[number, number]>;
  titleHighlights: Array<[number, number]>;
  savedAt: string;
  publishedAt: string | null;
  status: string;
  favorite: boolean;
  tags: string[];
}

export interface SearchResults {
  query: string;
  total: number;
  hits: SearchHit[];
  tookMs: number;
}

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
