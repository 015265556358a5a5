import Database from 'better-sqlite3';
import { KhoError } from '../shared/errors.js';
import {
  damagedArchiveError,
  isCorruption,
  quickCheck,
  translateSqliteError,
  type Db,
} from './db/connection.js';

/**
 * Whether this archive may be written: not when it was opened read-only (a folder Kho cannot write
 * to), and never again once it was found damaged — by SQLite reporting corruption during any
 * operation, or by the periodic integrity check. Writing into a damaged database can spread the
 * damage; the message names the newest backup instead.
 */
export class ArchiveHealth {
  private damage: KhoError | null = null;

  constructor(
    private readonly db: Db,
    private readonly file: string,
    private readonly nativeBinding?: string,
  ) {}

  get readOnly(): boolean {
    return this.db.readonly;
  }

  get damaged(): KhoError | null {
    return this.damage;
  }

  /** Throws the reason this archive cannot be written, if there is one. */
  assertWritable(): void {
    if (this.damage) throw this.damage;
    if (this.db.readonly) {
      throw new KhoError(
        'ARCHIVE_READ_ONLY',
        `The archive folder ${this.file.replace(/[\\/][^\\/]+$/, '')} is read-only: Kho can show, search and ` +
          'export its articles but not change them. Make the folder writable to save or edit.',
      );
    }
  }

  /** Maps an error to the archive error users act on, and remembers damage. */
  translate(err: unknown): unknown {
    const e = translateSqliteError(err, this.file);
    if (isCorruption(err) || (KhoError.is(err) && err.code === 'ARCHIVE_CORRUPT'))
      this.damage ??= e as KhoError;
    return e;
  }

  /**
   * A full quick_check now, on a connection of its own: the archive's connection holds pages in its
   * cache and would check those rather than what is on disk. Damage found is remembered (later writes
   * are refused).
   */
  check(): { ok: boolean; problems: string[] } {
    let problems: string[];
    let checker: Db | undefined;
    try {
      checker = new Database(this.db.name, {
        readonly: true,
        fileMustExist: true,
        ...(this.nativeBinding ? { nativeBinding: this.nativeBinding } : {}),
      });
      problems = quickCheck(checker, 'full');
    } catch (err) {
      if (!isCorruption(err)) throw translateSqliteError(err, this.file);
      problems = [(err as Error).message];
    } finally {
      checker?.close();
    }
    if (problems.length) {
      this.damage ??= damagedArchiveError(this.file, `is damaged (${problems.slice(0, 2).join('; ')})`);
    }
    return { ok: problems.length === 0, problems };
  }
}
