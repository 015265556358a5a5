/**
 * Kho search engine: see README.md in this folder for the design.
 *
 *   const engine = openSearchEngine(dbFile);            // worker thread (default)
 *   const engine = openSearchEngine(dbFile, { inWorker: false });   // same code in-process
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { KhoError } from '../../shared/errors.js';
import { EngineRunner } from './runner.js';
import type { KhoSearchEngine, SearchOptions, SearchResults, SearchStats } from './types.js';
import type { WorkerRequest, WorkerResponse } from './worker.js';

export type { KhoSearchEngine, SearchEngine, SearchOptions, SearchResults, SearchStats } from './types.js';

export interface OpenSearchOptions {
  /** Path of the better-sqlite3 native binary to use (the Electron build ships its own). */
  nativeBinding?: string;
  /** Run indexing, merging and queries in a worker thread (default true). */
  inWorker?: boolean;
}

export function openSearchEngine(dbFile: string, opts: OpenSearchOptions = {}): KhoSearchEngine {
  const nb = opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {};
  if (opts.inWorker === false) return new EngineRunner(dbFile, nb);
  return new WorkerEngine(dbFile, opts.nativeBinding);
}

/**
 * How to start the worker: bundled, search-worker.js beside the bundle; from source (tsx / Vitest), the
 * .ts file with tsx's loader. On Node 20, `execArgv: ['--import', 'tsx']` does not reach a worker's entry
 * module (ERR_UNKNOWN_FILE_EXTENSION), so from source we boot the worker with a tiny ESM snippet that
 * registers tsx's ESM hooks (tsx/esm/api) and then imports worker.ts.
 */
export function workerLocation(): { script: URL | string; eval: boolean } {
  if (!import.meta.url.endsWith('.ts'))
    return { script: new URL('./search-worker.js', import.meta.url), eval: false };
  const target = new URL('./worker.ts', import.meta.url).href;
  const require = createRequire(import.meta.url);
  const tsxDir = path.dirname(require.resolve('tsx/package.json'));
  const api = pathToFileURL(path.join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); })`;
  return { script: code, eval: true };
}

type Pending = {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  onProgress?: (done: number, total: number) => void;
};

class WorkerEngine implements KhoSearchEngine {
  private worker: Worker;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private ready: Promise<void>;
  private dead: KhoError | null = null;

  constructor(dbFile: string, nativeBinding?: string) {
    const loc = workerLocation();
    this.worker = new Worker(loc.script, {
      eval: loc.eval,
      workerData: nativeBinding ? { dbFile, nativeBinding } : { dbFile },
    });
    let readyResolve!: () => void;
    let readyReject!: (e: unknown) => void;
    this.ready = new Promise<void>((res, rej) => {
      readyResolve = res;
      readyReject = rej;
    });
    this.ready.catch(() => undefined);
    this.worker.on('message', (msg: WorkerResponse) => {
      if (msg.id === 0 && 'ready' in msg) {
        if (msg.ready) readyResolve();
        else readyReject(KhoError.from(msg.error));
        return;
      }
      const p = this.pending.get(msg.id);
      if (!p) return;
      if ('progress' in msg) {
        p.onProgress?.(msg.progress[0], msg.progress[1]);
        return;
      }
      if (!('ok' in msg)) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(KhoError.from(msg.error));
    });
    const fail = (e: unknown) => {
      this.dead = e instanceof KhoError ? e : new KhoError('INTERNAL', `Search worker failed: ${String(e)}`);
      readyReject(this.dead);
      for (const p of this.pending.values()) p.reject(this.dead);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => {
      if (!this.dead) fail(new KhoError('INTERNAL', `Search worker exited (code ${code}).`));
    });
  }

  private async call<T>(
    req: Omit<WorkerRequest, 'id'> & Record<string, unknown>,
    onProgress?: (d: number, t: number) => void,
    signal?: AbortSignal,
  ): Promise<T> {
    await this.ready;
    if (this.dead) throw this.dead;
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = { resolve: resolve as (v: unknown) => void, reject };
      if (onProgress) entry.onProgress = onProgress;
      this.pending.set(id, entry);
      if (signal) {
        const onAbort = () => this.worker.postMessage({ id: this.nextId++, op: 'abort', target: id });
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      }
      this.worker.postMessage({ ...req, id });
    });
  }

  search(query: string, opts?: SearchOptions): Promise<SearchResults> {
    return this.call<SearchResults>({ op: 'search', query, opts });
  }
  notifyChanged(): void {
    if (this.dead) return;
    void this.ready
      .then(() => this.worker.postMessage({ id: this.nextId++, op: 'notify' }))
      .catch(() => undefined);
  }
  flush(): Promise<void> {
    return this.call<void>({ op: 'flush' });
  }
  reindex(onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<void> {
    return this.call<void>({ op: 'reindex' }, onProgress, signal);
  }
  optimize(force = false): Promise<void> {
    return this.call<void>({ op: 'optimize', force });
  }
  stats(): Promise<SearchStats> {
    return this.call<SearchStats>({ op: 'stats' });
  }
  memory(): Promise<{ rss: number; heapUsed: number }> {
    return this.call({ op: 'memory' });
  }
  async close(): Promise<void> {
    if (!this.dead) {
      try {
        await this.call<void>({ op: 'close' });
      } catch {
        /* already gone */
      }
    }
    this.dead ??= new KhoError('INTERNAL', 'The search engine is closed.');
    await this.worker.terminate();
  }
}
