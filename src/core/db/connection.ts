// Opening an archive stays whole in one file: the checks run in one order (permissions, file kind, header,
// schema version, integrity) and each refusal's message depends on what the earlier ones found.
import Database from 'better-sqlite3';
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KhoError } from '../../shared/errors.js';
import { newestBackupAdvice } from '../backup/index.js';
import { migrations } from './migrations/index.js';

export type Db = Database.Database;

export const ARCHIVE_FILE_NAME = 'kho.sqlite';
const SQLITE_MAGIC = 'SQLite format 3\0';
/** Archives up to this size get a full quick_check at every open (~0.5 s for 200 MB); larger ones check their core tables. */
const FULL_CHECK_AT_OPEN_BYTES = 256 * 1024 * 1024;
/** Tables every archive of the current schema has; a missing one means a damaged archive. */
const CORE_TABLES = [
  'articles',
  'tags',
  'article_tags',
  'annotations',
  'assets',
  'article_assets',
  'settings',
];

export interface OpenDatabaseOptions {
  /** Path to a better_sqlite3.node built for the current runtime (Electron passes its own ABI build). */
  nativeBinding?: string;
  /** Milliseconds a writer waits for another process's write lock before ARCHIVE_LOCKED. */
  busyTimeoutMs?: number;
  /** Skip the integrity check at open (a caller that runs its own right after). */
  skipIntegrityCheck?: boolean;
}

/** The archive file a connection stands for (a read-only archive is opened from a private copy). */
const archiveFiles = new WeakMap<Db, string>();

export function archiveFileOf(db: Db): string {
  return archiveFiles.get(db) ?? db.name;
}

export function archiveFile(dataDir: string): string {
  return path.join(dataDir, ARCHIVE_FILE_NAME);
}

function dataDirOf(file: string): string {
  return path.dirname(file);
}

/** ARCHIVE_CORRUPT with the newest backup and how to restore it: the one message for a damaged archive. */
export function damagedArchiveError(file: string, what: string): KhoError {
  return new KhoError(
    'ARCHIVE_CORRUPT',
    `The archive ${file} ${what}. Kho will not write to it. ${newestBackupAdvice(dataDirOf(file))}`,
  );
}

/**
 * Opens the archive database in `dataDir`, creating it if needed, in WAL mode with foreign keys and a
 * busy timeout so a second process (the CLI while the app runs) can write at the same time, then
 * migrates and checks it. Every failure becomes a specific KhoError: locked, damaged / not SQLite (with
 * the newest backup named), read-only, newer schema.
 *
 * A folder Kho cannot write to is opened read-only: from a private copy of the database (SQLite in WAL
 * mode needs to create files beside it even to read), so list, show, search and export still work and
 * the folder is never touched. `db.readonly` tells callers.
 */
export function openDatabase(dataDir: string, options: OpenDatabaseOptions = {}): Db {
  const file = archiveFile(dataDir);
  const state = prepareDataDir(dataDir, file);
  const binding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  if (!state.exists) createArchive(dataDir, file, binding);
  const copy = state.writable ? null : readOnlyCopy(file);
  let db: Db;
  try {
    db = new Database(copy?.file ?? file, { ...binding, readonly: copy !== null, fileMustExist: true });
  } catch (err) {
    copy?.cleanup();
    throw translateSqliteError(err, file);
  }
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
    db.pragma('foreign_keys = ON');
    if (!db.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      migrate(db, file);
      keepPrivate(file);
    } else {
      assertCurrentSchema(db, file);
    }
    assertSchemaTables(db, file);
    if (!options.skipIntegrityCheck) {
      const problems = quickCheck(db, statSync(file).size <= FULL_CHECK_AT_OPEN_BYTES ? 'full' : 'core');
      if (problems.length) throw damagedArchiveError(file, `is damaged (${problems.slice(0, 2).join('; ')})`);
    }
  } catch (err) {
    db.close();
    copy?.cleanup();
    throw translateSqliteError(err, file);
  }
  archiveFiles.set(db, file);
  if (copy) {
    const close = db.close.bind(db);
    db.close = () => {
      close();
      copy.cleanup();
      return db;
    };
  }
  return db;
}

interface DirState {
  exists: boolean;
  writable: boolean;
}

