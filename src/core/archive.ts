import { readFileSync } from 'node:fs';
import type { KhoHandlers } from '../shared/contract.js';
import { archiveFile, inTransaction, openDatabase, type Db } from './db/connection.js';
import { ArticlesRepo } from './db/articles-repo.js';
import { TagsRepo } from './db/tags-repo.js';
import { AnnotationsRepo } from './db/annotations-repo.js';
import { AssetsRepo } from './db/assets-repo.js';
import { SettingsRepo } from './db/settings-repo.js';
import { Jobs } from './jobs.js';
import { openSearchEngine } from './search/index.js';
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
import { queueHandlers } from './handlers/queue.js';
import { FetchQueue, type FetchQueueOptions } from './queue/runner.js';

export interface OpenArchiveOptions {
  /** better_sqlite3.node for this runtime (the Electron main passes its ABI build). */
  nativeBinding?: string;
  /** Run search indexing and queries in a worker thread (the app and `kho serve`); the CLI runs in-process. */
  searchInWorker?: boolean;
  /** Start `watchExternalChanges` at once. */
  watchExternalChanges?: boolean;
  /**
   * Fetch queued pages in the background while the archive is open (the app and `kho serve`). Without it
   * the queue still fills, and `queue.run` runs it on demand (the CLI).
   */
  runFetchQueue?: boolean;
  /** Pacing, concurrency and retry settings of the fetch queue (tests use short ones). */
  fetchQueue?: Partial<FetchQueueOptions>;
}

export interface Archive {
  readonly dataDir: string;
  readonly handlers: KhoHandlers;
  getAsset(sha256: string): { mime: string; bytes: Buffer } | null;
  /** Contract events as they happen (job progress, changes, indexing); returns the unsubscribe. */
  subscribe(listener: EventListener): () => void;
  /**
   * From now on, look for changes committed by other processes (the CLI, another app) and announce them
   * as `archive.changed` with origin 'elsewhere'. Long-lived relays of events (the archive host, `kho
   * serve`) turn this on; a one-shot CLI command has nobody to tell.
   */
  watchExternalChanges(): void;
  /** Waits until every saved change is searchable (the CLI calls this before it exits). */
  flushSearch(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the archive in `dataDir` and returns the implementation of every contract operation, one module
 * per area in ./handlers. Each operation that writes more than one row runs in one transaction, so a
 * failure leaves nothing half-done.
 */
export async function openArchive(dataDir: string, options: OpenArchiveOptions = {}): Promise<Archive> {
  const db = openDatabase(dataDir, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  const hub = new EventHub();
  const watcher = new ChangeWatcher(db, () =>
    hub.emit('archive.changed', { areas: [...CHANGE_AREAS], article_ids: [], origin: 'elsewhere' }),
  );
  const search = openSearchEngine(archiveFile(dataDir), {
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
  const ctx: ArchiveContext = {
    dataDir,
    db,
    articles: new ArticlesRepo(db),
    tags: new TagsRepo(db),
    annotations: new AnnotationsRepo(db),
    assets: new AssetsRepo(db),
    settings: new SettingsRepo(db),
    jobs: new Jobs((state) => hub.emit('job.progress', state)),
    search,
    write: (change, fn) => {
      watcher.beforeOwnWrite();
      const result = inTransaction(db, fn);
      watcher.ownWrite();
      search.notifyChanged();
      announce(typeof change === 'function' ? change(result) : change);
      return result;
    },
  };
  if (options.watchExternalChanges) watcher.start();

  const queue = new FetchQueue(ctx, options.fetchQueue);

  // Typed as KhoHandlers: an operation no area implements fails to compile.
  const handlers: KhoHandlers = {
    ...appHandlers(ctx),
    ...articleHandlers(ctx),
    ...importHandlers(ctx, queue),
    ...queueHandlers(ctx, queue),
    ...tagHandlers(ctx),
    ...annotationHandlers(ctx),
    ...searchHandlers(ctx),
  };

  if (options.runFetchQueue) queue.start();

  return {
    dataDir,
    handlers,
    getAsset: (sha256) => ctx.assets.get(sha256),
    subscribe: (listener) => hub.subscribe(listener),
    watchExternalChanges: () => watcher.start(),
    flushSearch: () => search.flush(),
    async close() {
      watcher.stop();
      await queue.stop();
      await search.close();
      db.close();
    },
  };
}

/**
 * Seeds a new app archive with the bundled sample article, once: a user who later empties the archive
 * does not get the sample back.
 */
export async function seedSampleArticle(archive: Archive, samplePath: string): Promise<boolean> {
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
