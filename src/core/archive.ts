import { readFileSync } from 'node:fs';
import type { KhoHandlers, OperationName } from '../shared/contract.js';
import { KhoError } from '../shared/errors.js';
import { createBackup, type BackupInfo, type BackupOptions } from './backup/index.js';
import { archiveFileOf, inTransaction, openDatabase, type Db } from './db/connection.js';
import { ArticlesRepo } from './db/articles-repo.js';
import { TagsRepo } from './db/tags-repo.js';
import { AnnotationsRepo } from './db/annotations-repo.js';
import { AssetsRepo } from './db/assets-repo.js';
import { SettingsRepo } from './db/settings-repo.js';
import { VersionsRepo } from './db/versions-repo.js';
import { ArchiveHealth } from './health.js';
import { Jobs } from './jobs.js';
import { openSearchEngine, type SearchEngine } from './search/index.js';
import type { ArchiveContext } from './handlers/context.js';
import { appHandlers } from './handlers/app.js';
import { articleHandlers } from './handlers/articles.js';
import { importHandlers } from './handlers/import.js';
import { tagHandlers } from './handlers/tags.js';
import { annotationHandlers } from './handlers/annotations.js';
import { searchHandlers } from './handlers/search.js';

export interface OpenArchiveOptions {
  /** better_sqlite3.node for this runtime (the Electron main passes its ABI build). */
  nativeBinding?: string;
  /** Run search indexing and queries in a worker thread (the app and `kho serve`); the CLI runs in-process. */
  searchInWorker?: boolean;
  /**
   * Run a full integrity check this often (long-running processes: the app, `kho serve`); damage found
   * stops all writes. Off by default: each open already checks.
   */
  integrityCheckEveryMs?: number;
}

export interface Archive {
  readonly dataDir: string;
  readonly handlers: KhoHandlers;
  /** Opened from a folder Kho cannot write to: reading works, writes are refused. */
  readonly readOnly: boolean;
  getAsset(sha256: string): { mime: string; bytes: Buffer } | null;
  /** Waits until every saved change is searchable (the CLI calls this before it exits). */
  flushSearch(): Promise<void>;
  /** A full integrity check now (damage found stops writes). */
  checkIntegrity(): { ok: boolean; problems: string[] };
  /** A verified backup into `<data>/backups/` (see core/backup). */
  backup(options?: BackupOptions): Promise<BackupInfo>;
  close(): Promise<void>;
}

/**
 * Opens the archive in `dataDir` and returns the implementation of every contract operation, one module
 * per area in ./handlers. Each operation that writes more than one row runs in one transaction, so a
 * failure leaves nothing half-done. Every operation's SQLite errors come out as archive errors users can
 * act on (locked, damaged with the newest backup named, read-only, disk full).
 */
export async function openArchive(dataDir: string, options: OpenArchiveOptions = {}): Promise<Archive> {
  const db = openDatabase(dataDir, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  const file = archiveFileOf(db);
  // A read-only archive is read from a private copy (db.name), which search may index into.
  const search = openSearchEngine(db.name, {
    inWorker: options.searchInWorker ?? false,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  const health = new ArchiveHealth(db, file, options.nativeBinding);
  const ctx: ArchiveContext = {
    dataDir,
    db,
    articles: new ArticlesRepo(db),
    tags: new TagsRepo(db),
    annotations: new AnnotationsRepo(db),
    assets: new AssetsRepo(db),
    settings: new SettingsRepo(db),
    versions: new VersionsRepo(db),
    jobs: new Jobs(),
    search,
    health,
    write: (fn) => {
      health.assertWritable();
      let result;
      try {
        result = inTransaction(db, fn);
      } catch (err) {
        throw health.translate(err);
      }
      search.notifyChanged();
      return result;
    },
  };

  // Typed as KhoHandlers: an operation no area implements fails to compile.
  const handlers = guardHandlers(
    {
      ...appHandlers(ctx),
      ...articleHandlers(ctx),
      ...importHandlers(ctx),
      ...tagHandlers(ctx),
      ...annotationHandlers(ctx),
      ...searchHandlers(ctx),
    },
    health,
  );

  const timer =
    options.integrityCheckEveryMs && options.integrityCheckEveryMs > 0
      ? setInterval(() => {
          try {
            health.check();
          } catch {
            // Not damage (the disk went away, the file is busy): the next check or operation reports it.
          }
        }, options.integrityCheckEveryMs)
      : null;
  timer?.unref();

  return {
    dataDir,
    handlers,
    readOnly: db.readonly,
    getAsset: (sha256) => ctx.assets.get(sha256),
    flushSearch: () => flushSearchPatiently(search, health),
    checkIntegrity: () => health.check(),
    backup: (backupOptions) =>
      createBackup(db, dataDir, {
        ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
        ...backupOptions,
      }),
    async close() {
      if (timer) clearInterval(timer);
      await search.close();
      db.close();
    },
  };
}

/**
 * Indexes what is still dirty before a short-lived process exits. Saved data never depends on this:
 * changed articles stay listed in `search_dirty` and any later search catches up on them first. So when
 * other processes keep the write lock busy for long, waiting is bounded and the catch-up is left to them
 * rather than failing a command whose work is already committed.
 */
async function flushSearchPatiently(search: SearchEngine, health: ArchiveHealth): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await search.flush();
      return;
    } catch (err) {
      const e = health.translate(err);
      if (!(KhoError.is(e) && e.code === 'ARCHIVE_LOCKED')) throw e;
      if (attempt >= 3) return;
      await new Promise((resolve) => setTimeout(resolve, 250 * (attempt + 1)));
    }
  }
}

/** Operations that change nothing or only read: still answered once an archive was found damaged. */
const READS: ReadonlySet<OperationName> = new Set<OperationName>([
  'app.info',
  'app.changes',
  'articles.list',
  'articles.get',
  'articles.versions',
  'articles.version',
  'tags.list',
  'annotations.list',
  'export.annotations',
  'jobs.get',
  'jobs.cancel',
  'settings.get',
]);

/**
 * Every handler, with SQLite errors translated (a damaged file is ARCHIVE_CORRUPT naming the newest
 * backup, never a raw "database disk image is malformed") and, once damage is known, everything but
 * reading refused before it starts (search too: it writes its index into the same file).
 */
function guardHandlers(handlers: KhoHandlers, health: ArchiveHealth): KhoHandlers {
  const guarded: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const [name, handler] of Object.entries(handlers) as Array<
    [OperationName, (input: unknown) => Promise<unknown>]
  >) {
    guarded[name] = async (input) => {
      if (health.damaged && !READS.has(name)) throw health.damaged;
      try {
        return await handler(input);
      } catch (err) {
        throw health.translate(err);
      }
    };
  }
  return guarded as unknown as KhoHandlers;
}

/**
 * Seeds a new app archive with the bundled sample article, once: a user who later empties the archive
 * does not get the sample back.
 */
export async function seedSampleArticle(archive: Archive, samplePath: string): Promise<boolean> {
  if (archive.readOnly) return false;
  const { values } = await archive.handlers['settings.get']({});
  if (values['app.seeded'] === true) return false;
  const info = await archive.handlers['app.info']({});
  if (info.article_count === 0) {
    const text = readFileSync(samplePath, 'utf8');
    await archive.handlers['articles.add']({
      source: 'text',
      text,
      encoding: 'utf8',
      name: 'welcome.md',
      tags: ['Kho'],
    });
  }
  await archive.handlers['settings.set']({ key: 'app.seeded', value: true });
  return info.article_count === 0;
}

export type { Db };
