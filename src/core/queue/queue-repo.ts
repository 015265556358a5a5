import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/connection.js';
import type { QueueItem, QueueStatus } from '../../shared/schemas.js';
import type { QueueStateName } from '../../shared/enums.js';
import { nowIso } from '../time.js';

/** SQL of the fetch_queue table (migration 003). Callers hold the transaction when several rows must change together. */

export type QueueKind = QueueItem['kind'];

export interface QueueRow {
  id: number;
  article_id: number;
  kind: QueueKind;
  url: string;
  host: string;
  state: QueueStateName;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  claimed_by: string | null;
  claimed_at: number | null;
}

/** host[:port] of an address: pacing is per server, and a test's servers on 127.0.0.1 differ by port. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return '';
  }
}

/**
 * New content was stored for an article (a refresh, a replaced file, a later import, the queue itself): a
 * fetch still pending for it is moot. A row running in the queue then finds itself no longer claimed and
 * drops its result.
 */
export function markContentArrived(db: Db, articleId: number): void {
  db.prepare(
    `UPDATE fetch_queue SET state = 'done', last_error = NULL, claimed_by = NULL, claimed_at = NULL, updated_at = ?
     WHERE article_id = ? AND state != 'done'`,
  ).run(nowIso(), articleId);
}

export class QueueRepo {
  private readonly statements = new Map<string, Statement<unknown[], unknown>>();

  constructor(private readonly db: Db) {}

  /** Statements are prepared once per repository: an import queues thousands of rows. */
  private sql<P extends unknown[] = unknown[], R = unknown>(text: string): Statement<P, R> {
    let stmt = this.statements.get(text);
    if (!stmt) {
      stmt = this.db.prepare(text);
      this.statements.set(text, stmt);
    }
    return stmt as unknown as Statement<P, R>;
  }

  /**
   * Queues a fetch for an article. A row that already exists (a re-import, a retry) is queued again unless
   * it is running or done; returns whether the row is now queued.
   */
  enqueue(articleId: number, kind: QueueKind, url: string, now = Date.now()): boolean {
    const iso = nowIso();
    const info = this.sql(
      `INSERT INTO fetch_queue (article_id, kind, url, host, state, attempts, next_attempt_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'queued', 0, ?, ?, ?)
         ON CONFLICT (article_id, kind) DO UPDATE SET state = 'queued', attempts = 0, url = excluded.url,
           host = excluded.host, next_attempt_at = excluded.next_attempt_at, last_error = NULL,
           claimed_by = NULL, claimed_at = NULL, updated_at = excluded.updated_at
         WHERE fetch_queue.state IN ('failed', 'unavailable')`,
    ).run(articleId, kind, url, hostOf(url), now, iso, iso);
    return info.changes > 0;
  }

  /** The state of an article's row of this kind, if it has one. */
  stateOf(articleId: number, kind: QueueKind): QueueStateName | undefined {
    return this.sql<[number, string], { state: QueueStateName }>(
      'SELECT state FROM fetch_queue WHERE article_id = ? AND kind = ?',
    ).get(articleId, kind)?.state;
  }

  /** Takes the next due row whose host is not excluded (busy or paced) and marks it running; call in a transaction. */
  claimNext(now: number, excludedHosts: readonly string[], owner: string): QueueRow | undefined {
    const row = this.sql<[number, string], QueueRow>(
      `SELECT * FROM fetch_queue
          WHERE state = 'queued' AND next_attempt_at <= ? AND host NOT IN (SELECT value FROM json_each(?))
          ORDER BY next_attempt_at, id LIMIT 1`,
    ).get(now, JSON.stringify(excludedHosts));
    if (!row) return undefined;
    this.sql(
      `UPDATE fetch_queue SET state = 'running', attempts = attempts + 1, claimed_by = ?, claimed_at = ?, updated_at = ?
         WHERE id = ?`,
    ).run(owner, now, nowIso(), row.id);
    return { ...row, state: 'running', attempts: row.attempts + 1, claimed_by: owner, claimed_at: now };
  }

  /** True while `owner` still runs the row (it was not deleted with its article, nor taken back). */
  isClaimedBy(id: number, owner: string): boolean {
    return (
      this.sql<[number, string], { n: number }>(
        `SELECT COUNT(*) AS n FROM fetch_queue WHERE id = ? AND state = 'running' AND claimed_by = ?`,
      ).get(id, owner)!.n > 0
    );
  }

  /** Ends a running row: done, failed or unavailable, with the reason. */
  finish(id: number, owner: string, state: 'done' | 'failed' | 'unavailable', error: string | null): void {
    this.sql(
      `UPDATE fetch_queue SET state = ?, last_error = ?, claimed_by = NULL, claimed_at = NULL, updated_at = ?
         WHERE id = ? AND state = 'running' AND claimed_by = ?`,
    ).run(state, error, nowIso(), id, owner);
  }

