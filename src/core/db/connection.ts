import Database from 'better-sqlite3';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  closeSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { KhoError } from '../../shared/errors.js';
import { migrations } from './migrations/index.js';

export type Db = Database.Database;

export const ARCHIVE_FILE_NAME = 'kho.sqlite';
const SQLITE_MAGIC = 'SQLite format 3\0';

export interface OpenDatabaseOptions {
  /** Path to a better_sqlite3.node built for the current runtime (Electron passes its own ABI build). */
  nativeBinding?: string;
  /** Milliseconds a writer waits for another process's write lock before ARCHIVE_LOCKED. */
  busyTimeoutMs?: number;
}

export function archiveFile(dataDir: string): string {
  return path.join(dataDir, ARCHIVE_FILE_NAME);
}

/**
 * Opens (creating if needed) the archive database in `dataDir`, in WAL mode with foreign keys and a busy
 * timeout so a second process (the CLI while the app runs) can write at the same time, then migrates it.
 * Every failure becomes a specific KhoError: locked, corrupt / not SQLite, read-only, newer schema.
 */
export function openDatabase(dataDir: string, options: OpenDatabaseOptions = {}): Db {
  const file = archiveFile(dataDir);
  prepareDataDir(dataDir, file);
  let db: Db;
  try {
    db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  } catch (err) {
    throw translateSqliteError(err, file);
  }
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    migrate(db, file);
    return db;
  } catch (err) {
    db.close();
    throw translateSqliteError(err, file);
  }
}

function prepareDataDir(dataDir: string, file: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    throw new KhoError(
      'ARCHIVE_READ_ONLY',
      `Cannot create the archive folder ${dataDir}: ${errnoText(err)}.`,
    );
  }
  if (!statSync(dataDir).isDirectory()) {
    throw new KhoError('ARCHIVE_READ_ONLY', `The archive path ${dataDir} is not a folder.`);
  }
  // SQLite in WAL mode needs to create -wal/-shm files beside the database, so the folder must be writable.
  try {
    accessSync(dataDir, constants.W_OK);
  } catch {
    throw new KhoError(
      'ARCHIVE_READ_ONLY',
      `The archive folder ${dataDir} is read-only; Kho needs to write there.`,
    );
  }
  if (existsSync(file)) assertSqliteFile(file);
}

/** Reads the 16-byte header so "not a database" is reported before SQLite gets a chance to misbehave. */
function assertSqliteFile(file: string): void {
  const size = statSync(file).size;
  if (size === 0) return; // a zero-length file is a valid empty database to SQLite
  const header = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_MAGIC) {
    throw new KhoError('ARCHIVE_CORRUPT', `${file} is not a Kho archive: it is not an SQLite database.`);
  }
}

function migrate(db: Db, file: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
  if (current > latest) {
    throw new KhoError(
      'ARCHIVE_CORRUPT',
      `${file} was written by a newer Kho (schema ${current}; this version knows up to ${latest}). Update Kho to open it.`,
    );
  }
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

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code === 'EACCES' || e.code === 'EROFS' || e.code === 'EPERM'
    ? 'permission denied'
    : (e.message ?? String(err));
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
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_')) {
    return new KhoError('ARCHIVE_CORRUPT', `${file} is damaged or not a Kho archive (${code}).`);
  }
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_') || code === 'SQLITE_CANTOPEN') {
    return new KhoError(
      'ARCHIVE_READ_ONLY',
      `Cannot write to the archive ${file}: it or its folder is read-only.`,
    );
  }
  if (code === 'SQLITE_FULL') {
    return new KhoError('ARCHIVE_READ_ONLY', `The disk holding ${file} is full; nothing was saved.`);
  }
  return err;
}

/** Runs `fn` in one IMMEDIATE transaction (write lock up front, so concurrent writers queue on busy_timeout). */
export function inTransaction<T>(db: Db, fn: () => T): T {
  try {
    return db.transaction(fn).immediate();
  } catch (err) {
    throw translateSqliteError(err, db.name);
  }
}
