/**
 * Kho search engine: see README.md in this folder for the design.
 *
 *   const engine = openSearchEngine(dbFile);            // worker thread (default)
 *   const engine = openSearchEngine(dbFile, { inWorker: false });   // same code in-process
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId, Worker } from 'node:worker_threads';
import type * as Esbuild from 'esbuild';
import { KhoError } from '../../shared/errors.js';
import { EngineRunner, type IndexObserver } from './runner.js';
import type { KhoSearchEngine, SearchOptions, SearchResults, SearchStats } from './types.js';
import type { WorkerRequest, WorkerResponse } from './worker.js';

export type { IndexReport, IndexObserver } from './runner.js';
export type { KhoSearchEngine, SearchEngine, SearchOptions, SearchResults, SearchStats } from './types.js';

export interface OpenSearchOptions {
  /** Path of the better-sqlite3 native binary to use (the Electron build ships its own). */
  nativeBinding?: string;
  /** Run indexing, merging and queries in a worker thread (default true). */
  inWorker?: boolean;
  /** Hears background progress, commits and failures (see IndexReport); the archive turns them into events. */
  observer?: IndexObserver;
}

export function openSearchEngine(dbFile: string, opts: OpenSearchOptions = {}): KhoSearchEngine {
  const observer = opts.observer ?? (() => {});
  if (opts.inWorker === false) {
    return new EngineRunner(dbFile, {
      ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
      observer,
    });
  }
  return new WorkerEngine(dbFile, opts.nativeBinding, observer);
}

let fromSource: string | undefined;

/**
 * How to start the worker: bundled, search-worker.js beside the bundle. From source (Vitest, tsx), worker.ts
 * bundled with esbuild as the CLI build does: a worker that loads one file starts in ~0.3 s, where
 * transpiling its module graph through tsx's loader hooks cost ~1.4 CPU-seconds per worker. The bundle is
 * named by its content (so processes share it and an edit makes a new one) and goes under
 * node_modules/.cache so that better-sqlite3, the one external, resolves from it.
 */
export function workerLocation(): URL | string {
  if (!import.meta.url.endsWith('.ts')) return new URL('./search-worker.js', import.meta.url);
  if (fromSource && existsSync(fromSource)) return fromSource;
  const require = createRequire(import.meta.url);
  const esbuild = require('esbuild') as typeof Esbuild;
  const built = esbuild.buildSync({
    entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))],
    bundle: true,
    write: false,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // Only the native module stays outside; resolving packages one by one in each new worker cost ~0.2 s.
    external: ['better-sqlite3'],
    banner: {
      js: "import { createRequire as __khoCreateRequire } from 'node:module'; const require = __khoCreateRequire(import.meta.url);",
    },
    logLevel: 'error',
  });
  const code = built.outputFiles[0]!.contents;
  const dir = fileURLToPath(new URL('../../../node_modules/.cache/kho-search-worker/', import.meta.url));
  const file = path.join(dir, `worker-${createHash('sha1').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    // Written aside and renamed: another process may be starting a worker from the same file.
    const part = `${file}.${process.pid}-${threadId}`;
    writeFileSync(part, code);
    renameSync(part, file);
  }
  fromSource = file;
  return file;
}

type Pending = {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  onProgress?: (done: number, total: number) => void;
};

/** A worker that crashes this often within a minute is not started again (something is persistently wrong). */
const MAX_RESTARTS_PER_MINUTE = 3;

class WorkerEngine implements KhoSearchEngine {
  private worker!: Worker;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private ready!: Promise<void>;
  private dead: KhoError | null = null;
  private closing = false;
  private restarts: number[] = [];

  constructor(
    private readonly dbFile: string,
    private readonly nativeBinding: string | undefined,
    private readonly observer: IndexObserver,
  ) {
    this.start();
  }

  /** Starts a worker; if it dies unexpectedly, calls in flight fail with a clear error and a new one starts. */
  private start(): void {
    const worker = new Worker(workerLocation(), {
      workerData: this.nativeBinding
        ? { dbFile: this.dbFile, nativeBinding: this.nativeBinding }
        : { dbFile: this.dbFile },
    });
    this.worker = worker;
    let readyResolve!: () => void;
    let readyReject!: (e: unknown) => void;
    this.ready = new Promise<void>((res, rej) => {
      readyResolve = res;
      readyReject = rej;
    });
    this.ready.catch(() => undefined);
    worker.on('message', (msg: WorkerResponse) => {
      if (msg.id === 0 && 'index' in msg) {
        this.observer(msg.index);
        return;
      }
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
    let gone = false;
    const fail = (reason: string, initError?: KhoError) => {
      if (gone || worker !== this.worker) return;
      gone = true;
      if (this.closing || initError) {
        this.dead = initError ?? new KhoError('INTERNAL', 'The search engine is closed.');
        readyReject(this.dead);
        this.rejectPending(this.dead);
        return;
      }
      const now = Date.now();
      this.restarts = this.restarts.filter((t) => now - t < 60_000);
      const restart = this.restarts.length < MAX_RESTARTS_PER_MINUTE;
      const error = new KhoError(
        'INTERNAL',
        restart
          ? `Search stopped unexpectedly (${reason}) and is starting again; try the search again.`
          : `Search stopped unexpectedly (${reason}) several times in a minute and was not started again; restart Kho.`,
      );
      readyReject(error);
      this.rejectPending(error);
      this.observer({ kind: 'error', message: error.message, restarted: restart });
      if (!restart) {
        this.dead = error;
        return;
      }
      this.restarts.push(now);
      this.start();
    };
    worker.on('error', (e) => fail(e instanceof Error ? e.message : String(e)));
    worker.on('exit', (code) => fail(`exit code ${code}`));
    this.ready.catch((e: unknown) => {
      // A worker that cannot open the archive at all is not restarted: the error says why.
      if (e instanceof KhoError && !gone && worker === this.worker && !this.closing) {
        fail('could not open the archive', e);
      }
    });
  }

  private rejectPending(error: KhoError): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
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
    this.closing = true;
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
