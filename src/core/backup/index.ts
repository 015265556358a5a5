import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { KhoError } from '../../shared/errors.js';
import { checkBackupFile, openReadOnly } from './snapshot.js';

/**
 * Backups of an archive: whole-database copies (articles, highlights, tags, settings and every image —
 * images live in the database) made with SQLite's online backup API, so writers keep working while
 * one is made. They go to `<data>/backups/kho-<UTC time>.sqlite`, are checked with integrity_check
 * before they get their final name (a half-written or damaged copy never looks like a backup), and
 * are readable by their owner only. Pure core: the commands, the schedule and the UI build on this.
 */

export const BACKUP_DIR_NAME = 'backups';
const NAME = /^kho-(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})(?:-(\d{3}))?Z(?:-(\d+))?\.sqlite$/;

export interface BackupInfo {
  /** Absolute path of the backup file. */
  path: string;
  name: string;
  /** When it was made (ISO 8601 UTC), from its name. */
  createdAt: string;
  bytes: number;
}

export interface BackupOptions {
  /** The clock (tests); default now. */
  now?: Date;
  /** After a successful backup, keep only the newest `keep` (older ones are deleted). */
  keep?: number;
  nativeBinding?: string;
}

export function backupDir(dataDir: string): string {
  return path.join(dataDir, BACKUP_DIR_NAME);
}

function fileName(now: Date, n: number): string {
  const stamp = now
    .toISOString()
    .replace(/:/g, '-')
    .replace(/\.(\d{3})Z$/, '-$1Z');
  return `kho-${stamp}${n > 0 ? `-${n}` : ''}.sqlite`;
}

function infoOf(dir: string, name: string): BackupInfo | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms] = m;
  const full = path.join(dir, name);
  let bytes: number;
  try {
    const st = statSync(full);
    if (!st.isFile()) return null;
    bytes = st.size;
  } catch {
    return null;
  }
  return { path: full, name, createdAt: `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms ?? '000'}Z`, bytes };
}

/** Backups made in the same millisecond get -1, -2...: later ones have higher numbers. */
function sequence(name: string): number {
  return Number(NAME.exec(name)?.[8] ?? 0);
}

/** Every finished backup of the archive in `dataDir`, newest first. */
export function listBackups(dataDir: string): BackupInfo[] {
  const dir = backupDir(dataDir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((n) => infoOf(dir, n))
    .filter((b): b is BackupInfo => b !== null)
    .sort((a, b) =>
      a.createdAt === b.createdAt ? sequence(b.name) - sequence(a.name) : a.createdAt < b.createdAt ? 1 : -1,
    );
}

export function newestBackup(dataDir: string): BackupInfo | null {
  return listBackups(dataDir)[0] ?? null;
}

/** Deletes all but the newest `keep` backups; returns the deleted paths. */
export function rotateBackups(dataDir: string, keep: number): string[] {
  if (!Number.isInteger(keep) || keep < 1) {
    throw new KhoError('INVALID_INPUT', 'Keep at least one backup.');
  }
  const removed: string[] = [];
  for (const old of listBackups(dataDir).slice(keep)) {
    rmSync(old.path, { force: true });
    removed.push(old.path);
  }
  return removed;
}

/** integrity_check on a read-only connection: the problems found, none when the copy is sound. */
export function verifyBackup(file: string, nativeBinding?: string): { ok: boolean; problems: string[] } {
  let db: Database.Database | undefined;
  try {
    db = openReadOnly(file, nativeBinding);
    const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    return { ok: problems.length === 0, problems };
  } catch (err) {
    return { ok: false, problems: [(err as Error).message] };
  } finally {
    db?.close();
  }
}

/**
 * Backs up the open archive `db` (in `dataDir`) into `<data>/backups/`. The copy is written under a
 * temporary name, verified, made owner-only, then renamed; a failure leaves no file that looks like a
 * backup.
 */
export async function createBackup(
  db: Database.Database,
  dataDir: string,
  options: BackupOptions = {},
): Promise<BackupInfo> {
  const dir = backupDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const now = options.now ?? new Date();
  let n = 0;
  while (existsSync(path.join(dir, fileName(now, n)))) n++;
  const name = fileName(now, n);
  const partial = path.join(dir, `${name}.partial`);
  try {
    await db.backup(partial);
    chmodSync(partial, 0o600);
    const check = verifyBackup(partial, options.nativeBinding);
    if (!check.ok) {
      throw new KhoError(
        'ARCHIVE_CORRUPT',
        `The backup could not be verified (${check.problems.slice(0, 3).join('; ')}); the archive may be damaged.`,
      );
    }
    renameSync(partial, path.join(dir, name));
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  if (options.keep !== undefined) rotateBackups(dataDir, options.keep);
  const info = infoOf(dir, name);
  if (!info) throw new KhoError('INTERNAL', `The backup ${name} disappeared after it was written.`);
  return info;
}

/**
 * Restores a backup into `targetDir`, which must be empty or not exist yet: the archive being replaced
 * is never overwritten (the user moves it aside themselves). The backup is checked first (cut off,
 * damaged, not a Kho backup: each with its own message) and copied
 * with SQLite's backup API into a temporary name, then renamed to `kho.sqlite`.
 */
export async function restoreBackup(
  backupFile: string,
  targetDir: string,
  options: { nativeBinding?: string } = {},
): Promise<string> {
  checkBackupFile(backupFile, options.nativeBinding);
  if (existsSync(targetDir)) {
    if (!statSync(targetDir).isDirectory()) {
      throw new KhoError('INVALID_INPUT', `${targetDir} is not a folder.`);
    }
    if (readdirSync(targetDir).length > 0) {
      throw new KhoError(
        'CONFLICT',
        `${targetDir} is not empty; restore into an empty folder so no archive is overwritten.`,
      );
    }
  } else {
    mkdirSync(targetDir, { recursive: true, mode: 0o700 });
  }
  chmodSync(targetDir, 0o700);
  const target = path.join(targetDir, 'kho.sqlite');
  const partial = `${target}.partial`;
  const source = new Database(backupFile, {
    readonly: true,
    fileMustExist: true,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    await source.backup(partial);
    chmodSync(partial, 0o600);
    renameSync(partial, target);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    source.close();
  }
  return target;
}

/**
 * The sentence a message about a damaged archive ends with: the newest automatic backup and how to
 * restore it, or that there is none.
 */
export function newestBackupAdvice(dataDir: string): string {
  const b = newestBackup(dataDir);
  if (!b) return `There is no automatic backup in ${backupDir(dataDir)}.`;
  return (
    `The newest automatic backup is ${b.path} (made ${b.createdAt}); restore it into an empty folder ` +
    `with: kho restore "${b.path}" --data <empty folder>.`
  );
}
