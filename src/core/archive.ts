import { readFileSync } from 'node:fs';
import type { KhoHandlers, ParsedInput } from '../shared/contract.js';
import { KhoError } from '../shared/errors.js';
import { archiveFile, inTransaction, openDatabase, schemaVersion, type Db } from './db/connection.js';
import { ArticlesRepo, type ArticleContent } from './db/articles-repo.js';
import { TagsRepo } from './db/tags-repo.js';
import { AnnotationsRepo } from './db/annotations-repo.js';
import { AssetsRepo } from './db/assets-repo.js';
import { SettingsRepo } from './db/settings-repo.js';
import { Jobs, type JobHandle } from './jobs.js';
import { captureBytes, captureFile, captureUrl, type CaptureResult } from './capture/index.js';
import { describeQuote, describeRange } from './annotations/describe.js';
import { reanchorAll } from './annotations/reanchor.js';
import { openSearchEngine, type SearchEngine } from './search/index.js';
import { exportAnnotations } from './export/annotations-export.js';
import { KHO_VERSION } from './version.js';
import { listImportableFiles } from './importers/folder.js';

const IMPORT_BATCH = 200;

export interface OpenArchiveOptions {
  /** better_sqlite3.node for this runtime (the Electron main passes its ABI build). */
  nativeBinding?: string;
  /** Run search indexing and queries in a worker thread (the app and `kho serve`); the CLI runs in-process. */
  searchInWorker?: boolean;
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
 * Opens the archive in `dataDir` and returns the implementation of every contract operation.
 * Each operation that writes more than one row runs in one transaction, so a failure leaves nothing half-done.
 */
export async function openArchive(dataDir: string, options: OpenArchiveOptions = {}): Promise<Archive> {
  const db = openDatabase(dataDir, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  const articles = new ArticlesRepo(db);
  const changeToken = db.prepare(
    `SELECT (SELECT value FROM search_state WHERE key = 'gen') AS gen, count(*) AS n,
            coalesce(max(changed_at), 0) AS t, total(seq) AS s FROM search_dirty`,
  );
  const tags = new TagsRepo(db);
  const annotations = new AnnotationsRepo(db);
  const assets = new AssetsRepo(db);
  const settings = new SettingsRepo(db);
  const jobs = new Jobs();
  const search: SearchEngine = openSearchEngine(archiveFile(dataDir), {
    inWorker: options.searchInWorker ?? false,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });

  const write = <T>(fn: () => T): T => {
    const result = inTransaction(db, fn);
    search.notifyChanged();
    return result;
  };

  /** Stores a capture: a new article, or — same canonical URL — a refresh of the one already saved. */
  function saveCapture(result: CaptureResult, tagNames: string[]): { id: number; created: boolean } {
    return write(() => saveCaptureInTransaction(result, tagNames));
  }

  function saveCaptureInTransaction(
    result: CaptureResult,
    tagNames: string[],
  ): { id: number; created: boolean } {
    const existing = result.canonicalUrl ? articles.findByCanonicalUrl(result.canonicalUrl) : undefined;
    let id: number;
    if (existing !== undefined) {
      id = existing;
      storeNewContent(id, result);
      articles.restore([id]);
    } else {
      id = articles.insert(toContent(result));
      assets.link(id, result.assets);
    }
    if (tagNames.length > 0)
      tags.attach(
        [id],
        tags.ensure(tagNames).map((t) => t.id),
      );
    return { id, created: existing === undefined };
  }

  /** Replaces an article's content and re-anchors every highlight; runs inside the caller's transaction. */
  function storeNewContent(id: number, result: CaptureResult): { anchored: number; orphaned: number } {
    articles.replaceContent(id, toContent(result));
    assets.unlinkAll(id);
    assets.link(id, result.assets);
    const current = annotations.list(id);
    const outcomes = reanchorAll(result.contentText, current.map(toAnchorInput));
    let anchored = 0;
    let orphaned = 0;
    for (const o of outcomes) {
      const before = current.find((a) => a.id === o.id)!;
      if (o.status === 'anchored') {
        anchored++;
        annotations.setSelectors(o.id, { ...o, status: 'anchored' });
      } else {
        orphaned++;
        annotations.setSelectors(o.id, {
          exact: before.exact,
          prefix: before.prefix,
          suffix: before.suffix,
          start: null,
          end: null,
          status: 'orphan',
        });
      }
    }
    return { anchored, orphaned };
  }

  async function capture(input: ParsedInput<'articles.add'>, job: JobHandle): Promise<CaptureResult> {
    const opts = {
      signal: job.signal,
      onProgress: (p: { phase: string; done?: number; total?: number; message?: string }) =>
        job.progress(p.phase, p.done, p.total, p.message),
    };
    switch (input.source) {
      case 'file':
        return captureFile(input.path, opts);
      case 'text':
        return captureBytes(Buffer.from(input.text, input.encoding === 'base64' ? 'base64' : 'utf8'), {
          ...opts,
          ...(input.name ? { fileName: input.name } : {}),
          url: input.url ?? null,
        });
      case 'url':
        return captureUrl(input.url, opts);
    }
  }

  /**
   * Captures `items` one by one and stores them in batches: each batch is one transaction, and search
   * indexes whole batches rather than one article at a time. A file that fails is reported, not fatal;
   * cancelling keeps what earlier batches saved.
   */
  async function importBatches<T>(
    items: T[],
    nameOf: (item: T) => string,
    captureOne: (item: T) => Promise<CaptureResult>,
    tagNames: string[],
    job: JobHandle,
  ): Promise<{ imported: number; updated: number; failed: Array<{ file: string; error: string }> }> {
    const failed: Array<{ file: string; error: string }> = [];
    let imported = 0;
    let updated = 0;
    for (let i = 0; i < items.length; i += IMPORT_BATCH) {
      const batch: CaptureResult[] = [];
      const end = Math.min(items.length, i + IMPORT_BATCH);
      for (let j = i; j < end && !job.signal.aborted; j++) {
        const item = items[j]!;
        try {
          batch.push(await captureOne(item));
        } catch (err) {
          failed.push({ file: nameOf(item), error: err instanceof Error ? err.message : String(err) });
        }
        job.progress('importing', j + 1, items.length, nameOf(item));
      }
      write(() => {
        for (const result of batch) {
          const { created } = saveCaptureInTransaction(result, tagNames);
          if (created) imported++;
          else updated++;
        }
      });
      if (job.signal.aborted)
        throw new KhoError(
          'CANCELLED',
          `Import cancelled after ${imported + updated} articles; those stay saved.`,
        );
    }
    return { imported, updated, failed };
  }

  const handlers: KhoHandlers = {
    'app.info': async () => ({
      version: KHO_VERSION,
      data_dir: dataDir,
      schema_version: schemaVersion(db),
      article_count: articles.count(),
    }),

    // The search triggers already record every change that lists and counts show (not reading progress):
    // pending rows in search_dirty, then a new index generation once they are indexed.
    'app.changes': async () => {
      const r = changeToken.get() as { gen: number; n: number; t: number; s: number };
      return { token: `${r.gen}.${r.n}.${r.t}.${r.s}` };
    },

    'articles.add': (input) =>
      jobs.run(input.job_id, 'capture', async (job) => {
        const result = await capture(input, job);
        if (job.signal.aborted) throw new KhoError('CANCELLED', 'Saving was cancelled; nothing was saved.');
        const { id, created } = saveCapture(result, input.tags);
        return { article: articles.summary(id), created };
      }),

    'articles.list': async (input) => articles.list(input),
    'articles.get': async ({ id }) => articles.detail(id),

    'articles.update': async ({ ids, ...patch }) => {
      articles.requireIds(ids);
      write(() => articles.update(ids, patch));
      return { items: articles.summaries(ids) };
    },
    'articles.trash': async ({ ids }) => {
      articles.requireIds(ids);
      return { count: write(() => articles.trash(ids)) };
    },
    'articles.restore': async ({ ids }) => {
      articles.requireIds(ids);
      return { count: write(() => articles.restore(ids)) };
    },
    'articles.purge': async ({ ids }) => {
      articles.requireIds(ids);
      return { count: write(() => articles.purge(ids)) };
    },

    'articles.emptyTrash': async () => ({
      count: write(() => articles.purge(articles.trashedIds())),
    }),

    'articles.refresh': ({ id, job_id }) =>
      jobs.run(job_id, 'refresh', async (job) => {
        const src = articles.source(id);
        if (!src.url || !/^https?:/i.test(src.url)) {
          throw new KhoError(
            'INVALID_INPUT',
            `Article ${id} was not saved from the web; use replaceContent (kho update --file) instead.`,
          );
        }
        const result = await captureUrl(src.url, {
          signal: job.signal,
          onProgress: (p) => job.progress(p.phase, p.done, p.total),
        });
        const report = write(() => storeNewContent(id, result));
        return { article: articles.summary(id), annotations: report };
      }),

    'articles.replaceContent': async (input) => {
      articles.requireIds([input.id]);
      const src = articles.source(input.id);
      const result =
        'path' in input
          ? await captureFile(input.path)
          : await captureBytes(Buffer.from(input.text, 'utf8'), input.name ? { fileName: input.name } : {});
      // The article keeps its identity (URL, dedupe key) when new content comes from a local file.
      const keep = { ...result, url: src.url ?? result.url, canonicalUrl: src.canonical_url };
      const report = write(() => storeNewContent(input.id, keep));
      return { article: articles.summary(input.id), annotations: report };
    },

    'import.folder': ({ path: root, tags: tagNames, job_id }) =>
      jobs.run(job_id, 'import', async (job) => {
        const files = listImportableFiles(root);
        return importBatches(
          files,
          (file) => file,
          (file) => captureFile(file),
          tagNames,
          job,
        );
      }),

    'import.files': ({ files, tags: tagNames, job_id }) =>
      jobs.run(job_id, 'import', async (job) => {
        return importBatches(
          files,
          (f) => f.name,
          (f) => captureBytes(Buffer.from(f.text, f.encoding), { fileName: f.name, url: null }),
          tagNames,
          job,
        );
      }),

    'tags.list': async () => ({ items: tags.listWithCounts() }),
    'tags.attach': async ({ ids, tags: names }) => {
      articles.requireIds(ids);
      write(() =>
        tags.attach(
          ids,
          tags.ensure(names).map((t) => t.id),
        ),
      );
      return { items: articles.summaries(ids) };
    },
    'tags.detach': async ({ ids, tags: names }) => {
      articles.requireIds(ids);
      write(() => {
        const found = names.map((n) => tags.require(n));
        tags.detach(
          ids,
          found.map((t) => t.id),
        );
      });
      return { items: articles.summaries(ids) };
    },
    'tags.rename': async ({ from, to }) => ({ renamed: write(() => tags.rename(from, to)) }),
    'tags.merge': async ({ from, into }) => {
      const target = write(() => tags.merge(from, into));
      const tag = tags.listWithCounts().find((t) => t.id === target.id)!;
      return { tag };
    },
    'tags.delete': async ({ name }) => ({ count: write(() => tags.delete(name)) }),

    'annotations.list': async ({ article_id }) => {
      if (article_id !== undefined) articles.requireIds([article_id]);
      return { items: annotations.list(article_id) };
    },
    'annotations.create': async (input) => {
      const { content_text: text } = articles.source(input.article_id);
      let selectors;
      if (input.start !== undefined || input.end !== undefined) {
        if (
          input.start === undefined ||
          input.end === undefined ||
          input.end <= input.start ||
          input.end > text.length
        ) {
          throw new KhoError(
            'INVALID_INPUT',
            `start and end must both be given with start < end <= ${text.length}.`,
          );
        }
        selectors = describeRange(text, input.start, input.end);
        if (input.quote !== undefined && input.quote.normalize('NFC') !== selectors.exact) {
          throw new KhoError(
            'CONFLICT',
            'The quote does not match the text at the given offsets; the article may have changed.',
          );
        }
      } else if (input.quote !== undefined) {
        selectors = describeQuote(text, input.quote, {
          ...(input.prefix !== undefined ? { prefix: input.prefix } : {}),
          ...(input.suffix !== undefined ? { suffix: input.suffix } : {}),
        });
      } else {
        throw new KhoError(
          'INVALID_INPUT',
          'Give the passage to highlight: a quote, or start and end offsets.',
        );
      }
      return write(() =>
        annotations.insert(
          input.article_id,
          { ...selectors, status: 'anchored' },
          {
            color: input.color,
            note: input.note?.normalize('NFC') ?? null,
            tags: input.tags,
          },
        ),
      );
    },
    'annotations.update': async ({ id, note, color, tags: tagNames }) =>
      write(() =>
        annotations.update(id, {
          ...(note !== undefined ? { note: note === null ? null : note.normalize('NFC') } : {}),
          ...(color !== undefined ? { color } : {}),
          ...(tagNames !== undefined ? { tags: tagNames } : {}),
        }),
      ),
    'annotations.delete': async ({ id }) => ({ count: write(() => annotations.delete(id)) }),

    'search.query': ({ query, limit, offset }) => search.search(query, { limit, offset }),
    'search.reindex': ({ job_id }) =>
      jobs.run(job_id, 'reindex', async (job) => {
        await search.reindex((done, total) => job.progress('indexing', done, total), job.signal);
        return { docs: (await search.stats()).docs };
      }),

    'export.annotations': async ({ format, article_id }) => {
      if (article_id !== undefined) articles.requireIds([article_id]);
      const list = annotations.list(article_id);
      const ids = [...new Set(list.map((a) => a.article_id))];
      return exportAnnotations(
        format,
        list,
        ids.map((id) => articles.summary(id)),
      );
    },

    'jobs.get': async ({ job_id }) => jobs.get(job_id),
    'jobs.cancel': async ({ job_id }) => ({ cancelled: jobs.cancel(job_id) }),

    'settings.get': async () => ({ values: settings.all() }),
    'settings.set': async ({ key, value }) => {
      inTransaction(db, () => settings.set(key, value));
      return { values: settings.all() };
    },
  };

  return {
    dataDir,
    handlers,
    getAsset: (sha256) => assets.get(sha256),
    flushSearch: () => search.flush(),
    async close() {
      await search.close();
      db.close();
    },
  };
}

function toContent(r: CaptureResult): ArticleContent {
  return {
    url: r.url,
    canonicalUrl: r.canonicalUrl,
    title: r.title,
    byline: r.byline,
    siteName: r.siteName,
    lang: r.lang,
    excerpt: r.excerpt,
    leadImage: r.leadImage,
    publishedAt: r.publishedAt,
    contentHtml: r.contentHtml,
    contentText: r.contentText,
    wordCount: r.wordCount,
    sourceHtml: r.sourceHtml,
    sourceKind: r.sourceKind,
  };
}

function toAnchorInput(a: {
  id: number;
  exact: string;
  prefix: string;
  suffix: string;
  start: number | null;
  end: number | null;
}) {
  return {
    id: a.id,
    exact: a.exact,
    prefix: a.prefix,
    suffix: a.suffix,
    ...(a.start !== null ? { start: a.start } : {}),
    ...(a.end !== null ? { end: a.end } : {}),
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
