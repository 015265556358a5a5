import type { ParsedInput } from '../../shared/contract.js';
import { KhoError } from '../../shared/errors.js';
import { captureBytes, captureFile, captureUrl, type CaptureResult } from '../capture/index.js';
import type { JobHandle } from '../jobs.js';
import type { ArchiveContext, AreaHandlers } from './context.js';
import {
  changedBySaving,
  prepareReplace,
  prepareSave,
  replaceContentInTransaction,
  saveCaptureInTransaction,
} from './store-capture.js';
import { versionHandlers } from './versions.js';
import type { ChangeArea } from '../../shared/event-names.js';

/** Purging removes articles with their tags' counts and their highlights. */
const PURGED: readonly ChangeArea[] = ['articles', 'tags', 'annotations'];
/** New content re-anchors highlights. */
const NEW_CONTENT: readonly ChangeArea[] = ['articles', 'annotations'];

/** Saving, listing, changing and deleting articles. */
export function articleHandlers(ctx: ArchiveContext): AreaHandlers<'articles'> {
  const { articles, jobs, write, health } = ctx;
  return {
    'articles.add': (input) =>
      jobs.run(input.job_id, 'capture', async (job) => {
        health.assertWritable();
        const result = await capture(input, job);
        if (job.signal.aborted) throw new KhoError('CANCELLED', 'Saving was cancelled; nothing was saved.');
        const prepared = prepareSave(ctx, result);
        const { id, created, offered } = write(
          (saved) => ({ areas: changedBySaving(input.tags), ids: [saved.id] }),
          () => saveCaptureInTransaction(ctx, prepared, input.tags, 'save'),
        );
        return { article: articles.summary(id), created, offered };
      }),

    'articles.list': async (input) => articles.list(input),
    'articles.counts': async () => ({ counts: articles.viewCounts() }),
    'articles.get': async ({ id }) => articles.detail(id),

    'articles.update': async ({ ids, ...patch }) => {
      articles.requireIds(ids);
      // Reading progress alone changes nothing a list or a count shows, so it is not announced.
      const onlyProgress = Object.entries(patch).every(
        ([key, value]) => key === 'reading_progress' || value === undefined,
      );
      write({ areas: onlyProgress ? [] : ['articles'], ids }, () => articles.update(ids, patch));
      return { items: articles.summaries(ids) };
    },
    'articles.trash': async ({ ids }) => {
      articles.requireIds(ids);
      return { count: write({ areas: ['articles', 'tags'], ids }, () => articles.trash(ids)) };
    },
    'articles.restore': async ({ ids }) => {
      articles.requireIds(ids);
      return { count: write({ areas: ['articles', 'tags'], ids }, () => articles.restore(ids)) };
    },
    'articles.purge': async ({ ids }) => {
      articles.requireIds(ids);
      return { count: write({ areas: PURGED, ids }, () => articles.purge(ids)) };
    },

    'articles.emptyTrash': async () => ({
      count: write({ areas: PURGED }, () => articles.purge(articles.trashedIds())),
    }),

    'articles.refresh': ({ id, job_id }) =>
      jobs.run(job_id, 'refresh', async (job) => {
        health.assertWritable();
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
        const prepared = prepareReplace(ctx, id, result);
        const report = write({ areas: NEW_CONTENT, ids: [id] }, () =>
          replaceContentInTransaction(ctx, prepared, 'refresh'),
        );
        return { article: articles.summary(id), annotations: report };
      }),

    'articles.replaceContent': async (input) => {
      health.assertWritable();
      articles.requireIds([input.id]);
      const src = articles.source(input.id);
      const result =
        'path' in input
          ? await captureFile(input.path)
          : await captureBytes(Buffer.from(input.text, 'utf8'), input.name ? { fileName: input.name } : {});
      // The article keeps its identity (URL, dedupe key) when new content comes from a local file; the
      // user chose this replacement, so the file's own address claim does not matter here.
      const keep = { ...result, url: src.url ?? result.url, canonicalUrl: src.canonical_url };
      const prepared = prepareReplace(ctx, input.id, keep);
      const report = write({ areas: NEW_CONTENT, ids: [input.id] }, () =>
        replaceContentInTransaction(ctx, prepared, 'replace'),
      );
      return { article: articles.summary(input.id), annotations: report };
    },

    ...versionHandlers(ctx),
  };
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
