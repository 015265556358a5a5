import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export type LogSource = 'main' | 'archive' | 'search' | 'renderer' | 'updates';
export type LogLevel = 'info' | 'warn' | 'error';

export interface LoggerOptions {
  /** Rotate when the current file passes this size (default 1 MB). */
  maxBytes?: number;
  /** Rotated files kept beside the current one: kho.1.log (newest) … kho.N.log (default 3). */
  keep?: number;
}

export interface Logger {
  readonly dir: string;
  readonly file: string;
  log(source: LogSource, level: LogLevel, message: string): void;
}

/**
 * A small rotating log in `<userData>/logs/kho.log`: one line per entry (time, level, source, message),
 * written synchronously so the line before a crash is on disk. Entries are rare (lifecycle, errors), so
 * the write costs the main thread nothing noticeable. A log that cannot be written never breaks the app.
 */
export function createLogger(dir: string, options: LoggerOptions = {}): Logger {
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const keep = options.keep ?? 3;
  const file = path.join(dir, 'kho.log');
  const rotated = (n: number) => path.join(dir, `kho.${n}.log`);
  let size: number | null = null;

  const rotate = (): void => {
    rmSync(rotated(keep), { force: true });
    for (let n = keep - 1; n >= 1; n--) {
      try {
        renameSync(rotated(n), rotated(n + 1));
      } catch {
        // That generation does not exist yet.
      }
    }
    renameSync(file, rotated(1));
    size = 0;
  };

  return {
    dir,
    file,
    log(source, level, message) {
      const line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} [${source}] ${message.replace(/\r?\n/g, '\n    ')}\n`;
      try {
        if (size === null) {
          mkdirSync(dir, { recursive: true });
          size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
        }
        if (size > 0 && size + Buffer.byteLength(line) > maxBytes) rotate();
        appendFileSync(file, line);
        size += Buffer.byteLength(line);
      } catch {
        size = null;
      }
      if (level === 'error') console.error(line.trimEnd());
    },
  };
}
