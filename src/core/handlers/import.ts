import type { OperationOutput } from '../../shared/contract.js';
import { KhoError } from '../../shared/errors.js';
import { captureBytes, captureFile, type CaptureResult } from '../capture/index.js';
import { listImportableFiles } from '../importers/folder.js';
import { parseImport, parseImportFile } from '../importers/index.js';
import { runImport } from '../import-store/run-import.js';
import { Uploads } from '../import-store/uploads.js';
import type { JobHandle } from '../jobs.js';
import type { FetchQueue } from '../queue/runner.js';
import type { ArchiveContext, AreaHandlers } from './context.js';
import { changedBySaving, saveCaptureInTransaction } from './store-capture.js';

const IMPORT_BATCH = 200;

/**
 * Saving many things at once: a folder of pages on this machine or sent by the client (each captured), and
 * the export files of other read-it-later apps (entries stored as the export has them, pages without
 * content fetched later by the queue).
 */
export function importHandlers(ctx: ArchiveContext, queue: FetchQueue): AreaHandlers<'import'> {
  const { jobs } = ctx;
  const uploads = new Uploads();
  return {
    'import.file': ({ path, format, tags, job_id }) =>
      jobs.run(job_id, 'import', async (job) => {
        job.progress('reading', 0, 0, path);
        const parsed = await parseImportFile(path, { format });
        return runImport(ctx, queue, parsed, { tags, job });
      }),

    'import.bytes': async ({ upload_id, name, offset, data, last, format, tags, job_id }) => {
      const { received, file } = uploads.add(upload_id, name, offset, data, last);
      if (!file) return { received, report: null };
      const report = await jobs.run(job_id, 'import', async (job) => {
        job.progress('reading', 0, 0, name);
        const parsed = await parseImport(name, file, { format });
        return runImport(ctx, queue, parsed, { tags, job });
      });
      return { received, report };
    },

    'import.folder': ({ path: root, tags: tagNames, job_id }) =>
      jobs.run(job_id, 'import', async (job) => {
        const files = listImportableFiles(root);
        return importBatches(
          ctx,
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
          ctx,
          files,
          (f) => f.name,
          (f) => captureBytes(Buffer.from(f.text, f.encoding), { fileName: f.name, url: null }),
          tagNames,
          job,
        );
      }),
  };
}

/**
 * Captures `items` one by one and stores them in batches: each batch is one transaction, and search
 * indexes whole batches rather than one article at a time. A file that fails is reported, not fatal;
 * cancelling keeps what earlier batches saved.
 */
async function importBatches<T>(
  ctx: ArchiveContext,
  items: T[],
  nameOf: (item: T) => string,
  captureOne: (item: T) => Promise<CaptureResult>,
  tagNames: string[],
  job: JobHandle,
): Promise<OperationOutput<'import.files'>> {
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
    ctx.write(
      (ids) => ({ areas: changedBySaving(tagNames), ids }),
      () =>
        batch.map((result) => {
          const { id, created } = saveCaptureInTransaction(ctx, result, tagNames);
          if (created) imported++;
          else updated++;
          return id;
        }),
    );
    if (job.signal.aborted)
      throw new KhoError(
        'CANCELLED',
        `Import cancelled after ${imported + updated} articles; those stay saved.`,
      );
  }
  return { imported, updated, failed };
}
