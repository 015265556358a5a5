import { readFileSync } from 'node:fs';
import type { KhoHandlers, OperationName } from '../shared/contract.js';
import { KhoError } from '../shared/errors.js';
import type { BackupInfo } from './backup/index.js';
import { BackupService, type BackupServiceOptions } from './backup/service.js';
import type { SnapshotInfo } from './backup/snapshot.js';
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
import type { ArchiveContext, Change } from './handlers/context.js';
import { EventHub } from './events.js';
import { ChangeWatcher } from './change-watcher.js';
import type { EventListener } from '../shared/events.js';
import { CHANGE_AREAS } from '../shared/event-names.js';
import { appHandlers } from './handlers/app.js';
import { articleHandlers } from './handlers/articles.js';
import { importHandlers } from './handlers/import.js';
import { tagHandlers } from './handlers/tags.js';
import { annotationHandlers } from './handlers/annotations.js';
import { searchHandlers } from './handlers/search.js';
import { connectorHandlers } from './handlers/connector.js';
import { ConnectorPairing } from './connector-pairing.js';
import type { ReceiverState } from '../shared/connector-protocol.js';
import { exportHandlers } from './handlers/export.js';
import { queueHandlers } from './handlers/queue.js';
import { backupHandlers } from './handlers/backups.js';
import { FetchQueue, type FetchQueueOptions } from './queue/runner.js';

/**
 * How often long-running processes (the archive host, `kho serve`) re-check the whole file: often enough
 * that damage appearing while Kho stays open for days stops writes within minutes, rarely enough that a
 * full quick_check of a large archive stays a small share of the disk's time.
 */
export const PERIODIC_INTEGRITY_CHECK_MS = 10 * 60 * 1000;

export interface OpenArchiveOptions {
  /** better_sqlite3.node for this runtime (the Electron main passes its ABI build). */
  nativeBinding?: string;
  /** Run search indexing and queries in a worker thread (the app and `kho serve`); the CLI runs in-process. */
  searchInWorker?: boolean;
  /** Start `watchExternalChanges` at once. */
  watchExternalChanges?: boolean;
  /** How often the watcher looks (default WATCH_INTERVAL_MS; tests use short ones). */
  watchIntervalMs?: number;
  /**
   * Fetch queued pages in the background while the archive is open (the app and `kho serve`). Without it
   * the queue still fills, and `queue.run` runs it on demand (the CLI).
   */
  runFetchQueue?: boolean;
  /** Pacing, concurrency and retry settings of the fetch queue (tests use short ones). */
  fetchQueue?: Partial<FetchQueueOptions>;
  /**
   * Run a full integrity check this often (long-running processes: the app, `kho serve`); damage found
   * stops all writes. Off by default: each open already checks.
   */
  integrityCheckEveryMs?: number;
  /** Make automatic backups on the schedule saved in settings (the app and `kho serve`). */
  runBackupSchedule?: boolean;
  /** The schedule's timer, clock and log (tests use short ones). */
  backups?: Omit<BackupServiceOptions, 'nativeBinding'>;
}

