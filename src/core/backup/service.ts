import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { BackupSchedule } from '../../shared/schemas.js';
import { KhoError } from '../../shared/errors.js';
import type { SettingsRepo } from '../db/settings-repo.js';
import { backupDir, createBackup, newestBackup, type BackupInfo } from './index.js';
import { takeBackupLock } from './lock.js';
import { writeSnapshot, type SnapshotInfo } from './snapshot.js';

/**
 * An open archive's backups: one at a time (a second request joins the one running; another process's
 * backup makes the schedule wait), the automatic schedule stored as the setting `backups.schedule`, and
 * the timer of long-lived processes (the archive host, `kho serve`) that makes a backup when the newest
 * one is older than the schedule's period, then keeps the newest N.
 */

export const BACKUP_SCHEDULE_SETTING = 'backups.schedule';
export const DEFAULT_BACKUP_SCHEDULE: BackupSchedule = { enabled: true, every_hours: 24, keep: 7 };

const HOUR_MS = 60 * 60 * 1000;

export interface BackupServiceOptions {
  nativeBinding?: string;
  /** Where the schedule says what it did (the host's log, `kho serve`'s stderr). */
  log?: (level: 'info' | 'error', message: string) => void;
  /** How often the schedule looks whether a backup is due (default 10 minutes). */
  checkEveryMs?: number;
  /** The first look after start (default 1 minute, so starting up stays quick). */
  firstCheckAfterMs?: number;
  /** The clock (tests make hours pass in milliseconds). */
  now?: () => Date;
}

export class BackupService {
  private running: Promise<unknown> | null = null;
  private runningCreate: Promise<BackupInfo> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastError: string | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly dataDir: string,
    private readonly settings: SettingsRepo,
    private readonly options: BackupServiceOptions = {},
  ) {}

  get busy(): boolean {
    return this.running !== null;
  }

  get lastFailure(): string | null {
    return this.lastError;
  }

  /** The saved schedule; a missing or unreadable setting is the default one. */
  schedule(): BackupSchedule {
    const parsed = BackupSchedule.safeParse(this.settings.get(BACKUP_SCHEDULE_SETTING));
    return parsed.success ? parsed.data : DEFAULT_BACKUP_SCHEDULE;
  }

  /** When the next automatic backup is due, or null when they are off. */
  nextDue(): Date | null {
    const s = this.schedule();
    if (!s.enabled) return null;
    const newest = newestBackup(this.dataDir);
    return newest ? new Date(Date.parse(newest.createdAt) + s.every_hours * HOUR_MS) : this.now();
  }

  /**
   * A backup into the backups folder now (or at `options.now`), keeping the schedule's number unless told
   * otherwise; joins one already running.
   */
  async create(options: { now?: Date; keep?: number } = {}): Promise<BackupInfo> {
    if (this.runningCreate) return this.runningCreate;
    while (this.running) await this.running.catch(() => undefined);
    if (this.runningCreate) return this.runningCreate;
    const run = this.exclusive(() =>
      createBackup(this.db, this.dataDir, {
        now: options.now ?? this.now(),
        keep: options.keep ?? this.schedule().keep,
        ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}),
      }),
    );
    this.runningCreate = run;
    return run.finally(() => {
      this.runningCreate = null;
    });
  }

  /** One backup into a file the user names (`kho backup <file>`); waits for a backup already running. */
  async snapshot(target: string, force: boolean): Promise<SnapshotInfo> {
    while (this.running) await this.running.catch(() => undefined);
    return this.exclusive(() =>
      writeSnapshot(this.db, target, {
        force,
        ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}),
      }),
    );
  }

  start(): void {
    if (this.timer) return;
    const every = this.options.checkEveryMs ?? 10 * 60 * 1000;
    const tick = (): void => {
      this.timer = setTimeout(() => void this.runIfDue().finally(tick), every);
      this.timer.unref();
    };
    this.timer = setTimeout(
      () => void this.runIfDue().finally(tick),
      this.options.firstCheckAfterMs ?? 60_000,
    );
    this.timer.unref();
  }

  /** Stops the schedule and waits for a backup in progress (closing the database under it would fail it). */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Makes the automatic backup when one is due; never throws (failures are logged and shown in Settings). */
  async runIfDue(): Promise<BackupInfo | null> {
    const due = this.nextDue();
    if (!due || due.getTime() > this.now().getTime() || this.running) return null;
    try {
      const b = await this.create();
      this.lastError = null;
      this.options.log?.('info', `Automatic backup ${b.path} (${b.bytes} bytes).`);
      return b;
    } catch (err) {
      const e = KhoError.from(err);
      // Another process holds the lock: its backup serves both.
      if (e.code === 'CONFLICT') return null;
      this.lastError = e.message;
      this.options.log?.('error', `Automatic backup failed: ${e.message}`);
      return null;
    }
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const dir = backupDir(this.dataDir);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const release = takeBackupLock(dir);
    if (!release) {
      return Promise.reject(
        new KhoError(
          'CONFLICT',
          'Another Kho process is backing up this archive; try again when it is done.',
        ),
      );
    }
    const run = (async () => {
      try {
        return await work();
      } finally {
        release();
        this.running = null;
      }
    })();
    this.running = run;
    return run;
  }
}
