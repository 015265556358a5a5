import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { KhoError } from '../../shared/errors.js';
import { migrations } from '../db/migrations/index.js';

/**
 * A backup as one file the user names (`kho backup <file>`), and the check every backup passes before
 * Kho restores or imports it: a file that is missing, cut off, damaged, not SQLite, or SQLite but not a
 * Kho archive gets a sentence saying which.
 */

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
/** Tables a Kho archive has had since its first schema: what tells a Kho backup from another SQLite file. */
const KHO_TABLES = ['articles', 'tags', 'article_tags', 'annotations', 'assets', 'settings'];

export interface SnapshotInfo {
  path: string;
  bytes: number;
}

/** What a sound backup holds, read from it. */
export interface BackupFacts {
  schemaVersion: number;
  articles: number;
}

/** The first 100 bytes of the file: the SQLite header (magic, page size, page count). */
function readHeader(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(100);
    const n = readSync(fd, header, 0, 100, 0);
    return header.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks that `file` is a whole, sound Kho backup and returns what it holds; otherwise throws the
 * specific reason (NOT_FOUND, UNSUPPORTED_TYPE for another kind of file, ARCHIVE_CORRUPT for damage).
 */
export function checkBackupFile(file: string, nativeBinding?: string): BackupFacts {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new KhoError('INVALID_INPUT', `${file} is a folder; give a Kho backup file.`);
    size = st.size;
  } catch (err) {
    if (KhoError.is(err)) throw err;
    throw new KhoError('NOT_FOUND', `There is no backup file at ${file}.`);
  }
  if (size === 0) {
    throw new KhoError('ARCHIVE_CORRUPT', `${file} is empty: the backup was cut off or never written.`);
  }
  const header = readHeader(file);
  if (header.length < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC)) {
    throw new KhoError('UNSUPPORTED_TYPE', `${file} is not a Kho backup (it is not an SQLite database).`);
  }
  // The header's page count is valid when its "version valid for" number equals the change counter.
  const raw = header.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  const pages = header.readUInt32BE(28);
  if (pages > 0 && header.readUInt32BE(92) === header.readUInt32BE(24) && size < pages * pageSize) {
    throw new KhoError(
      'ARCHIVE_CORRUPT',
      `${file} is cut off: it holds ${size} of its ${pages * pageSize} bytes. Copy the backup again.`,
    );
  }
  let db: Database.Database | undefined;
  try {
    db = openReadOnly(file, nativeBinding);
    const tables = new Set(
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[],
    );
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version === 0 || KHO_TABLES.some((t) => !tables.has(t))) {
      throw new KhoError(
        'UNSUPPORTED_TYPE',
        `${file} is an SQLite database but not a Kho backup (it has no Kho tables).`,
      );
    }
    const latest = migrations[migrations.length - 1]?.version ?? 0;
    if (version > latest) {
      throw new KhoError(
        'UNSUPPORTED_TYPE',
        `${file} was made by a newer Kho (schema ${version}; this version knows up to ${latest}). Update Kho to use it.`,
      );
    }
    const problems = (db.pragma('integrity_check(20)') as Array<{ integrity_check: string }>)
      .map((r) => r.integrity_check)
      .filter((r) => r !== 'ok');
    if (problems.length) {
      throw new KhoError(
        'ARCHIVE_CORRUPT',
        `${file} is damaged (${problems.slice(0, 3).join('; ')}); use an older backup.`,
      );
    }
    const articles = db.prepare('SELECT count(*) FROM articles').pluck().get() as number;
    return { schemaVersion: version, articles };
  } catch (err) {
    if (KhoError.is(err)) throw err;
    throw new KhoError(
      'ARCHIVE_CORRUPT',
      `${file} is damaged (${(err as Error).message}); use an older backup.`,
    );
  } finally {
    db?.close();
  }
}

/**
 * Writes one consistent copy of the open archive `db` to `target` with SQLite's online backup (stepwise:
 * writers and requests go on meanwhile). It is written beside the target under a temporary name,
 * checked, made owner-only, then renamed, so a failure leaves no file that looks like a backup. An
 * existing file is replaced only with `force`.
 */
export async function writeSnapshot(
  db: Database.Database,
  target: string,
  options: { force?: boolean; nativeBinding?: string } = {},
): Promise<SnapshotInfo> {
  const dir = path.dirname(target);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new KhoError(
      'NOT_FOUND',
      `The folder ${dir} does not exist; create it first or pick another place.`,
    );
  }
  if (existsSync(target)) {
    if (statSync(target).isDirectory()) {
      throw new KhoError('INVALID_INPUT', `${target} is a folder; give the backup a file name.`);
    }
    if (!options.force) {
      throw new KhoError(
        'CONFLICT',
        `${target} already exists; pick another name, or replace it with --force.`,
      );
    }
  }
  const partial = path.join(dir, `.${path.basename(target)}.${process.pid}.partial`);
  try {
    await db.backup(partial);
    chmodSync(partial, 0o600);
    checkBackupFile(partial, options.nativeBinding);
    renameSync(partial, target);
  } catch (err) {
    rmSync(partial, { force: true });
    if (KhoError.is(err)) throw err;
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS') {
      throw new KhoError('UNREADABLE_FILE', `Kho cannot write to ${dir}; pick a folder you can write to.`);
    }
    if (e.code === 'ENOSPC') throw new KhoError('INTERNAL', `The disk holding ${dir} is full.`);
    throw err;
  }
  return { path: target, bytes: statSync(target).size };
}

/** A backup opened read-only, never created. */
export function openReadOnly(file: string, nativeBinding?: string): Database.Database {
  return new Database(file, {
    readonly: true,
    fileMustExist: true,
    ...(nativeBinding ? { nativeBinding } : {}),
  });
}
