import { hostname } from 'node:os';
import { KhoError } from '../../shared/errors.js';
import type { QueueStatus } from '../../shared/schemas.js';
import { inTransaction } from '../db/connection.js';
import type { ArchiveContext } from '../handlers/context.js';
import type { JobHandle } from '../jobs.js';
import { classify, type RetryPolicy } from './policy.js';
import { QueueRepo, type QueueRow } from './queue-repo.js';
import { runWork } from './work.js';
import { QUEUE_JOB_ID } from '../../shared/enums.js';

export interface FetchQueueOptions extends RetryPolicy {
  /** Rows fetched at the same time. */
  concurrency: number;
  /**
   * Least time between the end of one fetch from a server (host:port) and the start of the next; one fetch
   * per server at a time.
   */
  hostIntervalMs: number;
  /** How often an idle runner looks for rows queued by another process (the CLI while the app runs). */
  pollMs: number;
  /** Deadline of one page fetch. */
  timeoutMs: number;
  /** A row running longer than this is taken back even if its process seems alive (pid reuse, another machine). */
  leaseMs: number;
}

export const DEFAULT_QUEUE_OPTIONS: FetchQueueOptions = {
  concurrency: 3,
  hostIntervalMs: 2_000,
  pollMs: 5_000,
  timeoutMs: 30_000,
  leaseMs: 15 * 60_000,
  maxAttempts: 5,
  backoffBaseMs: 30_000,
  backoffMaxMs: 6 * 3600_000,
  jitter: 0.2,
  maxRetryAfterMs: 24 * 3600_000,
};

const PAUSED_KEY = 'queue.paused';

/**
 * The background fetch queue's runner, in the archive's process. Rows live in SQLite (fetch_queue), so the
 * queue survives restarts and crashes: at start, rows left running by a process that is gone are queued
 * again. Claiming a row is one short transaction; the fetch runs outside any transaction; storing the result
 * and marking the row done is one more. Several processes may run the queue at once without fetching a row
 * twice (a claim names its process); pacing is per process.
 */
export class FetchQueue {
  readonly repo: QueueRepo;
  private readonly opts: FetchQueueOptions;
  private readonly owner = `${hostname()}/${process.pid}`;
  private readonly tasks = new Map<number, Promise<void>>();
  private readonly busyHosts = new Set<string>();
  private readonly hostReadyAt = new Map<string, number>();
  private controller = new AbortController();
  private started = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private lastRecovery = 0;
  private idleWaiters: Array<() => void> = [];
  private session: { done: number; job: JobHandle | null; end: () => void } | null = null;

  constructor(
    private readonly ctx: ArchiveContext,
    options: Partial<FetchQueueOptions> = {},
  ) {
    this.repo = new QueueRepo(ctx.db);
    this.opts = { ...DEFAULT_QUEUE_OPTIONS, ...options };
  }

  get isRunning(): boolean {
    return this.started && !this.stopped;
  }

  /** Starts fetching: first puts back rows a crashed process left running. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.recover(true);
    this.pump();
  }

  /** Look for work now (rows were just queued in this process). */
  wake(): void {
    if (this.isRunning) this.pump();
  }

  status(): QueueStatus {
    return { ...this.repo.counts(), paused: this.paused() };
  }

  paused(): boolean {
    return this.ctx.settings.get<boolean>(PAUSED_KEY) === true;
  }

  /** Pauses every runner on this archive (the flag is stored); running fetches finish. */
  pause(): void {
    inTransaction(this.ctx.db, () => this.ctx.settings.set(PAUSED_KEY, true));
    this.pump();
  }

  resume(): void {
    inTransaction(this.ctx.db, () => this.ctx.settings.set(PAUSED_KEY, null));
    this.wake();
  }

