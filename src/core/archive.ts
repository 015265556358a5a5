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
import type { ArchiveContext } from './handlers/context.js';
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
  const search = openSearchEngine(archiveFile(dataDir), {
    inWorker: options.searchInWorker ?? false,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  const ctx: ArchiveContext = {
    dataDir,
    db,
    articles: new ArticlesRepo(db),
    tags: new TagsRepo(db),
    annotations: new AnnotationsRepo(db),
    assets: new AssetsRepo(db),
    settings: new SettingsRepo(db),
    jobs: new Jobs(),
    search,
    write: (fn) => {
      const result = inTransaction(db, fn);
      search.notifyChanged();
      return result;
    },
  };

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
    flushSearch: () => search.flush(),
    async close() {
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
