/**
 * Search worker entry: one better-sqlite3 connection and one EngineRunner per worker thread.
 * Bundled as search-worker.js next to the app/CLI entry; from source (tests), bundled at first use (index.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { KhoError } from '../../shared/errors.js';
import { EngineRunner, type IndexReport } from './runner.js';
import type { SearchOptions } from './types.js';

export interface WorkerInit {
  dbFile: string;
  nativeBinding?: string;
}
export type WorkerRequest =
  | { id: number; op: 'search'; query: string; opts?: SearchOptions }
  | { id: number; op: 'flush' | 'stats' | 'close' | 'memory' }
  | { id: number; op: 'optimize'; force?: boolean }
  | { id: number; op: 'reindex' }
  | { id: number; op: 'abort'; target: number }
  | { id: number; op: 'notify' };
export type WorkerResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { code: string; message: string } }
  | { id: number; progress: [number, number] }
  | { id: 0; index: IndexReport }
  | { id: 0; ready: true }
  | { id: 0; ready: false; error: { code: string; message: string } };

if (parentPort) {
  const port = parentPort;
  const init = workerData as WorkerInit;
  let runner: EngineRunner;
  try {
    runner = new EngineRunner(init.dbFile, {
      ...(init.nativeBinding ? { nativeBinding: init.nativeBinding } : {}),
      observer: (index) => port.postMessage({ id: 0, index } satisfies WorkerResponse),
    });
    port.postMessage({ id: 0, ready: true } satisfies WorkerResponse);
  } catch (e) {
    port.postMessage({ id: 0, ready: false, error: KhoError.from(e).toJSON() } satisfies WorkerResponse);
    process.exit(0);
  }
  const aborts = new Map<number, AbortController>();
  port.on('message', (msg: WorkerRequest) => {
    const reply = (p: Promise<unknown>) =>
      p.then(
        (result) => port.postMessage({ id: msg.id, ok: true, result } satisfies WorkerResponse),
        (e: unknown) =>
          port.postMessage({
            id: msg.id,
            ok: false,
            error: KhoError.from(e).toJSON(),
          } satisfies WorkerResponse),
      );
    switch (msg.op) {
      case 'notify':
        runner.notifyChanged();
        return;
      case 'abort':
        aborts.get(msg.target)?.abort();
        return;
      case 'search':
        void reply(runner.search(msg.query, msg.opts));
        return;
      case 'flush':
        void reply(runner.flush());
        return;
      case 'stats':
        void reply(runner.stats());
        return;
      case 'memory':
        void reply(runner.memory());
        return;
      case 'optimize':
        void reply(runner.optimize(msg.force));
        return;
      case 'reindex': {
        const ac = new AbortController();
        aborts.set(msg.id, ac);
        void reply(
          runner
            .reindex((done, total) => port.postMessage({ id: msg.id, progress: [done, total] }), ac.signal)
            .finally(() => aborts.delete(msg.id)),
        );
        return;
      }
      case 'close':
        void reply(runner.close()).then(() => port.close());
        return;
    }
  });
}
