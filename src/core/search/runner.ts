/**
 * Async engine around SearchCore: debounced catch-up after notifyChanged, background merges, cancellable
 * reindex. Used in the search worker, or directly in-process (inWorker: false).
 */
import { KhoError } from '../../shared/errors.js';
import { SearchCore } from './core.js';
import type { KhoSearchEngine, SearchOptions, SearchResults, SearchStats } from './types.js';

const DEBOUNCE_MS = 80;
const MAX_WAIT_MS = 300;

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * What the engine tells its owner while it works in the background: catch-up progress (with the index
 * generation it committed and the newest change time among the rows it indexed, so the owner can tell
 * other processes' writes from its own), other commits (merges, resets), and failures that no caller
 * awaits — a background catch-up or merge that fails is reported here instead of vanishing.
 */
export type IndexReport =
  | {
      kind: 'progress';
      state: 'indexing' | 'idle';
      indexed: number;
      pending: number;
      gen: number;
      /** The newest `search_dirty.changed_at` indexed so far in this catch-up. */
      latest: number;
    }
  | { kind: 'committed'; gen: number }
  | { kind: 'error'; message: string; restarted: boolean };
export type IndexObserver = (report: IndexReport) => void;

export interface EngineRunnerOptions {
  nativeBinding?: string;
  observer?: IndexObserver;
}

export class EngineRunner implements KhoSearchEngine {
  readonly core: SearchCore;
  private debounce: ReturnType<typeof setTimeout> | null = null;
  private firstNotify = 0;
  private mergeTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private busy: Promise<unknown> = Promise.resolve();
  private readonly observer: IndexObserver;
  private readonly genStmt: { get(): unknown };
  private readonly latestStmt: { get(): unknown };

  constructor(dbFile: string, opts: EngineRunnerOptions = {}) {
    this.core = new SearchCore(dbFile, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
    this.observer = opts.observer ?? (() => {});
    this.genStmt = this.core.db.prepare("SELECT value FROM search_state WHERE key = 'gen'").pluck();
    this.latestStmt = this.core.db.prepare('SELECT coalesce(max(changed_at), 0) FROM search_dirty').pluck();
    // index whatever other processes left dirty while we were away
    if (this.core.dirtyCount() > 0) this.notifyChanged();
  }

  /** Serialises operations (they share one connection and must not interleave across awaits). */
  private exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.busy.then(fn, fn);
    this.busy = run.catch(() => undefined);
    return run;
  }

  notifyChanged(): void {
    if (this.closed) return;
    const now = Date.now();
    if (this.debounce === null) this.firstNotify = now;
    else clearTimeout(this.debounce);
    const wait = Math.max(0, Math.min(DEBOUNCE_MS, this.firstNotify + MAX_WAIT_MS - now));
    this.debounce = setTimeout(() => {
      this.debounce = null;
      void this.exclusive(() => this.catchUpInSteps()).catch((e: unknown) => this.reportError(e));
    }, wait);
  }

  private generation(): number {
    return Number(this.genStmt.get() ?? 0);
  }

  private reportError(e: unknown): void {
    if (this.closed) return;
    this.observer({ kind: 'error', message: KhoError.from(e).message, restarted: false });
  }

  private latestDirty(): number {
    return Number(this.latestStmt.get() ?? 0);
  }

  private reportProgress(state: 'indexing' | 'idle', indexed: number, latest: number): void {
    const pending = this.core.dirtyCount();
    this.observer({ kind: 'progress', state, indexed, pending, gen: this.generation(), latest });
  }

  private async catchUpInSteps(signal?: AbortSignal, onBatch?: (n: number) => void): Promise<void> {
    let indexed = 0;
    let latest = 0;
    for (;;) {
      if (this.closed) return;
      if (signal?.aborted) throw new KhoError('CANCELLED', 'Reindexing was cancelled.');
      latest = Math.max(latest, this.latestDirty());
      const n = this.core.catchUpBatch();
      if (n === 0) break;
      indexed += n;
      onBatch?.(n);
      this.reportProgress('indexing', indexed, latest);
      await tick(); // let queries and messages in between batches
    }
    if (indexed > 0) this.reportProgress('idle', indexed, latest);
    this.scheduleMerge();
  }

  private scheduleMerge(): void {
    if (this.mergeTimer || this.closed) return;
    this.mergeTimer = setTimeout(() => {
      this.mergeTimer = null;
      void this.exclusive(() => {
        if (this.closed) return false;
        return this.core.mergeStep();
      })
        .then((merged) => {
          if (!merged) return;
          this.observer({ kind: 'committed', gen: this.generation() });
          this.scheduleMerge();
        })
        .catch((e: unknown) => this.reportError(e));
    }, 200);
    this.mergeTimer.unref?.();
  }

  search(query: string, opts?: SearchOptions): Promise<SearchResults> {
    return this.exclusive(() => {
      const latest = this.latestDirty();
      const indexed = this.core.catchUpAll();
      if (indexed > 0) this.reportProgress('idle', indexed, latest);
      const res = this.core.search(query, opts);
      if (this.core.pickMerge()) this.scheduleMerge();
      return res;
    });
  }

  flush(): Promise<void> {
    return this.exclusive(() => this.catchUpInSteps());
  }

  reindex(onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<void> {
    return this.exclusive(async () => {
      const total = this.core.resetIndex();
      this.observer({ kind: 'committed', gen: this.generation() });
      let done = 0;
      onProgress?.(0, total);
      await this.catchUpInSteps(signal, (n) => {
        done += n;
        onProgress?.(Math.min(done, total), total);
      });
    });
  }

  optimize(force = false): Promise<void> {
    return this.exclusive(async () => {
      await this.catchUpInSteps();
      while (this.core.mergeStep(force)) {
        this.observer({ kind: 'committed', gen: this.generation() });
        await tick();
      }
    });
  }

  stats(): Promise<SearchStats> {
    return this.exclusive(() => this.core.stats());
  }

  async memory(): Promise<{ rss: number; heapUsed: number }> {
    const m = process.memoryUsage();
    return { rss: m.rss, heapUsed: m.heapUsed };
  }

  close(): Promise<void> {
    if (this.debounce) clearTimeout(this.debounce);
    if (this.mergeTimer) clearTimeout(this.mergeTimer);
    this.debounce = null;
    this.mergeTimer = null;
    return this.exclusive(() => {
      this.closed = true;
      this.core.close();
    });
  }
}
