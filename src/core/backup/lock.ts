import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * One backup at a time per archive, across processes (the app and `kho serve` may both keep a schedule):
 * a lock file in the backups folder holding its owner's host and pid. A lock whose process is gone, or
 * older than STALE_MS, is taken over, so a crash never stops backups for good.
 */

const LOCK_NAME = '.backup.lock';
const STALE_MS = 6 * 60 * 60 * 1000;

function ownerAlive(file: string): boolean {
  try {
    if (Date.now() - statSync(file).mtimeMs > STALE_MS) return false;
    const [host, pid] = readFileSync(file, 'utf8').split(':');
    if (host !== os.hostname()) return true;
    process.kill(Number(pid), 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock in `dir`; returns its release, or null when another live process holds it. */
export function takeBackupLock(dir: string): (() => void) | null {
  const file = path.join(dir, LOCK_NAME);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${os.hostname()}:${process.pid}`);
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (ownerAlive(file)) return null;
      rmSync(file, { force: true });
    }
  }
  return null;
}