export interface Archive {
  readonly dataDir: string;
  readonly handlers: KhoHandlers;
  /** Opened from a folder Kho cannot write to: reading works, writes are refused. */
  readonly readOnly: boolean;
  getAsset(sha256: string): { mime: string; bytes: Buffer } | null;
  /** Contract events as they happen (job progress, changes, indexing); returns the unsubscribe. */
  subscribe(listener: EventListener): () => void;
  /**
   * From now on, look for changes committed by other processes (the CLI, another app) and announce them
   * as `archive.changed` with origin 'elsewhere'. Long-lived relays of events (the archive host, `kho
   * serve`) turn this on; a one-shot CLI command has nobody to tell.
   */
  watchExternalChanges(): void;
  /**
   * The process answering the browser extension (the archive host, `kho serve`) says whether it runs;
   * Settings shows it (`connector.pairings`) and a `connector.receiver` event announces it.
   */
  setConnectorReceiver(state: ReceiverState): void;
  /** Waits until every saved change is searchable (the CLI calls this before it exits). */
  flushSearch(): Promise<void>;
  /** A full integrity check now (damage found stops writes). */
  checkIntegrity(): { ok: boolean; problems: string[] };
  /** A verified backup into `<data>/backups/` (see core/backup); one at a time, rotated to the schedule's number. */
  backup(options?: { now?: Date; keep?: number }): Promise<BackupInfo>;
  /** A verified backup into a file the user names; an existing file is replaced only with `force`. */
  backupTo(file: string, options?: { force?: boolean }): Promise<SnapshotInfo>;
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
  const hub = new EventHub();
  const watcher = new ChangeWatcher(db, () =>
    hub.emit('archive.changed', { areas: [...CHANGE_AREAS], article_ids: [], origin: 'elsewhere' }),
  );
  // A read-only archive is read from a private copy (db.name), which search may index into.
  const search = openSearchEngine(db.name, {
    inWorker: options.searchInWorker ?? false,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    observer: (report) => {
      if (report.kind === 'error') {
        hub.emit('index.error', { message: report.message, restarted: report.restarted });
        return;
      }
      watcher.ownIndex(report.gen, report.kind === 'progress' ? report.latest : 0);
      if (report.kind === 'progress') {
        const { state, indexed, pending } = report;
        hub.emit('index.progress', { state, indexed, pending });
      }
    },
  });
  const announce = (change: Change): void => {
    if (change.areas.length === 0) return;
    hub.emit('archive.changed', {
      areas: [...new Set(change.areas)],
      article_ids: [...new Set(change.ids ?? [])],
      origin: 'here',
    });
  };
  const health = new ArchiveHealth(db, file, options.nativeBinding);
  const write: ArchiveContext['write'] = (change, fn) => {
    health.assertWritable();
    watcher.beforeOwnWrite();
    let result;
    try {
      result = inTransaction(db, fn);
    } catch (err) {
      throw health.translate(err);
    }
    watcher.ownWrite();
    search.notifyChanged();
    announce(typeof change === 'function' ? change(result) : change);
    return result;
  };
  const settings = new SettingsRepo(db);
  const ctx: ArchiveContext = {
    dataDir,
    db,
    articles: new ArticlesRepo(db),
    tags: new TagsRepo(db),
    annotations: new AnnotationsRepo(db),
    assets: new AssetsRepo(db),
    settings,
    versions: new VersionsRepo(db),
    jobs: new Jobs((state) => hub.emit('job.progress', state)),
    search,
    health,
    connector: new ConnectorPairing(settings, write, hub),
    write,
  };
  if (options.watchExternalChanges) watcher.start(options.watchIntervalMs);

  const queue = new FetchQueue(ctx, options.fetchQueue);
  const backups = new BackupService(db, dataDir, ctx.settings, {
    ...options.backups,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });

  // Typed as KhoHandlers: an operation no area implements fails to compile.
  const handlers = guardHandlers(
    {
      ...appHandlers(ctx),
      ...articleHandlers(ctx),
      ...importHandlers(ctx, queue),
      ...queueHandlers(ctx, queue),
      ...tagHandlers(ctx),
      ...annotationHandlers(ctx),
      ...searchHandlers(ctx),
      ...connectorHandlers(ctx),
      ...exportHandlers(ctx),
      ...backupHandlers(ctx, backups),
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

  if (options.runFetchQueue) queue.start();
  if (options.runBackupSchedule && !db.readonly) backups.start();

  return {
    dataDir,
    handlers,
    readOnly: db.readonly,
    getAsset: (sha256) => ctx.assets.get(sha256),
    subscribe: (listener) => hub.subscribe(listener),
    watchExternalChanges: () => watcher.start(options.watchIntervalMs),
    setConnectorReceiver: (state) => ctx.connector.setReceiver(state),
    flushSearch: () => flushSearchPatiently(search, health),
    checkIntegrity: () => health.check(),
    backup: (backupOptions) => backups.create(backupOptions),
    backupTo: (file, backupOptions) => backups.snapshot(file, backupOptions?.force === true),
    async close() {
      if (timer) clearInterval(timer);
      watcher.stop();
      await backups.stop();
      await queue.stop();
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
  'articles.counts',
  'articles.versions',
  'articles.version',
  'tags.list',
  'annotations.list',
  'export.annotations',
  'export.run',
  'export.getTemplate',
  'queue.status',
  'queue.list',
  'jobs.get',
  'jobs.cancel',
  'settings.get',
  'backups.list',
  'connector.pairings',
  // Recognises a paired browser; recording its last use is best-effort and skipped when writes are refused.
  'connector.verify',
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
