import type { Db } from './db/connection.js';

/** How often the archive looks for commits by other processes; one PRAGMA when nothing happened. */
export const WATCH_INTERVAL_MS = 1000;

/**
 * Notices changes that other processes (the `kho` command, a second app) commit to the same archive, so
 * windows can be told instead of polling. Two facts make that cheap and exact enough:
 *
 * - `PRAGMA data_version` moves only when another connection commits; our own writes do not move it.
 * - Other connections are either other processes or our own search worker, which only indexes: it
 *   removes rows from `search_dirty` and raises the index generation. Every content write (from any
 *   process) adds a `search_dirty` row through the triggers of migration 002, with its time.
 *
 * So after data_version moves, a change came from elsewhere if there is a dirty row newer than any we
 * have seen, or the index generation is past the last one our own worker reported (another process
 * wrote and then indexed its write itself, as the CLI does before it exits). Our worker's report of a
 * generation can arrive just after its commit, so an unknown generation with no new dirty row counts
 * only if it is still unknown at the next look. Two more places see other processes' rows before a look
 * could: our worker, when it indexes them (it reports the newest change time it indexed), and our own
 * next write (it checks for unseen rows before its own rows make them look seen).
 */
export class ChangeWatcher {
  private readonly dataVersion: () => number;
  private readonly state: () => { latest: number; gen: number };
  private lastVersion: number;
  private seenDirty: number;
  private ownGen: number;
  private unsureOfGen = false;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    db: Db,
    private readonly onExternalChange: () => void,
  ) {
    const version = db.prepare('PRAGMA data_version').pluck();
    this.dataVersion = () => Number(version.get());
    const state = db.prepare(
      `SELECT coalesce((SELECT max(changed_at) FROM search_dirty), 0) AS latest,
              coalesce((SELECT value FROM search_state WHERE key = 'gen'), 0) AS gen`,
    );
    this.state = () => state.get() as { latest: number; gen: number };
    this.lastVersion = this.dataVersion();
    const now = this.state();
    this.seenDirty = now.latest;
    this.ownGen = now.gen;
  }

  start(intervalMs = WATCH_INTERVAL_MS): void {
    if (this.timer) return;
    // Changes before now are not news.
    this.lastVersion = this.dataVersion();
    const now = this.state();
    this.seenDirty = now.latest;
    this.ownGen = Math.max(this.ownGen, now.gen);
    this.timer = setInterval(() => this.check(), intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Our own write is about to start: a dirty row newer than any we have seen came from elsewhere, and must
   * be announced before our write's rows make it look seen.
   */
  beforeOwnWrite(): void {
    if (!this.timer) return;
    const { latest } = this.state();
    if (latest > this.seenDirty) this.external(latest);
  }

  /** Our own write just committed: its dirty rows are not news. */
  ownWrite(): void {
    if (!this.timer) return;
    this.seenDirty = Math.max(this.seenDirty, this.state().latest);
  }

  /**
   * Our search worker committed generation `gen`, indexing rows changed up to `latest`. It may have indexed
   * another process's rows before we looked at them: those are announced here.
   */
  ownIndex(gen: number, latest = 0): void {
    this.ownGen = Math.max(this.ownGen, gen);
    if (this.timer && latest > this.seenDirty) this.external(latest);
  }

  private external(latest: number): void {
    this.seenDirty = Math.max(this.seenDirty, latest);
    this.onExternalChange();
  }

  /** Looks once; returns whether a change from elsewhere was announced. */
  check(): boolean {
    const version = this.dataVersion();
    if (version === this.lastVersion) return false;
    const { latest, gen } = this.state();
    const newDirty = latest > this.seenDirty;
    const strangerGen = gen > this.ownGen;
    if (!newDirty && strangerGen && !this.unsureOfGen) {
      this.unsureOfGen = true;
      return false;
    }
    this.unsureOfGen = false;
    this.lastVersion = version;
    this.seenDirty = Math.max(this.seenDirty, latest);
    this.ownGen = Math.max(this.ownGen, gen);
    if (!newDirty && !strangerGen) return false;
    this.onExternalChange();
    return true;
  }
}