function prepareDataDir(dataDir: string, file: string): DirState {
  if (!existsSync(dataDir)) {
    try {
      // Owner-only: an archive is years of someone's reading.
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    } catch (err) {
      throw new KhoError(
        'ARCHIVE_READ_ONLY',
        `Cannot create the archive folder ${dataDir}: ${errnoText(err)}.`,
      );
    }
  }
  if (!statSync(dataDir).isDirectory()) {
    throw new KhoError('ARCHIVE_READ_ONLY', `The archive path ${dataDir} is not a folder.`);
  }
  const exists = existsSync(file);
  if (exists) assertSqliteFile(file);
  removeAbandonedCreations(dataDir);
  // SQLite in WAL mode needs to create -wal/-shm files beside the database, so the folder must be writable.
  const writable = canWrite(dataDir) && (!exists || canWrite(file));
  if (!exists && !writable) {
    throw new KhoError(
      'ARCHIVE_READ_ONLY',
      `The archive folder ${dataDir} is read-only; Kho needs to write there to create an archive.`,
    );
  }
  return { exists, writable };
}

function canWrite(p: string): boolean {
  try {
    accessSync(p, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Refuses what is not an archive before SQLite gets a chance to misbehave (or to start over empty). */
function assertSqliteFile(file: string): void {
  const st = statSync(file);
  if (st.isDirectory()) {
    throw new KhoError(
      'ARCHIVE_CORRUPT',
      `${file} is a folder, not an archive file; move it away or choose another archive folder.`,
    );
  }
  // Kho creates archives whole (createArchive), so an empty file is a truncated archive, never a new one.
  if (st.size === 0) throw damagedArchiveError(file, 'is empty (0 bytes): it was truncated');
  const header = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_MAGIC) {
    throw damagedArchiveError(file, 'is not a Kho archive: it is not an SQLite database');
  }
}

const CREATING = /^\.kho-new-(\d+)-\d+\.sqlite(?:-wal|-shm)?$/;

/** Temporary files of archive creations whose process died (killed mid-creation). */
function removeAbandonedCreations(dataDir: string): void {
  let names: string[];
  try {
    names = readdirSync(dataDir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(CREATING.exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    try {
      rmSync(path.join(dataDir, name), { force: true });
    } catch {
      // A read-only folder: leave it; it is not the archive.
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Creates a new archive atomically: built and migrated under a temporary name, then hard-linked into
 * place, which fails if another process got there first (its archive is then used). So `kho.sqlite` is
 * never an empty or half-made file, and an empty one means damage.
 */
function createArchive(dataDir: string, file: string, binding: { nativeBinding?: string }): void {
  const temp = path.join(dataDir, `.kho-new-${process.pid}-${Date.now()}.sqlite`);
  try {
    closeSync(openSync(temp, 'wx', 0o600));
    const db = new Database(temp, binding);
    try {
      db.pragma('journal_mode = WAL');
      migrate(db, file);
    } finally {
      db.close(); // checkpoints the WAL into the file
    }
    try {
      linkSync(temp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return;
      // A file system without hard links: a rename, which only loses the "someone got there first" case.
      if (!existsSync(file)) renameSync(temp, file);
    }
  } catch (err) {
    throw translateSqliteError(
      KhoError.is(err)
        ? err
        : new KhoError('ARCHIVE_READ_ONLY', `Cannot create the archive ${file}: ${errnoText(err)}.`),
      file,
    );
  } finally {
    for (const f of [temp, `${temp}-wal`, `${temp}-shm`]) rmSync(f, { force: true });
  }
}

/** The archive's own files are readable by their owner only (older archives were created 0644). */
function keepPrivate(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      if ((statSync(f).mode & 0o077) !== 0) chmodSync(f, 0o600);
    } catch {
      // Not there (no -wal yet) or not ours to change: nothing to tighten.
    }
  }
}

/** A private copy of a database in a folder Kho cannot write to, with its WAL if it has one. */
function readOnlyCopy(file: string): { file: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kho-readonly-'));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    const copy = path.join(dir, ARCHIVE_FILE_NAME);
    copyFileSync(file, copy);
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
    return { file: copy, cleanup };
  } catch (err) {
    cleanup();
    throw new KhoError('ARCHIVE_READ_ONLY', `Cannot read the archive ${file}: ${errnoText(err)}.`);
  }
}

function latestVersion(): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
}

function assertNotNewer(current: number, file: string): void {
  const latest = latestVersion();
  if (current > latest) {
    throw new KhoError(
      'ARCHIVE_CORRUPT',
      `${file} was written by a newer Kho (schema ${current}; this version knows up to ${latest}). ` +
        `Update Kho to open it; nothing was changed. ${newestBackupAdvice(dataDirOf(file))}`,
    );
  }
}

function migrate(db: Db, file: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  assertNotNewer(current, file);
  for (const m of migrations) {
    if (m.version <= current) continue;
    // IMMEDIATE: two processes opening a fresh archive at once must not both run the same migration.
    db.transaction(() => {
      const now = db.pragma('user_version', { simple: true }) as number;
      if (now >= m.version) return;
      db.exec(m.sql);
      m.up?.(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}

/** A read-only archive cannot be migrated: it must already be of this version's schema. */
function assertCurrentSchema(db: Db, file: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  assertNotNewer(current, file);
  if (current < latestVersion()) {
    throw new KhoError(
      'ARCHIVE_READ_ONLY',
      `${file} needs upgrading to this version of Kho, which needs write access to its folder.`,
    );
  }
}

function assertSchemaTables(db: Db, file: string): void {
  const present = new Set(
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[],
  );
  const missing = CORE_TABLES.filter((t) => !present.has(t));
  if (missing.length) throw damagedArchiveError(file, `is missing its ${missing.join(', ')} table`);
}

/**
 * SQLite's quick_check: the problems found, none when the database is sound. 'core' checks only the
 * tables that cannot be rebuilt besides images (articles, highlights, tags, settings) — for the open
 * of a large archive; 'full' checks everything.
 */
export function quickCheck(db: Db, scope: 'full' | 'core' = 'full'): string[] {
  const run = (sql: string): string[] =>
    (db.prepare(sql).pluck().all() as string[]).filter((r) => r !== 'ok');
  if (scope === 'full') return run('PRAGMA quick_check(20)');
  return ['articles', 'annotations', 'tags', 'article_tags', 'settings'].flatMap((t) =>
    run(`PRAGMA quick_check("${t}")`),
  );
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EACCES' || e.code === 'EROFS' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'ENOSPC') return 'the disk is full';
  return e.message ?? String(err);
}

/** Is this error SQLite saying the database file is damaged? */
export function isCorruption(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? '';
  const message = (err as { message?: string }).message ?? '';
  return (
    code === 'SQLITE_NOTADB' ||
    code === 'SQLITE_CORRUPT' ||
    code.startsWith('SQLITE_CORRUPT_') ||
    // A table the schema promises is gone: the archive was damaged (or edited by hand).
    (code === 'SQLITE_ERROR' && /^no such (table|column)/.test(message))
  );
}

/** Maps better-sqlite3's error codes to the archive errors users can act on. */
export function translateSqliteError(err: unknown, file: string): unknown {
  if (err instanceof KhoError) return err;
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') {
    return new KhoError(
      'ARCHIVE_LOCKED',
      `The archive ${file} is locked by another process; try again in a moment.`,
    );
  }
  if (isCorruption(err)) return damagedArchiveError(file, `is damaged (${(err as Error).message})`);
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_') || code === 'SQLITE_CANTOPEN') {
    return new KhoError(
      'ARCHIVE_READ_ONLY',
      `Cannot write to the archive ${file}: it or its folder is read-only.`,
    );
  }
  if (code === 'SQLITE_FULL' || (err as NodeJS.ErrnoException).code === 'ENOSPC') {
    return new KhoError(
      'ARCHIVE_READ_ONLY',
      `The disk holding ${file} is full; nothing was saved. Free some space and try again.`,
    );
  }
  if (code === 'SQLITE_IOERR' || code.startsWith('SQLITE_IOERR_')) {
    return new KhoError(
      'ARCHIVE_READ_ONLY',
      `Kho could not write to ${file} (${(err as Error).message}); nothing was saved. Check the disk.`,
    );
  }
  return err;
}

/** How long this process held the write lock: every other writer waits that long (busy_timeout is 10 s). */
const writeStats = { transactions: 0, longestMs: 0 };

export function writeLockStats(): { transactions: number; longestMs: number } {
  return { ...writeStats };
}

export function resetWriteLockStats(): void {
  writeStats.transactions = 0;
  writeStats.longestMs = 0;
}

/** Runs `fn` in one IMMEDIATE transaction (write lock up front, so concurrent writers queue on busy_timeout). */
export function inTransaction<T>(db: Db, fn: () => T): T {
  const timed = (): T => {
    const started = performance.now();
    try {
      return fn();
    } finally {
      writeStats.transactions++;
      writeStats.longestMs = Math.max(writeStats.longestMs, performance.now() - started);
    }
  };
  try {
    return db.transaction(timed).immediate();
  } catch (err) {
    throw translateSqliteError(err, archiveFileOf(db));
  }
}