  /**
   * Runs the queue (starting this process's runner if the archive was opened without one) until nothing is
   * queued and nothing of this process is running; returns at once when the queue is paused.
   */
  async runUntilIdle(signal?: AbortSignal): Promise<void> {
    if (this.stopped) throw new KhoError('CANCELLED', 'The archive is closing.');
    this.start();
    if (this.isIdle()) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        signal?.removeEventListener('abort', done);
        this.idleWaiters = this.idleWaiters.filter((w) => w !== done);
        resolve();
      };
      this.idleWaiters.push(done);
      signal?.addEventListener('abort', done, { once: true });
      this.pump();
    });
    if (signal?.aborted)
      throw new KhoError('CANCELLED', 'Stopped waiting for the fetch queue; it resumes later.');
  }

  /** Stops the runner: in-flight fetches are aborted and their rows queued again (the attempt not counted). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.controller.abort();
    await Promise.allSettled([...this.tasks.values()]);
    this.endSession();
    for (const w of this.idleWaiters) w();
  }

  private isIdle(): boolean {
    return this.tasks.size === 0 && (this.paused() || !this.repo.hasQueued());
  }

  /** Fills free slots with due rows of servers that are neither busy nor paced, then sleeps until the next one is due. */
  private pump(): void {
    if (!this.isRunning) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    let paused = false;
    try {
      this.recover(false);
      paused = this.paused();
      while (!paused && this.tasks.size < this.opts.concurrency) {
        const now = Date.now();
        const row = inTransaction(this.ctx.db, () =>
          this.repo.claimNext(now, this.blockedHosts(now), this.owner),
        );
        if (!row) break;
        this.launch(row);
      }
    } catch {
      // The archive is busy (another process's long write) or closing: try again at the next tick.
    }
    if (this.isIdle()) {
      this.endSession();
      for (const w of [...this.idleWaiters]) w();
    }
    if (!this.isRunning) return;
    this.timer = setTimeout(() => this.pump(), paused ? this.opts.pollMs : this.nextWakeIn());
    this.timer.unref();
  }

  private blockedHosts(now: number): string[] {
    for (const [host, at] of this.hostReadyAt) if (at <= now) this.hostReadyAt.delete(host);
    return [...new Set([...this.busyHosts, ...this.hostReadyAt.keys()])];
  }

  private nextWakeIn(): number {
    const now = Date.now();
    let next = now + this.opts.pollMs;
    try {
      const due = this.repo.nextDue(this.blockedHosts(now));
      if (due !== null) next = Math.min(next, due);
    } catch {
      // Busy archive: poll.
    }
    for (const at of this.hostReadyAt.values()) next = Math.min(next, at);
    return Math.max(5, next - now);
  }

  private launch(row: QueueRow): void {
    this.busyHosts.add(row.host);
    this.startSession();
    const task = this.execute(row).finally(() => {
      this.tasks.delete(row.id);
      this.busyHosts.delete(row.host);
      const ready = Date.now() + this.opts.hostIntervalMs;
      this.hostReadyAt.set(row.host, Math.max(this.hostReadyAt.get(row.host) ?? 0, ready));
      this.progress();
      this.pump();
    });
    this.tasks.set(row.id, task);
    this.progress(row.url);
  }

  private async execute(row: QueueRow): Promise<void> {
    const signal = this.controller.signal;
    try {
      const store = await runWork(this.ctx, row, { signal, timeoutMs: this.opts.timeoutMs });
      this.ctx.write({ areas: ['articles'], ids: [row.article_id] }, () => {
        // The article may have been deleted (its row with it) while the page was loading.
        if (!this.repo.isClaimedBy(row.id, this.owner)) return;
        store();
        this.repo.finish(row.id, this.owner, 'done', null);
      });
      if (this.session) this.session.done++;
    } catch (err) {
      try {
        this.settleFailure(row, err, signal.aborted);
      } catch {
        // Could not record it (archive closing or locked): the claim lapses and the row is taken back later.
      }
    }
  }

  private settleFailure(row: QueueRow, err: unknown, interrupted: boolean): void {
    const now = Date.now();
    if (interrupted) {
      inTransaction(this.ctx.db, () => this.repo.requeue(row.id, this.owner, now, null, true));
      return;
    }
    const outcome = classify(err, row.attempts, row.kind, this.opts, now);
    if (outcome.kind === 'retry' && outcome.hostDelayMs !== undefined) {
      this.hostReadyAt.set(
        row.host,
        Math.max(this.hostReadyAt.get(row.host) ?? 0, now + outcome.hostDelayMs),
      );
    }
    inTransaction(this.ctx.db, () => {
      if (outcome.kind === 'retry')
        this.repo.requeue(row.id, this.owner, now + outcome.delayMs, outcome.reason, false);
      else this.repo.finish(row.id, this.owner, outcome.kind, outcome.reason);
    });
    if (outcome.kind === 'retry') return;
    // The article's fetch state changed (its trigger marked it for search): let search catch up soon.
    this.ctx.search.notifyChanged();
    if (this.session) this.session.done++;
  }

  /**
   * Puts back rows whose process is gone: at start, and then at most once per poll interval. A claim names
   * "host/pid"; on this machine a pid that no longer exists is gone, elsewhere only the lease tells.
   */
  private recover(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastRecovery < this.opts.pollMs) return;
    this.lastRecovery = now;
    const stale = this.repo
      .runningClaims()
      .filter((c) => !this.tasks.has(c.id) && this.claimIsStale(c.claimed_by, c.claimed_at, now))
      .map((c) => c.id);
    if (stale.length > 0) inTransaction(this.ctx.db, () => this.repo.release(stale, now));
  }

  private claimIsStale(claimedBy: string | null, claimedAt: number | null, now: number): boolean {
    if (claimedBy === null || claimedAt === null || now - claimedAt > this.opts.leaseMs) return true;
    if (claimedBy === this.owner) return false; // this process: another archive object's task, or ours
    const slash = claimedBy.lastIndexOf('/');
    const host = claimedBy.slice(0, slash);
    const pid = Number(claimedBy.slice(slash + 1));
    if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return false;
    try {
      process.kill(pid, 0);
      return false;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ESRCH';
    }
  }

  /** While the queue has work, the job `fetch-queue` shows its progress; cancelling that job pauses the queue. */
  private startSession(): void {
    if (this.session) return;
    const session: { done: number; job: JobHandle | null; end: () => void } = {
      done: 0,
      job: null,
      end: () => {},
    };
    this.session = session;
    void this.ctx.jobs
      .run(
        QUEUE_JOB_ID,
        'fetch',
        (job) =>
          new Promise<void>((resolve, reject) => {
            session.job = job;
            session.end = resolve;
            job.signal.addEventListener(
              'abort',
              () => {
                if (this.isRunning) this.pause();
                reject(new KhoError('CANCELLED', 'The fetch queue is paused; resume it to fetch the rest.'));
              },
              { once: true },
            );
          }),
      )
      .catch(() => {
        // Cancelled (the queue paused) or a job with this id is already running: progress shows there.
      })
      .finally(() => {
        if (this.session === session) this.session = null;
      });
  }

  private endSession(): void {
    const s = this.session;
    if (!s) return;
    this.session = null;
    s.end();
  }

  private progress(message?: string): void {
    const s = this.session;
    if (!s?.job) return;
    let left = this.tasks.size;
    try {
      const c = this.repo.counts();
      left = c.queued + this.tasks.size;
    } catch {
      // Busy archive: report what this process knows.
    }
    s.job.progress(this.tasks.size > 0 ? 'fetching' : 'waiting', s.done, s.done + left, message);
  }
}