  /** Puts a running row back in the queue for `nextAt`; `refund` un-counts the attempt (it was interrupted, not failed). */
  requeue(id: number, owner: string, nextAt: number, error: string | null, refund: boolean): void {
    this.sql(
      `UPDATE fetch_queue SET state = 'queued', next_attempt_at = ?, last_error = COALESCE(?, last_error),
           attempts = attempts - ?, claimed_by = NULL, claimed_at = NULL, updated_at = ?
         WHERE id = ? AND state = 'running' AND claimed_by = ?`,
    ).run(nextAt, error, refund ? 1 : 0, nowIso(), id, owner);
  }

  /** Running rows and who claimed them, for putting back those whose process is gone. */
  runningClaims(): Array<{ id: number; claimed_by: string | null; claimed_at: number | null }> {
    return this.sql<[], { id: number; claimed_by: string | null; claimed_at: number | null }>(
      `SELECT id, claimed_by, claimed_at FROM fetch_queue WHERE state = 'running'`,
    ).all();
  }

  /** Puts rows left running by a dead process back in the queue, due now; the interrupted attempt is not counted. */
  release(ids: readonly number[], now: number): number {
    const stmt = this.sql(
      `UPDATE fetch_queue SET state = 'queued', next_attempt_at = ?, attempts = MAX(0, attempts - 1),
         claimed_by = NULL, claimed_at = NULL, updated_at = ?
       WHERE id = ? AND state = 'running'`,
    );
    const iso = nowIso();
    return ids.reduce((n, id) => n + stmt.run(now, iso, id).changes, 0);
  }

  exists(id: number): boolean {
    return this.sql('SELECT 1 FROM fetch_queue WHERE id = ?').get(id) !== undefined;
  }

  hasQueued(): boolean {
    return this.sql(`SELECT 1 FROM fetch_queue WHERE state = 'queued' LIMIT 1`).get() !== undefined;
  }

  /** The earliest time a queued row of a host not excluded is due. */
  nextDue(excludedHosts: readonly string[]): number | null {
    const row = this.sql<[string], { at: number | null }>(
      `SELECT MIN(next_attempt_at) AS at FROM fetch_queue
          WHERE state = 'queued' AND host NOT IN (SELECT value FROM json_each(?))`,
    ).get(JSON.stringify(excludedHosts));
    return row?.at ?? null;
  }

  counts(): Omit<QueueStatus, 'paused'> {
    const out = { queued: 0, running: 0, done: 0, failed: 0, unavailable: 0 };
    for (const r of this.sql<[], { state: QueueStateName; n: number }>(
      'SELECT state, COUNT(*) AS n FROM fetch_queue GROUP BY state',
    ).all()) {
      out[r.state] = r.n;
    }
    const next = this.nextDue([]);
    return { ...out, next_attempt_at: next === null ? null : new Date(next).toISOString() };
  }

  list(
    states: readonly QueueStateName[],
    limit: number,
    offset: number,
  ): { items: QueueItem[]; total: number } {
    const json = JSON.stringify(states);
    const total = this.sql<[string], { n: number }>(
      'SELECT COUNT(*) AS n FROM fetch_queue WHERE state IN (SELECT value FROM json_each(?))',
    ).get(json)!.n;
    const rows = this.sql<
      [string, number, number],
      Omit<QueueItem, 'next_attempt_at'> & { next_attempt_at: number }
    >(
      `SELECT q.id, q.article_id, a.title, q.url, q.kind, q.state, q.attempts, q.last_error, q.next_attempt_at,
                q.updated_at
           FROM fetch_queue q JOIN articles a ON a.id = q.article_id
          WHERE q.state IN (SELECT value FROM json_each(?))
          ORDER BY q.updated_at DESC, q.id DESC LIMIT ? OFFSET ?`,
    ).all(json, limit, offset);
    return {
      total,
      items: rows.map((r) => ({
        ...r,
        next_attempt_at: r.state === 'queued' ? new Date(r.next_attempt_at).toISOString() : null,
      })),
    };
  }

  /** Queues failed and unavailable rows again (these ids, or all of them), due now with a fresh attempt count. */
  retry(ids: readonly number[] | undefined, now = Date.now()): number {
    const sql = `UPDATE fetch_queue SET state = 'queued', attempts = 0, next_attempt_at = ?, last_error = NULL, updated_at = ?
       WHERE state IN ('failed', 'unavailable')`;
    if (ids === undefined) return this.sql(sql).run(now, nowIso()).changes;
    const stmt = this.sql(`${sql} AND id = ?`);
    const iso = nowIso();
    return ids.reduce((n, id) => n + stmt.run(now, iso, id).changes, 0);
  }
}
