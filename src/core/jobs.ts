import type { JobState } from '../shared/schemas.js';
import { KhoError } from '../shared/errors.js';

/** A running long operation as its code sees it: report progress, check for cancellation. */
export interface JobHandle {
  signal: AbortSignal;
  progress(phase: string, done?: number, total?: number, message?: string): void;
}

/** Progress within one phase is pushed at most this often; phase changes and the end always go out. */
export const PROGRESS_EVENT_MS = 100;

/**
 * In-process registry of long operations (capture, reindex, imports). Clients pick the job id and start
 * the operation; every change of its state is pushed to `onChange` (the archive turns it into a
 * `job.progress` event), and `jobs.get` still answers for clients that ask. `jobs.cancel` aborts the
 * job's signal.
 */
export class Jobs {
  private readonly jobs = new Map<string, { state: JobState; controller: AbortController }>();

  constructor(private readonly onChange: (state: JobState) => void = () => {}) {}

  async run<T>(jobId: string | undefined, kind: string, fn: (job: JobHandle) => Promise<T>): Promise<T> {
    const id = jobId ?? `job-${Math.random().toString(36).slice(2, 10)}`;
    if (this.jobs.get(id)?.state.state === 'running') {
      throw new KhoError('CONFLICT', `A job with id "${id}" is already running.`);
    }
    const controller = new AbortController();
    const state: JobState = {
      job_id: id,
      kind,
      state: 'running',
      phase: 'starting',
      done: 0,
      total: 0,
      message: null,
      error: null,
    };
    this.jobs.set(id, { state, controller });
    this.prune();
    let lastPush = 0;
    const push = (): void => {
      lastPush = Date.now();
      this.onChange({ ...state });
    };
    push();
    const handle: JobHandle = {
      signal: controller.signal,
      progress(phase, done, total, message) {
        const newPhase = phase !== state.phase;
        state.phase = phase;
        if (done !== undefined) state.done = done;
        if (total !== undefined) state.total = total;
        state.message = message ?? null;
        if (newPhase || Date.now() - lastPush >= PROGRESS_EVENT_MS) push();
      },
    };
    try {
      const result = await fn(handle);
      state.state = 'done';
      state.phase = 'done';
      push();
      return result;
    } catch (err) {
      const cancelled = controller.signal.aborted;
      state.state = cancelled ? 'cancelled' : 'failed';
      state.error = err instanceof Error ? err.message : String(err);
      push();
      if (cancelled && !(err instanceof KhoError && err.code === 'CANCELLED')) {
        throw new KhoError('CANCELLED', `${kind} was cancelled; nothing half-done was saved.`);
      }
      throw err;
    }
  }

  get(jobId: string): JobState {
    const job = this.jobs.get(jobId);
    if (!job) throw new KhoError('NOT_FOUND', `There is no job "${jobId}".`);
    return { ...job.state };
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job) throw new KhoError('NOT_FOUND', `There is no job "${jobId}".`);
    if (job.state.state !== 'running') return false;
    job.controller.abort();
    return true;
  }

  /** Keeps the registry small: finished jobs beyond the most recent 200 are forgotten. */
  private prune(): void {
    if (this.jobs.size <= 200) return;
    for (const [id, job] of this.jobs) {
      if (job.state.state !== 'running') this.jobs.delete(id);
      if (this.jobs.size <= 200) break;
    }
  }
}
